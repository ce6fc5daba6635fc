/**
 * Which reports answer questions, once a week can hold both members' submissions and the team's
 * compiled report made from them. The compiled report repeats its members' lines, so searching
 * both would cite every line twice.
 *
 * Decision: for a team's week that has a compiled report, the compiled report answers and the
 * member submissions it was made from are left out. The compiled report is the team's view (its
 * layout, cited as the team's report), and it is kept current: a member's later submission, edit or
 * follow-up reply for that week re-compiles it (see services/followups/compiling.ts). Weeks without a compiled
 * report answer from the member submissions as before.
 *
 * Wiring (src/kb.ts and src/answer, owned elsewhere): pass `reportsForAnswering(reports)` as the
 * answer pipeline's `reports()`, and drop retrieved items whose report is not among them.
 */
import type { ReportKind } from '../records';

export interface ReportIdentity {
  id: number;
  team: string;
  weekNumber: number;
  reportDate: string;
  kind: ReportKind;
  submittedBy: string | null;
}

function weekOf(r: ReportIdentity): string {
  return `${r.team}\u0000${r.reportDate.slice(0, 4)}\u0000${r.weekNumber}`;
}

/** `reports` without the member submissions of weeks that have a compiled team report. */
export function reportsForAnswering<R extends ReportIdentity>(reports: readonly R[]): R[] {
  const compiledWeeks = new Set(reports.filter((r) => r.kind === 'compiled').map(weekOf));
  if (!compiledWeeks.size) return [...reports];
  return reports.filter((r) => !(r.submittedBy && compiledWeeks.has(weekOf(r))));
}
