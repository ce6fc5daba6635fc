/**
 * Which retrieved items are about the question's subject, best first: the grounding gate (every
 * content term in the item, its headings, its owner or its cross-week chain), then a score for how
 * much of the subject is in the line itself and what the line can say. Also why nothing matched.
 */
import type { RetrievedItem } from '../../adapters/search/hybridRetriever';
import { subjectPhrase } from '../../domain/followup/matchItems';
import type { StoredItem, StoredReport } from '../../domain/records';
import { splitConjoinedSubject } from '../../domain/answer/compose';
import type { ChainSource } from '../../domain/answer/identity';
import { informativeness, isGoalItem, isNothingItem } from '../../domain/answer/match';
import { reportIndex } from '../../domain/answer/reportIndex';
import type { QuestionAnalysis } from '../../domain/answer/question';
import type { ResolvedScope } from '../../domain/answer/scope';
import type { AnswerDeps, Chains, ItemsOf } from './answerDeps';
import { contentTerms, forMatch, grounding, isQualifier, itemHaystack, namesSubject, type GroundTerm } from './grounding';

/** Candidates taken from hybrid retrieval before the gate. */
const CANDIDATES = 60;

export interface Ranked {
  matches: StoredItem[];
  hits: RetrievedItem[];
  /** Why nothing matched, when the reports name the subject without the asked phase or version */
  nearMiss: string | null;
}

/** Candidates failing the gate on the item alone that are worth checking with their cross-week chain. */
const CHAIN_CHECKS = 6;

/**
 * Candidates from hybrid retrieval that pass the grounding gate (every content term in the item, its
 * section path, its owner or its cross-week chain), ordered by how much of the subject is in the
 * item's own words (IDF-weighted), then by what they can say (dates, figures, not a next-week goal),
 * by fit to the question (the asked event, a metric) and, among equals, by recency.
 */
export function rankBySubject(
  analysis: QuestionAnalysis,
  terms: GroundTerm[],
  deps: AnswerDeps,
  scopeReports: StoredReport[] | null,
  chains: Chains,
): Ranked {
  const query = [analysis.subject, ...terms.map((t) => t.text)].join(' ');
  const inScope = scopeReports ? new Set(scopeReports.map((r) => r.id)) : null;
  const hits = answerableHits(
    deps,
    deps.retriever.search(query, {
      teams: analysis.teams.length ? analysis.teams : undefined,
      reportIds: scopeReports ? scopeReports.map((r) => r.id) : undefined,
      limit: CANDIDATES,
    }),
  ).filter((h) => !inScope || inScope.has(h.item.reportId));
  const wantsGoals = analysis.asksPlan || /计划做|目标/.test(analysis.question);

  // 入金和出金有效成功率 asks about two lines: each passes with its own part of the subject.
  const alternatives = conjoinedTerms(analysis.subject, terms, deps);
  const gradeOf = (haystack: string) => {
    const whole = grounding(terms, haystack);
    if (!whole.missing.length || !alternatives.length) return whole;
    const parts = alternatives.map((a) => grounding(a, haystack));
    return parts.find((p) => !p.missing.length) ?? whole;
  };
  const graded = hits.map((hit, rank) => ({ hit, rank, g: gradeOf(itemHaystack(hit.item)), viaChain: false }));
  // Rewording across weeks: a line that lacks a word its earlier or later self has still passes.
  const retry = graded
    .filter((x) => x.g.missing.length && x.g.coverage >= 0.5 && !x.g.missing.some(isQualifier))
    .sort((a, b) => b.g.coverage - a.g.coverage)
    .slice(0, CHAIN_CHECKS);
  for (const x of retry) {
    const chain = chains(x.hit.item);
    if (chain.length > 1) {
      x.g = gradeOf(chain.map(itemHaystack).join('|'));
      x.viaChain = true;
    }
  }

  const passing = graded.filter((x) => !x.g.missing.length);
  if (!passing.length) return { matches: [], hits, nearMiss: nearMissReason(graded.map((x) => ({ item: x.hit.item, missing: x.g.missing }))) };

  const scored = passing.map(({ hit, rank, viaChain }) => {
    const ownGrounding = grounding(terms, forMatch(hit.item.text + '|' + (hit.item.owner ?? '')));
    // Every term in the line itself, close together: the line is about the subject, not near it.
    const own = 1.5 * ownGrounding.coverage + (!ownGrounding.missing.length && namesSubject(terms, hit.item) ? 0.5 : 0);
    let info = wantsGoals && isGoalItem(hit.item) ? 0 : informativeness(hit.item);
    const inSection = sectionMatches(terms, hit.item);
    // A heading naming the subject makes its lines the answer to 哪些生产事件 / 有生产事件吗; for a
    // date or a figure, a line that names the subject itself says more.
    const ownWords = grounding(terms, forMatch(hit.item.text)).coverage;
    const wantsFact = analysis.type === 'when' || analysis.type === 'metric' || analysis.type === 'compare';
    const sectionBonus = !inSection ? 0 : wantsFact && ownWords > 0 ? 0 : 2.5;
    // "第47周有生产事件吗": the 生产事件 section's "无" is the answer, not noise.
    if (inSection && isNothingItem(hit.item) && analysis.type !== 'when' && analysis.type !== 'metric') info += 3.5;
    // A line that says everything asked beats one whose other weeks had to fill in a word.
    const score = own + info + sectionBonus + fitBonus(analysis, hit.item) - (viaChain ? 1 : 0) - rank * 0.001;
    return { item: hit.item, inSection, score };
  });
  // Of equally good matches the newest wins, unless the question named a week.
  if (!analysis.scopeExplicit || analysis.scope.kind === 'latest') {
    const days = scored.map((s) => Date.parse(s.item.reportDate));
    const [min, max] = [Math.min(...days), Math.max(...days)];
    for (const s of scored) if (max > min) s.score += (0.6 * (Date.parse(s.item.reportDate) - min)) / (max - min);
  }
  scored.sort((a, b) => b.score - a.score);
  // A list of "哪些生产事件" is the section's lines, not every line that mentions 事故.
  const listing = analysis.type === 'list' || analysis.type === 'count';
  const kept = listing && scored.some((s) => s.inSection) ? scored.filter((s) => s.inSection) : scored;
  return { matches: kept.map((s) => s.item), hits, nearMiss: null };
}

