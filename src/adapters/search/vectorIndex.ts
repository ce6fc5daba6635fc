/**
 * The persistent approximate-nearest-neighbour index over item vectors: hnswlib-node's
 * HierarchicalNSW used directly, labels = SQLite item ids, inner product on L2-normalised vectors.
 *
 * Why not LangChain's HNSWLib vector store: it cannot delete single documents (its `delete` removes a
 * whole saved directory), so replacing one report would mean rebuilding everything; and it keeps its
 * own docstore (docstore.json) duplicating the text SQLite already holds, which then has to be kept
 * consistent with SQLite by hand. Here SQLite is the only source of truth and this index is derived
 * data: it records the embedder and a fingerprint of the very items it holds (ItemSetStamp), and is
 * rebuilt from SQLite whenever it is missing, unreadable, corrupt or built by another embedder.
 *
 * Several processes may write the store (the bot and a CLI ingest, two bots), each with its own copy
 * of this index, saving it to the same directory. The store's generation counter counts all of their
 * writes, so it cannot say what one copy holds; the fingerprint can. An index behind the store (or
 * ahead of it: items another process deleted) is caught up by id difference — embedding only the
 * missing items — on open and, in a running process, whenever the generation moved (catchUp).
 *
 * Files in `dir`: `meta.json` and the hnsw binary it names. Saving writes a new binary and a new
 * meta.json, each to a temporary file renamed into place (binary first), so a crash at any point
 * leaves either the old pair or the new pair; the binary's size and CRC-32 are checked on load.
 *
 * Who opens it, and when (at start-up with a real embedding model, on first need offline), is
 * vectorLeg.ts's decision. Next to this file: the graph and what it holds (vectorGraph.ts, which
 * VectorIndex extends; hnswGraph.ts, exactSearch.ts), the files and their crash safety
 * (vectorIndexFiles.ts), the store's side of a catch-up (vectorCatchUp.ts), the item fingerprint
 * (itemSetStamp.ts) and the options (vectorIndexOptions.ts).
 */
import path from 'node:path';
import type { HierarchicalNSW } from 'hnswlib-node';
import type { StoredItem } from '../../domain/records';
import { itemEmbeddingText, type IndexEmbeddings } from './embedder';
import { systemClock, type Clock } from '../../clock';
import { emptyStamp, stampOf } from './itemSetStamp';
import { NO_CHANGES, REBUILD_BATCH, StoreItemSet, type CatchUpPlan, type IndexChanges, type VectorIndexSource } from './vectorCatchUp';
import {
  FORMAT_VERSION,
  MISSING_FILE,
  prepareIndexDirectory,
  readGraph,
  readGraphSync,
  readIndexMeta,
  removeStaleFiles,
  writeGraph,
  writeIndexMeta,
  type IndexMeta,
} from './vectorIndexFiles';
import { INITIAL_CAPACITY } from './hnswGraph';
import type { VectorIndexOptions } from './vectorIndexOptions';
import { VectorGraph } from './vectorGraph';

// Importers (the retriever, the vector leg, tests, the bench) take every name from this file.
export { stampOf, type ItemSetStamp } from './itemSetStamp';
export type { IndexChanges, VectorIndexSource } from './vectorCatchUp';
export type { VectorHit } from './exactSearch';
export { DEFAULT_HNSW, EXACT_SEARCH_MAX_ITEMS, type HnswParams, type VectorIndexOptions } from './vectorIndexOptions';

/**
 * The persistent index: VectorGraph's contents (vectorGraph.ts), loaded from and saved to `dir`,
 * kept caught up with the store, rebuilt from it when needed.
 */
export class VectorIndex extends VectorGraph {
  /** The store generation at which the index last held exactly the store's items (-1: not checked) */
  private verifiedGeneration = -1;
  /** Catch-ups run one after another (a remote embedder awaits mid-way) */
  private catchUpQueue: Promise<unknown> = Promise.resolve();
  private readonly storeItems: StoreItemSet;
  /** The binary this copy last loaded or wrote: superseded by its next save, so removed then whatever its age */
  private ownFile: string | null = null;
  private builtAt: string;
  private readonly log: (message: string) => void;
  private readonly clock: Clock;

