/**
 * The offline question-answering pipeline: understand → scope → retrieve → keep what is about the
 * subject → build the subject's timeline → compose. Every dependency is injected (store, retriever,
 * aliases, clock), so the CLI, the console, Slack and the tests share exactly this path.
 */
import type { AliasTable } from '../search/aliases';
import type { HybridRetriever, RetrievedItem } from '../search/hybridRetriever';
import type { ReportStore } from '../store/reportStore';
import type { StoredItem, StoredReport } from '../store/types';
import { composeAnswer, notFound } from './compose';
import { informativeness, isGoalItem, isNothingItem, itemHaystack, itemOwnText, subjectCoverage, subjectTerms, type SubjectTerms } from './match';
import type { Answer, AskContext } from './model';
import { analyzeQuestion, type QuestionAnalysis } from './question';
import { resolveScope, type ResolvedScope } from './scope';

export interface AnswerDeps {
  store: ReportStore;
  retriever: HybridRetriever;
  aliases: AliasTable;
  clock: () => Date;
  timeZone: string;
  /** Stored reports, cached by the caller and refreshed after writes */
  reports: () => StoredReport[];
}

/** Below this share of the subject found in an item, the item is not about the subject. */
const MIN_COVERAGE = 0.6;
const CANDIDATES = 60;

/**
 * What the offline path looked at for a question: its reading of the question, the reports in scope,
 * the matched items and the subject's timeline, and the answer it composed from them. The model
 * path (src/llm) reuses this retrieval rather than running its own. `analysis` and `scope` are null
 * when the pipeline stopped before it got that far (empty question, no reports, unknown team).
 */
export interface AnswerEvidence {
  answer: Answer;
  analysis: QuestionAnalysis | null;
  scope: ResolvedScope | null;
  /** Items about the subject (or selected by scope and status), best first */
  matches: StoredItem[];
  /** The best match's subject across weeks, oldest first */
  timeline: StoredItem[];
  latestReportByTeam: Map<string, StoredReport>;
}

export function answerQuestion(rawQuestion: string, deps: AnswerDeps, context: AskContext = {}): Answer {
  return collectAnswerEvidence(rawQuestion, deps, context).answer;
}

export function collectAnswerEvidence(rawQuestion: string, deps: AnswerDeps, context: AskContext = {}): AnswerEvidence {
  const stopped = (answer: Answer, analysis: QuestionAnalysis | null = null, scope: ResolvedScope | null = null, latest = new Map<string, StoredReport>()): AnswerEvidence => ({
    answer,
    analysis,
    scope,
    matches: [],
    timeline: [],
    latestReportByTeam: latest,
  });
  const reports = deps.reports();
  const question = rawQuestion.trim();
  if (!question) return stopped(notFound(rawQuestion, '请输入一个问题，例如：光大备份通道什么时候上线？'));
  if (!reports.length) return stopped(notFound(question, '知识库里还没有周报。请先导入（zhoubao ingest data/samples）或在私信中提交周报。'));

  const knownTeams = [...new Set(reports.map((r) => r.team))];
  const referenceYear = Number(reports.reduce((max, r) => (r.reportDate > max ? r.reportDate : max), '').slice(0, 4));
  const previous = lastAnalysis(context.previousQuestions ?? [], knownTeams, referenceYear);
  const analysis = analyzeQuestion(question, { knownTeams, previous, referenceYear });
  if (!analysis.teams.length && context.defaultTeam && knownTeams.includes(context.defaultTeam)) {
    analysis.teams = [context.defaultTeam];
  }

  if (analysis.unknownTeam) {
    return stopped(notFound(question, `没有「${analysis.unknownTeam}」的周报（已有团队：${knownTeams.join('、')}）。`), analysis);
  }
  const now = context.now ?? deps.clock();
  const scope = resolveScope(analysis.scope, reports, analysis.teams, now, deps.timeZone);
  const latestReportByTeam = latestByTeam(reports);
  if (scope.emptyReason) return stopped(notFound(question, scope.emptyReason), analysis, scope, latestReportByTeam);

  const terms = subjectTerms(analysis.subject, deps.aliases);
  const inScope = (item: StoredItem) => !scope.reports || scope.reports.some((r) => r.id === item.reportId);

  let matches: StoredItem[];
  let hits: RetrievedItem[] = [];
  if (!terms.groups.length) {
    // No subject (第48周有哪些事项延期了 / 列出所有延期的事项): the scope and the status filter select.
    matches = itemsWithoutSubject(analysis, deps, scope.reports, latestReportByTeam);
  } else {
    ({ matches, hits } = rankBySubject(analysis, terms, deps, scope.reports));
    matches = matches.filter(inScope);
  }
  // A status filter lists work items: not reflections, and not incidents that 延迟 made look 'delayed'.
  if (analysis.statusFilter) matches = matches.filter((i) => i.status === analysis.statusFilter && !isAsideItem(i));
  if (!matches.length) {
    const what = analysis.subject ? `「${analysis.subject}」` : '符合条件的事项';
    const where = [analysis.teams.join('、'), scope.label].filter(Boolean).join(' ');
    return stopped(
      notFound(question, `没有在${where ? where + '的' : ''}周报中找到${what}。可以换个说法，或指明团队和周次（例如：支付中心 第48周 …）。`),
      analysis,
      scope,
      latestReportByTeam,
    );
  }

  const best = matches[0];
  const until = analysis.scopeExplicit && scope.reports?.length ? scope.reports.map((r) => r.reportDate).sort().pop()! : null;
  // The first search already covered the timeline when it was limited to exactly this team and no week.
  const sameSearch = !scope.reports && analysis.teams.length === 1 && analysis.teams[0] === best.team ? hits : null;
  const timeline = analysis.type === 'list' ? [] : buildTimeline(best, terms, deps, until, analysis, sameSearch);
  const answer = composeAnswer({
    analysis,
    matches,
    timeline,
    latestReportByTeam,
    scopeLabel: scope.label,
    itemsOfReport: (id) => deps.store.getItemsForReport(id),
  });
  return { answer, analysis, scope, matches, timeline, latestReportByTeam };
}

