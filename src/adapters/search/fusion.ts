/**
 * Reciprocal rank fusion: each list contributes weight / (k + rank) for every id it ranks (rank from
 * 1). It needs no score calibration between BM25 and cosine similarity, which live on unrelated scales.
 */

export interface FusionOptions {
  /** The damping constant (default 60, as in Cormack et al. 2009) */
  k?: number;
  /** One weight per list (default 1 each) */
  weights?: number[];
}

export function reciprocalRankFusion(lists: Array<Array<{ id: number }>>, opts: FusionOptions = {}): Array<{ id: number; score: number }> {
  const k = opts.k ?? 60;
  const scores = new Map<number, number>();
  const firstSeen = new Map<number, number>();
  let order = 0;
  lists.forEach((list, listIndex) => {
    const weight = opts.weights?.[listIndex] ?? 1;
    const seenInList = new Set<number>();
    list.forEach((entry, position) => {
      // A list that repeats an id counts it once, at its best rank.
      if (seenInList.has(entry.id)) return;
      seenInList.add(entry.id);
      scores.set(entry.id, (scores.get(entry.id) ?? 0) + weight / (k + position + 1));
      if (!firstSeen.has(entry.id)) firstSeen.set(entry.id, order++);
    });
  });
  // Ties keep the order in which ids were first seen (earlier lists first), so results are deterministic.
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || firstSeen.get(a.id)! - firstSeen.get(b.id)!);
}