  private constructor(
    readonly dir: string,
    embedder: IndexEmbeddings,
    private readonly store: VectorIndexSource,
    options: VectorIndexOptions,
  ) {
    super(embedder, options);
    this.log = options.log ?? (() => {});
    this.clock = options.clock ?? systemClock;
    this.builtAt = this.clock().toISOString();
    this.storeItems = new StoreItemSet(store);
  }

  /**
   * Loads the index from `dir` and catches it up with the store (items other processes added or
   * removed), or rebuilds it from the store when the files are missing, unreadable, corrupt, or from
   * another embedder or dimension. Whatever changed is saved; if the directory cannot be written,
   * the index still serves this process from memory (it is derived data).
   */
  static async open(options: VectorIndexOptions): Promise<VectorIndex> {
    const vi = new VectorIndex(path.resolve(options.dir), options.embedder, options.store, options);
    let problem = await vi.tryLoad();
    // Another process may have replaced the binary and meta.json between our two reads: read again.
    if (problem === MISSING_FILE) problem = await vi.tryLoad();
    if (problem) {
      vi.log(`向量索引需要重建（${problem}）…`);
      const started = performance.now();
      const n = vi.embedder.embedSync ? vi.rebuildInMemorySync() : await vi.rebuildInMemory();
      vi.log(`向量索引已重建：${n} 条，${Math.round(performance.now() - started)} ms`);
      vi.saveOrLog();
    } else {
      const started = performance.now();
      const changes = await vi.catchUp();
      if (changes.added || changes.removed) {
        vi.log(`向量索引落后于数据库（其他进程的写入）：补入 ${changes.added} 条，移除 ${changes.removed} 条，${Math.round(performance.now() - started)} ms`);
        vi.saveOrLog();
      }
    }
    return vi;
  }

  /** An index that has read nothing yet: `rebuild()` fills it from the store (`zhoubao reindex`). */
  static unloaded(options: VectorIndexOptions): VectorIndex {
    return new VectorIndex(path.resolve(options.dir), options.embedder, options.store, options);
  }

  /**
   * open for an embedder that embeds synchronously (the offline one): the same load, catch-up or
   * rebuild, without awaiting — so a synchronous search can load the index on first need (VectorLeg).
   */
  static openSync(options: VectorIndexOptions): VectorIndex {
    return VectorIndex.openOnThread(options, true) as VectorIndex;
  }

  /**
   * openSync without the rebuild: the saved index, caught up with the store, or why there is none
   * to load (a fallback over a store too big to build on the ask path: VectorLeg).
   */
  static loadSync(options: VectorIndexOptions): VectorIndex | string {
    return VectorIndex.openOnThread(options, false);
  }

  private static openOnThread(options: VectorIndexOptions, rebuild: boolean): VectorIndex | string {
    if (!options.embedder.embedSync) throw new Error(`VectorIndex.openSync: embedder ${options.embedder.id} cannot embed synchronously`);
    const vi = new VectorIndex(path.resolve(options.dir), options.embedder, options.store, options);
    let problem = vi.tryLoadSync();
    if (problem === MISSING_FILE) problem = vi.tryLoadSync();
    const started = performance.now();
    if (problem && !rebuild) return problem;
    if (problem) {
      vi.log(`向量索引需要重建（${problem}）…`);
      const n = vi.rebuildInMemorySync();
      vi.log(`向量索引已重建：${n} 条，${Math.round(performance.now() - started)} ms`);
      vi.saveOrLog();
    } else {
      const changes = vi.catchUpSync()!;
      if (changes.added || changes.removed) {
        vi.log(`向量索引落后于数据库：补入 ${changes.added} 条，移除 ${changes.removed} 条，${Math.round(performance.now() - started)} ms`);
        vi.saveOrLog();
      }
    }
    return vi;
  }

  get embedderId(): string {
    return this.embedder.id;
  }

  /** Embeds and adds items (replacing any with the same id). */
  async add(items: StoredItem[]): Promise<void> {
    if (!items.length) return;
    const texts = items.map(itemEmbeddingText);
    const vectors = this.embedder.embedSync ? texts.map((t) => this.embedder.embedSync!(t)) : await this.embedder.embedDocuments(texts);
    this.addVectors(
      items.map((i) => i.id),
      vectors,
    );
  }

