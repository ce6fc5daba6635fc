/**
 * Exact nearest neighbours by brute force over a matrix of normalised vectors (VectorIndex.search up
 * to EXACT_SEARCH_MAX_ITEMS items). Pure arithmetic: no I/O, no hnswlib.
 */

export interface VectorHit {
  id: number;
  /** Cosine similarity (inner product of normalised vectors), higher is better */
  score: number;
}

/**
 * The k rows of `data` (row r holds item ids[r], `dims` numbers) with the highest inner product with
 * `vector`, best first; equal scores keep row order, so with rows by id the result depends only on
 * the items, never on the order they were added in.
 */
export function exactTopK(
  ids: number[],
  data: Float32Array,
  dims: number,
  vector: ArrayLike<number>,
  k: number,
  filter?: (id: number) => boolean,
): VectorHit[] {
  // Only the query's non-zero dimensions contribute (a hashed question has a few dozen of 128):
  // skipping the rest changes no sum, and makes the scan several times faster.
  const nonZero: number[] = [];
  for (let d = 0; d < dims; d++) if (vector[d] !== 0) nonZero.push(d);
  const dimsUsed = Int32Array.from(nonZero);
  const weights = Float64Array.from(nonZero, (d) => vector[d]);
  const used = dimsUsed.length;
  const top: VectorHit[] = [];
  for (let row = 0; row < ids.length; row++) {
    if (filter && !filter(ids[row])) continue;
    let dot = 0;
    const base = row * dims;
    for (let j = 0; j < used; j++) dot += data[base + dimsUsed[j]] * weights[j];
    if (top.length < k || dot > top[top.length - 1].score) {
      let at = top.length < k ? top.length : top.length - 1;
      top[at] = { id: ids[row], score: dot };
      while (at > 0 && top[at - 1].score < top[at].score) {
        [top[at - 1], top[at]] = [top[at], top[at - 1]];
        at--;
      }
    }
  }
  return top;
}
