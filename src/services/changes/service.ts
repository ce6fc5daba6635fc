/**
 * The week's changes for a team, read from the report store (read-only): what the CLI
 * (`zhoubao changes`), the `本周有什么变化` question, the Slack digest and App Home call.
 *
 * One entry per report week (the Friday it closes on): the team's own report when the week has one
 * (the compiled report first), else its members' submissions together.
 */
import type { ReportItem } from '../../domain/reports/model';
import { fridayOnOrAfter, parseWeekName } from '../../domain/calendar';
import { FollowupStore } from '../../adapters/store/followupStore';
import type { ReportStore } from '../../adapters/store/reportStore';
import type { StoredReport } from '../../domain/records';
import { detectWeekChanges, type DetectOptions } from '../../domain/changes/detectChanges';
import type { HistoryWeek, WeekChanges } from '../../domain/changes/types';

export interface ChangesQuery extends DetectOptions {
  /** How many weeks before the asked one the chains look back (default 8) */
  lookbackWeeks?: number;
}

export const DEFAULT_LOOKBACK_WEEKS = 8;

/**
 * @param week the week asked about: its number (48), its label ("第48周") or its report date
 *   ("2023-11-24"); omitted = the team's latest week
 * @returns null when the team has no report for that week
 */
export function changesForTeamWeek(store: ReportStore, team: string, week?: number | string, query: ChangesQuery = {}): WeekChanges | null {
  const history = teamHistory(store, team);
  if (!history.length) return null;
  const target = week === undefined ? history.length - 1 : findWeek(history, week);
  if (target < 0) return null;
  const lookback = Math.max(1, query.lookbackWeeks ?? DEFAULT_LOOKBACK_WEEKS);
  // The team's own stall threshold (`/zhoubao team stalled N`) unless the caller sets one.
  const stalledAfterWeeks = query.stalledAfterWeeks ?? new FollowupStore(store.db).teamRow(team)?.stalledAfterWeeks ?? undefined;
  return detectWeekChanges(history.slice(Math.max(0, target - lookback), target + 1), { ...query, stalledAfterWeeks });
}

/** The team's weeks, oldest first, one HistoryWeek per report week. */
export function teamHistory(store: ReportStore, team: string): HistoryWeek[] {
  const byWeek = new Map<string, StoredReport[]>();
  for (const r of store.listReports({ team })) {
    const key = fridayOnOrAfter(r.reportDate);
    byWeek.set(key, [...(byWeek.get(key) ?? []), r]);
  }
  return [...byWeek.keys()].sort().map((key) => {
    const reports = byWeek.get(key)!;
    const own = reports.filter((r) => !r.submittedBy);
    const chosen = own.length ? [own.find((r) => r.kind === 'compiled') ?? own[own.length - 1]] : reports;
    const latest = chosen[chosen.length - 1];
    const items: ReportItem[] = chosen.flatMap((r) => store.getItemsForReport(r.id));
    // Members' lines follow one another: renumber so report order stays unambiguous.
    return { report: { team, weekLabel: latest.weekLabel, reportDate: latest.reportDate }, items: items.map((item, ordinal) => ({ ...item, ordinal })) };
  });
}

function findWeek(history: readonly HistoryWeek[], week: number | string): number {
  const named = typeof week === 'number' ? ({ kind: 'number', weekNumber: week } as const) : parseWeekName(week);
  if (!named || named.kind === 'relative') return -1;
  for (let i = history.length - 1; i >= 0; i--) {
    const r = history[i].report;
    if (named.kind === 'date' ? fridayOnOrAfter(r.reportDate) === fridayOnOrAfter(named.date) : weekNumberOf(r.weekLabel) === named.weekNumber) return i;
  }
  return -1;
}

function weekNumberOf(label: string): number | null {
  const m = /\d+/.exec(label);
  return m ? Number(m[0]) : null;
}
