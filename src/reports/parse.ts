/**
 * Weekly report parser: Markdown or plain text in, a WeeklyReport out.
 *
 * The format it is built for is a team's weekly report as exported from Notion or pasted into a DM:
 * a title heading with the team's week label and date, "##" sections, bullets and numbered lines,
 * bullets that are only a bracketed title (- 【银行虚户建设】) grouping the numbered lines under them,
 * and plain "支付成功率：" lines grouping the bullets that follow. Every line with content becomes an
 * item that remembers where it sits (its section path) and the line it came from.
 *
 * One pass over the lines, with a small stack of open list items ("frames") so that a numbered line
 * knows its parent bullet; no backtracking, so the cost is linear in the input.
 */
import { extractDates, extractMetrics, detectStatus } from './extract';
import {
  ReportParseError,
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
    const iso = validIso(+m[1], +m[2], +m[3]);
    if (iso) found = { iso, index: m.index };
  }
  return found;
}

function validIso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
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
    const cut = week ? week.index : date ? date.index : -1;
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
  [/^\d{1,3}(?:[.、](?!\d)|[)）])\s*/, 'number', 1],
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
}

interface Heading {
  level: number;
  title: string;
}

/** Sections whose items are plans by definition ("下周工作及目标"). */
const NEXT_WEEK_SECTION = /下周|下阶段|下期|next\s*week/i;
/** Sections that hint at plans; only fill in when the words say nothing. */
const PLAN_SECTION = /计划|目标|安排/;

/**
 * Parse a weekly report. Throws ReportParseError for empty, binary or oversized input and when no
 * item can be found; a missing team or week is left null for the caller to decide.
 */
export function parseWeeklyReport(input: string | Buffer, options: ParseOptions = {}): WeeklyReport {
  const text = decodeReportInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const lines = splitLines(text);

  const titleInfo = findTitle(lines);
  const header = resolveHeader(titleInfo, options);
  const lineOffset = options.lineOffset ?? 0;
  const skipLines = options.skipLines;

  const sections: ReportSection[] = [];
  const sectionKeys = new Set<string>();
  const items: ReportItem[] = [];
  let headings: Heading[] = [];
  let frames: Frame[] = [];
  let blankBefore = true;
  let inPreamble = true; // before the first section or item: where Notion puts page properties

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
  const addItem = (itemText: string, rawLine: string, lineIndex: number) => {
    // Items that now have a child become sections of their own.
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      if (!f.registered && f.title) {
        f.registered = true;
        addSection(pathOf(i + 1), f.title, 0);
      }
    }
    const sectionPath = pathOf();
    items.push(buildItem(items.length, sectionPath, itemText, rawLine, lineIndex + 1 + lineOffset, header.reportDate));
    inPreamble = false;
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

  for (let i = 0; i < lines.length; i++) {
    if (i === titleInfo.plainTitleLine || skipLines?.has(i)) {
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
    if (FENCE.test(content) || HORIZONTAL_RULE.test(content) || HTML_COMMENT_OR_IMAGE.test(content)) continue;

    if (content[0] === '#' && indent < 4) {
      const m = HEADING.exec(content);
      const title = m ? cleanHeading(m[2]) : '';
      if (!title || !HAS_WORD.test(title)) continue;
      frames = [];
      blankBefore = true;
      if (i === titleInfo.headingLine || isTitleLike(title, false)) {
        // The title (or Notion's repeat of it) starts the report; it is not a section.
        headings = [];
        continue;
      }
      const level = m![1].length;
      while (headings.length && headings[headings.length - 1].level >= level) headings.pop();
      headings.push({ level, title });
      addSection(pathOf(), title, level);
      inPreamble = false;
      continue;
    }

    if (inPreamble && METADATA.test(content)) continue;

    if (content[0] === '>') content = content.replace(BLOCKQUOTE, '').trim();
    if (content[0] === '|') {
      if (TABLE_SEPARATOR.test(content)) continue;
      content = content
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .filter(Boolean)
        .join(' | ');
    }

    const marker = listMarker(content);
    if (marker) {
      const itemText = stripInlineMarkup(content.slice(marker.length).replace(CHECKBOX, ''));
      if (!HAS_WORD.test(itemText)) continue; // an empty bullet
      popFramesFor(indent, marker.kind, marker.rank);
      blankBefore = false;
      const bracket = BRACKET_ONLY.exec(itemText);
      const pseudo = bracket ? bracket[1].trim() : colonTitle(itemText);
      if (pseudo) {
        frames.push({ indent, kind: marker.kind, rank: marker.rank, title: pseudo, isItem: false, registered: true });
        addSection(pathOf(), pseudo, 0);
        inPreamble = false;
        continue;
      }
      addItem(itemText, raw, i);
      frames.push({ indent, kind: marker.kind, rank: marker.rank, title: frameTitle(itemText), isItem: true, registered: false });
      continue;
    }

    // A plain paragraph line.
    const itemText = stripInlineMarkup(content);
    if (!HAS_WORD.test(itemText)) continue;
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
    // Section level: open lists end here; a "支付成功率：" line replaces the previous pseudo-heading.
    const pseudo = colonTitle(itemText);
    if (pseudo) {
      frames = [{ indent: -1, kind: null, rank: -1, title: pseudo, isItem: false, registered: true }];
      addSection(pathOf(), pseudo, 0);
      inPreamble = false;
      continue;
    }
    frames = frames.filter((f) => f.indent < 0);
    addItem(itemText, raw, i);
    // "POS收单系统建设" directly followed by a list: the list belongs to it.
    if (isShortTitle(itemText) && isListLine(lines[i + 1])) {
      frames.push({ indent, kind: null, rank: -1, title: itemText, isItem: true, registered: false });
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

function buildItem(
  ordinal: number,
  sectionPath: string[],
  text: string,
  rawLine: string,
  lineNo: number,
  reportDate: string | null,
): ReportItem {
  const dates = extractDates(text, reportDate);
  let status: ItemStatus = detectStatus(text);
  if (status !== 'delayed' && sectionPath.some((s) => NEXT_WEEK_SECTION.test(s))) status = 'planned';
  else if (status === 'unknown') status = statusFromContext(sectionPath, dates);
  return { ordinal, sectionPath, text, rawLine, lineNo, dates, metrics: extractMetrics(text), status, owner: null };
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
function findTitle(lines: string[]): TitleInfo {
  const info: TitleInfo = { title: null, header: null, headingLine: -1, plainTitleLine: -1, firstLine: null };
  let firstHeading = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed) continue;
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
    if (trimmed[0] !== '#' && trimmed[0] !== '＃') continue;
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
