/**
 * Is this week's line about the same thing as last week's? Owners reword their items every week
 * ("定转X，光大备份通道已提测，计划11/23上线" → "光大备份通道已于11/23上线，运行平稳"), so we compare
 * what an item is *about*: its text with dates, figures and progress words removed, as character
 * bigrams, plus the project it sits under. Precision and recall on labelled pairs are in BENCHMARKS.md.
 */

import {
  eachBigram,
  keyBigramsOf,
  sharedBigramCount,
  subjectKey,
  type SubjectBigrams,
} from './subjectBigrams';

// The encoding's public names, for importers that know them from here.
export {
  shareBigram,
  sharesStoredBigram,
  storedBigramsText,
  storedSubjectBigrams,
  subjectKey,
  SUBJECT_FEATURES_ID,
  type SubjectBigrams,
} from './subjectBigrams';

const CLAUSE = /[，,。；;]/;

export interface MatchableItem {
  text: string;
  sectionPath: string[];
}

/**
 * What similarity needs of one text, computed once per text: timelines compare a line with hundreds.
 * The subject bigrams are all that most lines are asked for (a timeline indexes every line of each
 * week it passes by them, and compares only the few sharing one), so the rest waits until a comparison.
 */
interface TextFeatures {
  keyBigrams: SubjectBigrams;
  details: TextDetails | null;
}

interface TextDetails {
  /** The subject's key when long enough to name a project (sameSubject), else null */
  namingSubject: string | null;
  /** For each contrast group, the alternatives the text names */
  contrast: string[][];
  organisations: string[];
}

/** Texts seen recently; cleared when full rather than evicted one by one (a miss only costs a recompute). */
const featureCache = new Map<string, TextFeatures>();
const FEATURE_CACHE_SIZE = 50_000;

/** `known`: the text's bigrams as the store kept them (storedSubjectBigrams), not worked out again. */
function featuresOf(text: string, folded?: string, known?: SubjectBigrams): TextFeatures {
  let f = featureCache.get(text);
  if (f) return f;
  f = { keyBigrams: known ?? keyBigramsOf(text, folded), details: null };
  if (featureCache.size >= FEATURE_CACHE_SIZE) featureCache.clear();
  featureCache.set(text, f);
  return f;
}

function detailsOf(text: string, f: TextFeatures): TextDetails {
  if (!f.details) {
    const named = subjectKey(subjectOf(text));
    f.details = {
      namingSubject: [...named].length >= MIN_NAMING_SUBJECT ? named : null,
      contrast: CONTRAST_GROUPS.map((group) => group.filter((w) => text.includes(w))),
      organisations: [...text.matchAll(ORGANISATION)].map((m) => m[1]),
    };
  }
  return f.details;
}

/**
 * The subject bigrams of a text (cached). Two items share none of them only when their similarity is
 * at most 0.3 (the project and subject bonuses), below any threshold: callers comparing one line
 * with many may index candidates by these and compare only those sharing one.
 */
export function subjectBigrams(text: string): SubjectBigrams {
  return featuresOf(text).keyBigrams;
}

/**
 * subjectBigrams(text), given the text NFKC-folded and lower-cased (text.normalize('NFKC').toLowerCase()),
 * which a timeline has already made of each line it passes: the key starts from it.
 */
export function subjectBigramsFolded(text: string, folded: string): SubjectBigrams {
  return featuresOf(text, folded).keyBigrams;
}

/**
 * subjectBigrams(text)'s members, repeats possible, without building or caching anything for a text
 * not seen yet: a timeline indexes each week's forty lines by them and compares only the few that
 * share one with its link.
 */
export function eachSubjectBigram(text: string, visit: (bigram: number) => void): void {
  const known = featureCache.get(text);
  if (known) known.keyBigrams.forEach((g) => visit(g));
  else eachBigram(subjectKey(text), visit);
}

/**
 * Similarity in [0, 1]: overlap of subject bigrams relative to the shorter subject (a short reply such
 * as "光大备份通道" is wholly inside last week's longer line), damped when one side is very short, plus
 * a small bonus for sharing the innermost project heading and a larger one for naming the same
 * subject ("数字人民币收单已于11/9提测" / "数字人民币收单已于11/15上线"). Lines that name opposite
 * qualifiers (入金/出金, 一期/二期) or different organisations are halved: similar words, other things.
 */
