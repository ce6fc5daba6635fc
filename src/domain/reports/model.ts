/**
 * The weekly-report domain model. Nothing here knows about Slack, SQLite or search:
 * a parsed report is plain data that every front door (CLI, console, Slack) shares.
 */

/** Where an item stands, as far as its own words tell. */
export type ItemStatus =
  | 'planned' // 计划 / 预计 / 待 ... a future step
  | 'in_progress' // 进行中 / 开发中 / 推进
  | 'testing' // 已提测 / 测试中 / 灰度
  | 'launched' // 已上线 / 上线完成 / 投产
  | 'done' // 完成 / 通过 / 达标 (finished, not a launch)
  | 'delayed' // 延期 / 推迟 / 延后 / 滞后
  | 'blocked' // 阻塞 / 卡住 / blocked
  | 'cancelled' // 取消 / ~~struck~~ / cancelled
  | 'unknown';

/** A calendar date found in an item, normalised with the report's year. */
export interface ItemDate {
  /** ISO date, e.g. 2023-11-23 */
  iso: string;
  /** The date as written, e.g. "11/23", "12月5日" */
  text: string;
  /** The event the date belongs to, canonical form: "上线", "提测", "开放", "评审", "完成" ... or null */
  event: string | null;
  /** true when the date is a plan (预计/计划/待/将), false when it reports something that happened */
  planned: boolean;
}

/** A number with a unit found in an item: 99.996%, 健康分667分, 42个指标. */
export interface ItemMetric {
  /** The metric as written, e.g. "99.996%", "667分", "42个指标" */
  text: string;
  value: number;
  /** "%", "分", "个", "次", "台", "万", "元" ... */
  unit: string;
  /** What it measures, from the words before it: "入金有效成功率", "健康分", "指标" ... or null */
  label: string | null;
}

export interface ReportItem {
  /** 0-based order within the report */
  ordinal: number;
  /** Headings and parent bullets above the item, outermost first, without decoration: ["O2系统升级", "POS收单系统建设"] */
  sectionPath: string[];
  /** The item's text, cleaned: no bullet/number marker, no **bold**, no 【】 around a title-only line, whitespace trimmed */
  text: string;
  /** The original line exactly as written (without the trailing newline) */
  rawLine: string;
  /** 1-based line number in the source text */
  lineNo: number;
  dates: ItemDate[];
  metrics: ItemMetric[];
  status: ItemStatus;
  /**
   * Who the item belongs to, when the report says: a per-person section (## 张三), a table's owner
   * column, an @handle, （负责人：张三）, 张三：…; null when nothing says.
   */
  owner: string | null;
}

export interface ReportSection {
  /** Section path including this heading */
  path: string[];
  heading: string;
  /** Markdown heading level (1-6); 0 for a pseudo-heading such as "支付成功率：" or "- 【银行虚户建设】" */
  level: number;
}

export interface WeeklyReport {
  /** Team name, from the heading or the caller; null when nothing says */
  team: string | null;
  /** The report's own label, e.g. "第47周" (never recomputed from the date) */
  weekLabel: string | null;
  weekNumber: number | null;
  /** ISO date of the report, e.g. "2023-11-17" */
  reportDate: string | null;
  /** The first heading as written, or null */
  title: string | null;
  /**
   * The period the report covers, when it states one (2023-11-13 … 2023-11-17, a biweekly
   * 2023-11-08 … 2023-11-21); null for a report that only names its week or one date.
   */
  period: ReportPeriod | null;
  sections: ReportSection[];
  items: ReportItem[];
  /** What the reader should know about how the report was read: guesses, fallbacks (Chinese, user-facing). */
  warnings: string[];
  /**
   * The text this report was read from when it is one week of a multi-week file (stored as the
   * report's raw text, so adding a week to a log does not make the other weeks "changed").
   * Absent for a whole-file report.
   */
  sourceText?: string;
}

/** Inclusive ISO dates. */
export interface ReportPeriod {
  start: string;
  end: string;
}

/**
 * The week a report (or one week of a multi-week file) covers, as worked out before its items are
 * read (src/reports/dating.ts): from --date, front matter, the title or first lines, or the file name.
 */
export interface ResolvedWeek {
  /** The report's own label ("第47周", "第10周" for a course's 第十周), else derived from the date */
  weekLabel: string;
  weekNumber: number;
  /** ISO date of the report: the period's end, or the single date stated */
  reportDate: string;
  period: ReportPeriod | null;
}

export interface ParseOptions {
  /** Team to use when the text does not name one (a DM submission, `--team`). A team in the heading wins unless `forceTeam`. */
  team?: string;
  /** Override the team even when the heading names one */
  forceTeam?: boolean;
  /** Report date to use when the text has none (ISO). Also gives the year for dates like 11/23. */
  reportDate?: string;
  /** Week label/number to use when the text has none (a DM submission stored for the current week) */
  weekLabel?: string;
  weekNumber?: number;
  /** Team names already known, so a heading like "# 清结算中心 第48周" or a free-text mention is recognised */
  knownTeams?: string[];
  /** Size limit in bytes; default 2 MB */
  maxBytes?: number;
  /**
   * The week as already worked out by the document reader (src/reports/document.ts). When given it
   * wins over the week label and date in the title; the title still gives the team.
   */
  resolved?: ResolvedWeek;
  /** Added to every item's lineNo: the chunk's first line within the whole file (0 for a whole file). */
  lineOffset?: number;
  /**
   * 0-based line indexes (within the text given to the parser) that carried the date or week and are
   * not items: a signature "写于2022.4.2", a "**报告周期**：…" line, a centred date div.
   */
  skipLines?: ReadonlySet<number>;
  /** Warnings gathered before parsing (date guesses); the parser appends its own. */
  warnings?: string[];
}

/** Options for reading a whole document, which may hold several weeks (src/reports/document.ts). */
export interface DocumentOptions extends Omit<ParseOptions, 'resolved' | 'lineOffset' | 'skipLines' | 'reportDate' | 'weekLabel' | 'weekNumber'> {
  /** `--date YYYY-MM-DD` (any day of the reported week) or a Slack message's day: wins over everything the text says */
  date?: string;
  /** The file's name (no directory needed): a last source for the date, e.g. "[WeeklyReport]2023.11.08~2023.11.21.md" */
  fileName?: string;
  /** "Today", for a year the text leaves out (the year that puts the date nearest before today); the caller's clock */
  now: Date;
  /** For a submission with no date at all: the week to store under (a DM stored for the current week) */
  fallbackWeek?: ResolvedWeek;
}

/** Why a text could not be read as a report: always a message a user can act on (Chinese). */
export class ReportParseError extends Error {
  constructor(
    message: string,
    readonly code: 'empty' | 'binary' | 'too_large' | 'no_items' | 'no_team' | 'no_week' | 'unsupported',
  ) {
    super(message);
    this.name = 'ReportParseError';
  }
}

export const SECTION_SEPARATOR = ' › ';
