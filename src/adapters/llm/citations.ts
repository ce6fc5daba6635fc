/**
 * Checking a model's answer against the sources it was given.
 *
 * - Citation markers ([1], [2,3], 【1】, [^1]) must point at a source that was sent; a marker that
 *   points at nothing is dropped. The markers left are renumbered in order of first use, so [1] is
 *   the answer's first citation (Answer.citations[0]) whatever its number in the prompt was.
 * - Every date and figure in the answer must be in the sources it cites (or in the question): a
 *   model that writes 12/8 where the report says 12/5 is caught here, in any language it answers in.
 */
import type { StoredItem } from '../../domain/records';

export interface CitationCheck {
  /** The answer with invalid markers removed and valid ones renumbered */
  text: string;
  /** Source numbers (1-based, as sent) in the order the answer first cites them */
  cited: number[];
  /** How many marker references pointed at no source */
  dropped: number;
}

const MARKER = /\s?(?:\[\^?|【)\s*(\d{1,3}(?:\s*[,，、;；]\s*\^?\d{1,3})*)\s*(?:\]|】)/g;

export function checkCitations(answer: string, sourceCount: number): CitationCheck {
  const cited: number[] = [];
  let dropped = 0;
  const text = answer.replace(MARKER, (whole, list: string) => {
    const numbers = list
      .split(/[,，、;；]/)
      .map((s) => Number(s.replace(/[\s^]/g, '')))
      .filter((n) => {
        const valid = Number.isInteger(n) && n >= 1 && n <= sourceCount;
        if (!valid) dropped += 1;
        return valid;
      });
    if (!numbers.length) return '';
    const renumbered = [...new Set(numbers)].map((n) => {
      if (!cited.includes(n)) cited.push(n);
      return `[${cited.indexOf(n) + 1}]`;
    });
    return (whole.startsWith(' ') ? ' ' : '') + renumbered.join('');
  });
  return { text: tidy(text), cited, dropped };
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+([，。；：、,.;:!?！？）)])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Dates and figures

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/** A month or day in Chinese numerals: 九, 十一, 二十三, 廿九, 三十一 (and 〇/零 in 二〇 style). */
const CN_NUMBER = '[〇零一二两三四五六七八九十廿卅]{1,3}';
const DATE_PATTERNS: Array<{ re: RegExp; md: (m: RegExpExecArray) => [number, number] }> = [
  { re: /(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/g, md: (m) => [Number(m[2]), Number(m[3])] },
  // 九月二十九日, 十一月二十三号, 11月二十三日, 十一月23日: a day in Chinese numerals needs its 日/号
  // (十一月二十 alone may be a count), a month in them is enough with an Arabic day.
  { re: new RegExp(`(${CN_NUMBER}|\\d{1,2})\\s*月\\s*(${CN_NUMBER})\\s*[日号]`, 'g'), md: (m) => [numberOf(m[1]), numberOf(m[2])] },
  { re: new RegExp(`(?<![\\d.])(${CN_NUMBER})\\s*月\\s*(\\d{1,2})(?!\\d)\\s*[日号]?`, 'g'), md: (m) => [chineseNumber(m[1]), Number(m[2])] },
  { re: /(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/g, md: (m) => [Number(m[1]), Number(m[2])] },
  { re: /(?<![\d.])(\d{1,2})\/(\d{1,2})(?![\d/])/g, md: (m) => [Number(m[1]), Number(m[2])] },
  { re: new RegExp(`\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'gi'), md: (m) => [monthOf(m[1]), Number(m[2])] },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD}`, 'gi'), md: (m) => [monthOf(m[2]), Number(m[1])] },
];

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 九 → 9, 十一 → 11, 二十三 → 23, 廿九 → 29, 三十一 → 31; NaN for anything else (so no date is made of it). */
export function chineseNumber(text: string): number {
  const t = text.replace(/^廿/, '二十').replace(/^卅/, '三十');
  const m = /^([一二两三四五六七八九])?(十)?([〇零一二两三四五六七八九])?$/.exec(t);
  if (!m || (!m[1] && !m[2] && !m[3])) return Number.NaN;
  if (!m[2]) return m[3] || !m[1] ? Number.NaN : CN_DIGITS[m[1]];
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

function numberOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : chineseNumber(text);
}

function monthOf(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

/**
 * Dates (as M/D) and numbers in the answer that the cited items do not contain. Empty = grounded.
 * A list's own numbering (1. 2. 3.) and a count of the cited items are the answer's, not facts.
 */
export function ungroundedFigures(answer: string, cited: StoredItem[], question: string): string[] {
  const allowedDates = new Set<string>();
  const allowedNumbers = new Set<string>();
  // A report's own date (the Friday it closes) is not a date of anything in it: 11/24 may not stand in for 11/23.
  const written = [question, ...cited.flatMap((i) => [i.text, i.rawLine, ...i.sectionPath])].join('\n').normalize('NFKC');
  for (const d of datesIn(written)) allowedDates.add(d.md);
  for (const item of cited) for (const d of item.dates) allowedDates.add(mdOf(d.iso));
  const labels = cited.flatMap((i) => [i.weekLabel, i.team, i.reportDate.slice(0, 4)]).join('\n').normalize('NFKC');
  for (const n of numbersIn(`${stripDates(written)}\n${labels}`)) allowedNumbers.add(n);
  for (const d of allowedDates) for (const part of d.split('/')) allowedNumbers.add(part);

  const text = answer.normalize('NFKC').replace(MARKER, ' ');
  const problems: string[] = [];
  for (const d of datesIn(text)) {
    if (!allowedDates.has(d.md) && !namesItsWeek(text, d, cited)) problems.push(d.text);
  }
  const counted = new Set([String(cited.length)]);
  const withoutOrdinals = stripDates(text).replace(/^(\s*)\d{1,2}[.、)）](?!\d)/gm, '$1');
  for (const n of numbersIn(withoutOrdinals)) {
    if (!allowedNumbers.has(n) && !counted.has(n)) problems.push(n);
  }
  return [...new Set(problems)];
}

interface DateMention {
  text: string;
  md: string;
  index: number;
}

function datesIn(text: string): DateMention[] {
  const out: DateMention[] = [];
  for (const { re, md } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [month, day] = md(m);
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) out.push({ text: m[0], md: `${month}/${day}`, index: m.index });
    }
  }
  return out;
}