function lastAnalysis(previousQuestions: string[], knownTeams: string[], referenceYear: number): QuestionAnalysis | null {
  let previous: QuestionAnalysis | null = null;
  for (const q of previousQuestions) previous = analyzeQuestion(q, { knownTeams, previous, referenceYear });
  return previous;
}

/**
 * Candidates from hybrid retrieval, kept when enough of the subject is in them, ordered by how much
 * of the subject they cover, then by what they can say (dates, figures, not a next-week goal), by fit
 * to the question (the asked event, a metric) and, among equals, by recency.
 */
function rankBySubject(
  analysis: QuestionAnalysis,
  terms: SubjectTerms,
  deps: AnswerDeps,
  scopeReports: StoredReport[] | null,
): { matches: StoredItem[]; hits: RetrievedItem[] } {
  const hits = answerableHits(
    deps,
    deps.retriever.search(analysis.subject, {
      teams: analysis.teams.length ? analysis.teams : undefined,
      weekNumbers: scopeReports ? [...new Set(scopeReports.map((r) => r.weekNumber))] : undefined,
      limit: CANDIDATES,
    }),
  );
  const wantsGoals = /下周|计划做|目标/.test(analysis.question);
  const scored = hits
    .map((hit, rank) => {
      const coverage = subjectCoverage(terms, itemHaystack(hit.item));
      const own = subjectCoverage(terms, itemOwnText(hit.item));
      let info = wantsGoals && isGoalItem(hit.item) ? 0 : informativeness(hit.item);
      const inSection = sectionMatches(terms, hit.item);
      // "第47周有生产事件吗": the 生产事件 section's "无" is the answer, not noise.
      if (inSection && isNothingItem(hit.item) && analysis.type !== 'when' && analysis.type !== 'metric') info += 2.5;
      const score = coverage * 10 + own + info + (inSection ? 2.5 : 0) + fitBonus(analysis, hit.item) - rank * 0.001;
      return { item: hit.item, coverage, inSection, score };
    })
    .filter((s) => s.coverage >= MIN_COVERAGE);
  if (!scored.length) return { matches: [], hits };
  // Of equally good matches the newest wins, unless the question named a week.
  if (!analysis.scopeExplicit || analysis.scope.kind === 'latest') {
    const bestCoverage = Math.max(...scored.map((s) => s.coverage));
    const days = scored.map((s) => Date.parse(s.item.reportDate));
    const [min, max] = [Math.min(...days), Math.max(...days)];
    for (const s of scored) {
      if (s.coverage >= bestCoverage - 0.05 && max > min) s.score += (0.6 * (Date.parse(s.item.reportDate) - min)) / (max - min);
    }
  }
  scored.sort((a, b) => b.score - a.score);
  // A list of "哪些生产事件" is the section's lines, not every line that mentions 事故.
  const inSection = analysis.type === 'list' && scored.some((s) => s.inSection) ? scored.filter((s) => s.inSection) : scored;
  return { matches: inSection.map((s) => s.item), hits };
}

