/**
 * Which stored items a writer gets for a question (src/domain/answer/writer.ts). Retrieval is the
 * offline pipeline's (collectAnswerEvidence); this decides how much of the store around it to add:
 *
 * - summary (总结第48周支付中心周报): every item of the reports in scope, not the top-k hits;
 * - list (列出所有延期的事项): every match the offline filter kept, not only the first 15 it shows;
 * - timeline (POS收单系统建设这几周的进展): the subject in every report of its team, oldest first;
 * - answer (everything else): the best matches, the subject's timeline, and the other lines under a
 *   heading the question names (a project's items that week).
 *
 * Items the writer may not be handed (`mayUse`: for a model, lines that read as instructions to
 * it, in their text or in a heading above them) are left out before the count is capped, so the
 * offline answer that stands in for the writer's lists the same items (offlineWriter.ts).
 */
import type { AnswerDeps, AnswerEvidence } from './answerDeps';
import { isNothingItem, itemsAbout } from '../../domain/answer/match';
import type { EvidenceKind, SelectedEvidence } from '../../domain/answer/writer';
import type { StoredItem, StoredReport } from '../../domain/records';

/** Items handed to a writer at most, by kind: a summary needs a whole report, an answer its best lines. */
const MAX_ITEMS: Record<EvidenceKind, number> = { answer: 24, summary: 150, list: 80, timeline: 120 };

const SUMMARY_WORDS = /总结|概括|汇总|摘要|一下|周报|工作|内容|情况|summar\w*|overview/gi;

export function selectEvidence(evidence: AnswerEvidence, deps: AnswerDeps, mayUse: (item: StoredItem) => boolean = () => true): SelectedEvidence {
  const { analysis } = evidence;
  const none: SelectedEvidence = { kind: 'answer', items: [], latestReportByTeam: evidence.latestReportByTeam, composed: evidence.answer };
  const selected = (kind: EvidenceKind, items: StoredItem[]): SelectedEvidence => ({
    kind,
    items: items.filter(mayUse).slice(0, MAX_ITEMS[kind]),
    latestReportByTeam: evidence.latestReportByTeam,
    composed: evidence.answer,
  });
  if (!analysis || evidence.scope?.emptyReason) return none;

  // 总结第48周周报 is read as a week's summary ('weekSummary') when it names no subject.
  if (analysis.type === 'summary' || analysis.type === 'weekSummary') {
    const subject = analysis.subject.replace(SUMMARY_WORDS, ' ').replace(/\s+/g, ' ').trim();
    let items = reportsInScope(evidence, deps).flatMap((r) => deps.store.getItemsForReport(r.id)).filter((i) => !isNothingItem(i));
    if (subject) {
      const about = itemsAbout(items, subject, deps.aliases);
      items = about.length ? about : evidence.matches;
    }
    return selected('summary', chronological(items));
  }
  if (analysis.type === 'list' || analysis.type === 'count') return selected('list', evidence.matches);
  if (!evidence.matches.length) return none;

  if (analysis.scope.kind === 'all' && analysis.subject) {
    const teams = analysis.teams.length ? analysis.teams : [evidence.matches[0].team];
    const reports = deps.reports().filter((r) => teams.includes(r.team));
    const items = itemsAbout(reports.flatMap((r) => deps.store.getItemsForReport(r.id)), analysis.subject, deps.aliases);
    if (items.length) return selected('timeline', chronological(items));
  }

  const best = evidence.matches[0];
  const underNamedHeading = analysis.subject ? itemsAbout(deps.store.getItemsForReport(best.reportId), analysis.subject, deps.aliases, true) : [];
  const items = dedupe([...evidence.matches.slice(0, 8), ...evidence.timeline, ...underNamedHeading]);
  return selected('answer', chronological(items));
}

/** The reports a summary covers: the named week(s), every week for 所有/这几周, else each team's latest. */
function reportsInScope(evidence: AnswerEvidence, deps: AnswerDeps): StoredReport[] {
  const analysis = evidence.analysis!;
  const inTeams = (r: StoredReport) => !analysis.teams.length || analysis.teams.includes(r.team);
  if (evidence.scope?.reports) return evidence.scope.reports.filter(inTeams);
  if (analysis.scope.kind === 'all') return deps.reports().filter(inTeams);
  return [...evidence.latestReportByTeam.values()].filter(inTeams);
}

function chronological(items: StoredItem[]): StoredItem[] {
  return dedupe(items).sort((a, b) => a.reportDate.localeCompare(b.reportDate) || a.team.localeCompare(b.team) || a.ordinal - b.ordinal);
}

function dedupe(items: StoredItem[]): StoredItem[] {
  const seen = new Set<number>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}
