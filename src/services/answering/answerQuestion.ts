/**
 * The offline question-answering pipeline: understand → scope → retrieve → keep what is about the
 * subject → build the subject's timeline → compose. Every dependency is injected (store, retriever,
 * aliases, clock), so the CLI, the console, Slack and the tests share exactly this path.
 */
import type { AliasTable } from '../../domain/text/aliases';
import type { HybridRetriever, RetrievedItem } from '../../adapters/search/hybridRetriever';
import { subjectPhrase } from '../../domain/followup/matchItems';
import type { ReportStore } from '../../adapters/store/reportStore';
import type { StoredItem, StoredReport } from '../../domain/records';
import { citationOf, composeAnswer, notFound, splitConjoinedSubject } from '../../domain/answer/compose';
import { contentTerms, forMatch, grounding, isQualifier, itemHaystack, namesSubject, type GroundTerm } from './grounding';
import { memoizedChains, type ChainSource } from '../../domain/answer/identity';
import { informativeness, isGoalItem, isNothingItem } from '../../domain/answer/match';
import type { Answer, AskContext } from '../../domain/answer/model';
import { analyzeQuestion, hasHan, normalizeQuestion, translateEnglishQuestionWords, type QuestionAnalysis } from '../../domain/answer/question';
import { resolveScope, type ResolvedScope } from '../../domain/answer/scope';
import { knownOwners } from './termStats';
import { composePerson, composePlan, composeWeekComparison, composeWeekSummary, composeWho } from '../../domain/answer/weekly';

export interface AnswerDeps {
  store: ReportStore;
  retriever: HybridRetriever;
  aliases: AliasTable;
  clock: () => Date;
  timeZone: string;
  /** Stored reports, cached by the caller and refreshed after writes */
  reports: () => StoredReport[];
}

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

const HELP_TEXT =
  '没有看懂这个问题。可以这样问：光大备份通道什么时候上线？第48周入金有效成功率是多少？谁负责POS收单系统建设？支付中心第48周做了什么？下周计划有哪些？';
const ENGLISH_TEXT = '离线模式只回答中文问题（可以中英混合，例如：When does 光大备份通道 go live?）。纯英文提问请启用 LLM 模式（设置 OPENAI_API_KEY）。';

export function collectAnswerEvidence(rawQuestion: string, deps: AnswerDeps, context: AskContext = {}): AnswerEvidence {
  const question = rawQuestion.trim();
  const evidence = collectEvidence(question, deps, context);
  // A purely English question the offline reader could not ground: say that the model answers English.
  if (!evidence.answer.found && question && !hasHan(question) && /[a-z]{3}/i.test(question) && deps.reports().length) {
    evidence.answer = notFound(question, ENGLISH_TEXT);
  }
  return evidence;
}