/**
 * A cited report's own date, written right after its week ("第48周（11/24）", "week 48 (Nov 24)"),
 * names the week, not an event.
 */
function namesItsWeek(text: string, date: DateMention, cited: StoredItem[]): boolean {
  const before = text.slice(Math.max(0, date.index - 14), date.index).toLowerCase();
  return cited.some((i) => mdOf(i.reportDate) === date.md && (before.includes(i.weekLabel.toLowerCase()) || new RegExp(`\\b(week|wk|w)\\s*${i.weekNumber}\\b`).test(before)));
}

/** The text with every date taken out (a year kept as a number): what is left of it to check word by word. */
export function stripDates(text: string): string {
  let out = text;
  for (const { re } of DATE_PATTERNS) out = out.replace(re, (m) => (/^20\d{2}/.test(m) ? ` ${m.slice(0, 4)} ` : ' '));
  return out;
}

/** Numbers as written without thousands separators and trailing zeros: "12,406" → 12406, "35.0" → 35. */
function numbersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)) {
    const plain = m[0].replace(/,/g, '');
    out.push(plain.includes('.') ? plain.replace(/\.?0+$/, '') : String(Number(plain)));
  }
  return out;
}

function mdOf(iso: string): string {
  const [, m, d] = iso.split('-').map(Number);
  return `${m}/${d}`;
}
