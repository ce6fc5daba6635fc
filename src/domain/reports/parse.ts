/**
 * Weekly report parser: Markdown or plain text in, a WeeklyReport out.
 *
 * The format it is built for is a team's weekly report as exported from Notion or pasted into a DM:
 * a title heading with the team's week label and date, "##" sections, bullets and numbered lines,
 * bullets that are only a bracketed title (- 【银行虚户建设】) grouping the numbered lines under them,
 * and plain "支付成功率：" lines grouping the bullets that follow. Every line with work in it becomes an
 * item that remembers where it sits (its section path) and the line it came from.
 *
 * It also reads the layouts other teams write (see test/reports/layouts.test.ts): setext headings,
 * Chinese outlines (一、 / 1、 / （1） / ①), per-person sections and @handle groups (owners.ts),
 * Markdown tables (tables.ts), checkboxes and struck-out lines, prose in fences, record blocks
 * ("### 任务" over "- **负责人**：…"), and it leaves out what is never work (lineShapes.ts).
 *
 * A pre-pass finds the blocks (front matter, comments, fences, tables, setext headings); then one pass
 * over the lines, with a small stack of open list items ("frames") so that a numbered line knows its
 * parent bullet; no backtracking, so the cost is linear in the input.
 */
import { extractDates, extractMetrics, detectStatus } from './extract';
import { isoDateOf } from '../calendar';
import { isBlockTitle, isCategoryLabel, isNeverItem, isNotWorkSection, isProseFence, itemText, sectionStatus, splitSentences } from './lineShapes';
import { isNameOnly, ownerFieldLine, ownerGroupLine, ownerInText, ownerOfHeading } from './owners';
import { TABLE_RULE, tableItems } from './tables';
import {
  ReportParseError,
  type ItemDate,
  type ItemStatus,
  type ParseOptions,
  type ReportItem,
  type ReportSection,
  type WeeklyReport,
} from './model';
import { DEFAULT_MAX_BYTES, MESSAGES, decodeReportInput, indentWidth, splitLines, stripInlineMarkup, toHalfWidth } from './normalize';

// ---------------------------------------------------------------------------------------------
// Title: team, week label, date
// ---------------------------------------------------------------------------------------------

export interface ReportHeader {
  team: string | null;
  weekLabel: string | null;
  weekNumber: number | null;
  reportDate: string | null;
}

