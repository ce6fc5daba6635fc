/**
 * How a vector index is opened and tuned: hnswlib's graph parameters (DEFAULT_HNSW), when search is
 * exact rather than a graph walk (EXACT_SEARCH_MAX_ITEMS) and VectorIndexOptions. Types and numbers
 * only; the index itself is vectorIndex.ts.
 */
import type { IndexEmbeddings } from './embedder';
import type { VectorIndexSource } from './vectorCatchUp';
import type { Clock } from '../../clock';

export interface HnswParams {
  /** Graph degree (hnswlib M) */
  m: number;
  efConstruction: number;
  /** Candidate list size at query time; at least k is used */
  efSearch: number;
}

/**
 * Chosen with tools/bench/vectorRecall.ts (BENCHMARKS.md). At 100k hashed 128-dim vectors, M=12 /
 * efConstruction=40 builds ~1.5x faster than M=16 / 64 (inserts dominate ingest time) and with
 * efSearch 100-200 still returns 90-95% of the exact top 10 — the source line is found about as often
 * as by exact search, since the embedder, not the graph, is what limits this leg. The retriever asks
 * for k ≥ 100, and ef is never below k.
 */
export const DEFAULT_HNSW: HnswParams = { m: 12, efConstruction: 40, efSearch: 100 };

/**
 * Up to this many items `search` compares the question with every vector instead of walking the graph.
 * An HNSW graph depends on the order items were inserted in: two processes' copies caught up from
 * each other, or a copy updated since its last rebuild, return slightly different neighbours, and
 * 1–5 of 80 answers then differed from a freshly reindexed copy at 9,000 items. Brute force is exact,
 * so answers depend only on what is stored, and at this size it is cheap: 2–3 ms per question at
 * 9,000 hashed 128-dim vectors (the graph walk: ~1 ms), measured on a loaded 2-core machine. Dense
 * embeddings (a remote model: every dimension non-zero, 1,536 of them) cost about ten times that,
 * still small beside the embedding request each question makes.
 */
export const EXACT_SEARCH_MAX_ITEMS = 10_000;

export interface VectorIndexOptions extends Partial<HnswParams> {
  dir: string;
  /** `search` is exact up to this many items (default EXACT_SEARCH_MAX_ITEMS; 0: always the graph) */
  exactSearchMaxItems?: number;
  embedder: IndexEmbeddings;
  store: VectorIndexSource;
  /** Diagnostics (why the index was rebuilt); never receives secrets */
  log?: (message: string) => void;
  /** For the built/saved times recorded in meta.json. Default: the real clock. */
  clock?: Clock;
}
