/**
 * Which stored items the model gets for a question. Retrieval is the offline pipeline's
 * (collectAnswerEvidence); this decides how much of the store around it to add:
 *
 * - summary (总结第48周支付中心周报): every item of the reports in scope, not the top-k hits;
 * - list (列出所有延期的事项): every match the offline filter kept, not only the first 15 it shows;
 * - timeline (POS收单系统建设这几周的进展): the subject in every report of its team, oldest first;
 * - answer (everything else): the best matches, the subject's timeline, and the other lines under a
 *   heading the question names (a project's items that week).
 *
 * Items that read as instructions to a model, in their text or in a heading above them, are left
 * out (injection.ts).
 * It also builds a plain answer from the same items for when the model cannot be used and the
 * offline composer found nothing (it cannot summarise), so the fallback is never emptier than
 * what the model would have been shown.
 */
import type { AnswerDeps, AnswerEvidence } from './answerQuestion';
import { citationOf } from '../../domain/answer/compose';
import { isNothingItem, itemHaystack, subjectCoverage, subjectTerms } from '../../domain/answer/match';
import type { Answer } from '../../domain/answer/model';
import type { StoredItem, StoredReport } from '../../domain/records';
import { itemLooksLikeInstruction } from '../../adapters/llm/injection';

export type EvidenceKind = 'answer' | 'summary' | 'list' | 'timeline';

export interface SelectedEvidence {
  kind: EvidenceKind;
  /** In the order they are shown to the model */
  items: StoredItem[];
  /** What to answer without the model: the offline answer, or a listing of `items` when it found nothing */
  fallback: Answer;
}

const MAX_ITEMS: Record<EvidenceKind, number> = { answer: 24, summary: 150, list: 80, timeline: 120 };
const MIN_COVERAGE = 0.6;
const FALLBACK_LINES = 30;

const SUMMARY_WORDS = /总结|概括|汇总|摘要|一下|周报|工作|内容|情况|summar\w*|overview/gi;

export function selectEvidence(evidence: AnswerEvidence, deps: AnswerDeps): SelectedEvidence {
  const { analysis } = evidence;
  const none: SelectedEvidence = { kind: 'answer', items: [], fallback: evidence.answer };
  if (!analysis || evidence.scope?.emptyReason) return none;

  // 总结第48周周报 is read as a week's summary ('weekSummary') when it names no subject.
  if (analysis.type === 'summary' || analysis.type === 'weekSummary') {
    const subject = analysis.subject.replace(SUMMARY_WORDS, ' ').replace(/\s+/g, ' ').trim();
    let items = reportsInScope(evidence, deps).flatMap((r) => deps.store.getItemsForReport(r.id)).filter((i) => !isNothingItem(i));
    if (subject) {
      const about = itemsAbout(items, subject, deps);
      items = about.length ? about : evidence.matches;
    }
    return withFallback('summary', chronological(items), evidence);
  }
  if (analysis.type === 'list' || analysis.type === 'count') return withFallback('list', evidence.matches, evidence);
  if (!evidence.matches.length) return none;

  if (analysis.scope.kind === 'all' && analysis.subject) {
    const teams = analysis.teams.length ? analysis.teams : [evidence.matches[0].team];
    const reports = deps.reports().filter((r) => teams.includes(r.team));
    const items = itemsAbout(reports.flatMap((r) => deps.store.getItemsForReport(r.id)), analysis.subject, deps);
    if (items.length) return withFallback('timeline', chronological(items), evidence);
  }

  const best = evidence.matches[0];
  const underNamedHeading = analysis.subject ? itemsAbout(deps.store.getItemsForReport(best.reportId), analysis.subject, deps, true) : [];
  const items = dedupe([...evidence.matches.slice(0, 8), ...evidence.timeline, ...underNamedHeading]);
  return withFallback('answer', chronological(items), evidence);
}

function withFallback(kind: EvidenceKind, items: StoredItem[], evidence: AnswerEvidence): SelectedEvidence {
  // Lines written to steer a model are not evidence of anything: they are never sent, nor is a line
  // under a heading written that way, since the heading goes out as the line's source header.
  const kept = items.filter((i) => !itemLooksLikeInstruction(i)).slice(0, MAX_ITEMS[kind]);
  return { kind, items: kept, fallback: evidence.answer.found || !kept.length ? evidence.answer : listing(evidence.answer.question, kept) };
}

/** The reports a summary covers: the named week(s), every week for 所有/这几周, else each team's latest. */
function reportsInScope(evidence: AnswerEvidence, deps: AnswerDeps): StoredReport[] {
  const analysis = evidence.analysis!;
  const inTeams = (r: StoredReport) => !analysis.teams.length || analysis.teams.includes(r.team);
  if (evidence.scope?.reports) return evidence.scope.reports.filter(inTeams);
  if (analysis.scope.kind === 'all') return deps.reports().filter(inTeams);
  return [...evidence.latestReportByTeam.values()].filter(inTeams);
}

/** Items whose section path or text is about `subject`; with `headingOnly`, only those under a heading naming it. */
function itemsAbout(items: StoredItem[], subject: string, deps: AnswerDeps, headingOnly = false): StoredItem[] {
  const terms = subjectTerms(subject, deps.aliases);
  if (!terms.groups.length) return [];
  return items.filter((i) => {
    if (isNothingItem(i)) return false;
    if (headingOnly) return i.sectionPath.some((s) => subjectCoverage(terms, s.normalize('NFKC').toLowerCase()) >= 0.99);
    return subjectCoverage(terms, itemHaystack(i)) >= MIN_COVERAGE;
  });
}

function chronological(items: StoredItem[]): StoredItem[] {
  return dedupe(items).sort((a, b) => a.reportDate.localeCompare(b.reportDate) || a.team.localeCompare(b.team) || a.ordinal - b.ordinal);
}

function dedupe(items: StoredItem[]): StoredItem[] {
  const seen = new Set<number>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

/** The items as written, week by week: what can be said about them without a model. */
function listing(question: string, items: StoredItem[]): Answer {
  const shown = items.slice(0, FALLBACK_LINES);
  const lines = shown.map((i, n) => `${n + 1}. ${i.team} ${i.weekLabel}${i.sectionPath.length ? ` · ${i.sectionPath[i.sectionPath.length - 1]}` : ''}：${i.text}`);
  const more = items.length > shown.length ? `\n…另有 ${items.length - shown.length} 项未列出。` : '';
  return {
    question,
    found: true,
    answer: `相关周报共 ${items.length} 项：\n${lines.join('\n')}${more}`,
    citations: shown.map(citationOf),
  };
}