function collectEvidence(question: string, deps: AnswerDeps, context: AskContext): AnswerEvidence {
  const stopped = (answer: Answer, analysis: QuestionAnalysis | null = null, scope: ResolvedScope | null = null, latest = new Map<string, StoredReport>()): AnswerEvidence => ({
    answer,
    analysis,
    scope,
    matches: [],
    timeline: [],
    latestReportByTeam: latest,
  });
  const reports = deps.reports();
  if (!question) return stopped(notFound(question, '请输入一个问题，例如：光大备份通道什么时候上线？'));
  if (!reports.length) return stopped(notFound(question, '知识库里还没有周报。请先导入（zhoubao ingest data/samples）或在私信中提交周报。'));
  // 🙂, ？？？, *: nothing to look for.
  if (!/[\p{L}\p{N}]/u.test(normalizeQuestion(question))) return stopped(notFound(question, HELP_TEXT));

  const knownTeams = [...new Set(reports.map((r) => r.team))];
  const knownPeople = knownOwners(deps.store);
  const referenceYear = Number(reports.reduce((max, r) => (r.reportDate > max ? r.reportDate : max), '').slice(0, 4));
  const read = (q: string, previous: QuestionAnalysis | null) =>
    analyzeQuestion(translateEnglishQuestionWords(q), { knownTeams, previous, referenceYear, knownPeople });
  let previous: QuestionAnalysis | null = null;
  for (const q of context.previousQuestions ?? []) previous = read(q, previous);
  const analysis = read(question, previous);
  analysis.question = question;
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
  const withNotice = (e: AnswerEvidence): AnswerEvidence => {
    if (scope.notice && e.answer.found) e.answer = { ...e.answer, answer: scope.notice + e.answer.answer };
    return e;
  };
  const itemsOf = memoItems(deps);
  const done = (answer: Answer, matches: StoredItem[] = [], timeline: StoredItem[] = []): AnswerEvidence =>
    withNotice({ answer, analysis, scope, matches, timeline, latestReportByTeam });

  const terms = contentTerms(analysis.subject, deps.aliases, deps.store);
  const chains = memoizedChains(chainSource(analysis, terms, deps, itemsOf));
  const reportsInView = () => scopedOrLatest(scope.reports, analysis.teams, reports, latestReportByTeam);

  // Whole-report answers: no subject, the report (or a person's part of it) is the answer.
  if (!terms.length) {
    if (analysis.person && analysis.type !== 'who') return done(answerPerson(analysis, deps, scope.reports, itemsOf));
    if (analysis.asksPlan && analysis.type !== 'compare') return done(composePlan(question, reportsInView(), itemsOf));
    switch (analysis.type) {
      case 'plan':
        return done(composePlan(question, reportsInView(), itemsOf));
      case 'compare':
        return done(compareWeeks(analysis, scope.reports ?? lastTwoReports(analysis.teams, reports), itemsOf));
      case 'weekSummary':
        return done(composeWeekSummary(question, reportsInView(), itemsOf));
      default:
        break;
    }
    const listing = analysis.type === 'list' || analysis.type === 'count' || !!analysis.statusFilter;
    if (!listing) {
      // 支付中心最新情况 / 第48周怎么样: a team or week with nothing more is a summary of it.
      if (analysis.teams.length || (analysis.scopeExplicit && analysis.scope.kind !== 'all')) {
        return done(composeWeekSummary(question, reportsInView(), itemsOf));
      }
      return stopped(notFound(question, HELP_TEXT), analysis, scope, latestReportByTeam);
    }
  }

  let matches: StoredItem[];
  let hits: RetrievedItem[] = [];
  if (!terms.length) {
    // No subject (第48周有哪些事项延期了 / 列出所有延期的事项): the scope and the status filter select.
    matches = itemsWithoutSubject(analysis, deps, scope.reports, latestReportByTeam);
  } else {
    const unknown = terms.filter((t) => t.df === 0 && !isQualifier(t));
    if (unknown.length) {
      return stopped(notFound(question, `周报中没有提到「${unknown.map((t) => t.text).join('」「')}」。${hintFor(analysis)}`), analysis, scope, latestReportByTeam);
    }
    const ranked = rankBySubject(analysis, terms, deps, scope.reports, chains);
    if (!ranked.matches.length) {
      return stopped(notFound(question, ranked.nearMiss ?? noMatchReason(analysis, terms, scope)), analysis, scope, latestReportByTeam);
    }
    ({ matches, hits } = ranked);
  }
  // A status filter lists work items: not reflections, and not incidents that 延迟 made look 'delayed'.
  if (analysis.statusFilter) {
    const wanted = analysis.statusFilters.length ? analysis.statusFilters : [analysis.statusFilter];
    const happened = /已|了/.test(analysis.question);
    // 有哪些提测: lines that reached the status, and lines dating the event (提测由11/24推迟至11/30).
    const datesEvent = (i: StoredItem) =>
      wanted.some((s) => STATUS_EVENT[s] && i.dates.some((d) => d.event === STATUS_EVENT[s] && (!happened || !d.planned)));
    matches = matches.filter((i) => (wanted.includes(i.status) || datesEvent(i)) && !isAsideItem(i) && !isGoalItem(i));
    // Across weeks, an item is listed once: its newest line.
    if (!scope.reports) matches = newestPerItem(matches);
  }
  if (!matches.length) {
    const what = analysis.subject ? `「${withoutFigures(analysis.subject)}」` : '符合条件的事项';
    const where = [analysis.teams.join('、'), scope.label].filter(Boolean).join(' ');
    return stopped(
      notFound(question, `没有在${where ? where + '的' : ''}周报中找到${what}。可以换个说法，或指明团队和周次（例如：支付中心 第48周 …）。`),
      analysis,
      scope,
      latestReportByTeam,
    );
  }

  const best = matches[0];
  if (analysis.type === 'who') {
    const owner = (i: StoredItem) => ownerOf(i) ?? blockOwner(i, itemsOf);
    return done(composeWho(question, analysis.subject, ownerLines(best, matches, chains, itemsOf, owner), owner), matches);
  }
  if (analysis.type === 'compare') return done(compareSubject(analysis, matches, scope.reports ?? [], deps, chains), matches);

  // The asked week ends the story, in the best match's team (another team's 第47周 may end later).
  const ownScope = scope.reports?.filter((r) => r.team === best.team) ?? [];
  const until = analysis.scopeExplicit && ownScope.length ? ownScope.map((r) => r.reportDate).sort().pop()! : null;
  const story = analysis.type === 'list' || analysis.type === 'count' ? [] : storyOf(best, terms, chains(best, until));
  const timeline = analysis.type === 'when' ? withPlannedGoal(story, matches, analysis.event) : story;
  void hits;
  const asked = versionDatesRemoved(terms);
  const answer = composeAnswer({
    analysis,
    matches: matches.map(asked),
    timeline: timeline.map(asked),
    latestReportByTeam,
    scopeLabel: scope.label,
    itemsOfReport: itemsOf,
  });
  return done(answer, matches, timeline);
}

