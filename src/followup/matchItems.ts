/**
 * Is this week's line about the same thing as last week's? Owners reword their items every week
 * ("定转X，光大备份通道已提测，计划11/23上线" → "光大备份通道已于11/23上线，运行平稳"), so we compare
 * what an item is *about*: its text with dates, figures and progress words removed, as character
 * bigrams, plus the project it sits under. Precision and recall on labelled pairs are in BENCHMARKS.md.
 */

export interface MatchableItem {
  text: string;
  sectionPath: string[];
}

/** Progress and time words say how an item is going, not what it is. */
const PROGRESS_WORDS =
  /已于|已经|已|预计|计划|目前|当前|本周|下周|上周|进行中|开发中|研发中|测试中|推进中|完成|完毕|上线|投产|提测|送测|延期|推迟|延后|顺延|至|由|进度|正常|平稳|运行|按计划|启动|开始|继续|跟进|待|并且|了|的|和|与|及|等/g;
const DATES_AND_FIGURES = /\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[/月]\d{1,2}[日号]?|\d+(\.\d+)?\s*(%|％|分|个|次|台|万|元|笔|天|周)?/g;
const PUNCTUATION = /[\s，,。.；;：:、！!？?（）()【】\[\]「」"“”'‘’*_\-—~·]+/g;

/** The words of an item that name its subject, e.g. "定转x光大备份通道". */
export function subjectKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(DATES_AND_FIGURES, ' ').replace(PROGRESS_WORDS, ' ').replace(PUNCTUATION, '');
}

function bigrams(s: string): Set<string> {
  const chars = [...s];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/**
 * Similarity in [0, 1]: overlap of subject bigrams relative to the shorter subject (a short reply such
 * as "光大备份通道" is wholly inside last week's longer line), damped when one side is very short, plus
 * a small bonus for sharing the innermost project heading.
 */
export function itemSimilarity(a: MatchableItem, b: MatchableItem): number {
  const ka = bigrams(subjectKey(a.text));
  const kb = bigrams(subjectKey(b.text));
  if (!ka.size || !kb.size) return 0;
  let shared = 0;
  for (const g of ka) if (kb.has(g)) shared++;
  const smaller = Math.min(ka.size, kb.size);
  const containment = shared / smaller;
  const jaccard = shared / (ka.size + kb.size - shared);
  // Two bigrams in common out of two says less than six out of six.
  const confidence = Math.min(1, smaller / 4);
  const sameProject = a.sectionPath.length && b.sectionPath.length && a.sectionPath[a.sectionPath.length - 1] === b.sectionPath[b.sectionPath.length - 1];
  const score = (0.75 * containment + 0.25 * jaccard) * confidence + (sameProject ? 0.1 : 0);
  return Math.min(1, score);
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
