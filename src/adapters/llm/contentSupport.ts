/**
 * Whether what a model wrote is said by the lines it cites, beyond dates and figures
 * (citations.ts): its content words must be there too.
 *
 * An answer is checked sentence by sentence. A sentence's content terms are
 *
 * - in Chinese, the character bigrams of its Han text, leaving out bigrams with a function
 *   character (的, 了, 已, 于 …) and phrases an answer uses about the reports themselves
 *   (周报, 此后, 未再提及 …), which are the answer's own words, not claims;
 * - in other scripts, its words of three letters or more beyond stop words and such phrases.
 *
 * A term is supported when it occurs in a cited line (its text, raw line, headings, team, week) or
 * in the question. A sentence passes when at least MIN_SUPPORT of its terms are supported: a model
 * copying or lightly rephrasing a line passes, `系统已被接管 [1]` does not. A sentence with no
 * content term at all (此后周报未再提及。) has nothing to check and passes.
 */
import type { StoredItem } from '../../domain/records';
import { stripDates } from './citations';
import { normalizeForChecks } from './injection';

/** Share of a sentence's content terms that must occur in the cited lines or the question. */
export const MIN_SUPPORT = 0.6;

/** Characters that carry grammar, not content: a bigram with one of them is not a term. */
const FUNCTION_CHARS = new Set([...'的了是在和与及于也都还就并而或但又把让给从到对向将为其这那之以所着过吗呢吧啊呀个些等已经仍尚未再均各该此即则且']);

/**
 * Words an answer uses to talk about the reports rather than about the work in them. They are
 * removed before terms are taken, so they neither support nor count against a sentence.
 */
const ANSWER_PHRASES_ZH = [
  '周报', '来源', '原文', '提及', '提到', '写到', '记录', '显示', '根据', '按照', '其中', '分别', '包括', '以及', '另外', '此外',
  '此后', '之后', '以后', '此前', '之前', '目前', '当前', '截至', '最新', '最近', '一期', '本期', '上期', '本周', '上周', '下周',
  '这周', '该周', '当周', '相关', '情况', '内容', '如下', '主要', '没有', '未再', '暂无', '尚无', '无法', '找到', '回答', '问题',
  '可以', '确认', '说明', '表示', '指出', '一项', '两项', '几项', '事项', '总结', '概括', '汇总', '进展如下',
];

const STOP_WORDS_EN = new Set(
  `a an the and or but nor of to in on at by for with from into onto over under about after before since until till than then
  as is are was were be been being am has have had having do does did done go goes going gone went get got it its it's this that
  these those there here which who whom whose what when where why how all any each every both either neither some no not none
  only also just still yet already again more most less least very much many such same other another own so too can could
  will would shall should may might must one two three per via while during within without through across against between
  among around up down out off than i you he she we they them their our your his her me us my week weeks weekly report reports
  reported source sources cited mentioned mention says said according latest current currently now later earlier previous
  next last first second third since date dated team teams item items status update updates based following follows listed
  note noted nothing found answer question planned plan plans expected due scheduled set targeted target around about approx
  approximately roughly total totally overall respectively including include includes included`.split(/\s+/),
);

const MONTH_WORDS = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)$/;

/** The content terms of `text` (markers and dates are not content). */
export function contentTerms(text: string): string[] {
  let t = stripDates(normalizeForChecks(text)).toLowerCase();
  t = t.replace(/(?:\[\^?|【)[\d\s,，、;；^]*(?:\]|】)/g, ' ');
  t = t.replace(/第\s*\d+\s*周|week\s*\d+/g, ' ');
  for (const phrase of ANSWER_PHRASES_ZH) t = t.split(phrase).join(' ');
  const terms: string[] = [];
  for (const run of t.match(/\p{Script=Han}{2,}/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (!FUNCTION_CHARS.has(chars[i]) && !FUNCTION_CHARS.has(chars[i + 1])) terms.push(chars[i] + chars[i + 1]);
    }
  }
  for (const word of t.match(/[a-z][a-z'-]{2,}/g) ?? []) {
    const w = word.replace(/['-]+$/, '');
    if (!STOP_WORDS_EN.has(w) && !MONTH_WORDS.test(w)) terms.push(w);
  }
  return terms;
}

/** What the cited lines and the question say, as one searchable text. */
export function supportTextOf(cited: StoredItem[], question: string): string {
  return normalizeForChecks([question, ...cited.flatMap((i) => [i.text, i.rawLine, i.team, i.weekLabel, ...i.sectionPath])].join('\n')).toLowerCase();
}

/** The terms of `sentence` that `support` (supportTextOf) does not contain. */
export function unsupportedTerms(sentence: string, support: string): string[] {
  return contentTerms(sentence).filter((term) => !support.includes(term));
}

/** True when enough of the sentence's content terms are in `support` (supportTextOf). */
export function sentenceSupported(sentence: string, support: string): boolean {
  const terms = contentTerms(sentence);
  if (!terms.length) return true;
  const missing = terms.filter((term) => !support.includes(term)).length;
  return (terms.length - missing) / terms.length >= MIN_SUPPORT;
}

/** The sentences of `answer` whose content the cited lines and the question do not support. */
export function unsupportedSentences(answer: string, cited: StoredItem[], question: string): string[] {
  const support = supportTextOf(cited, question);
  return splitSentences(answer).filter((s) => !sentenceSupported(s, support));
}

/**
 * Sentences: up to 。！？!?；; or a line break, or a full stop followed by space, with the citation markers, closing brackets and quotes and spaces that
 * follow. The last one may be unfinished (see isFinished).
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  // Not after a month abbreviation (Nov. 23) or a list's number at the start of a line (1. …).
  const end = /[。！？!?；;\n]+|(?<!\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|no|vs|etc|e\.g|i\.e)|(?:^|\n)[ \t]*\d{1,3})\.(?=\s)/gi;
  const trailing = /^(?:\s|(?:\[\^?|【)[\d\s,，、;；^]*(?:\]|】)|[)）」』”’"'])+/;
  let start = 0;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    let stop = m.index + m[0].length;
    const tail = trailing.exec(text.slice(stop));
    if (tail) stop += tail[0].length;
    out.push(text.slice(start, stop));
    start = stop;
    end.lastIndex = stop;
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((s) => s.trim());
}

/**
 * True when `sentence` (from splitSentences) ends with its terminator, not cut off mid-way. A full
 * stop counts only with a space after it: "99." may be the start of "99.995%".
 */
export function isFinished(sentence: string): boolean {
  return /(?:[。！？!?；;\n]|\.\s)(?:\s|(?:\[\^?|【)[\d\s,，、;；^]*(?:\]|】)|[)）」』”’"'])*$/.test(sentence);
}
