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
  sections: ReportSection[];
  items: ReportItem[];
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
}

/** Why a text could not be read as a report: always a message a user can act on (Chinese). */
export class ReportParseError extends Error {
  constructor(
    message: string,
    readonly code: 'empty' | 'binary' | 'too_large' | 'no_items' | 'no_team' | 'no_week',
  ) {
    super(message);
    this.name = 'ReportParseError';
  }
}

export const SECTION_SEPARATOR = ' › ';