  /**
   * Brings the index to exactly the items the store holds now, whoever wrote them: other processes
   * change the store without telling this one. Cheap when nothing changed — one indexed read of the
   * store's generation; when that moved, one scan of the item ids for the fingerprint; only when the
   * fingerprints differ are the ids listed and the missing items embedded (the deleted ones removed).
   */
  catchUp(): Promise<IndexChanges> {
    const run = this.catchUpQueue.then(async () => {
      const plan = this.planCatchUp();
      if (!plan) return NO_CHANGES;
      this.remove(plan.extra);
      let added = 0;
      for (const items of this.storeItems.itemBatches(plan.missing)) {
        await this.add(items);
        added += items.length;
      }
      this.verifiedGeneration = plan.generation;
      return { added, removed: plan.extra.length };
    });
    this.catchUpQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * catchUp for synchronous callers; null when the embedder cannot embed synchronously (a remote
   * one: use catchUp). Items deleted by others are removed either way.
   */
  catchUpSync(): IndexChanges | null {
    const embed = this.embedder.embedSync;
    if (!embed) return null;
    const plan = this.planCatchUp();
    if (!plan) return NO_CHANGES;
    this.remove(plan.extra);
    let added = 0;
    for (const items of this.storeItems.itemBatches(plan.missing)) {
      this.addVectors(
        items.map((item) => item.id),
        items.map((item) => embed.call(this.embedder, itemEmbeddingText(item))),
      );
      added += items.length;
    }
    this.verifiedGeneration = plan.generation;
    return { added, removed: plan.extra.length };
  }

  /** What a catch-up must do, or null when the index already holds exactly the store's items (StoreItemSet.plan). */
  private planCatchUp(): CatchUpPlan | null {
    return this.storeItems.plan(
      this.verifiedGeneration,
      this.stamp,
      () => this.live,
      (generation) => (this.verifiedGeneration = generation),
    );
  }

  /** Rebuilds from the store (every item re-embedded) and saves; returns the number of items. */
  async rebuild(): Promise<number> {
    const n = this.embedder.embedSync ? this.rebuildInMemorySync() : await this.rebuildInMemory();
    this.save();
    return n;
  }

  private async rebuildInMemory(): Promise<number> {
    // Read before the items (see planCatchUp): a write meanwhile makes the next catch-up look again.
    const generation = this.store.indexGeneration();
    const started = this.clock().toISOString();
    const batches = this.storeItems.allEmbeddingTexts();
    this.clearForRebuild();
    const total = batches.reduce((n, b) => n + b.ids.length, 0);
    for (const b of batches) {
      const vectors = this.embedder.embedSync ? b.texts.map((t) => this.embedder.embedSync!(t)) : await this.embedder.embedDocuments(b.texts);
      if (!this.index) this.ensureIndex(vectors[0].length, Math.max(INITIAL_CAPACITY, Math.ceil(total * 1.25)));
      this.addVectors(b.ids, vectors);
    }
    this.verifiedGeneration = generation;
    this.builtAt = started;
    this.dirty = true;
    return this.count;
  }

  /**
   * rebuildInMemory for a synchronous embedder: items are embedded and inserted as they are read,
   * so at a million items no list of every item's text is held (nothing awaits while the statement
   * is open, and inserting touches no SQLite).
   */
  private rebuildInMemorySync(): number {
    const embed = this.embedder.embedSync!;
    const generation = this.store.indexGeneration();
    const started = this.clock().toISOString();
    const total = this.store.countItems();
    this.clearForRebuild();
    const batch: { ids: number[]; vectors: Float32Array[] } = { ids: [], vectors: [] };
    const flush = () => {
      if (!batch.ids.length) return;
      if (!this.index) this.ensureIndex(batch.vectors[0].length, Math.max(INITIAL_CAPACITY, Math.ceil(total * 1.1)));
      this.addVectors(batch.ids.splice(0), batch.vectors.splice(0));
    };
    for (const item of this.store.iterateItems()) {
      batch.ids.push(item.id);
      batch.vectors.push(embed.call(this.embedder, itemEmbeddingText(item)));
      if (batch.ids.length === REBUILD_BATCH) flush();
    }
    flush();
    this.verifiedGeneration = generation;
    this.builtAt = started;
    this.dirty = true;
    return this.count;
  }

  /** Writes the index if it changed since it was loaded or saved. Crash-safe (see the file comment). */
  save(): void {
    if (!this.dirty) return;
    prepareIndexDirectory(this.dir, this.log);
    let file: string | null = null;
    let fileBytes = 0;
    let crc = 0;
    if (this.index && this.index.getCurrentCount() > 0) {
      // Deleted labels whose slots were reused by later adds are gone from the graph: forget them.
      const inGraph = new Set(this.index.getIdsList());
      this.deleted = new Set([...this.deleted].filter((id) => inGraph.has(id)));
      ({ file, fileBytes, crc } = writeGraph(this.dir, this.index));
    }
    const meta: IndexMeta = {
      formatVersion: FORMAT_VERSION,
      embedderId: this.embedder.id,
      dimensions: this.dims,
      items: { ...this.stamp },
      count: this.count,
      builtAt: this.builtAt,
      savedAt: this.clock().toISOString(),
      file,
      fileBytes,
      crc32: crc,
      m: this.params.m,
      efConstruction: this.params.efConstruction,
      deleted: [...this.deleted],
    };
    writeIndexMeta(this.dir, meta);
    this.dirty = false;
    removeStaleFiles(this.dir, file, this.ownFile);
    this.ownFile = file;
  }

  /** save, for callers that can go on without it: the index then lives in memory until the next save. */
  private saveOrLog(): void {
    try {
      this.save();
    } catch (err) {
      this.log(`向量索引无法保存到 ${this.dir}（${(err as Error).message}）：本次在内存中使用，下次启动时重建。`);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Loads the saved index; returns why it cannot be used, or null when loaded. The file is checked
   * and read off the main thread (see readGraph).
   */
  private async tryLoad(): Promise<string | null> {
    const read = readIndexMeta(this.dir, this.embedder);
    if (typeof read === 'string') return read;
    if (!read.file) return this.adoptEmpty(read.meta);
    const index = await readGraph(read.meta, read.file);
    return typeof index === 'string' ? index : this.adopt(read.meta, index);
  }

  /** tryLoad on this thread (VectorIndex.openSync). */
  private tryLoadSync(): string | null {
    const read = readIndexMeta(this.dir, this.embedder);
    if (typeof read === 'string') return read;
    if (!read.file) return this.adoptEmpty(read.meta);
    const index = readGraphSync(read.meta, read.file);
    return typeof index === 'string' ? index : this.adopt(read.meta, index);
  }

  private adoptEmpty(meta: IndexMeta): null {
    this.index = null;
    this.liveSet = new Set();
    this.deleted = new Set();
    this.stamp = emptyStamp();
    this.adoptSettings(meta, meta.formatVersion === 2);
    return null;
  }

  /** Takes a read graph as this index; returns why not when it disagrees with meta.json. */
  private adopt(meta: IndexMeta, index: HierarchicalNSW): string | null {
    // Slots = live items + deleted items still in the graph (save() forgets reused ones).
    if (index.getCurrentCount() !== meta.count + meta.deleted.length) return '索引条数与元数据不符';
    const stamped = meta.formatVersion === 2;
    this.index = index;
    this.liveSet = null;
    this.liveCount = meta.count;
    this.deleted = new Set(meta.deleted);
    this.ownFile = meta.file;
    // An index saved by an older release has no stamp: compute it from the labels once.
    this.stamp = stamped ? { ...meta.items! } : stampOf(this.live);
    this.adoptSettings(meta, stamped);
    return null;
  }

  private adoptSettings(meta: IndexMeta, stamped: boolean): void {
    this.dims = meta.dimensions;
    this.params.m = meta.m ?? this.params.m;
    this.params.efConstruction = meta.efConstruction ?? this.params.efConstruction;
    this.verifiedGeneration = -1;
    this.builtAt = meta.builtAt;
    this.dirty = !stamped;
    this.exactCache = null;
  }
}