const WEEK_LABEL = /第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*周|(?<![A-Za-z])(?:week|wk|w)\s*(\d{1,2})(?!\d)/i;
const FULL_DATE = /(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/g;
const REPORT_WORDS = /工作周报|周报|周总结|周汇报|週報|weekly\s*report/gi;
const TEAM_DECORATION = /[#【】[\]()（）「」<>《》:：\-–—|·•*_~\s]+/g;
const YEAR_PREFIX = /20\d{2}\s*年?/g;
const TIME_WORDS = /本周|上周|下周|本期|本月/g;
const HAS_WORD = /[\p{L}\p{N}]/u;

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 四十七 -> 47, 十二 -> 12, 二十 -> 20 */
function chineseNumber(text: string): number {
  const ten = text.indexOf('十');
  if (ten === -1) return CHINESE_DIGITS[text] ?? NaN;
  const tens = ten === 0 ? 1 : CHINESE_DIGITS[text.slice(0, ten)] ?? NaN;
  const ones = ten === text.length - 1 ? 0 : CHINESE_DIGITS[text.slice(ten + 1)] ?? NaN;
  return tens * 10 + ones;
}

function weekNumberIn(text: string): { number: number; index: number; length: number } | null {
  const m = WEEK_LABEL.exec(text);
  if (!m) return null;
  const raw = m[1] ?? m[2];
  const number = /^\d+$/.test(raw) ? Number(raw) : chineseNumber(raw);
  return number >= 1 && number <= 53 ? { number, index: m.index, length: m[0].length } : null;
}

function lastFullDate(text: string): { iso: string; index: number } | null {
  let found: { iso: string; index: number } | null = null;
  FULL_DATE.lastIndex = 0;
  for (let m = FULL_DATE.exec(text); m; m = FULL_DATE.exec(text)) {
    const iso = isoDateOf(+m[1], +m[2], +m[3]);
    if (iso) found = { iso, index: m.index };
  }
  return found;
}

function cleanTeam(text: string): string | null {
  const team = text.replace(REPORT_WORDS, ' ').replace(YEAR_PREFIX, ' ').replace(TIME_WORDS, ' ').replace(TEAM_DECORATION, '');
  return team.length >= 1 && team.length <= 30 && HAS_WORD.test(team) && !/^\d+$/.test(team) ? team : null;
}

function knownTeamIn(text: string, knownTeams: readonly string[] | undefined): string | null {
  if (!knownTeams?.length) return null;
  const compact = text.replace(/\s+/g, '');
  let best: string | null = null;
  for (const team of knownTeams) {
    const t = team.trim();
    if (t && (text.includes(t) || compact.includes(t.replace(/\s+/g, ''))) && (!best || t.length > best.length)) best = t;
  }
  return best;
}

/**
 * Team, week and date from a title such as "清结算中心 第48周 2023-11-24" or "支付中心周报 第48周（2023.11.24）".
 * The team is what stands before the week label (or before the date), minus 周报 and decoration;
 * a name from `knownTeams` found anywhere in the title wins.
 */
export function parseReportTitle(title: string, knownTeams?: readonly string[]): ReportHeader {
  const text = toHalfWidth(stripInlineMarkup(title));
  const week = weekNumberIn(text);
  const date = lastFullDate(text);
  let team = knownTeamIn(text, knownTeams);
  if (!team) {
    // The name stands before the first date: "移动端组周报（2023.11.13-2023.11.17）" is 移动端组.
    const firstDate = text.search(/20\d{2}\s*[-/.年]\s*\d{1,2}/);
    const cut = week ? week.index : date ? (firstDate >= 0 ? firstDate : date.index) : -1;
    if (cut > 0) team = cleanTeam(text.slice(0, cut));
  }
  if (!team) {
    // "第48周 清结算中心周报": the name sits right before 周报.
    const rest = text.replace(WEEK_LABEL, ' ').replace(FULL_DATE, ' ');
    const report = rest.search(/周报|weekly\s*report/i);
    if (report > 0) team = cleanTeam(rest.slice(0, report));
  }
  return {
    team,
    weekLabel: week ? `第${week.number}周` : null,
    weekNumber: week ? week.number : null,
    reportDate: date ? date.iso : null,
  };
}

function isTitleLike(text: string, firstHeading: boolean): boolean {
  if (weekNumberIn(text) || text.includes('周报')) return true;
  FULL_DATE.lastIndex = 0;
  return firstHeading && FULL_DATE.test(text);
}

// ---------------------------------------------------------------------------------------------
// Line shapes
// ---------------------------------------------------------------------------------------------

const HEADING = /^(#{1,6})\s*(.*?)\s*#*\s*$/;
const HORIZONTAL_RULE = /^([-*_=])(?:\s*\1){2,}\s*$/;
const FENCE = /^(?:```|~~~)/;
const BLOCKQUOTE = /^(?:>\s?)+/;
const TABLE_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const HTML_COMMENT_OR_IMAGE = /^(?:<!--.*-->|!\[[^\]]*\]\([^)]*\))$/;
/** Notion page properties exported under the title: not items, and not the report's date. */
const METADATA =
  /^(?:created(?:\s+(?:by|time|at))?|last\s+edited(?:\s+(?:by|time))?|last\s+updated|updated(?:\s+at)?|tags?|status|owner|date|type|author|assignee|property|创建时间|创建人|创建者|最后编辑(?:时间|人)?|更新时间|修改时间|作者|标签)\s*[:：]/i;

type MarkerKind = 'bullet' | 'number' | 'paren' | 'chinese' | 'letter';

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
const CHECKBOX = /^\[[ xX]\]\s*/;

function listMarker(content: string): { length: number; kind: MarkerKind; rank: number } | null {
  for (const [re, kind, rank] of LIST_MARKERS) {
    const m = re.exec(content);
    if (m) return { length: m[0].length, kind, rank };
  }
  return null;
}

const BRACKET_ONLY = /^【([^】]+)】\s*[:：]?$/;
const BRACKET_LEAD = /^【([^】]+)】/;
const WRAPPED = /^(?:【(.+)】|\[(.+)\]|「(.+)」)$/;
const COLON_END = /[:：]$/;
const SENTENCE_PUNCTUATION = /[，,。；;！!？?]/;
const FIRST_CLAUSE_END = /[，,：:。；;]/;
const TITLE_MAX = 20;

/** Heading text without decoration: "【O1 服务业务】" -> "O1 服务业务", "**本周：**" -> "本周". */
function cleanHeading(text: string): string {
  let t = stripInlineMarkup(text).replace(COLON_END, '').trim();
  const wrapped = WRAPPED.exec(t);
  if (wrapped) t = (wrapped[1] ?? wrapped[2] ?? wrapped[3]).trim();
  return t;
}

/** Short text with no sentence punctuation: reads as a title rather than a statement. */
function isShortTitle(text: string): boolean {
  return text.length >= 1 && text.length <= TITLE_MAX && !SENTENCE_PUNCTUATION.test(text);
}

const LEAD_IN_MAX = 60;

/**
 * A line that introduces what follows ("张三向编译器仓库提交patch：" then a list or "Committed:")
 * is a label, not an item: it ends with a colon, is one clause (no sentence punctuation) and the next
 * line with content is a list line or another label. A statement that ends with a colon ("完成立项
 * 评审，有以下思考：") has sentence punctuation and stays an item.
 */
function leadInTitle(text: string, lines: readonly string[], index: number): string | null {
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

function nextContentHasLink(lines: readonly string[], index: number): boolean {
  for (let j = index + 1; j < lines.length; j++) {
    const next = lines[j].trim();
    if (next) return /https?:\/\//i.test(next);
  }
  return false;
}

/** "支付成功率：" -> "支付成功率"; null when the line is a statement that merely ends with a colon. */
function colonTitle(text: string): string | null {
  if (!COLON_END.test(text)) return null;
  const body = cleanHeading(text);
  return isShortTitle(body) ? body : null;
}

/** What children of this item are filed under: the bracketed name, else the first clause. */
function frameTitle(text: string): string {
  const bracket = BRACKET_LEAD.exec(text);
  if (bracket) return bracket[1].trim();
  const cut = text.search(FIRST_CLAUSE_END);
  const title = cut >= 2 ? text.slice(0, cut) : text;
  return title.length > 40 ? title.slice(0, 40) : title;
}

function isListLine(line: string | undefined): boolean {
  if (line === undefined) return false;
  const content = toHalfWidth(line).trim();
  return content !== '' && listMarker(content) !== null;
}

// ---------------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------------

interface Frame {
  /** Indentation of the line; -1 for a section-wide pseudo-heading ("支付成功率：") */
  indent: number;
  /** Marker of a list line; null for paragraph lines */
  kind: MarkerKind | null;
  rank: number;
  title: string;
  /** Whether the frame's own line is an item (false for pseudo-headings) */
  isItem: boolean;
  /** Whether it has been recorded in `sections` (items become sections when they get children) */
  registered: boolean;
  /** Index in `items` of the frame's own item, or -1 */
  itemIndex: number;
}

interface Heading {
  level: number;
  title: string;
  /** The person a per-person heading names ("## 张三", "## 小王的任务"), else null */
  owner: string | null;
}

/** An opening line that greets the readers or talks about the report itself ("开始写周报的第一周"). */
const INTRODUCTION = /^(?:各位|大家|我的.{1,8}们|亲爱的|hi\b|hello\b|dear\b)|周报|这份|本文/i;

/** A paragraph longer than this, in a section without a list, holds several facts: split it into sentences. */
const WALL_OF_TEXT = 150;

/**
 * For each line, whether its section (the lines between two headings) has a list line. One pass, so
 * a long document of paragraphs costs linear time.
 */
function sectionsWithLists(lines: string[]): (index: number) => boolean {
  const sectionOf = new Uint32Array(lines.length);
  const hasList: boolean[] = [false];
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,6}(?!\d)\s*\S/.test(toHalfWidth(lines[i]).trim())) hasList.push(false);
    sectionOf[i] = hasList.length - 1;
    if (isListLine(lines[i])) hasList[hasList.length - 1] = true;
  }
  return (index) => hasList[sectionOf[index]];
}

/**
 * Sections that hint at plans; only fill in when the words say nothing. The plan word must open the
 * heading (after a period word): "下月计划", "工作安排", "目标" are plans, while "QEMU支持计划" or
 * "星火计划" is a project's name and says nothing about its items.
 */
const PLAN_SECTION = /^(?:(?:本|下|上|这|下一|每)?(?:周|月|季度?|阶段|期|年|迭代)度?|后续|近期|未来|接下来的?|今后|明日|今日|明天|今天)?(?:的)?(?:工作|研发|开发|项目)?(?:及|和|与)?(?:计划|目标|安排|规划)/;
/** A line that only carries a date or a period ("2023-8-7 ~~2023-8-11", "2022年4月15周报"). */
const DATE_ONLY = /^[\d\s.\/\-~～_至到年月日号()（）:：,，、wWqQ第周期]+$/;
const REPORT_WORD = /工作周报|周报|周总结|週報|weekly\s*(?:report|meeting)?/gi;
/** "一、本周工作总结", "3. 效果调优": a heading's outline number ("1.1" stays: it may be a version). */
const HEADING_NUMBER = /^(?:\d{1,3}[、.](?![\dA-Za-z])\s*|[(（]?[一二三四五六七八九十]{1,3}[、.)）]\s*)/;

function isDateOnly(text: string): boolean {
  const t = toHalfWidth(stripInlineMarkup(text)).replace(REPORT_WORD, '').trim();
  return /\d/.test(t) && DATE_ONLY.test(t);
}

/** A heading's text as a section name: no decoration, no outline number. */
function sectionTitle(title: string): string {
  const stripped = title.replace(HEADING_NUMBER, '').trim();
  return stripped && HAS_WORD.test(stripped) ? stripped : title;
}

/** "[ ]" open, "[x]" done at the start of a list item. */
function checkboxState(text: string): boolean | null {
  const m = CHECKBOX.exec(text);
  return m ? /x/i.test(m[0]) : null;
}

interface ItemInput {
  sectionPath: string[];
  text: string;
  rawLine: string;
  /** 0-based index in the given text */
  lineIndex: number;
  owner: string | null;
  checked: boolean | null;
  struck: boolean;
  /** A status stated apart from the text (a table's 状态 column), which wins over the text's words */
  stated: ItemStatus | null;
  /** What the item's place implies when its words say nothing (a 上周任务 / 本周任务 table column) */
  fallback: ItemStatus | null;
  /** Whether the owner comes from the item itself (its words, its table row) rather than its section */
  ownOwner: boolean;
  /** A deadline given on a field line of the task ("- **截止日期**：2023年12月29日") */
  deadline: ItemDate | null;
}

/** "截止日期：2023年12月29日", "Deadline: 12/29": a task's due date on a line of its own. */
const DEADLINE_FIELD = /^(?:截止(?:日期|时间)?|deadline|due(?:\s*date)?|(?:预计|计划)完成(?:日期|时间)?|完成(?:日期|时间))\s*[:：]\s*(.+)$/i;

/** What a field line under a task says about it: its owner or its deadline; null for any other line. */
interface TaskField {
  owner: string | null;
  deadline: ItemDate | null;
}

function taskField(text: string, reportDate: string | null): TaskField | null {
  const owner = ownerFieldLine(text);
  if (owner) return { owner, deadline: null };
  const due = DEADLINE_FIELD.exec(toHalfWidth(stripInlineMarkup(text)).trim());
  if (!due || !isDateOnly(due[1])) return null;
  const date = extractDates(due[1], reportDate)[0];
  // A due date is when the task is planned to be done (the follow-up asks "已完成了吗" after it).
  return date ? { owner: null, deadline: { ...date, event: '完成', planned: true } } : null;
}

/** A line that is only a person's name ("李四", "- 王五："): who the lines under it belong to, never an item. */
function personOnly(text: string): string | null {
  const t = toHalfWidth(stripInlineMarkup(text)).replace(COLON_END, '').trim();
  return isNameOnly(t) ? t.replace(/^@/, '') : null;
}

/**
 * Parse a weekly report. Throws ReportParseError for empty, binary or oversized input and when no
 * item can be found; a missing team or week is left null for the caller to decide.
 */
export function parseWeeklyReport(input: string | Buffer, options: ParseOptions = {}): WeeklyReport {
  const text = decodeReportInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const lines = splitLines(text);
  const blocks = scanBlocks(lines);
  const skipLines = options.skipLines;
  const isSkipped = (i: number) => blocks.skip.has(i) || !!skipLines?.has(i);

  const titleInfo = findTitle(lines, isSkipped);
  const header = resolveHeader(titleInfo, options);
  const lineOffset = options.lineOffset ?? 0;

  const sections: ReportSection[] = [];
  const sectionKeys = new Set<string>();
  const items: ReportItem[] = [];
  const inputs: ItemInput[] = [];
  let headings: Heading[] = [];
  let frames: Frame[] = [];
  let blankBefore = true;
  let inPreamble = true; // before the first section or item: where Notion puts page properties
  /** "@dean:" above a checklist: the owner of the items until the next heading or group */
  let ownerGroup: string | null = null;
  /** Right after the title, before any section or list: where an introduction stands */
  let afterTitle = false;
  /** An introduction has begun: the paragraphs up to the first section belong to it */
  let inIntroduction = false;
  const lastHeadingLine = lastSectionHeading(lines, blocks, titleInfo.headingLine);
  /** Built on the first long paragraph: most reports never need it */
  let sectionHasList: ((index: number) => boolean) | undefined;

  const pathOf = (frameCount: number = frames.length): string[] => {
    const path: string[] = [];
    for (const h of headings) path.push(h.title);
    for (let i = 0; i < frameCount; i++) if (frames[i].title) path.push(frames[i].title);
    return path;
  };
  const addSection = (path: string[], heading: string, level: number) => {
    const key = path.join('\u0000');
    if (sectionKeys.has(key)) return;
    sectionKeys.add(key);
    sections.push({ path, heading, level });
  };
  const inNotWorkSection = () => headings.some((h) => isNotWorkSection(h.title)) || frames.some((f) => !f.isItem && isNotWorkSection(f.title));
  const headingOwner = () => {
    for (let i = headings.length - 1; i >= 0; i--) if (headings[i].owner) return headings[i].owner;
    return null;
  };
  /** "- 张三：" / "李四" over a list: the person a pseudo-heading names. */
  const frameOwner = () => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const owner = frames[i].isItem ? null : ownerOfHeading(frames[i].title);
      if (owner) return owner;
    }
    return null;
  };
  /** Facts from field lines ("负责人：王五", "截止日期：…") for the items under the path they stand in */
  let fieldFacts: { path: string[]; owner: string | null; deadline: ItemDate | null } | null = null;
  const isUnder = (path: readonly string[], prefix: readonly string[]) =>
    path.length >= prefix.length && prefix.every((p, k) => path[k] === p);
  const withFacts = (input: ItemInput, facts: { owner: string | null; deadline: ItemDate | null }): ItemInput => ({
    ...input,
    owner: facts.owner && !input.ownOwner ? facts.owner : input.owner,
    deadline: facts.deadline && !input.deadline ? facts.deadline : input.deadline,
  });
  /**
   * A field line of a task ("- **负责人**：王五" under "### 接口联调" or under a task bullet): its facts
   * go to the task bullet it stands under and to every item beside it in the same block, before and
   * after it; the line itself is not an item.
   */
  const takeField = (field: TaskField | null): boolean => {
    if (!field) return false;
    const path = pathOf();
    const parent = frames.length ? frames[frames.length - 1] : null;
    if (parent?.isItem && parent.itemIndex !== -1) store(withFacts(inputs[parent.itemIndex], field), parent.itemIndex);
    for (let k = items.length - 1; k >= 0 && isUnder(inputs[k].sectionPath, path); k--) store(withFacts(inputs[k], field), k);
    const same = fieldFacts && fieldFacts.path.join('\u0000') === path.join('\u0000') ? fieldFacts : null;
    fieldFacts = { path, owner: field.owner ?? same?.owner ?? null, deadline: field.deadline ?? same?.deadline ?? null };
    return true;
  };
  const store = (input: ItemInput, index: number) => {
    items[index] = buildItem(index, input, lineOffset, header.reportDate);
    inputs[index] = input;
  };
  /**
   * Record an item unless it is not work (a link, a placeholder, meta, or inside a section that is
   * not work). Returns its index, or -1.
   */
  const addItem = (
    rawText: string,
    rawLine: string,
    lineIndex: number,
    extra: { owner?: string | null; checked?: boolean | null; stated?: ItemStatus | null; fallback?: ItemStatus | null } = {},
  ): number => {
    const cleaned = itemText(rawText);
    const path = pathOf();
    if (inNotWorkSection() || isDateOnly(cleaned.text) || personOnly(cleaned.text) || isNeverItem(cleaned.text, path[path.length - 1] ?? null)) return -1;
    // Items that now have a child become sections of their own.
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      if (!f.registered && f.title) {
        f.registered = true;
        addSection(pathOf(i + 1), f.title, 0);
      }
    }
    const ownOwner = extra.owner ?? ownerInText(cleaned.text);
    const owner = ownOwner ?? frameOwner() ?? ownerGroup ?? headingOwner();
    let input: ItemInput = {
      sectionPath: path,
      text: cleaned.text,
      rawLine,
      lineIndex,
      owner,
      checked: extra.checked ?? null,
      struck: cleaned.struck,
      stated: extra.stated ?? null,
      fallback: extra.fallback ?? null,
      ownOwner: ownOwner !== null,
      deadline: null,
    };
    if (fieldFacts && isUnder(path, fieldFacts.path)) input = withFacts(input, fieldFacts);
    store(input, items.length);
    inPreamble = false;
    return items.length - 1;
  };
  /** A wrapped line of the item above ("- 参加了" … "  Datenlord 的课程社区"): joined to it. */
  const continueItem = (index: number, more: string) => {
    const before = inputs[index];
    const joiner = /[A-Za-z0-9]$/.test(before.text) && /^[A-Za-z0-9]/.test(more) ? ' ' : '';
    store({ ...before, text: `${before.text}${joiner}${more}` }, index);
  };
  /**
   * Close the open list lines a new list line at `indent` is not inside. At equal indentation an
   * item closes items of the same or deeper rank; a title-only bullet ("- 【银行虚户建设】") stays open
   * for lines with another marker ("1. …" written without indentation) until a line of its own kind.
   */
  const popFramesFor = (indent: number, kind: MarkerKind, rank: number) => {
    while (frames.length) {
      const top = frames[frames.length - 1];
      const sameLevel = top.indent === indent;
      const closes =
        top.indent > indent ||
        (sameLevel && top.kind !== null && !top.isItem ? top.kind === kind || rank < top.rank : sameLevel && top.rank >= rank);
      if (closes) frames.pop();
      else break;
    }
  };
  const openHeading = (level: number, rawTitle: string) => {
    const title = sectionTitle(rawTitle);
    frames = [];
    ownerGroup = null;
    fieldFacts = null;
    blankBefore = true;
    while (headings.length && headings[headings.length - 1].level >= level) headings.pop();
    headings.push({ level, title, owner: ownerOfHeading(title) });
    addSection(pathOf(), title, level);
    inPreamble = false;
  };

  for (let i = 0; i < lines.length; i++) {
    if (i === titleInfo.plainTitleLine || isSkipped(i)) {
      // A title or date line the reader set aside: what follows it directly is an introduction.
      if (!items.length && !headings.length && !blocks.skip.has(i)) afterTitle = true;
      blankBefore = true;
      continue;
    }
    const raw = lines[i];
    let content = toHalfWidth(raw).trim();
    if (!content) {
      blankBefore = true;
      continue;
    }
    const indent = indentWidth(raw);

    const prose = blocks.proseFences.get(i);
    if (prose) {
      // Prose written inside a fence: one item per sentence, under the current section.
      frames = frames.filter((f) => f.indent < 0);
      for (const sentence of splitSentences(prose.lines)) {
        if (!isBlockTitle(sentence.text)) addItem(sentence.text, lines[i + 1 + sentence.line], i + 1 + sentence.line);
      }
      i = prose.end;
      blankBefore = true;
      continue;
    }
    const tableEnd = blocks.tables.get(i);
    if (tableEnd !== undefined) {
      const block = lines.slice(i, tableEnd + 1);
      for (const row of tableItems(block)) {
        if (row.section) {
          const path = pathOf();
          addSection([...path, row.section], row.section, 0);
          frames.push({ indent: -1, kind: null, rank: -1, title: row.section, isItem: false, registered: true, itemIndex: -1 });
          addItem(row.text, lines[i + row.line], i + row.line, { owner: row.owner, stated: row.status, fallback: row.columnStatus });
          frames.pop();
        } else {
          addItem(row.text, lines[i + row.line], i + row.line, { owner: row.owner, stated: row.status });
        }
      }
      i = tableEnd;
      blankBefore = true;
      continue;
    }
    if (FENCE.test(content) || HORIZONTAL_RULE.test(content) || HTML_COMMENT_OR_IMAGE.test(content)) continue;

    const setextLevel = blocks.setext.get(i);
    if (setextLevel !== undefined || (content[0] === '#' && indent < 4 && !/^#\d/.test(content))) {
      const m = setextLevel !== undefined ? null : HEADING.exec(content);
      const level = setextLevel ?? m![1].length;
      const title = cleanHeading(m ? m[2] : content);
      if (!title || !HAS_WORD.test(title)) continue;
      if (i === titleInfo.headingLine || isTitleLike(title, false) || isDateOnly(title)) {
        // The title (or Notion's repeat of it, or a week's date heading) starts the report; it is not a section.
        headings = [];
        frames = [];
        ownerGroup = null;
        blankBefore = true;
        afterTitle = true;
        continue;
      }
      afterTitle = false;
      inIntroduction = false;
      openHeading(level, title);
      const record = recordBlockAt(lines, i + 1);
      if (record) {
        // "### 1. 效果调优任务" with "- **任务描述**：…", "- **负责人**：…", "- **截止日期**：…": one item.
        const task = record.main ? `${headings[headings.length - 1].title}：${record.main}` : headings[headings.length - 1].title;
        const text = record.deadline ? `${task}（${record.deadline}）` : task;
        addItem(text, raw, i, { owner: record.owner });
        i = record.end;
      }
      continue;
    }

    if (inPreamble && METADATA.test(content)) continue;

    if (content[0] === '>') {
      // A quoted line starts a block of its own: it does not continue the list above it.
      content = content.replace(BLOCKQUOTE, '').trim();
      if (frames.some((f) => f.indent >= 0)) {
        frames = frames.filter((f) => f.indent < 0);
        blankBefore = true;
      }
    }
    if (!content) continue;
    if (content[0] === '|') {
      if (TABLE_SEPARATOR.test(content)) continue;
      content = content
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .filter(Boolean)
        .join(' | ');
    }

    const group = ownerGroupLine(content);
    if (group) {
      ownerGroup = group;
      frames = frames.filter((f) => f.indent < 0);
      blankBefore = true;
      continue;
    }

    const marker = listMarker(content);
    if (marker) {
      afterTitle = false;
      inIntroduction = false;
      const afterMarker = content.slice(marker.length);
      const checked = checkboxState(afterMarker);
      const itemText = stripInlineMarkup(afterMarker.replace(CHECKBOX, ''));
      if (!HAS_WORD.test(itemText)) continue; // an empty bullet
      popFramesFor(indent, marker.kind, marker.rank);
      blankBefore = false;
      // "- **负责人**：张三" / "- 截止日期：…" under a task: facts of the task, not items.
      if (takeField(taskField(itemText, header.reportDate))) continue;
      const bracket = BRACKET_ONLY.exec(itemText);
      const person = personOnly(itemText);
      const pseudo = bracket
        ? bracket[1].trim()
        : person ?? colonTitle(itemText) ?? (isBlockTitle(itemText) || isCategoryLabel(itemText) ? cleanHeading(itemText) : null);
      if (pseudo) {
        frames.push({ indent, kind: marker.kind, rank: marker.rank, title: pseudo, isItem: false, registered: true, itemIndex: -1 });
        addSection(pathOf(), pseudo, 0);
        inPreamble = false;
        continue;
      }
      const index = addItem(itemText, raw, i, { checked });
      frames.push({ indent, kind: marker.kind, rank: marker.rank, title: frameTitle(itemText), isItem: true, registered: false, itemIndex: index });
      continue;
    }

    // A plain paragraph line.
    const itemText = stripInlineMarkup(content);
    if (!HAS_WORD.test(itemText)) continue;
    if (afterTitle && !frames.length && i < lastHeadingLine && (inIntroduction || INTRODUCTION.test(itemText)) && detectStatus(itemText) === 'unknown') {
      // A greeting or a word about the report itself between the title and the first section, and
      // the paragraphs that go on from it: not work.
      inIntroduction = true;
      continue;
    }
    // "负责人：王五" on a line of its own (under a task, or wrapped under its bullet): a fact of the task.
    const field = taskField(itemText, header.reportDate);
    if (field) {
      // Not indented under the open bullet: it speaks for the whole block, not that bullet.
      const openList = frames.filter((f) => f.indent >= 0);
      if (openList.length && indent <= openList[openList.length - 1].indent) frames = frames.filter((f) => f.indent < 0);
      takeField(field);
      blankBefore = false;
      continue;
    }
    const top = frames.length ? frames[frames.length - 1] : null;
    if (top?.isItem && top.itemIndex !== -1 && top.itemIndex === items.length - 1 && indent > Math.max(top.indent, 0)) {
      // An indented line right under a list item is the same item wrapped onto the next line; so is
      // one after blank lines when the item was cut off mid-phrase ("- 参加了" … "  Datenlord 的…").
      const cutOff = !/[。.；;！!？?:：)）]$/.test(inputs[top.itemIndex].text) && inputs[top.itemIndex].text.length <= 12;
      if (!blankBefore || cutOff) {
        continueItem(top.itemIndex, itemText);
        blankBefore = false;
        continue;
      }
    }
    if (indent === 0 && isCategoryLabel(itemText) && isListLine(lines[i + 1])) {
      // "Bug 修复" over a list: a section, whatever list came before it.
      frames = [{ indent: -1, kind: null, rank: -1, title: cleanHeading(itemText), isItem: false, registered: true, itemIndex: -1 }];
      addSection(pathOf(), frames[0].title, 0);
      blankBefore = false;
      continue;
    }
    const firstListFrame = frames.findIndex((f) => f.indent >= 0);
    const continuesList = firstListFrame !== -1 && !(blankBefore && indent === 0);
    blankBefore = false;
    if (continuesList) {
      // A line under a bullet ("- 【机构合作网络立项】" then its text): an item under that bullet.
      let keep = frames.length;
      while (keep > firstListFrame + 1 && frames[keep - 1].indent >= indent) keep--;
      frames.length = keep;
      addItem(itemText, raw, i);
      continue;
    }
    // Section level: open lists end here; a "支付成功率：" line replaces the previous pseudo-heading,
    // and so does a longer lead-in ("张三向MLIR提交了以下patch：") whose lines follow it.
    // "教程已经完成：" then links: the line is the work and the links its references; "项目详情："
    // then a link is a label. A lead-in is only a lead-in before a list.
    const workBeforeLinks = nextContentHasLink(lines, i) && detectStatus(itemText) !== 'unknown';
    const pseudo = workBeforeLinks ? null : (colonTitle(itemText) ?? leadInTitle(itemText, lines, i));
    if (pseudo) {
      frames = [{ indent: -1, kind: null, rank: -1, title: pseudo, isItem: false, registered: true, itemIndex: -1 }];
      ownerGroup = null;
      addSection(pathOf(), pseudo, 0);
      inPreamble = false;
      continue;
    }
    const person = personOnly(itemText);
    if (person) {
      // "李四" alone on a line: the lines under it are that person's, the name is not work.
      frames = [{ indent: -1, kind: null, rank: -1, title: person, isItem: false, registered: true, itemIndex: -1 }];
      ownerGroup = null;
      addSection(pathOf(), person, 0);
      continue;
    }
    frames = frames.filter((f) => f.indent < 0);
    if (itemText.length > WALL_OF_TEXT && !(sectionHasList ??= sectionsWithLists(lines))(i)) {
      // A wall of prose in a section with no list: one item per sentence, all citing this line.
      for (const sentence of splitSentences([itemText])) addItem(sentence.text, raw, i);
      continue;
    }
    const index = addItem(itemText, raw, i);
    // "POS收单系统建设" directly followed by a list: the list belongs to it.
    if (isShortTitle(itemText) && isListLine(lines[i + 1])) {
      frames.push({ indent, kind: null, rank: -1, title: itemText, isItem: true, registered: false, itemIndex: index });
    }
  }

  if (!items.length) throw new ReportParseError(MESSAGES.noItems, 'no_items');
  return {
    ...header,
    title: titleInfo.title,
    period: options.resolved?.period ?? null,
    sections,
    items,
    warnings: [...(options.warnings ?? [])],
  };
}

function buildItem(ordinal: number, input: ItemInput, lineOffset: number, reportDate: string | null): ReportItem {
  const { sectionPath, text, rawLine } = input;
  const own = extractDates(text, reportDate);
  const dates = input.deadline && !own.some((d) => d.iso === input.deadline!.iso) ? [...own, input.deadline] : own;
  return {
    ordinal,
    sectionPath,
    text,
    rawLine,
    lineNo: input.lineIndex + 1 + lineOffset,
    dates,
    metrics: extractMetrics(text),
    status: itemStatus(input, dates),
    owner: input.owner,
  };
}

/**
 * An item's status: struck out is cancelled and a ticked box done, whatever the words; then the
 * words; then the section (下周 makes a plan, 已完成 makes done even over a plan word, 进行中 /
 * Blockers fill in what the words leave open); then dates and plan-like sections.
 */
function itemStatus(input: ItemInput, dates: ReturnType<typeof extractDates>): ItemStatus {
  if (input.struck) return 'cancelled';
  if (input.stated) return input.stated;
  const words = detectStatus(input.text);
  if (input.checked === true && words !== 'cancelled') return 'done';
  if (input.fallback && words === 'unknown') return input.fallback;
  const section = sectionStatus(input.sectionPath);
  if (section === 'planned') return words === 'delayed' || words === 'cancelled' || words === 'blocked' ? words : 'planned';
  if (section === 'done' && (words === 'unknown' || words === 'planned')) return 'done';
  if (section === 'blocked' && (words === 'unknown' || words === 'planned' || words === 'in_progress')) return 'blocked';
  if (section && words === 'unknown') return section;
  if (words !== 'unknown') return words;
  if (input.checked === false) return 'planned';
  return statusFromContext(input.sectionPath, dates);
}

/**
 * When the words give no status: a past-dated launch/test ("11/14上线" in an 11/17 report) tells
 * what happened; a future date or a 计划/目标 section makes it a plan. (Items under a 下周 section
 * are plans whatever their words, except a delay.)
 */
function statusFromContext(sectionPath: string[], dates: ReturnType<typeof extractDates>): ItemStatus {
  for (let i = dates.length - 1; i >= 0; i--) {
    const d = dates[i];
    if (d.planned) continue;
    if (d.event === '上线') return 'launched';
    if (d.event === '提测') return 'testing';
    if (d.event === '完成') return 'done';
  }
  if (sectionPath.some((s) => PLAN_SECTION.test(s))) return 'planned';
  if (dates.some((d) => d.planned)) return 'planned';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Record blocks: a heading over labelled fields
// ---------------------------------------------------------------------------------------------

/** "- **负责人**：张三", "- 截止日期: 2025-12-29": a labelled field line. */
const FIELD_LINE = /^\s*(?:[-*+]|\d{1,2}[.、])\s+(?:\*\*)?([^*:：，,。]{1,10}?)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/;
/** Labels that make a block a record of one task or one risk rather than a list of work. */
const RECORD_LABEL = /负责人|责任人|截止|deadline|owner|影响范围|影响|缓解措施|应对措施|任务描述|预期成果|风险等级/i;
const DEADLINE_LABEL = /截止|deadline|due|完成时间|预计完成/i;
const DESCRIPTION_LABEL = /任务描述|描述|说明|内容/;

interface RecordBlock {
  /** Last line of the block */
  end: number;
  /** What the task is, from its description field; null when the heading alone names it */
  main: string | null;
  owner: string | null;
  /** "截止日期：2025年12月29日", kept in the item's text so its date is read */
  deadline: string | null;
}

/**
 * The block after a heading when it is one record: every top-level line a labelled field, at least
 * one of them a record label (负责人 / 截止日期 / 影响范围 …). Nested lines are the fields' details.
 */
function recordBlockAt(lines: string[], from: number): RecordBlock | null {
  const fields: Array<{ label: string; value: string }> = [];
  let end = from - 1;
  let topIndent = -1;
  for (let i = from; i < lines.length; i++) {
    const raw = lines[i];
    const content = toHalfWidth(raw).trim();
    if (/^#{1,6}(?!\d)/.test(content) || FENCE.test(content)) break;
    end = i;
    if (!content) continue;
    const indent = indentWidth(raw);
    if (topIndent === -1) topIndent = indent;
    if (indent > topIndent) continue;
    const field = FIELD_LINE.exec(toHalfWidth(raw));
    if (!field) return null;
    fields.push({ label: field[1].trim(), value: stripInlineMarkup(field[2]).trim() });
  }
  while (end >= from && !lines[end].trim()) end--;
  const owner = fields.find((f) => ownerFieldLine(`${f.label}：${f.value}`) !== null);
  const deadline = fields.find((f) => DEADLINE_LABEL.test(f.label) && f.value);
  // "### 接口联调" over only "负责人：" and "截止日期：": the heading is the task, the fields its facts.
  const onlyOwnerAndDeadline = fields.length >= 1 && fields.every((f) => f === owner || f === deadline);
  if (!onlyOwnerAndDeadline && (fields.length < 2 || !fields.some((f) => RECORD_LABEL.test(f.label)))) return null;
  const described = fields.find((f) => DESCRIPTION_LABEL.test(f.label) && f.value) ?? fields.find((f) => f.value && !RECORD_LABEL.test(f.label));
  if (!described && !onlyOwnerAndDeadline) return null;
  return {
    end,
    main: described ? described.value : null,
    owner: owner ? ownerFieldLine(`${owner.label}：${owner.value}`) : null,
    deadline: deadline ? `${deadline.label}：${deadline.value}` : null,
  };
}

/** Index of the last heading that opens a section (not the title), or -1. */
function lastSectionHeading(lines: string[], blocks: Blocks, titleLine: number): number {
  for (let i = lines.length - 1; i > titleLine; i--) {
    if (blocks.skip.has(i)) continue;
    if (blocks.setext.has(i) || /^#{1,6}(?!\d)\s*\S/.test(toHalfWidth(lines[i]).trim())) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Blocks found before the line pass: front matter, comments, fences, setext headings, tables
// ---------------------------------------------------------------------------------------------

interface Blocks {
  /** Lines that are neither items nor sections (front matter, comments, code, setext underlines) */
  skip: Set<number>;
  /** Setext heading lines ("标题" over "===") and their level */
  setext: Map<number, number>;
  /** Opening fence line of a prose fence -> its closing line and its content lines */
  proseFences: Map<number, { end: number; lines: string[] }>;
  /** First line of a table with a header rule -> its last line */
  tables: Map<number, number>;
}

const FRONT_MATTER_LINE = /^(?:[A-Za-z_][\w-]*\s*:|\s+\S|-\s|#)/;

function scanBlocks(lines: string[]): Blocks {
  const blocks: Blocks = { skip: new Set(), setext: new Map(), proseFences: new Map(), tables: new Map() };
  let start = 0;
  while (start < lines.length && (!lines[start].trim() || /^<!--.*-->$/.test(lines[start].trim()))) start++;
  // YAML front matter (normally stripped by the document reader; here for text given directly).
  if (lines[start]?.trim() === '---') {
    let end = start + 1;
    while (end < lines.length && end < start + 60 && lines[end].trim() !== '---' && (!lines[end].trim() || FRONT_MATTER_LINE.test(lines[end]))) end++;
    if (end < lines.length && lines[end].trim() === '---' && end > start + 1) for (let i = start; i <= end; i++) blocks.skip.add(i);
  }
  for (let i = 0; i < lines.length; i++) {
    if (blocks.skip.has(i)) continue;
    const content = lines[i].trim();
    if (content.startsWith('<!--') && !content.includes('-->')) {
      let end = i;
      while (end < lines.length && !lines[end].includes('-->')) end++;
      for (let j = i; j <= Math.min(end, lines.length - 1); j++) blocks.skip.add(j);
      i = end;
      continue;
    }
    const fence = /^(```+|~~~+)\s*([^`]*)$/.exec(content);
    if (fence) {
      let end = i + 1;
      while (end < lines.length && !lines[end].trim().startsWith(fence[1])) end++;
      const inner = lines.slice(i + 1, end);
      if (isProseFence(inner, fence[2])) blocks.proseFences.set(i, { end, lines: inner });
      else for (let j = i; j <= Math.min(end, lines.length - 1); j++) blocks.skip.add(j);
      i = end;
      continue;
    }
    if (content[0] === '|' && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1].trim()) && lines[i + 1].includes('|')) {
      let end = i + 1;
      while (end + 1 < lines.length && lines[end + 1].trim().startsWith('|')) end++;
      blocks.tables.set(i, end);
      i = end;
      continue;
    }
    const next = lines[i + 1]?.trim() ?? '';
    const underline = /^={2,}$/.test(next) ? 1 : /^-{3,}$/.test(next) ? 2 : 0;
    const previousBlank = i === 0 || !lines[i - 1].trim();
    if (underline && previousBlank && content && !/^[#>|]/.test(content) && !isListLine(lines[i])) {
      blocks.setext.set(i, underline);
      blocks.skip.add(i + 1);
      i++;
    }
  }
  return blocks;
}
// ---------------------------------------------------------------------------------------------
// Title lookup and header resolution
// ---------------------------------------------------------------------------------------------

interface TitleInfo {
  title: string | null;
  header: ReportHeader | null;
  /** Line index of the title heading, or -1 */
  headingLine: number;
  /** Line index of a plain first line used as title ("清结算中心 第48周 2023-11-24"), or -1 */
  plainTitleLine: number;
  /** The first line with content, for a free-text team mention */
  firstLine: string | null;
}

const PLAIN_TITLE_MAX = 40;

/** The first heading that names a week, a report (周报) or, as the first heading, a dated title. */
function findTitle(lines: string[], isSkipped: (index: number) => boolean): TitleInfo {
  const info: TitleInfo = { title: null, header: null, headingLine: -1, plainTitleLine: -1, firstLine: null };
  let firstHeading = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed || isSkipped(i) || trimmed.startsWith('<!--')) continue;
    if (info.firstLine === null) {
      info.firstLine = trimmed;
      const content = toHalfWidth(trimmed);
      if (content[0] !== '#' && !listMarker(content) && content.length <= PLAIN_TITLE_MAX) {
        const plain = stripInlineMarkup(content);
        // Only with a week label: "以下是本周周报" is a sentence, "清结算中心 第48周 2023-11-24" a title.
        if (weekNumberIn(plain)) {
          info.plainTitleLine = i;
          info.title = plain;
          return info;
        }
      }
    }
    if ((trimmed[0] !== '#' && trimmed[0] !== '＃') || /^#\d/.test(trimmed)) continue;
    const m = HEADING.exec(toHalfWidth(trimmed));
    if (!m) continue;
    const title = cleanHeading(m[2]);
    if (!title) continue;
    if (isTitleLike(title, firstHeading)) {
      info.headingLine = i;
      info.title = stripInlineMarkup(m[2]);
      return info;
    }
    firstHeading = false;
  }
  return info;
}

function resolveHeader(titleInfo: TitleInfo, options: ParseOptions): ReportHeader {
  const fromTitle = titleInfo.title ? parseReportTitle(titleInfo.title, options.knownTeams) : null;
  let team: string | null;
  if (options.forceTeam && options.team) team = options.team;
  else
    team =
      fromTitle?.team ??
      (titleInfo.firstLine ? knownTeamIn(titleInfo.firstLine, options.knownTeams) : null) ??
      options.team ??
      null;

  if (options.resolved) {
    // The document reader already worked the week out (from --date, front matter, title or file name).
    const { weekLabel, weekNumber, reportDate } = options.resolved;
    return { team, weekLabel, weekNumber, reportDate };
  }
  let weekNumber = fromTitle?.weekNumber ?? null;
  let weekLabel = fromTitle?.weekLabel ?? null;
  if (weekNumber === null) {
    const fromOption = options.weekLabel ? weekNumberIn(toHalfWidth(options.weekLabel)) : null;
    weekNumber = options.weekNumber ?? fromOption?.number ?? null;
    weekLabel = options.weekLabel ?? (weekNumber !== null ? `第${weekNumber}周` : null);
  }
  const reportDate = fromTitle?.reportDate ?? (options.reportDate && /^\d{4}-\d{2}-\d{2}$/.test(options.reportDate) ? options.reportDate : null);
  return { team, weekLabel, weekNumber, reportDate };
}
