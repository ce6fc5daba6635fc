/**
 * What changed in a team's week, as plain data: every change names the report line(s) it was read
 * from, so the digest, the CLI's --json, Slack and App Home can all cite them. Nothing here is
 * guessed: a change exists only when two weeks' lines (one item chain) or one line's own words say so.
 */
import type { ReportItem } from '../reports/model';

/** One report of a team's history: the report's identity and its items, in report order. */
export interface HistoryWeek {
  report: { team: string; weekLabel: string; reportDate: string };
  items: ReportItem[];
}

/** A report line a change was read from: team · week · original line. */
export interface LineRef {
  team: string;
  weekLabel: string;
  /** ISO date of the report */
  reportDate: string;
  /** The section path, joined with " › " ('' for a line outside any section) */
  section: string;
  /** The original line, trimmed (the item's cleaned text when the raw line is empty) */
  line: string;
  /** 1-based line number in the report's text */
  lineNo: number;
}

interface ChangeBase {
  /** What the item is about, in a few words ("光大备份通道") */
  subject: string;
  /** This week's line first when there is one, then the earlier line(s) compared with it */
  cites: LineRef[];
}

/** Launched (上线/投产/发版) this week: the line says so and the item was not launched before. */
export interface LaunchedChange extends ChangeBase {
  kind: 'launched';
  /** The launch date the line states (ISO), or null when it gives none ("本周上线") */
  date: string | null;
}

/** An item that was open last time it was reported and is finished now (完成/通过/100%). */
export interface CompletedChange extends ChangeBase {
  kind: 'completed';
}

/** An item that was open and is now cancelled or put on hold (取消/暂停/搁置/~~struck~~). */
export interface StoppedChange extends ChangeBase {
  kind: 'stopped';
}

/** A planned date that moved later. */
export interface SlippedChange extends ChangeBase {
  kind: 'slipped';
  /** The event whose date moved: 上线, 提测, 完成 … (null when the line names none) */
  event: string | null;
  from: string;
  to: string;
  /** The reason as the line gives it (因…/由于…), without the leading word; null when it gives none */
  reason: string | null;
  /** How many times this item's date for this event has moved later so far, this time included */
  slipCount: number;
  /** Every planned date the chain has had for this event, oldest first (ISO), ending with `to` */
  dateHistory: string[];
}

/** Work that appears for the first time this week (or was only planned before) and is under way. */
export interface StartedChange extends ChangeBase {
  kind: 'started';
}

/** The same line, with no new status, for `weeks` weeks in a row. */
export interface StalledChange extends ChangeBase {
  kind: 'stalled';
  weeks: number;
  /** The week whose line last brought news (the stall began after it) */
  sinceWeekLabel: string;
}

/** A planned date passed (before this week's report date) and no line reports the event. */
export interface OverdueChange extends ChangeBase {
  kind: 'overdue';
  event: string | null;
  plannedDate: string;
  /** Whether this week's report mentions the item at all (it may repeat the old plan) */
  mentionedThisWeek: boolean;
}

/** Present last week, absent this week, not done. */
export interface DroppedChange extends ChangeBase {
  kind: 'dropped';
}

export interface MetricPoint {
  weekLabel: string;
  reportDate: string;
  value: number;
}

/** A figure with the same label and unit that changed value between the item's last two mentions. */
export interface MetricChange extends ChangeBase {
  kind: 'metric';
  /** The figure's label as the report writes it ("入金有效成功率", "健康分") */
  label: string;
  unit: string;
  from: number;
  to: number;
  /** The figures as written ("99.990%", "1,236笔") */
  fromText: string;
  toText: string;
  direction: 'up' | 'down';
  /** The figure in every week of the chain that states it, oldest first (for a sparkline or chart) */
  series: MetricPoint[];
}

export type WeekChange =
  | LaunchedChange
  | CompletedChange
  | StoppedChange
  | SlippedChange
  | StartedChange
  | StalledChange
  | OverdueChange
  | DroppedChange
  | MetricChange;

export type ChangeKind = WeekChange['kind'];

export interface WeekChanges {
  team: string;
  weekLabel: string;
  reportDate: string;
  /** The report compared with (the one before this week's), or null when this week has none */
  previous: { weekLabel: string; reportDate: string } | null;
  /** The stall threshold used (weeks) */
  stalledAfterWeeks: number;
  /** In digest order: launched, completed, slipped, overdue, stalled, dropped, stopped, started, metric */
  changes: WeekChange[];
}

/** The order kinds are listed in: what a lead must act on first after what shipped. */
export const KIND_ORDER: readonly ChangeKind[] = ['launched', 'completed', 'slipped', 'overdue', 'stalled', 'dropped', 'stopped', 'started', 'metric'];
