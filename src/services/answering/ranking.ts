/**
 * Which retrieved items are about the question's subject, best first: the grounding gate (every
 * content term in the item, its headings, its owner or its cross-week chain), then a score for how
 * much of the subject is in the line itself and what the line can say. Also why nothing matched.
 */
import type { RetrievedItem } from '../../adapters/search/hybridRetriever';
import { subjectPhrase } from '../../domain/followup/matchItems';
import type { StoredItem, StoredReport } from '../../domain/records';
import { comparesParts, subjectParts } from '../../domain/answer/compose';
import type { ChainSource } from '../../domain/answer/identity';
import { informativeness, isGoalItem, isNothingItem } from '../../domain/answer/match';
import { reportIndex } from '../../domain/answer/reportIndex';
import type { QuestionAnalysis } from '../../domain/answer/question';
import type { ResolvedScope } from '../../domain/answer/scope';
import type { AnswerDeps, Chains, ItemsOf } from './answerDeps';
import { contentTerms, forMatch, grounding, groundsAll, isQualifier, itemHaystack, linesHaystack, namesSubject, ownHaystack, phasesIn, termFound, type GroundTerm } from './grounding';

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
  itemsOf: ItemsOf,
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
  // Where an item stands is said by its own line; a date or a figure may sit in a line that mentions it.
  const wantsState = analysis.type === 'status' || analysis.type === 'general';

  // 入金和出金有效成功率 asks about two lines: each passes with its own part of the subject.
  const alternatives = conjoinedTerms(analysis, terms, deps);
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

  // A short mention (网关全量后峰值 QPS) of an item the same report names in full (开放 API 网关 v2.0).
  const shortened = graded
    .filter((x) => x.g.missing.length && x.g.coverage >= 0.3 && !x.g.missing.some(isQualifier))
    .sort((a, b) => b.g.coverage - a.g.coverage)
    .slice(0, CHAIN_CHECKS);
  for (const x of shortened) {
    if (namedInFullNearby(x.hit.item, x.g.missing, terms, analysis.subject, itemsOf) && !fullyNamedElsewhere(x.hit.item, terms, itemsOf)) {
      x.g = { coverage: x.g.coverage, missing: [] };
      x.viaChain = true;
    }
  }

  // A line passes on its own words: a subject that only the team's name holds (客服 of 智能客服项目组) names no line.
  const passingAny = graded.filter((x) => !x.g.missing.length && (x.viaChain || terms.some((t) => termFound(t, ownHaystack(x.hit.item)))));
  // A kind noun (平台, 系统) may be missing from a line only when no line has the subject with it:
  // 浙东告警平台 is the line that writes it, not 浙东鉴权服务…补充监控告警 (another item sharing two words).
  const kindNouns = terms.filter((t) => t.optional);
  const whole = kindNouns.length ? passingAny.filter((x) => !x.viaChain && kindNouns.every((t) => termFound(t, ownHaystack(x.hit.item)))) : [];
  const passing = whole.length ? passingAny.filter((x) => x.viaChain || kindNouns.every((t) => termFound(t, ownHaystack(x.hit.item)))) : passingAny;
  if (!passing.length) return { matches: [], hits, nearMiss: nearMissReason(graded.map((x) => ({ item: x.hit.item, missing: x.g.missing }))) };

  // …unless a heading names the subject (生产事件): its lines answer, as below.
  const byName = wantsState && !passing.some((x) => sectionMatches(terms, x.hit.item));
  const sectionNamer = passing.some((x) => sectionMatches(terms, x.hit.item) && !grounding(terms, forMatch(x.hit.item.text)).missing.length);
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
    // Unless a line under the heading names the subject itself (文档与翻译 holds 英文文档翻译完成 64% and
    // 视频教程 3 集: the figure asked is the first's).
    const sectionBonus = !inSection ? 0 : !wantsFact ? 2.5 : sectionNamer && analysis.type !== 'when' ? (ownWords === 1 ? 2.5 : 0) : ownWords > 0 ? 0 : 2.5;
    // "第47周有生产事件吗": the 生产事件 section's "无" is the answer, not noise.
    if (inSection && isNothingItem(hit.item) && analysis.type !== 'when' && analysis.type !== 'metric') info += 3.5;
    // A line that says everything asked beats one whose other weeks had to fill in a word.
    const score = own + info + sectionBonus + (byName ? nameBonus(terms, hit.item) : 0) + fitBonus(analysis, hit.item) - (viaChain ? 1 : 0) - rank * 0.001;
    return { item: hit.item, inSection, score };
  });
  // Of equally good matches the newest wins, unless the question named a week; the oldest, when it
  // asks about the first weeks (最早在哪个城市试点, 原来是谁负责).
  if (!analysis.scopeExplicit || analysis.scope.kind === 'latest') {
    const days = scored.map((s) => Date.parse(s.item.reportDate));
    const [min, max] = [Math.min(...days), Math.max(...days)];
    const age = (day: number) => (analysis.asksEarliest ? max - day : day - min);
    for (const s of scored) if (max > min) s.score += (0.6 * age(Date.parse(s.item.reportDate))) / (max - min);
  }
  scored.sort((a, b) => b.score - a.score);
  // A list of "哪些生产事件" is the section's lines, not every line that mentions 事故.
  const listing = analysis.type === 'list' || analysis.type === 'count';
  const kept = listing && scored.some((s) => s.inSection) ? scored.filter((s) => s.inSection) : scored;
  return { matches: kept.map((s) => s.item), hits, nearMiss: null };
}

