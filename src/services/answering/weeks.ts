/** Comparing two weeks: which two reports, and which line of each is the subject's. */
import type { StoredItem, StoredReport } from '../../domain/records';
import { composeSubjectComparison, composeWeekComparison, notFound } from '../../domain/answer/compose';
import type { Answer } from '../../domain/answer/model';
import type { QuestionAnalysis } from '../../domain/answer/question';
import type { AnswerDeps, Chains, ItemsOf } from './answerDeps';
import { memoItems } from './itemCache';

/** Each team's two newest reports (前后两周相比 without a subject: a team must be named). */
export function lastTwoReports(teams: string[], reports: StoredReport[]): StoredReport[] {
  return teams.flatMap((t) => reports.filter((r) => r.team === t).sort((a, b) => b.reportDate.localeCompare(a.reportDate)).slice(0, 2));
}

export function compareWeeks(analysis: QuestionAnalysis, reports: StoredReport[], itemsOf: ItemsOf, knownTeams: string[] = []): Answer {
  const teams = [...new Set(reports.map((r) => r.team))];
  if (teams.length !== 1) {
    // 前后对比 alone has no reports in view: the choice is every team the store knows.
    const choices = teams.length ? teams : knownTeams;
    return notFound(analysis.question, `请指明要比较哪个团队的周报${choices.length ? `（已有团队：${choices.join('、')}）` : ''}${choices.length ? `，例如：${choices[0]}前后两周对比` : ''}。`);
  }
  const [earlier, later] = [...reports].sort((a, b) => a.reportDate.localeCompare(b.reportDate)).filter((r, i, all) => i === 0 || i === all.length - 1);
  if (!later) return notFound(analysis.question, '要比较的两周是同一份周报。');
  return composeWeekComparison(analysis.question, earlier, later, itemsOf);
}

/** 第47周和第48周相比X: X's line (or figure) in each week, the same item by identity. */
export function compareSubject(analysis: QuestionAnalysis, matches: StoredItem[], reports: StoredReport[], deps: AnswerDeps, chains: Chains): Answer {
  const best = matches[0];
  const chain = chains(best);
  // The weeks the item's chain reaches, and those where another line about the subject (the gate passed it) stands.
  const inChain = new Set([...chain, ...matches.filter((m) => m.team === best.team)].map((i) => i.reportId));
  const weeks = (reports.length ? reports : deps.reports().filter((r) => inChain.has(r.id)))
    .filter((r) => r.team === best.team)
    .sort((a, b) => a.reportDate.localeCompare(b.reportDate))
    .slice(-2);
  const lineIn = (r: StoredReport) => chain.find((i) => i.reportId === r.id) ?? matches.find((m) => m.reportId === r.id) ?? sameMeasureIn(best, deps, r);
  return composeSubjectComparison(analysis.question, analysis.subject, best.team, weeks.map((report) => ({ report, item: lineIn(report) })));
}

/**
 * A week whose line about the subject is worded otherwise (检索召回评测，Top5 召回率 86% → 重排模型接入完成，
 * Top5 召回率提升至 91%): the same owner's line stating a figure with the same label (three characters or more).
 */
function sameMeasureIn(best: StoredItem, deps: AnswerDeps, report: StoredReport): StoredItem | undefined {
  const labels = new Set(best.metrics.map((m) => (m.label ?? '').trim()).filter((l) => [...l].length >= 3));
  if (!best.owner || !labels.size || report.team !== best.team) return undefined;
  return memoItems(deps)(report.id).find((i) => i.owner === best.owner && i.metrics.some((m) => labels.has((m.label ?? '').trim())));
}