export function itemSimilarity(a: MatchableItem, b: MatchableItem): number {
  const words = sharedWords(a, b);
  return words === null ? 0 : similarityFrom(a, b, words);
}

/**
 * itemSimilarity(a, b) when it may reach `threshold` and exceed `beat`, else -1 (then it does
 * neither): a timeline keeping the best of a week's lines need not weigh one that cannot beat the
 * best so far. The bigram overlap is counted once, where mayReachSimilarity then itemSimilarity
 * counted it twice.
 */
export function similarityAbove(a: MatchableItem, b: MatchableItem, threshold: number, beat: number, bBigrams?: SubjectBigrams): number {
  const words = sharedWords(a, b, bBigrams);
  if (words === null) return -1;
  const bound = Math.min(1, words + 0.2);
  if (bound < threshold || bound <= beat) return -1;
  return similarityFrom(a, b, words, bBigrams);
}

/** itemSimilarity given sharedWords(a, b), not null. */
function similarityFrom(a: MatchableItem, b: MatchableItem, words: number, bBigrams?: SubjectBigrams): number {
  const [da, db] = [detailsOf(a.text, featuresOf(a.text)), detailsOf(b.text, featuresOf(b.text, undefined, bBigrams))];
  const sameSubject = da.namingSubject !== null && da.namingSubject === db.namingSubject;
  let score = words + (sameSubject ? 0.2 : 0);
  if (contrasting(da, db)) score *= 0.5;
  return Math.min(1, score);
}

/**
 * False when itemSimilarity(a, b) is surely below `threshold`: its bigram overlap and project bonus
 * leave no room even with the subject bonus. Reads only the subject bigrams, so a timeline can pass
 * over a week's lines that merely share a common word without working out what each names.
 */
export function mayReachSimilarity(a: MatchableItem, b: MatchableItem, threshold: number): boolean {
  if (threshold <= 0) return true;
  const words = sharedWords(a, b);
  return words !== null && Math.min(1, words + 0.2) >= threshold;
}

/**
 * itemSimilarity's part from the subject bigrams and the project heading (null when a side has no
 * bigram): the subject bonus is added to it and contrasts halve the sum, so it bounds the whole.
 */
function sharedWords(a: MatchableItem, b: MatchableItem, bBigrams?: SubjectBigrams): number | null {
  const [ka, kb] = [featuresOf(a.text).keyBigrams, bBigrams ?? featuresOf(b.text).keyBigrams];
  if (!ka.length || !kb.length) return null;
  const shared = sharedBigramCount(ka, kb);
  const smaller = Math.min(ka.length, kb.length);
  const containment = shared / smaller;
  const jaccard = shared / (ka.length + kb.length - shared);
  // Two bigrams in common out of two says less than six out of six.
  const confidence = Math.min(1, smaller / 4);
  const sameProject = a.sectionPath.length && b.sectionPath.length && a.sectionPath[a.sectionPath.length - 1] === b.sectionPath[b.sectionPath.length - 1];
  return (0.75 * containment + 0.25 * jaccard) * confidence + (sameProject ? 0.1 : 0);
}

/** A subject this long is a project's name; shorter ones ("降本", "安全合规") are shared by many lines. */
const MIN_NAMING_SUBJECT = 5;

/** The label before a colon ("银联签约支付：…"), else the words before the first progress word. */
function subjectOf(text: string): string {
  const first = text.split(CLAUSE)[0] ?? '';
  const colon = first.search(/[：:]/);
  if (colon >= 2 && colon <= 20) return first.slice(0, colon);
  return subjectPhrase(text);
}

/** Words that name one of several alternatives: two lines naming different ones are about different things. */
const CONTRAST_GROUPS: readonly string[][] = [
  ['入金', '出金'],
  ['一期', '二期', '三期', '四期', '五期'],
  ['代付', '代扣'],
  ['收款', '付款'],
];
const ORGANISATION = /([\u4e00-\u9fff]{2,6}?)(?:中心|事业部|事业群)/g;