/**
 * A line may name its item by a short form (网关 for 开放 API 网关, once the report has said which
 * gateway). A term missing from the line is supplied by the same report when another of its lines
 * holds the question's own words from that term through a term the line does have, as one run
 * (开放API网关 ⊃ api网关): a name the report spelled out, not words scattered over it. So iOS崩溃率
 * never borrows iOS from iOS推送证书: that line has no "ios崩溃率".
 */
function namedInFullNearby(item: StoredItem, missing: GroundTerm[], terms: GroundTerm[], subject: string, itemsOf: ItemsOf): boolean {
  const own = itemHaystack(item);
  // The line's own words, not its team's name (固件 of 嵌入式固件组 is in every line of that team's log).
  const found = terms.filter((t) => !missing.includes(t) && !isQualifier(t) && ownHaystack(item).includes(t.text));
  if (!found.length) return false;
  // The subject as one run (spaces between words are the asker's: 开放 API 网关 is 开放api网关).
  const pieces = [forMatch(subject)].filter(Boolean);
  const siblings = itemsOf(item.reportId).filter((i) => i.id !== item.id).map(itemHaystack);
  // v1.1 上线前需要完成回归测试: the version stands for the item another line of the same report names
  // with it (意图识别模型 v1.1), when the missing words are that name: right before the version in the
  // question, and in the other line (测试报告 after the version is what is asked, not a name).
  const subjectRun = pieces[0] ?? '';
  const version = terms.find((t) => t.kind === 'version' && termFound(t, own) && subjectRun.includes(t.text));
  if (version) {
    const at = subjectRun.indexOf(version.text);
    const namesVersion = (m: GroundTerm, h: string) => {
      const w = h.indexOf(m.text);
      return w >= 0 && h.slice(w + m.text.length, w + m.text.length + NAME_TO_VERSION + version.text.length).includes(version.text);
    };
    const before = missing.every((m) => {
      const w = subjectRun.indexOf(m.text);
      return w >= 0 && w < at && !terms.some((t) => t !== m && !missing.includes(t) && !isQualifier(t) && subjectRun.indexOf(t.text) > w && subjectRun.indexOf(t.text) < at);
    });
    if (before && siblings.some((h) => missing.every((m) => namesVersion(m, h)))) return true;
  }
  // A sibling that names the item with another version (网关固件 OTA v1.4) names another release, not the asked one.
  const asked = terms.filter((t) => t.kind === 'version');
  // …and one without the phase or version the line has names another thing: 二期（差错自动处理）方案评审
  // under 对账平台升级 is not 跨境清算方案二期 because the same report plans 跨境清算方案评审 (no 二期).
  const lineQualifiers = terms.filter((t) => isQualifier(t) && t.kind !== 'date' && termFound(t, own));
  // …nor one writing another phase than the line's own (一期（银行流水自动勾对）beside 二期（差错自动处理）: the
  // question asking 差错自动处理那一期 asks the 二期, whatever the line shares with it).
  const ownPhases = phasesIn(ownHaystack(item));
  const samePhase = (h: string) => !ownPhases.length || !phasesIn(h).length || ownPhases.some((p) => phasesIn(h).includes(p));
  const sameRelease = (h: string, run: string) => lineQualifiers.every((q) => termFound(q, h)) && samePhase(h) && (!asked.length || !otherVersionAfter(h, run, asked));
  return missing.every((m) => {
    const piece = pieces.find((p) => p.includes(m.text));
    if (!piece) return false;
    return found.some((f) => {
      const at = [piece.indexOf(m.text), piece.indexOf(f.text)];
      if (at[1] < 0) return false;
      const run = piece.slice(Math.min(...at), Math.max(at[0] + m.text.length, at[1] + f.text.length));
      return siblings.some((h) => h.includes(run) && sameRelease(h, run));
    });
  });
}

