/**
 * The in-memory side of the vector index: an hnswlib-node graph, the labels it holds (live and
 * deleted), their fingerprint, and adding, removing and searching (a graph walk, or exact up to
 * EXACT_SEARCH_MAX_ITEMS). VectorGraph knows nothing of files or of the store; VectorIndex
 * (vectorIndex.ts) extends it with loading, saving, catching up and rebuilding. Imports hnswlib
 * types and its neighbours in adapters/search only.
 */
import type { HierarchicalNSW } from 'hnswlib-node';
import type { IndexEmbeddings } from './embedder';
import { emptyStamp, stampAdd, type ItemSetStamp } from './itemSetStamp';
import { exactTopK, type VectorHit } from './exactSearch';
import { INITIAL_CAPACITY, makeRoomFor, newGraph, readMatrix } from './hnswGraph';
import { DEFAULT_HNSW, EXACT_SEARCH_MAX_ITEMS, type HnswParams, type VectorIndexOptions } from './vectorIndexOptions';

export class VectorGraph {
  protected index: HierarchicalNSW | null = null;
  protected dims: number | null;
  /**
   * Labels in the index, built on first need: a freshly loaded index only knows the count (reading
   * 100k labels into a Set costs ~70 ms that a one-question CLI run does not need).
   */
  protected liveSet: Set<number> | null = new Set();
  protected liveCount = 0;
  /** Deleted labels still occupying graph slots (reused by later adds) */
  protected deleted = new Set<number>();
  /** The fingerprint of the live items, kept current by every add and remove */
  protected stamp: ItemSetStamp = emptyStamp();
  /** Changed since it was loaded or saved (VectorIndex.save writes only then) */
  protected dirty = false;
  protected exactCache: { ids: number[]; data: Float32Array } | null = null;
  protected readonly params: HnswParams;
  private readonly exactSearchMaxItems: number;

  protected constructor(
    readonly embedder: IndexEmbeddings,
    options: VectorIndexOptions,
  ) {
    this.params = {
      m: options.m ?? DEFAULT_HNSW.m,
      efConstruction: options.efConstruction ?? DEFAULT_HNSW.efConstruction,
      efSearch: options.efSearch ?? DEFAULT_HNSW.efSearch,
    };
    this.dims = embedder.dimensions ?? null;
    this.exactSearchMaxItems = options.exactSearchMaxItems ?? EXACT_SEARCH_MAX_ITEMS;
  }

  get dimensions(): number | null {
    return this.dims;
  }

  /** Items in the index */
  get count(): number {
    return this.liveSet ? this.liveSet.size : this.liveCount;
  }

  protected get live(): Set<number> {
    if (!this.liveSet) {
      const ids = this.index ? this.index.getIdsList() : [];
      this.liveSet = new Set(ids.filter((id) => !this.deleted.has(id)));
    }
    return this.liveSet;
  }

  /** The ids of the items in the index, ascending */
  itemIds(): number[] {
    return [...this.live].sort((a, b) => a - b);
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  /** Adds precomputed vectors (normalised, of the embedder's dimension) under the given ids. */
  addVectors(ids: number[], vectors: ArrayLike<number>[]): void {
    if (ids.length !== vectors.length) throw new Error('addVectors: ids and vectors differ in length');
    if (!ids.length) return;
    const index = this.ensureIndex(vectors[0].length);
    makeRoomFor(index, ids.length);
    const live = this.live;
    ids.forEach((id, i) => {
      const point = Array.from(vectors[i]);
      let inGraph = live.has(id);
      if (!inGraph && this.deleted.has(id)) {
        // Removed earlier and its slot not reused yet: revive it, then update it in place. (Adding
        // it into another slot would leave two slots with one label, which hnswlib mishandles.)
        try {
          index.unmarkDelete(id);
          inGraph = true;
        } catch {
          // the slot was reused by another item meanwhile: add as new
        }
      }
      // In the graph: update the point in place. New: take a deleted item's slot if there is one.
      index.addPoint(point, id, !inGraph);
      if (!live.has(id)) stampAdd(this.stamp, id, 1);
      live.add(id);
      this.deleted.delete(id);
    });
    this.exactCache = null;
    this.dirty = true;
  }

  /** Removes items (ids not in the index are ignored). */
  remove(ids: number[]): void {
    for (const id of ids) {
      if (!this.index || !this.live.has(id)) continue;
      this.index.markDelete(id);
      this.live.delete(id);
      stampAdd(this.stamp, id, -1);
      this.deleted.add(id);
      this.exactCache = null;
      this.dirty = true;
    }
  }

  /**
   * The k nearest neighbours, best first: exact up to exactSearchMaxItems items (see
   * EXACT_SEARCH_MAX_ITEMS), approximate beyond. `filter` restricts the candidates (inside the graph
   * walk: hnswlib keeps searching until it has k that pass), for scoped questions.
   */
  search(vector: ArrayLike<number>, k: number, filter?: (id: number) => boolean): VectorHit[] {
    if (!this.index || !this.count || k <= 0) return [];
    if (this.count <= this.exactSearchMaxItems) return this.exactSearch(vector, k, filter);
    const kk = Math.min(Math.floor(k), this.count);
    this.index.setEf(Math.max(this.params.efSearch, kk));
    const query = Array.isArray(vector) ? (vector as number[]) : Array.from(vector);
    const result = filter ? this.index.searchKnn(query, kk, filter) : this.index.searchKnn(query, kk);
    const hits = result.neighbors.map((id, i) => ({ id, score: 1 - result.distances[i] }));
    return hits.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /**
   * Exact k nearest neighbours by brute force over every vector, best first; equal scores by id, so
   * the result depends only on the items, never on the order they were added in.
   */
  exactSearch(vector: ArrayLike<number>, k: number, filter?: (id: number) => boolean): VectorHit[] {
    if (!this.index || !this.count || k <= 0) return [];
    const { ids, data } = this.vectors();
    return exactTopK(ids, data, this.dims!, vector, k, filter);
  }

  /** Empties the index before a rebuild refills it (the embedder decides the dimension again). */
  protected clearForRebuild(): void {
    this.index = null;
    this.liveSet = new Set();
    this.deleted = new Set();
    this.stamp = emptyStamp();
    this.exactCache = null;
    this.dims = this.embedder.dimensions ?? null;
  }

  protected ensureIndex(dims: number, capacity = INITIAL_CAPACITY): HierarchicalNSW {
    if (this.index) {
      if (dims !== this.dims) throw new Error(`vector of dimension ${dims} for an index of dimension ${this.dims}`);
      return this.index;
    }
    if (this.embedder.dimensions != null && dims !== this.embedder.dimensions) {
      throw new Error(`embedder ${this.embedder.id} returned ${dims} dimensions, expected ${this.embedder.dimensions}`);
    }
    const index = newGraph(dims, capacity, this.params);
    this.index = index;
    this.dims = dims;
    return index;
  }

  /** All live vectors in one matrix (read back from the graph once, then cached until a change). */
  private vectors(): { ids: number[]; data: Float32Array } {
    if (!this.exactCache) {
      // By id: exactSearch breaks ties by row order.
      const ids = [...this.live].sort((a, b) => a - b);
      this.exactCache = { ids, data: readMatrix(this.index!, ids, this.dims!) };
    }
    return this.exactCache;
  }
}
