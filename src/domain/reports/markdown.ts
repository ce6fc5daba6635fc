/**
 * The Markdown and outline syntax of a report's lines: headings, rules, fences, quotes, list markers
 * and checkboxes, and the lines that act as headings without being one (- 【银行虚户建设】,
 * "支付成功率：", a lead-in before a list, a short title over a list).
 */
import { isNameOnly } from './owners';
import { stripInlineMarkup, toHalfWidth } from './normalize';

/** Text with at least one letter or digit. */
export const HAS_WORD = /[\p{L}\p{N}]/u;

export const HEADING = /^(#{1,6})\s*(.*?)\s*#*\s*$/;
export const HORIZONTAL_RULE = /^([-*_=])(?:\s*\1){2,}\s*$/;
export const FENCE = /^(?:```|~~~)/;
export const BLOCKQUOTE = /^(?:>\s?)+/;
export const TABLE_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
export const HTML_COMMENT_OR_IMAGE = /^(?:<!--.*-->|!\[[^\]]*\]\([^)]*\))$/;
/** Notion page properties exported under the title: not items, and not the report's date. */
export const METADATA =
  /^(?:created(?:\s+(?:by|time|at))?|last\s+edited(?:\s+(?:by|time))?|last\s+updated|updated(?:\s+at)?|tags?|status|owner|date|type|author|assignee|property|创建时间|创建人|创建者|最后编辑(?:时间|人)?|更新时间|修改时间|作者|标签)\s*[:：]/i;

export type MarkerKind = 'bullet' | 'number' | 'paren' | 'chinese' | 'letter';

/**
 * List markers and the rank of their kind: 一、 (0) > - / 1. (1) > (1) / ① / a. (2).
 * At equal indentation a deeper rank nests under a shallower one ("1." then "(1)").
 */
const LIST_MARKERS: Array<[RegExp, MarkerKind, number]> = [
  // "-光大…" without a space is common in pasted Chinese text; "*本周*" is Slack bold, not a bullet.
  [/^(?:[-+*]\s+|-(?=[\u4e00-\u9fff【「])|[•·●○◦▪■◆◇➢►▶✓✔☐☑]\s*)/, 'bullet', 1],
  // "400.perlbench" is a benchmark's name, not item 400: a number marker is not followed by a letter.
  [/^\d{1,3}(?:\.(?![\dA-Za-z])|、(?!\d)|[)）])\s*/, 'number', 1],
  [/^(?:[(（]\d{1,3}[)）]|[\u2460-\u2473\u2776-\u277f])\s*/, 'paren', 2],
  [/^[(（]?[一二三四五六七八九十]{1,3}[、)）]\s*/, 'chinese', 0],
  [/^[a-zA-Z][.)](?=\s)\s*/, 'letter', 2],
];
export const CHECKBOX = /^\[[ xX]\]\s*/;

export function listMarker(content: string): { length: number; kind: MarkerKind; rank: number } | null {
  for (const [re, kind, rank] of LIST_MARKERS) {
    const m = re.exec(content);
    if (m) return { length: m[0].length, kind, rank };
  }
  return null;
}

export const BRACKET_ONLY = /^【([^】]+)】\s*[:：]?$/;
const BRACKET_LEAD = /^【([^】]+)】/;
const WRAPPED = /^(?:【(.+)】|\[(.+)\]|「(.+)」)$/;
const COLON_END = /[:：]$/;
const SENTENCE_PUNCTUATION = /[，,。；;！!？?]/;
const FIRST_CLAUSE_END = /[，,：:。；;]/;
const TITLE_MAX = 20;

/** Heading text without decoration: "【O1 服务业务】" -> "O1 服务业务", "**本周：**" -> "本周". */
export function cleanHeading(text: string): string {
  let t = stripInlineMarkup(text).replace(COLON_END, '').trim();
  const wrapped = WRAPPED.exec(t);
  if (wrapped) t = (wrapped[1] ?? wrapped[2] ?? wrapped[3]).trim();
  return t;
}

/** Short text with no sentence punctuation: reads as a title rather than a statement. */
export function isShortTitle(text: string): boolean {
  return text.length >= 1 && text.length <= TITLE_MAX && !SENTENCE_PUNCTUATION.test(text);
}

const LEAD_IN_MAX = 60;

/**
 * A line that introduces what follows ("张三向编译器仓库提交patch：" then a list or "Committed:")
 * is a label, not an item: it ends with a colon, is one clause (no sentence punctuation) and the next
 * line with content is a list line or another label. A statement that ends with a colon ("完成立项
 * 评审，有以下思考：") has sentence punctuation and stays an item.
 */
export function leadInTitle(text: string, lines: readonly string[], index: number): string | null {
  if (!COLON_END.test(text) || text.length > LEAD_IN_MAX) return null;
  const body = cleanHeading(text);
  if (!body || SENTENCE_PUNCTUATION.test(body)) return null;
  for (let j = index + 1; j < lines.length; j++) {
    const next = toHalfWidth(lines[j]).trim();
    if (!next) continue;
    if (/https?:\/\//i.test(next)) return null;
    return isListLine(lines[j]) || colonTitle(stripInlineMarkup(next)) ? body : null;
  }
  return null;
}

export function nextContentHasLink(lines: readonly string[], index: number): boolean {
  for (let j = index + 1; j < lines.length; j++) {
    const next = lines[j].trim();
    if (next) return /https?:\/\//i.test(next);
  }
  return false;
}

/** "支付成功率：" -> "支付成功率"; null when the line is a statement that merely ends with a colon. */
export function colonTitle(text: string): string | null {
  if (!COLON_END.test(text)) return null;
  const body = cleanHeading(text);
  return isShortTitle(body) ? body : null;
}

/** What children of this item are filed under: the bracketed name, else the first clause. */
export function frameTitle(text: string): string {
  const bracket = BRACKET_LEAD.exec(text);
  if (bracket) return bracket[1].trim();
  const cut = text.search(FIRST_CLAUSE_END);
  const title = cut >= 2 ? text.slice(0, cut) : text;
  return title.length > 40 ? title.slice(0, 40) : title;
}

export function isListLine(line: string | undefined): boolean {
  if (line === undefined) return false;
  const content = toHalfWidth(line).trim();
  return content !== '' && listMarker(content) !== null;
}

/**
 * For each line, whether its section (the lines between two headings) has a list line. One pass, so
 * a long document of paragraphs costs linear time.
 */
export function sectionsWithLists(lines: string[]): (index: number) => boolean {
  const sectionOf = new Uint32Array(lines.length);
  const hasList: boolean[] = [false];
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,6}(?!\d)\s*\S/.test(toHalfWidth(lines[i]).trim())) hasList.push(false);
    sectionOf[i] = hasList.length - 1;
    if (isListLine(lines[i])) hasList[hasList.length - 1] = true;
  }
  return (index) => hasList[sectionOf[index]];
}

/** A line that only carries a date or a period ("2023-8-7 ~~2023-8-11", "2022年4月15周报"). */
const DATE_ONLY = /^[\d\s.\/\-~～_至到年月日号()（）:：,，、wWqQ第周期]+$/;
const REPORT_WORD = /工作周报|周报|周总结|週報|weekly\s*(?:report|meeting)?/gi;
/** "一、本周工作总结", "3. 效果调优": a heading's outline number ("1.1" stays: it may be a version). */
const HEADING_NUMBER = /^(?:\d{1,3}[、.](?![\dA-Za-z])\s*|[(（]?[一二三四五六七八九十]{1,3}[、.)）]\s*)/;

export function isDateOnly(text: string): boolean {
  const t = toHalfWidth(stripInlineMarkup(text)).replace(REPORT_WORD, '').trim();
  return /\d/.test(t) && DATE_ONLY.test(t);
}

/** A heading's text as a section name: no decoration, no outline number. */
export function sectionTitle(title: string): string {
  const stripped = title.replace(HEADING_NUMBER, '').trim();
  return stripped && HAS_WORD.test(stripped) ? stripped : title;
}

/** "[ ]" open, "[x]" done at the start of a list item. */
export function checkboxState(text: string): boolean | null {
  const m = CHECKBOX.exec(text);
  return m ? /x/i.test(m[0]) : null;
}

/** A line that is only a person's name ("李四", "- 王五："): who the lines under it belong to, never an item. */
export function personOnly(text: string): string | null {
  const t = toHalfWidth(stripInlineMarkup(text)).replace(COLON_END, '').trim();
  return isNameOnly(t) ? t.replace(/^@/, '') : null;
}