/** The text names `run` followed, within a name's reach, by a version none of the asked ones is. */
function otherVersionAfter(haystack: string, run: string, asked: GroundTerm[]): boolean {
  for (let at = haystack.indexOf(run); at >= 0; at = haystack.indexOf(run, at + 1)) {
    const tail = haystack.slice(at + run.length, at + run.length + NAME_TO_VERSION + 8);
    const version = /v?(\d+(?:\.\d+)+)|v(\d+)/.exec(tail);
    if (version && !asked.some((t) => termFound(t, version[0]))) return true;
  }
  return false;
}

/** Characters that may stand between an item's name and its version (意图识别模型 v1.1: 模型). */
const NAME_TO_VERSION = 6;

/** …unless a line of the report says everything asked by itself: that line is the item, this one another (Java 客户端 beside Go 客户端). */
function fullyNamedElsewhere(item: StoredItem, terms: GroundTerm[], itemsOf: ItemsOf): boolean {
  return itemsOf(item.reportId).some((i) => i.id !== item.id && !grounding(terms, itemHaystack(i)).missing.length);
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
  // 网关固件 OTA v1.4 when v1.5 was asked: the name before the version, not the version (it reads like a date).
  const versionAsked = near.missing.every((t) => /\d/.test(t.text));
  const beforeVersion = /^(.*?)\s*(?:v?\d+(?:\.\d+)+|\bv\d+\b)/i.exec(named)?.[1].trim() ?? '';
  const otherVersion = versionAsked && [...beforeVersion].length >= 2 && !/\d/.test(beforeVersion);
  const shown = [...named].length > 30 ? '' : !/\d/.test(named) ? `只提到「${named}」，` : otherVersion ? `只提到「${beforeVersion}」的其他版本，` : '';
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

/**
 * The parts of a conjoined subject (入金和出金有效成功率 → 入金有效成功率, 出金有效成功率; 排序v5的实验流量跟
 * 向量召回那次比哪个大 → 排序v5 实验流量, 向量召回 实验流量), as term lists.
 */
function conjoinedTerms(analysis: QuestionAnalysis, terms: GroundTerm[], deps: AnswerDeps): GroundTerm[][] {
  const parts = subjectParts(analysis.subject, analysis.question);
  if (parts.length < 2) return [];
  const partTerms = parts.map((p) => contentTerms(p, deps.aliases, deps.store));
  // A phase, version or number the question names holds for every part: POS APP与应用市场二期 asks
  // about 二期 of the whole, and the part POS APP must not pass on a line without it. One written
  // inside an earlier part (排序v5 跟向量召回) is that part's own, and so is every part's when the parts
  // are things set against each other (向量召回的流量跟排序v5比哪个小).
  const own = comparesParts(analysis.question) ? partTerms : partTerms.slice(0, -1);
  const inEarlier = (e: GroundTerm) => own.some((t) => t.some((o) => o.kind === e.kind && o.text === e.text));
  const exact = terms.filter((t) => t.kind !== 'word' && t.kind !== 'date' && !inEarlier(t));
  return partTerms
    .filter((t) => t.length && t.length < terms.length + 1)
    .map((t) => [...t, ...exact.filter((e) => !t.some((o) => o.kind === e.kind && o.text === e.text))]);
}

export function chainSource(analysis: QuestionAnalysis, terms: GroundTerm[], deps: AnswerDeps, itemsOf: ItemsOf): ChainSource {
  return {
    reports: deps.reports(),
    itemsOfReport: itemsOf,
    namesSubject: remembered((i) => groundsAll(terms, itemHaystack(i)) && namesSubject(terms, i)),
    tellingness: (i) => informativeness(i) + fitBonus(analysis, i),
    // Every term found in the lines' haystacks joined is necessary for any one line to have them all
    // (a substring of a line is one of the joined text; the separator is no letter, digit or dot, so
    // a version's boundaries hold as in the line alone).
    mayNameSubject: rememberedFor((items) => groundsAll(terms, linesHaystack(items))),
  };
}

/** A per-list test, computed once per list for one question (a report's lines, visited by several chains). */
function rememberedFor(test: (items: StoredItem[]) => boolean): (items: StoredItem[]) => boolean {
  const seen = new WeakMap<StoredItem[], boolean>();
  return (items) => {
    let result = seen.get(items);
    if (result === undefined) seen.set(items, (result = test(items)));
    return result;
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

/**
 * A line that opens with the item's name (POS对账文件：与清结算中心对齐文件格式，联调中) is about that
 * item; another line may merely mention it (POS收单清算：…对齐POS对账文件格式). The share of the
 * subject in the name before the colon counts.
 */
function nameBonus(terms: GroundTerm[], item: StoredItem): number {
  const colon = item.text.search(/[：:]/);
  if (colon <= 0 || colon > 30) return 0;
  return NAME_WEIGHT * grounding(terms, forMatch(item.text.slice(0, colon))).coverage;
}

/** What the subject in a line's name is worth: about what a date in the line is. */
const NAME_WEIGHT = 1;

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
