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
 *   How a fallback search is answered (fallbackSearch), so that no question of a big store waits
 *   minutes or needs a gigabyte (BENCHMARKS.md, "Scale": building the index over a million items
 *   on the ask path took 455 s and left the process at 1.7 GB):
 *   1. a scope of at most scopedExactMaxItems items (a team, weeks, reports): exact search over
 *      just those items, embedded on the spot (scopedVectors.ts); the index is not touched;
 *   2. otherwise the index — loaded on first need, and built from SQLite only when the store holds
 *      at most buildMaxItems items. Above that it is only loaded if `zhoubao reindex` (or an
 *      earlier process) saved one; without it the question is answered by the keyword leg alone,
 *      and the log says once how to build it.
 *
 * Adapters only: imports the index (lazily), its embedder type and the stored item shape.
 */
import type { StoredItem } from '../../domain/records';
import type { IndexEmbeddings } from './embedder';
import type { IndexChanges, VectorHit, VectorIndex, VectorIndexOptions } from './vectorIndex';
import { countScopeItems, isScoped, searchScopeExactly, SCOPED_EXACT_MAX_ITEMS, type VectorScope } from './scopedVectors';
import fs from 'node:fs';
import path from 'node:path';

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
  /** A fallback searches a scope of up to this many items exactly, without the index (default SCOPED_EXACT_MAX_ITEMS) */
  scopedExactMaxItems?: number;
  /** A fallback builds its index on the ask path only for stores of up to this many items (default BUILD_ON_ASK_MAX_ITEMS) */
  buildMaxItems?: number;
}

/**
 * The largest store whose fallback index a question may build. Measured on the shared 2-core
 * machine: 1.5 s at 10,000 items, 32 s at 100,000, 455 s at 1,000,000 (BENCHMARKS.md, "Scale");
 * 50,000 keeps the one-off wait to ~15 s, and the eval's and tests' stores (≤ ~10,000 items) below it.
 */
export const BUILD_ON_ASK_MAX_ITEMS = 50_000;

const NO_CHANGES: IndexChanges = { added: 0, removed: 0 };

export class VectorLeg {
  private index: VectorIndex | null;
  /** The lazy load failed (e.g. an embedder without embedSync asked synchronously): not retried per question */
  private loadFailed = false;
  /** Searches a fallback was asked for (diagnostics: how often questions need it) */
  fallbackSearches = 0;
  /** The "run zhoubao reindex" hint was logged (once per process) */
  private hinted = false;
  /** meta.json's mtime when saved files above the build bound could not be loaded: not retried until they change */
  private unloadableSince: number | null = null;

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
    return this.openIndex();
  }

  /** searchIndex without counting a search. */
  private openIndex(): VectorIndex | null {
    if (this.index || this.loadFailed || !this.options) return this.index;
    try {
      this.index = indexModule().VectorIndex.openSync(this.options);
    } catch (err) {
      this.loadFailed = true;
      this.options.log?.(`向量索引无法加载，本次只用关键词检索：${(err as Error).message}`);
    }
    return this.index;
  }

  /**
   * A fallback's k nearest items to `vector` (see the file comment for how): exact within a small
   * scope, else through the index when it is loaded, can be loaded, or may be built here; [] when
   * none of these holds (the keyword leg answers alone).
   */
  fallbackSearch(vector: ArrayLike<number>, k: number, scope?: VectorScope): VectorHit[] {
    this.fallbackSearches++;
    const options = this.options;
    const embed = options?.embedder.embedSync;
    if (options && embed && isScoped(scope)) {
      const db = options.store.db;
      if (countScopeItems(db, scope) <= (options.scopedExactMaxItems ?? SCOPED_EXACT_MAX_ITEMS)) {
        return searchScopeExactly(db, scope, (text) => embed.call(options.embedder, text), vector, k);
      }
    }
    const index = this.fallbackIndex();
    return index ? index.search(vector, k) : [];
  }

  /**
   * The fallback's index, loaded or built now if allowed: always for a store within buildMaxItems
   * (searchIndex); above it only loaded from saved files, never built — without them null, and
   * the hint logged once.
   */
  private fallbackIndex(): VectorIndex | null {
    const options = this.options;
    if (this.index || !options || this.loadFailed) return this.index;
    const items = options.store.countItems();
    const bound = options.buildMaxItems ?? BUILD_ON_ASK_MAX_ITEMS;
    if (items <= bound) return this.openIndex();
    // One stat a question while there is nothing to load: another process may run `reindex` meanwhile.
    const saved = fs.statSync(path.join(options.dir, 'meta.json'), { throwIfNoEntry: false });
    if (saved && saved.mtimeMs !== this.unloadableSince) {
      const loaded = indexModule().VectorIndex.loadSync(options);
      if (typeof loaded !== 'string') return (this.index = loaded);
      this.unloadableSince = saved.mtimeMs;
      options.log?.(`向量索引无法加载（${loaded}），问答时不重建超过 ${bound} 条的索引。`);
    }
    if (!this.hinted) {
      this.hinted = true;
      options.log?.(
        `向量索引尚未建立（${items} 条，问答时只建立不超过 ${bound} 条的索引）：找不到包含全部问题词的条目时只用关键词检索。` +
          '运行 `zhoubao reindex` 建立索引。',
      );
    }
    return null;
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