/**
 * Items of a report, kept across questions until the store changes (its generation moves with every
 * write, by this process or another): timelines read the same team's weeks question after question.
 */
interface ItemCache {
  generation: number;
  items: Map<number, StoredItem[]>;
}
const itemCaches = new WeakMap<ReportStore, ItemCache>();
/** About 80k items at 40 a report: enough for every chain of a busy hour, bounded memory at 1M items. */
const CACHED_REPORTS = 2000;

function memoItems(deps: AnswerDeps): (reportId: number) => StoredItem[] {
  const generation = deps.store.indexGeneration();
  let cache = itemCaches.get(deps.store);
  if (!cache || cache.generation !== generation) itemCaches.set(deps.store, (cache = { generation, items: new Map() }));
  const { items: byReport } = cache;
  return (id) => {
    let items = byReport.get(id);
    if (!items) {
      if (byReport.size >= CACHED_REPORTS) byReport.clear();
      byReport.set(id, (items = deps.store.getItemsForReport(id)));
    }
    return items;
  };
}

/**
 * A date may be written only in a week's 下周计划 (冷数据归档方案评审（11/22）) while the work lines
 * before and after carry none. For a when-question whose timeline has no date for the event, the
 * newest such goal line about the subject from the same team, no later than the timeline, joins it
 * as a plan. Timelines never contain goal lines otherwise (a goal is not a fact about the week).
 */
function withPlannedGoal(timeline: StoredItem[], matches: StoredItem[], event: string | null): StoredItem[] {
  if (!timeline.length) return timeline;
  const forEvent = (d: StoredItem['dates'][number]) => !event || d.event === event || d.event === null;
  if (timeline.some((i) => i.dates.some(forEvent))) return timeline;
  const last = timeline[timeline.length - 1];
  const goal = matches
    .filter((m) => isGoalItem(m) && m.team === last.team && m.reportDate <= last.reportDate && !timeline.includes(m) && m.dates.some((d) => d.planned && forEvent(d)))
    .sort((a, b) => b.reportDate.localeCompare(a.reportDate))[0];
  if (!goal) return timeline;
  const at = timeline.findIndex((i) => i.reportDate > goal.reportDate);
  return at < 0 ? [...timeline, goal] : [...timeline.slice(0, at), goal, ...timeline.slice(at)];
}

/**
 * The parser keeps a version after a version word ("升级至 1.27") out of the dates, but one without
 * such a word ("切到 1.27") may still be read as 1月27日; when the question names 1.27 as a version,
 * it is the version and not a date the answer may give. Returns copies (stored items are shared between
 * questions), the same copy for the same item so identity checks in composing still hold.
 */
function versionDatesRemoved(terms: GroundTerm[]): (item: StoredItem) => StoredItem {
  const versions = new Set(terms.filter((t) => t.kind === 'version').map((t) => t.text));
  const copies = new Map<StoredItem, StoredItem>();
  return (item) => {
    if (!versions.size || !item.dates.some((d) => versions.has(forMatch(d.text)))) return item;
    let copy = copies.get(item);
    if (!copy) copies.set(item, (copy = { ...item, dates: item.dates.filter((d) => !versions.has(forMatch(d.text))) }));
    return copy;
  };
}

