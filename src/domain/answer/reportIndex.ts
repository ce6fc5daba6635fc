/**
 * Lookups over one stored report list (the teams, each team's reports and latest report, the ids),
 * built once per list and kept while the list lives: callers replace the list on every write (the
 * knowledge base re-reads it when the store's generation moves), so a question at 25,000 reports
 * costs a map lookup here instead of a pass over all of them. Pure: domain and kernel imports only.
 */
import type { StoredReport } from '../records';

export interface ReportIndex {
  /** Teams in the order they first appear in the list */
  teams: string[];
  /** Each team's reports, in list order */
  byTeam: Map<string, StoredReport[]>;
  /** Each team's newest report (the first of equal dates in list order); teams in list order */
  latestByTeam: Map<string, StoredReport>;
  /** Every report's id */
  ids: Set<number>;
  /** The newest report date's year (0 for an empty list) */
  referenceYear: number;
  /** Position of each report in the list, to merge several teams' lists back into list order */
  position: Map<StoredReport, number>;
}

const indexes = new WeakMap<readonly StoredReport[], ReportIndex>();

export function reportIndex(reports: readonly StoredReport[]): ReportIndex {
  let index = indexes.get(reports);
  if (!index) indexes.set(reports, (index = buildIndex(reports)));
  return index;
}

function buildIndex(reports: readonly StoredReport[]): ReportIndex {
  const byTeam = new Map<string, StoredReport[]>();
  const latestByTeam = new Map<string, StoredReport>();
  const ids = new Set<number>();
  const position = new Map<StoredReport, number>();
  let newest = '';
  reports.forEach((r, k) => {
    const list = byTeam.get(r.team);
    if (list) list.push(r);
    else byTeam.set(r.team, [r]);
    const current = latestByTeam.get(r.team);
    if (!current || r.reportDate > current.reportDate) latestByTeam.set(r.team, r);
    ids.add(r.id);
    position.set(r, k);
    if (r.reportDate > newest) newest = r.reportDate;
  });
  return { teams: [...byTeam.keys()], byTeam, latestByTeam, ids, referenceYear: Number(newest.slice(0, 4)), position };
}

/**
 * The reports of `teams` in list order (every report when no team is named), as
 * `reports.filter((r) => teams.includes(r.team))` gives them, without the pass over the whole list.
 */
export function reportsOfTeams(reports: readonly StoredReport[], teams: readonly string[]): StoredReport[] {
  if (!teams.length) return reports as StoredReport[];
  const index = reportIndex(reports);
  const distinct = [...new Set(teams)];
  if (distinct.length === 1) return [...(index.byTeam.get(distinct[0]) ?? [])];
  const merged = distinct.flatMap((t) => index.byTeam.get(t) ?? []);
  return merged.sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}
