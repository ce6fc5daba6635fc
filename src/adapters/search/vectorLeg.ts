/**
 * The vector leg of retrieval as the knowledge base holds it: the derived HNSW index (vectorIndex.ts)
 * in one of two roles, decided by measurement (BENCHMARKS.md, "Scale"; README, "The vector leg"):
 *
 * - partner — a real embedding model (OPENAI_EMBEDDING_MODEL): the index is opened with the store,
 *   kept current by every ingest and searched for every question, fused with the keyword leg.
 * - fallback — the offline hashed n-gram embedder: it never changed an answer where the keyword leg
 *   found a line containing every question word (source-in-top-10 and hit@1 equal with and without
 *   it), yet building it was most of the ingest time, loading it most of a cold start and most of
 *   the memory. So nothing loads it until a question finds no such line (searchIndex); then it is
 *   loaded from disk and caught up with the store, or built from SQLite, and from then on kept
 *   current incrementally by this process. Ingest with the index not loaded does not touch it: the
 *   next load embeds exactly the items it lacks (the item-set stamp tells which).
 *
 * Adapters only: imports the index (lazily), its embedder type and the stored item shape.
 */
import type { StoredItem } from '../../domain/records';
import type { IndexEmbeddings } from './embedder';
import type { IndexChanges, VectorIndex, VectorIndexOptions } from './vectorIndex';

/**
 * vectorIndex.ts and hnswlib-node, required when an index is first needed: a process that never
 * searches the fallback (most CLI runs) never loads the native module.
 */
function indexModule(): typeof import('./vectorIndex') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./vectorIndex') as typeof import('./vectorIndex');
}

export type VectorLegRole = 'partner' | 'fallback';

/** What a store must offer for the leg to embed items by id. */
interface ItemsById {
  getItemsByIds(ids: number[]): StoredItem[];
}

export interface VectorLegOptions extends VectorIndexOptions {
  role: VectorLegRole;
  store: VectorIndexOptions['store'] & ItemsById;
}

const NO_CHANGES: IndexChanges = { added: 0, removed: 0 };

export class VectorLeg {
  private index: VectorIndex | null;
  /** The lazy load failed (e.g. an embedder without embedSync asked synchronously): not retried per question */
  private loadFailed = false;
  /** Searches a fallback was asked for (diagnostics: how often questions need it) */
  fallbackSearches = 0;

  private constructor(
    readonly role: VectorLegRole,
    private readonly options: VectorLegOptions | null,
    index: VectorIndex | null,
  ) {
    this.index = index;
  }

  /** A partner opens (loads, catches up or rebuilds) now; a fallback opens nothing. */
  static async open(options: VectorLegOptions): Promise<VectorLeg> {
    if (options.role === 'fallback') return new VectorLeg('fallback', options, null);
    return new VectorLeg('partner', options, await indexModule().VectorIndex.open(options));
  }

  /** An index opened elsewhere, used as a full partner (benchmarks, tests). */
  static partner(index: VectorIndex): VectorLeg {
    return new VectorLeg('partner', null, index);
  }

  get embedder(): IndexEmbeddings {
    return this.index?.embedder ?? this.options!.embedder;
  }

  /** The index if this process has it in memory (never loads it). */
  loaded(): VectorIndex | null {
    return this.index;
  }

  /**
   * The index to search: a partner's, or a fallback's, loaded on first need (synchronously: the
   * offline embedder embeds on this thread). null when it cannot be loaded here.
   */
  searchIndex(): VectorIndex | null {
    if (this.role === 'fallback') this.fallbackSearches++;
    if (this.index || this.loadFailed || !this.options) return this.index;
    try {
      this.index = indexModule().VectorIndex.openSync(this.options);
    } catch (err) {
      this.loadFailed = true;
      this.options.log?.(`向量索引无法加载，本次只用关键词检索：${(err as Error).message}`);
    }
    return this.index;
  }

  /** Items just stored: embedded now when the index is in memory, else left for its next load. */
  async addByIds(ids: number[]): Promise<void> {
    if (!this.index || !ids.length) return;
    await this.index.add(this.options ? this.options.store.getItemsByIds(ids) : []);
  }

  remove(ids: number[]): void {
    this.index?.remove(ids);
  }

  catchUp(): Promise<IndexChanges> {
    return this.index ? this.index.catchUp() : Promise.resolve(NO_CHANGES);
  }

  catchUpSync(): IndexChanges | null {
    return this.index ? this.index.catchUpSync() : NO_CHANGES;
  }

  /** `zhoubao reindex`: built from SQLite and saved in either role. */
  async rebuild(): Promise<number> {
    if (!this.index) this.index = indexModule().VectorIndex.unloaded(this.options!);
    return this.index.rebuild();
  }

  /** Saves the index if it is in memory and changed. */
  save(): void {
    this.index?.save();
  }
}
