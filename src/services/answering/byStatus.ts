/**
 * Items chosen without a subject (第48周有哪些事项延期了 / 列出所有延期的事项): the scope picks the
 * reports, the status filter the lines, each item once across weeks.
 */
import { subjectPhrase } from '../../domain/followup/matchItems';
import type { StoredItem, StoredReport } from '../../domain/records';
import { isGoalItem } from '../../domain/answer/match';
import type { QuestionAnalysis } from '../../domain/answer/question';
import type { AnswerDeps } from './answerDeps';
import { forMatch } from './grounding';

export function itemsWithoutSubject(
  analysis: QuestionAnalysis,
  deps: AnswerDeps,
  scopeReports: StoredReport[] | null,
  latestReportByTeam: Map<string, StoredReport>,
): StoredItem[] {
  let reports: StoredReport[];
  if (scopeReports) reports = scopeReports;
  // 哪些还没完成: what is open now, in each team's latest report.
  else if (analysis.statusNegated) reports = deps.reports().filter((r) => r.reportDate === latestReportByTeam.get(r.team)?.reportDate);
  // 哪些事项延期了 / 已上线: over every week (an item launched three weeks ago still has).
  else if (analysis.scope.kind === 'all' || analysis.statusFilters.some((s) => s === 'delayed' || s === 'launched' || s === 'done')) reports = deps.reports();
  // Every report of each team's latest week: members' submissions and the team's own report.
  else reports = deps.reports().filter((r) => r.reportDate === latestReportByTeam.get(r.team)?.reportDate);
  if (analysis.teams.length) reports = reports.filter((r) => analysis.teams.includes(r.team));
  const items = reports.flatMap((r) => deps.store.getItemsForReport(r.id));
  return items.sort((a, b) => b.reportDate.localeCompare(a.reportDate) || a.ordinal - b.ordinal);
}

/**
 * A status filter lists work items: lines that reached the status (or date its event), not
 * reflections, incidents that 延迟 made look 'delayed', or next week's goals. Across weeks (no week
 * named), an item is listed once: its newest line.
 */
export function withStatus(analysis: QuestionAnalysis, matches: StoredItem[], weekNamed: boolean): StoredItem[] {
  const wanted = analysis.statusFilters.length ? analysis.statusFilters : [analysis.statusFilter!];
  const happened = /已|了/.test(analysis.question);
  // 有哪些提测: lines that reached the status, and lines dating the event (提测由11/24推迟至11/30).
  const datesEvent = (i: StoredItem) =>
    wanted.some((s) => STATUS_EVENT[s] && i.dates.some((d) => d.event === STATUS_EVENT[s] && (!happened || !d.planned)));
  if (analysis.statusNegated) {
    // 还有哪些没完成: open lines, next week's goals and to-dos included; nothing finished or dropped.
    const open = matches.filter((i) => OPEN.includes(i.status) && !wanted.includes(i.status) && !datesEventHappened(i, wanted) && !isAsideItem(i));
    return weekNamed ? open : newestPerItem(open);
  }
  const kept = matches.filter((i) => (wanted.includes(i.status) || datesEvent(i)) && !isAsideItem(i) && !isGoalItem(i));
  return weekNamed ? kept : newestPerItem(kept);
}

/** The event a status stands for, so a line dating the event counts (提测由11/24推迟至11/30). */
const STATUS_EVENT: Partial<Record<string, string>> = { testing: '提测', launched: '上线' };

/** Statuses of work still open (a line whose status the report does not state is not listed as open). */
const OPEN = ['planned', 'in_progress', 'testing', 'delayed', 'blocked'];

/** The line says the event happened (已于12/5提测): not open, whatever its status reads. */
function datesEventHappened(item: StoredItem, wanted: string[]): boolean {
  return wanted.some((s) => STATUS_EVENT[s] && item.dates.some((d) => d.event === STATUS_EVENT[s] && !d.planned));
}

function newestPerItem(items: StoredItem[]): StoredItem[] {
  const seen = new Set<string>();
  return [...items]
    .sort((a, b) => b.reportDate.localeCompare(a.reportDate))
    .filter((i) => {
      const key = `${i.team}\u0001${forMatch(subjectPhrase(i.text))}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

function isAsideItem(item: StoredItem): boolean {
  return item.sectionPath.some((s) => /收获|反思|生产事件|事故/.test(s));
}