/** The scope's reports, else every (asked) team's latest report. */
function scopedOrLatest(scoped: StoredReport[] | null, teams: string[], reports: StoredReport[], latest: Map<string, StoredReport>): StoredReport[] {
  const base = scoped ?? reports.filter((r) => r.reportDate === latest.get(r.team)?.reportDate);
  return teams.length ? base.filter((r) => teams.includes(r.team)) : base;
}

interface Ranked {
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
function rankBySubject(
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
  if (!passing.length) return { matches: [], hits, nearMiss: nearMissReason(terms, graded.map((x) => ({ item: x.hit.item, missing: x.g.missing }))) };

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
function nearMissReason(terms: GroundTerm[], graded: Array<{ item: StoredItem; missing: GroundTerm[] }>): string | null {
  const near = graded.find((x) => x.missing.length && x.missing.every(isQualifier));
  if (!near) return null;
  const asked = near.missing.map((t) => (/\d/.test(t.text) ? '问到的版本或编号' : t.text)).join('、');
  const named = subjectPhrase(near.item.text);
  const shown = /\d/.test(named) || [...named].length > 30 ? '' : `只提到「${named}」，`;
  return `周报${shown}没有${asked}${shown ? '' : '的记录'}。`;
}

function noMatchReason(analysis: QuestionAnalysis, terms: GroundTerm[], scope: ResolvedScope): string {
  const where = [analysis.teams.join('、'), scope.label].filter(Boolean).join(' ');
  const words = terms.filter((t) => !/\d/.test(t.text)).map((t) => `「${t.text}」`);
  const what = words.length > 1 ? `同时提到${words.join('')}的事项` : words.length ? `${words[0]}` : '问到的事项';
  return `没有在${where ? where + '的' : ''}周报中找到${what}。${hintFor(analysis)}`;
}

function hintFor(analysis: QuestionAnalysis): string {
  return analysis.teams.length ? '可以换个说法再问。' : '可以换个说法，或指明团队和周次（例如：支付中心 第48周 …）。';
}

function withoutFigures(text: string): string {
  return text.replace(/\d+(\.\d+)*/g, '').replace(/\s+/g, ' ').trim();
}

/** The whole subject names one of the item's headings (生产事件, POS收单系统建设). */
function sectionMatches(terms: GroundTerm[], item: StoredItem): boolean {
  return item.sectionPath.some((s) => !grounding(terms, forMatch(s)).missing.length);
}

/**
 * The chain up to the best match, and after it only while later weeks still match the whole question
 * (资金安全数据一致性的提测为什么推迟: the week that says 推迟 answers, not the next week's 联调中).
 */
function storyOf(best: StoredItem, terms: GroundTerm[], chain: StoredItem[]): StoredItem[] {
  const at = chain.indexOf(best);
  if (at < 0) return chain;
  const out = chain.slice(0, at + 1);
  // A version named once (K8s 集群升级至 1.27) is not repeated in the item's later lines (生产集群升级
  // 由12/5推迟至12/12): the matcher already says they are the same item.
  const wordsOnly = terms.filter((t) => t.kind !== 'version');
  for (const later of chain.slice(at + 1)) {
    if (grounding(wordsOnly, itemHaystack(later)).missing.length) break;
    out.push(later);
  }
  return out;
}

/** The parts of a conjoined subject (入金和出金有效成功率 → 入金有效成功率, 出金有效成功率), as term lists. */
function conjoinedTerms(subject: string, terms: GroundTerm[], deps: AnswerDeps): GroundTerm[][] {
  const parts = splitConjoinedSubject(subject);
  if (parts.length < 2) return [];
  return parts.map((p) => contentTerms(p, deps.aliases, deps.store)).filter((t) => t.length && t.length < terms.length + 1);
}

/** The subject's cross-week chain of an item, built once per question (identity.ts). */
type Chains = (item: StoredItem, until?: string | null) => StoredItem[];

function chainSource(analysis: QuestionAnalysis, terms: GroundTerm[], deps: AnswerDeps, itemsOf: (id: number) => StoredItem[]): ChainSource {
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

// ---------------------------------------------------------------------------------------------
// People

/** Who an item belongs to: the parser's owner, else （负责人：张三） or an @handle in the line. */
export function ownerOf(item: StoredItem): string | null {
  if (item.owner) return item.owner;
  const named =
    /负责人\s*[:：]\s*([\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z.]{1,11})/u.exec(item.text) ??
    /@([\p{Script=Han}\w.-]{2,20})/u.exec(item.text) ??
    /由\s*([\p{Script=Han}]{2,3})\s*(?:完成|负责|跟进|主导|提交|实现)/u.exec(item.text);
  return named ? named[1] : null;
}

/** A task block's 负责人 line (### 3. 压测平台对接 / - 负责人：白露) names the owner of its siblings. */
function blockOwner(item: StoredItem, itemsOf: (id: number) => StoredItem[]): string | null {
  const key = item.sectionPath.join('\u0001');
  for (const sibling of itemsOf(item.reportId)) {
    if (sibling.sectionPath.join('\u0001') !== key && !sibling.sectionPath.includes(item.text)) continue;
    const m = /^负责人\s*[:：]\s*([\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z.]{1,11})/u.exec(sibling.text.replace(/\*\*/g, ''));
    if (m) return m[1];
  }
  return null;
}

/**
 * The lines that answer 谁负责X. The owner is often written once, in the week a task was set up (a
 * task block's 负责人, "由付晨负责"), and later weeks only report progress: when the best match names
 * nobody, the other lines about the subject and the same item's other weeks (newest first) are asked.
 */
function ownerLines(
  best: StoredItem,
  matches: StoredItem[],
  chains: Chains,
  itemsOf: (id: number) => StoredItem[],
  owner: (i: StoredItem) => string | null,
): StoredItem[] {
  const lines = ownedLines(best, matches, itemsOf, owner);
  if (lines.some(owner)) return lines;
  const otherWeeks = chains(best).filter((i) => i !== best).reverse();
  for (const other of [...matches.filter((m) => m !== best), ...otherWeeks]) {
    const theirs = ownedLines(other, matches, itemsOf, owner);
    if (theirs.some(owner)) return theirs;
  }
  return lines;
}

/** The lines whose owners answer 谁负责X: the best match, or the lines under it when it is a heading. */
function ownedLines(best: StoredItem, matches: StoredItem[], itemsOf: (id: number) => StoredItem[], owner: (i: StoredItem) => string | null): StoredItem[] {
  const sameReport = matches.filter((m) => m.reportId === best.reportId);
  if (owner(best)) return [best, ...sameReport.filter((m) => m !== best && owner(m))];
  // A project heading: its lines; the heading line itself may be an item with the lines under it.
  const children = itemsOf(best.reportId).filter((i) => i.sectionPath.includes(best.text) || sameReport.includes(i));
  return children.length ? children : [best];
}

function answerPerson(analysis: QuestionAnalysis, deps: AnswerDeps, scoped: StoredReport[] | null, itemsOf: (id: number) => StoredItem[]): Answer {
  const person = analysis.person!;
  const isTheirs = (i: StoredItem) => ownerOf(i) === person || i.sectionPath.includes(person);
  let pool = scoped ?? deps.reports();
  if (analysis.teams.length) pool = pool.filter((r) => analysis.teams.includes(r.team));
  // Newest first: the latest report that names them answers 张三本周做了什么 on an old store too.
  const ordered = [...pool].sort((a, b) => b.reportDate.localeCompare(a.reportDate));
  // Without a week, a person who reports rarely (a contributor to a biweekly report) is answered
  // from the last few reports that name them; with a week, from that week.
  const reportsWanted = analysis.scopeExplicit || analysis.asksPlan ? 1 : 3;
  const dates = [...new Set(ordered.filter((r) => itemsOf(r.id).some(isTheirs)).map((r) => r.reportDate))];
  for (let k = 0; k < dates.length; k++) {
    const window = new Set(dates.slice(k, k + reportsWanted));
    const theirs = ordered.filter((o) => window.has(o.reportDate)).flatMap((o) => itemsOf(o.id).filter(isTheirs));
    const answer = composePerson(analysis.question, person, theirs, analysis.asksPlan);
    if (answer.found || !analysis.asksPlan) return answer;
  }
  return notFound(analysis.question, analysis.asksPlan ? `周报里没有${person}的下周计划。` : `周报里没有写明${person}负责的事项。`);
}

// ---------------------------------------------------------------------------------------------
// Comparing two weeks

/** Each team's two newest reports (前后两周相比 without a subject: a team must be named). */
function lastTwoReports(teams: string[], reports: StoredReport[]): StoredReport[] {
  return teams.flatMap((t) => reports.filter((r) => r.team === t).sort((a, b) => b.reportDate.localeCompare(a.reportDate)).slice(0, 2));
}

function compareWeeks(analysis: QuestionAnalysis, reports: StoredReport[], itemsOf: (id: number) => StoredItem[]): Answer {
  const teams = [...new Set(reports.map((r) => r.team))];
  if (teams.length !== 1) {
    return notFound(analysis.question, `请指明要比较哪个团队的周报（${teams.join('、')}）。`);
  }
  const [earlier, later] = [...reports].sort((a, b) => a.reportDate.localeCompare(b.reportDate)).filter((r, i, all) => i === 0 || i === all.length - 1);
  if (!later) return notFound(analysis.question, '要比较的两周是同一份周报。');
  return composeWeekComparison(analysis.question, earlier, later, itemsOf);
}

/** 第47周和第48周相比X: X's line (or figure) in each week, the same item by identity. */
function compareSubject(
  analysis: QuestionAnalysis,
  matches: StoredItem[],
  reports: StoredReport[],
  deps: AnswerDeps,
  chains: Chains,
): Answer {
  const best = matches[0];
  const chain = chains(best);
  const inChain = new Set(chain.map((i) => i.reportId));
  const weeks = (reports.length ? reports : deps.reports().filter((r) => inChain.has(r.id)))
    .filter((r) => r.team === best.team)
    .sort((a, b) => a.reportDate.localeCompare(b.reportDate))
    .slice(-2);
  const lines: string[] = [];
  const cited: StoredItem[] = [];
  for (const r of weeks) {
    const item = chain.find((i) => i.reportId === r.id) ?? matches.find((m) => m.reportId === r.id);
    if (!item) {
      lines.push(`${r.weekLabel}：周报没有提到。`);
      continue;
    }
    const metric = pickFigure(item, analysis.subject);
    lines.push(`${r.weekLabel}：${metric ? `${metric}（「${item.text}」）` : `「${item.text}」`}`);
    cited.push(item);
  }
  if (!cited.length) return notFound(analysis.question, `这两周的周报都没有提到「${withoutFigures(analysis.subject)}」。`);
  return { question: analysis.question, found: true, answer: `${best.team}「${analysis.subject}」：\n${lines.join('\n')}`, citations: cited.map(citationOf) };
}

/** The figure of a line whose label fits the subject best (the whole figure as written, with its unit). */
function pickFigure(item: StoredItem, subject: string): string | null {
  if (!item.metrics.length) return null;
  const s = forMatch(subject);
  const fit = (label: string | null) => [...forMatch(label ?? '')].filter((c) => s.includes(c)).length;
  const best = [...item.metrics].sort((a, b) => fit(b.label) - fit(a.label))[0];
  return best.text;
}

function itemsWithoutSubject(
  analysis: QuestionAnalysis,
  deps: AnswerDeps,
  scopeReports: StoredReport[] | null,
  latestReportByTeam: Map<string, StoredReport>,
): StoredItem[] {
  let reports: StoredReport[];
  if (scopeReports) reports = scopeReports;
  // 哪些事项延期了 / 已上线: over every week (an item launched three weeks ago still has).
  else if (analysis.scope.kind === 'all' || analysis.statusFilters.some((s) => s === 'delayed' || s === 'launched' || s === 'done')) reports = deps.reports();
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

const STATUS_EVENT: Partial<Record<string, string>> = { testing: '提测', launched: '上线' };

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

function latestByTeam(reports: StoredReport[]): Map<string, StoredReport> {
  const map = new Map<string, StoredReport>();
  for (const r of reports) {
    const current = map.get(r.team);
    if (!current || r.reportDate > current.reportDate) map.set(r.team, r);
  }
  return map;
}