function contrasting(a: TextDetails, b: TextDetails): boolean {
  for (let g = 0; g < CONTRAST_GROUPS.length; g++) {
    const [inA, inB] = [a.contrast[g], b.contrast[g]];
    if (inA.length && inB.length && !inA.some((w) => inB.includes(w))) return true;
  }
  const [orgA, orgB] = [a.organisations, b.organisations];
  if (orgA.length && orgB.length) {
    const same = (x: string, y: string) => x.endsWith(y) || y.endsWith(x);
    if (!orgA.some((x) => orgB.some((y) => same(x, y)))) return true;
  }
  return false;
}

export const SAME_ITEM_THRESHOLD = 0.55;

export function isSameItem(a: MatchableItem, b: MatchableItem, threshold = SAME_ITEM_THRESHOLD): boolean {
  return itemSimilarity(a, b) >= threshold;
}

/** For each item of `earlier`, the best-matching item of `later` (or null), each later item used once. */
export function matchAcrossWeeks<A extends MatchableItem, B extends MatchableItem>(
  earlier: A[],
  later: B[],
  threshold = SAME_ITEM_THRESHOLD,
): Array<{ earlier: A; later: B | null; similarity: number }> {
  const pairs: Array<{ i: number; j: number; s: number }> = [];
  earlier.forEach((a, i) =>
    later.forEach((b, j) => {
      const s = itemSimilarity(a, b);
      if (s >= threshold) pairs.push({ i, j, s });
    }),
  );
  pairs.sort((x, y) => y.s - x.s);
  const usedLater = new Set<number>();
  const result = new Map<number, { later: B; similarity: number }>();
  for (const p of pairs) {
    if (result.has(p.i) || usedLater.has(p.j)) continue;
    result.set(p.i, { later: later[p.j], similarity: p.s });
    usedLater.add(p.j);
  }
  return earlier.map((a, i) => ({ earlier: a, later: result.get(i)?.later ?? null, similarity: result.get(i)?.similarity ?? 0 }));
}

/** Words that start the progress part of a clause: "光大备份通道|已提测", "资金安全数据一致性|预计12/5提测". */
const PROGRESS_START =
  /已于|已经|已|预计|计划|目前|当前|正在|研发中|开发中|测试中|进行中|推进中|联调中|完成|提测|送测|上线|投产|启动|待|按计划|进度|\d{1,2}\s*[/月]\s*\d{1,2}/;
const MIN_SUBJECT_CHARS = 4;

/**
 * What an item is about, in a few words: "代扣通道冗余：光大备份通道已提测，计划11/23上线" → "光大备份通道",
 * "资金安全数据一致性：编码完成过半，预计12/5提测" → "资金安全数据一致性". The words before the
 * first progress word of a clause, when there are enough of them; else the label before a colon;
 * else the (shortened) text.
 */
export function subjectPhrase(text: string): string {
  const clean = text.replace(/\*\*/g, '').trim();
  const clauses = clean.split(CLAUSE).map((c) => c.trim()).filter(Boolean);
  let plainClause: string | null = null;
  for (const clause of clauses) {
    const colon = clause.search(/[：:]/);
    const label = colon > 0 ? clause.slice(0, colon).trim() : '';
    const rest = colon > 0 ? clause.slice(colon + 1).trim() : clause;
    const cut = PROGRESS_START.exec(rest);
    const before = cut ? tidy(rest.slice(0, cut.index)) : '';
    if (cut && [...before].length >= MIN_SUBJECT_CHARS) return before;
    if ([...label].length >= 2) return label;
    // "跨境收款接口联调，预计12/29完成": a short clause with no progress word names the item.
    const len = [...rest].length;
    if (!cut && plainClause === null && len >= MIN_SUBJECT_CHARS && len <= 20) plainClause = tidy(rest);
  }
  return plainClause ?? shortText(clean);
}

function tidy(s: string): string {
  return s.replace(/[\s、，,：:（(]+$/, '').replace(/^[\s、，,]+/, '').trim();
}

/** The item's text for a prompt, shortened when long. */
export function shortText(text: string): string {
  const t = text.replace(/\*\*/g, '').replace(/[。.；;]+$/, '').trim();
  return [...t].length <= 40 ? t : [...t].slice(0, 38).join('') + '…';
}