/** The whole subject names one of the item's headings (生产事件, POS收单系统建设). */
function sectionMatches(terms: SubjectTerms, item: StoredItem): boolean {
  return item.sectionPath.some((s) => subjectCoverage(terms, s.normalize('NFKC').toLowerCase()) >= 0.99);
}

function fitBonus(analysis: QuestionAnalysis, item: StoredItem): number {
  let bonus = 0;
  if (analysis.event && item.dates.some((d) => d.event === analysis.event)) bonus += 0.6;
  if (analysis.type === 'when' && item.dates.length) bonus += 0.3;
  if (analysis.type === 'metric' && item.metrics.length) bonus += 0.8;
  return bonus;
}

/**
 * The subject across weeks in the best match's team: the most telling line per report, oldest first,
 * up to the end of the asked scope (a question about 第47周 must not see 第49周).
 */
function buildTimeline(
  best: StoredItem,
  terms: SubjectTerms,
  deps: AnswerDeps,
  until: string | null,
  analysis: QuestionAnalysis,
  sameSearch: RetrievedItem[] | null,
): StoredItem[] {
  if (!terms.groups.length) return [best];
  const hits = sameSearch ?? answerableHits(deps, deps.retriever.search(terms.groups.map((g) => g[0]).join(' '), { teams: [best.team], limit: CANDIDATES }));
  const bestCoverage = subjectCoverage(terms, itemHaystack(best));
  const perReport = new Map<number, { item: StoredItem; score: number }>();
  for (const { item } of hits) {
    if (until && item.reportDate > until) continue;
    if (isGoalItem(item) || isNothingItem(item)) continue;
    const coverage = subjectCoverage(terms, itemHaystack(item));
    if (coverage < Math.max(MIN_COVERAGE, bestCoverage - 0.15)) continue;
    const score = coverage * 10 + 0.5 * subjectCoverage(terms, itemOwnText(item)) + informativeness(item) + fitBonus(analysis, item);
    const current = perReport.get(item.reportId);
    if (!current || score > current.score) perReport.set(item.reportId, { item, score });
  }
  perReport.set(best.reportId, { item: best, score: Infinity });
  return [...perReport.values()].map((v) => v.item).sort((a, b) => a.reportDate.localeCompare(b.reportDate));
}

function itemsWithoutSubject(
  analysis: QuestionAnalysis,
  deps: AnswerDeps,
  scopeReports: StoredReport[] | null,
  latestReportByTeam: Map<string, StoredReport>,
): StoredItem[] {
  let reports: StoredReport[];
  if (scopeReports) reports = scopeReports;
  else if (analysis.scope.kind === 'all' || analysis.statusFilter === 'delayed') reports = deps.reports();
  // Every report of each team's latest week: members' submissions and the team's own report.
  else reports = deps.reports().filter((r) => r.reportDate === latestReportByTeam.get(r.team)?.reportDate);
  if (analysis.teams.length) reports = reports.filter((r) => analysis.teams.includes(r.team));
  const items = reports.flatMap((r) => deps.store.getItemsForReport(r.id));
  return items.sort((a, b) => b.reportDate.localeCompare(a.reportDate) || a.ordinal - b.ordinal);
}

/**
 * Retrieval searches every stored item; answers draw only on the reports `deps.reports()` offers
 * (a week with a compiled team report answers from it, not from the submissions it repeats).
 */
function answerableHits<H extends { item: StoredItem }>(deps: AnswerDeps, hits: H[]): H[] {
  const ids = new Set(deps.reports().map((r) => r.id));
  return hits.filter((h) => ids.has(h.item.reportId));
}

function isAsideItem(item: StoredItem): boolean {
  return item.sectionPath.some((s) => /收获|反思|生产事件|事故/.test(s));
}

function latestByTeam(reports: StoredReport[]): Map<string, StoredReport> {
  const map = new Map<string, StoredReport>();
  for (const r of reports) {
    const current = map.get(r.team);
    if (!current || r.reportDate > current.reportDate) map.set(r.team, r);
  }
  return map;
}