/**
 * When the reports name the subject but not the asked phase, version or identifier: say what they
 * do mention (周报只提到「光大备份通道」，没有二期). Never a figure: a not-found answer has none.
 */
function nearMissReason(graded: Array<{ item: StoredItem; missing: GroundTerm[] }>): string | null {
  const near = graded.find((x) => x.missing.length && x.missing.every(isQualifier));
  if (!near) return null;
  const asked = near.missing.map((t) => (/\d/.test(t.text) ? '问到的版本或编号' : t.text)).join('、');
  const named = subjectPhrase(near.item.text);
  const shown = /\d/.test(named) || [...named].length > 30 ? '' : `只提到「${named}」，`;
  return `周报${shown}没有${asked}${shown ? '' : '的记录'}。`;
}

export function noMatchReason(analysis: QuestionAnalysis, terms: GroundTerm[], scope: ResolvedScope): string {
  const where = [analysis.teams.join('、'), scope.label].filter(Boolean).join(' ');
  const words = terms.filter((t) => !/\d/.test(t.text)).map((t) => `「${t.text}」`);
  const what = words.length > 1 ? `同时提到${words.join('')}的事项` : words.length ? `${words[0]}` : '问到的事项';
  return `没有在${where ? where + '的' : ''}周报中找到${what}。${hintFor(analysis)}`;
}

export function hintFor(analysis: QuestionAnalysis): string {
  return analysis.teams.length ? '可以换个说法再问。' : '可以换个说法，或指明团队和周次（例如：支付中心 第48周 …）。';
}

/** The whole subject names one of the item's headings (生产事件, POS收单系统建设). */
function sectionMatches(terms: GroundTerm[], item: StoredItem): boolean {
  return item.sectionPath.some((s) => !grounding(terms, forMatch(s)).missing.length);
}

/** The parts of a conjoined subject (入金和出金有效成功率 → 入金有效成功率, 出金有效成功率), as term lists. */
function conjoinedTerms(subject: string, terms: GroundTerm[], deps: AnswerDeps): GroundTerm[][] {
  const parts = splitConjoinedSubject(subject);
  if (parts.length < 2) return [];
  return parts.map((p) => contentTerms(p, deps.aliases, deps.store)).filter((t) => t.length && t.length < terms.length + 1);
}

export function chainSource(analysis: QuestionAnalysis, terms: GroundTerm[], deps: AnswerDeps, itemsOf: ItemsOf): ChainSource {
  return {
    reports: deps.reports(),
    itemsOfReport: itemsOf,
    namesSubject: remembered((i) => !grounding(terms, itemHaystack(i)).missing.length && namesSubject(terms, i)),
    tellingness: (i) => informativeness(i) + fitBonus(analysis, i),
  };
}

/** A per-item test, computed once per item for one question (timelines test the same weeks again). */
function remembered(test: (item: StoredItem) => boolean): (item: StoredItem) => boolean {
  const seen = new Map<number, boolean>();
  return (item) => {
    let result = seen.get(item.id);
    if (result === undefined) seen.set(item.id, (result = test(item)));
    return result;
  };
}

function fitBonus(analysis: QuestionAnalysis, item: StoredItem): number {
  let bonus = 0;
  if (analysis.event && item.dates.some((d) => d.event === analysis.event)) bonus += 0.6;
  if (analysis.type === 'when' && item.dates.length) bonus += 0.3;
  if (analysis.type === 'metric' && item.metrics.length) bonus += 0.8;
  return bonus;
}

/**
 * Retrieval searches every stored item; answers draw only on the reports `deps.reports()` offers
 * (a week with a compiled team report answers from it, not from the submissions it repeats).
 */
function answerableHits<H extends { item: StoredItem }>(deps: AnswerDeps, hits: H[]): H[] {
  const { ids } = reportIndex(deps.reports());
  return hits.filter((h) => ids.has(h.item.reportId));
}
