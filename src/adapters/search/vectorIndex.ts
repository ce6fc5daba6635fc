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
 * vectorLeg.ts's decision.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import { HierarchicalNSW } from 'hnswlib-node';
import type { StoredItem } from '../../domain/records';
import { itemEmbeddingText, type IndexEmbeddings } from './embedder';
import { systemClock, type Clock } from '../../clock';

/** The part of ReportStore the index reads. */
export interface VectorIndexSource {
  /** The store's connection: the fingerprint and the id list are read from the items table directly */
  readonly db: Database.Database;
  iterateItems(): IterableIterator<StoredItem>;
  countItems(): number;
  getItemsByIds(ids: number[]): StoredItem[];
  /** Moves with every write to items by any process: the cheap "did anything change?" */
  indexGeneration(): number;
}

/**
 * Which items an index holds: their count, the sum of their ids and the sums of two multiplicative
 * hashes of the ids. SQLite computes it in one scan of the item ids (STORE_STAMP_SQL); the index keeps
 * it current as it adds and removes. Item ids are never reused (AUTOINCREMENT), so a missing item, an
 * item another process deleted or a replaced report all change it; two different sets agreeing on all
 * four sums by chance is negligible. Each hash term is below 2^31, so the sums stay exact in a double
 * up to millions of items.
 */
export interface ItemSetStamp {
  count: number;
  idSum: number;
  hashA: number;
  hashB: number;
}

/** What a catch-up changed. */
export interface IndexChanges {
  added: number;
  removed: number;
}

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

export interface VectorHit {
  id: number;
  /** Cosine similarity (inner product of normalised vectors), higher is better */
  score: number;
}

interface IndexMeta {
  /** 2: stamped with `items`. 1 (older releases): stamped with the store's generation, which is ignored. */
  formatVersion: 1 | 2;
  embedderId: string;
  dimensions: number | null;
  /** The items the binary holds (formatVersion 2) */
  items?: ItemSetStamp;
  count: number;
  builtAt: string;
  savedAt: string;
  /** The binary's file name in the index directory; null for an empty index */
  file: string | null;
  fileBytes: number;
  crc32: number;
  m: number;
  efConstruction: number;
  /** Labels marked deleted and still in the graph (hnswlib cannot list them itself) */
  deleted: number[];
}

const META_FILE = 'meta.json';
const FORMAT_VERSION = 2;
const INITIAL_CAPACITY = 1024;
const REBUILD_BATCH = 256;
const STALE_TEMP_MS = 10 * 60 * 1000;
/**
 * A binary meta.json does not name is removed by the next save only when older than this: a younger
 * one may be another process's, renamed into place a moment before its meta.json names it.
 */
const STALE_BINARY_MS = 60 * 1000;
const MISSING_FILE = '索引文件缺失';

// The stamp's hashes: (id mod P) × K mod P for a prime P below 2^31 and two large multipliers, so
// consecutive ids scatter. The same formula runs in SQLite (64-bit integers: the product is below
// 2^62) and in JavaScript (mulMod keeps every intermediate exact).
const HASH_P = 2147483647;
const HASH_KA = 1583458089;
const HASH_KB = 1969212397;
const STORE_STAMP_SQL = `
  SELECT count(*) AS count, coalesce(sum(id), 0) AS idSum,
         coalesce(sum((id % ${HASH_P}) * ${HASH_KA} % ${HASH_P}), 0) AS hashA,
         coalesce(sum((id % ${HASH_P}) * ${HASH_KB} % ${HASH_P}), 0) AS hashB
  FROM items`;
const NO_CHANGES: IndexChanges = { added: 0, removed: 0 };

export class VectorIndex {
  private index: HierarchicalNSW | null = null;
  private dims: number | null;
  /**
   * Labels in the index, built on first need: a freshly loaded index only knows the count (reading
   * 100k labels into a Set costs ~70 ms that a one-question CLI run does not need).
   */
  private liveSet: Set<number> | null = new Set();
  private liveCount = 0;
  /** Deleted labels still occupying graph slots (reused by later adds) */
  private deleted = new Set<number>();
  /** The fingerprint of the live items, kept current by every add and remove */
  private stamp: ItemSetStamp = emptyStamp();
  /** The store generation at which the index last held exactly the store's items (-1: not checked) */
  private verifiedGeneration = -1;
  /** Catch-ups run one after another (a remote embedder awaits mid-way) */
  private catchUpQueue: Promise<unknown> = Promise.resolve();
  private statements: { stamp: Database.Statement; ids: Database.Statement } | null = null;
  /** The binary this copy last loaded or wrote: superseded by its next save, so removed then whatever its age */
  private ownFile: string | null = null;
  private builtAt: string;
  private dirty = false;
  private exactCache: { ids: number[]; data: Float32Array } | null = null;
  private readonly params: HnswParams;
  private readonly exactSearchMaxItems: number;
  private readonly log: (message: string) => void;
  private readonly clock: Clock;

  private constructor(
    readonly dir: string,
    readonly embedder: IndexEmbeddings,
    private readonly store: VectorIndexSource,
    options: VectorIndexOptions,
  ) {
    this.params = {
      m: options.m ?? DEFAULT_HNSW.m,
      efConstruction: options.efConstruction ?? DEFAULT_HNSW.efConstruction,
      efSearch: options.efSearch ?? DEFAULT_HNSW.efSearch,
    };
    this.dims = embedder.dimensions ?? null;
    this.exactSearchMaxItems = options.exactSearchMaxItems ?? EXACT_SEARCH_MAX_ITEMS;
    this.log = options.log ?? (() => {});
    this.clock = options.clock ?? systemClock;
    this.builtAt = this.clock().toISOString();
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
    if (!options.embedder.embedSync) throw new Error(`VectorIndex.openSync: embedder ${options.embedder.id} cannot embed synchronously`);
    const vi = new VectorIndex(path.resolve(options.dir), options.embedder, options.store, options);
    let problem = vi.tryLoadSync();
    if (problem === MISSING_FILE) problem = vi.tryLoadSync();
    const started = performance.now();
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

  get dimensions(): number | null {
    return this.dims;
  }

  /** Items in the index */
  get count(): number {
    return this.liveSet ? this.liveSet.size : this.liveCount;
  }

  private get live(): Set<number> {
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

  /** Adds precomputed vectors (normalised, of the embedder's dimension) under the given ids. */
  addVectors(ids: number[], vectors: ArrayLike<number>[]): void {
    if (ids.length !== vectors.length) throw new Error('addVectors: ids and vectors differ in length');
    if (!ids.length) return;
    const index = this.ensureIndex(vectors[0].length);
    this.ensureCapacity(index, ids.length);
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
      for (const items of this.itemBatches(plan.missing)) {
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
    for (const items of this.itemBatches(plan.missing)) {
      this.addVectors(
        items.map((item) => item.id),
        items.map((item) => embed.call(this.embedder, itemEmbeddingText(item))),
      );
      added += items.length;
    }
    this.verifiedGeneration = plan.generation;
    return { added, removed: plan.extra.length };
  }

  /**
   * The items with these ids, a batch at a time. Each batch is read whole before it is handed out,
   * so no SQLite statement stays open across the embedder's await.
   */
  private *itemBatches(ids: number[]): Generator<StoredItem[]> {
    for (let i = 0; i < ids.length; i += REBUILD_BATCH) yield this.store.getItemsByIds(ids.slice(i, i + REBUILD_BATCH));
  }

  /**
   * What a catch-up must do, or null when the index already holds exactly the store's items. The
   * generation is read first: a write landing after it moves the generation again, so the next call
   * looks again (reading it last could mark as verified a generation whose items were never seen).
   */
  private planCatchUp(): { generation: number; missing: number[]; extra: number[] } | null {
    const generation = this.store.indexGeneration();
    if (generation === this.verifiedGeneration) return null;
    const statements = this.storeStatements();
    if (sameStamp(this.stamp, statements.stamp.get() as ItemSetStamp)) {
      this.verifiedGeneration = generation;
      return null;
    }
    const inStore = statements.ids.all() as number[];
    const stored = new Set(inStore);
    const live = this.live;
    return {
      generation,
      missing: inStore.filter((id) => !live.has(id)),
      extra: [...live].filter((id) => !stored.has(id)),
    };
  }

  private storeStatements(): { stamp: Database.Statement; ids: Database.Statement } {
    if (!this.statements) {
      this.statements = {
        stamp: this.store.db.prepare(STORE_STAMP_SQL),
        ids: this.store.db.prepare('SELECT id FROM items ORDER BY id').pluck(),
      };
    }
    return this.statements;
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
    const dims = this.dims!;
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
    // Read everything first: awaiting a remote embedder while a SQLite iterator is open would keep
    // the connection busy for every other query in this process.
    const batch: { ids: number[]; texts: string[] } = { ids: [], texts: [] };
    const batches: Array<{ ids: number[]; texts: string[] }> = [];
    for (const item of this.store.iterateItems()) {
      batch.ids.push(item.id);
      batch.texts.push(itemEmbeddingText(item));
      if (batch.ids.length === REBUILD_BATCH) batches.push({ ids: batch.ids.splice(0), texts: batch.texts.splice(0) });
    }
    if (batch.ids.length) batches.push(batch);

    this.index = null;
    this.liveSet = new Set();
    this.deleted = new Set();
    this.stamp = emptyStamp();
    this.exactCache = null;
    this.dims = this.embedder.dimensions ?? null;
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
    this.index = null;
    this.liveSet = new Set();
    this.deleted = new Set();
    this.stamp = emptyStamp();
    this.exactCache = null;
    this.dims = this.embedder.dimensions ?? null;
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
    this.prepareDirectory();
    let file: string | null = null;
    let fileBytes = 0;
    let crc = 0;
    if (this.index && this.index.getCurrentCount() > 0) {
      // Deleted labels whose slots were reused by later adds are gone from the graph: forget them.
      const inGraph = new Set(this.index.getIdsList());
      this.deleted = new Set([...this.deleted].filter((id) => inGraph.has(id)));
      file = `items-${systemClock().getTime().toString(36)}-${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 8)}.hnsw`;
      const target = path.join(this.dir, file);
      const tmp = target + '.tmp';
      this.index.writeIndexSync(tmp);
      fsyncFile(tmp);
      fs.renameSync(tmp, target);
      ({ bytes: fileBytes, crc } = fileChecksum(target));
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
    const metaPath = path.join(this.dir, META_FILE);
    const tmpMeta = `${metaPath}.${process.pid}.tmp`;
    fs.writeFileSync(tmpMeta, JSON.stringify(meta, null, 2));
    fsyncFile(tmpMeta);
    fs.renameSync(tmpMeta, metaPath);
    this.dirty = false;
    this.removeStaleFiles(file, this.ownFile);
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

  /**
   * Creates the index directory. A plain file (or anything but a directory) in its place is damage
   * like any other: it is moved aside, kept for inspection, and the directory created.
   */
  private prepareDirectory(): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      return;
    } catch (err) {
      const stat = fs.statSync(this.dir, { throwIfNoEntry: false });
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !stat || stat.isDirectory()) throw err;
    }
    const aside = `${this.dir}.damaged-${systemClock().getTime().toString(36)}`;
    fs.renameSync(this.dir, aside);
    this.log(`向量索引路径 ${this.dir} 不是目录：已移到 ${aside}`);
    fs.mkdirSync(this.dir, { recursive: true });
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Loads the saved index; returns why it cannot be used, or null when loaded. The file is checked
   * and read off the main thread (libuv pool), so a caller can warm up other things meanwhile (the
   * question segmenter's dictionary: see warmUpQuerySegmenter in segment.ts).
   */
  private async tryLoad(): Promise<string | null> {
    const read = this.readMeta();
    if (typeof read === 'string') return read;
    if (!read.file) return this.adoptEmpty(read.meta);
    let check: { bytes: number; crc: number };
    try {
      check = await fileChecksumAsync(read.file);
    } catch {
      return MISSING_FILE;
    }
    const problem = checksumProblem(read.meta, check);
    if (problem) return problem;
    const index = new HierarchicalNSW('ip', read.meta.dimensions!);
    try {
      await index.readIndex(read.file, true);
    } catch {
      return '索引文件无法读取';
    }
    return this.adopt(read.meta, index);
  }

  /** tryLoad on this thread (VectorIndex.openSync). */
  private tryLoadSync(): string | null {
    const read = this.readMeta();
    if (typeof read === 'string') return read;
    if (!read.file) return this.adoptEmpty(read.meta);
    let check: { bytes: number; crc: number };
    try {
      check = fileChecksum(read.file);
    } catch {
      return MISSING_FILE;
    }
    const problem = checksumProblem(read.meta, check);
    if (problem) return problem;
    const index = new HierarchicalNSW('ip', read.meta.dimensions!);
    try {
      index.readIndexSync(read.file, true);
    } catch {
      return '索引文件无法读取';
    }
    return this.adopt(read.meta, index);
  }

  /** meta.json, checked against this embedder; with the binary's path (null for an empty index), or why it cannot be used. */
  private readMeta(): { meta: IndexMeta; file: string | null } | string {
    const metaPath = path.join(this.dir, META_FILE);
    let meta: IndexMeta;
    try {
      meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as IndexMeta;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return '索引不存在';
      return code === 'ENOTDIR' ? '索引路径不是目录' : '索引元数据无法读取';
    }
    const stamped = meta?.formatVersion === 2 && isStamp(meta.items) && meta.items.count === meta.count;
    if (!meta || !(stamped || meta.formatVersion === 1) || typeof meta.count !== 'number' || !Array.isArray(meta.deleted)) {
      return '索引元数据格式不对';
    }
    if (meta.embedderId !== this.embedder.id) return `嵌入模型已变更：${meta.embedderId} → ${this.embedder.id}`;
    if (this.embedder.dimensions != null && meta.dimensions !== this.embedder.dimensions) {
      return `向量维度已变更：${meta.dimensions} → ${this.embedder.dimensions}`;
    }
    if (meta.file == null) return meta.count !== 0 ? '索引元数据不一致' : { meta, file: null };
    if (typeof meta.file !== 'string' || path.basename(meta.file) !== meta.file || !meta.dimensions) return '索引元数据不一致';
    return { meta, file: path.join(this.dir, meta.file) };
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

  private ensureIndex(dims: number, capacity = INITIAL_CAPACITY): HierarchicalNSW {
    if (this.index) {
      if (dims !== this.dims) throw new Error(`vector of dimension ${dims} for an index of dimension ${this.dims}`);
      return this.index;
    }
    if (this.embedder.dimensions != null && dims !== this.embedder.dimensions) {
      throw new Error(`embedder ${this.embedder.id} returned ${dims} dimensions, expected ${this.embedder.dimensions}`);
    }
    const index = new HierarchicalNSW('ip', dims);
    index.initIndex({
      maxElements: capacity,
      m: this.params.m,
      efConstruction: this.params.efConstruction,
      randomSeed: 100,
      allowReplaceDeleted: true,
    });
    this.index = index;
    this.dims = dims;
    return index;
  }

  /** Deleted slots are reused by adds; grow (doubling) only when live + deleted + new would not fit. */
  private ensureCapacity(index: HierarchicalNSW, adding: number): void {
    const needed = index.getCurrentCount() + adding;
    const max = index.getMaxElements();
    if (needed > max) index.resizeIndex(Math.max(needed, max * 2));
  }

  /** All live vectors in one matrix (read back from the graph once, then cached until a change). */
  private vectors(): { ids: number[]; data: Float32Array } {
    if (!this.exactCache) {
      // By id: exactSearch breaks ties by row order.
      const ids = [...this.live].sort((a, b) => a - b);
      const dims = this.dims!;
      const data = new Float32Array(ids.length * dims);
      ids.forEach((id, row) => data.set(this.index!.getPoint(id), row * dims));
      this.exactCache = { ids, data };
    }
    return this.exactCache;
  }

  /**
   * Binaries from earlier saves are no longer referenced once meta.json names the new one: this copy's
   * own previous binary goes at once. Other binaries and temp files are removed only when old (and
   * not named by the meta.json now on disk): a younger one may belong to another process saving
   * right now, its meta.json not yet written.
   */
  private removeStaleFiles(keep: string | null, superseded: string | null): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    // File ages are measured against the machine's own clock, as their mtimes are (never an injected one).
    const now = systemClock().getTime();
    // Another process may have saved after us: its meta.json is the one on disk now.
    const named = readNamedBinary(path.join(this.dir, META_FILE));
    for (const name of names) {
      if (name === keep || name === named || name === META_FILE) continue;
      const isBinary = /\.hnsw$/.test(name);
      const isTemp = /\.tmp$/.test(name);
      if (!isBinary && !isTemp) continue;
      const file = path.join(this.dir, name);
      try {
        const age = now - fs.statSync(file).mtimeMs;
        if (name !== superseded && age < (isTemp ? STALE_TEMP_MS : STALE_BINARY_MS)) continue;
        fs.unlinkSync(file);
      } catch {
        // gone already, or in use: cleaned up by a later save
      }
    }
  }
}

function emptyStamp(): ItemSetStamp {
  return { count: 0, idSum: 0, hashA: 0, hashB: 0 };
}

/** Adds (sign 1) or removes (sign -1) one id's share of a stamp, in place. */
function stampAdd(stamp: ItemSetStamp, id: number, sign: 1 | -1): void {
  const reduced = id % HASH_P;
  stamp.count += sign;
  stamp.idSum += sign * id;
  stamp.hashA += sign * mulMod(reduced, HASH_KA, HASH_P);
  stamp.hashB += sign * mulMod(reduced, HASH_KB, HASH_P);
}

export function stampOf(ids: Iterable<number>): ItemSetStamp {
  const stamp = emptyStamp();
  for (const id of ids) stampAdd(stamp, id, 1);
  return stamp;
}

/**
 * hnswlib trusts the file: a flipped byte in a link list could crash a search later, so only a file
 * whose size and CRC match what was written is handed to it.
 */
function checksumProblem(meta: IndexMeta, check: { bytes: number; crc: number }): string | null {
  return check.bytes !== meta.fileBytes || check.crc !== meta.crc32 ? '索引文件已损坏（校验不符）' : null;
}

function sameStamp(a: ItemSetStamp, b: ItemSetStamp): boolean {
  return a.count === b.count && a.idSum === b.idSum && a.hashA === b.hashA && a.hashB === b.hashB;
}

function isStamp(value: unknown): value is ItemSetStamp {
  const s = value as ItemSetStamp | null | undefined;
  return !!s && [s.count, s.idSum, s.hashA, s.hashB].every((n) => Number.isSafeInteger(n));
}

/** a × k mod p for a, k < p < 2^31, exact in doubles: k is split in 16-bit halves so no product reaches 2^53. */
function mulMod(a: number, k: number, p: number): number {
  const high = Math.floor(k / 65536);
  const low = k % 65536;
  return ((((a * high) % p) * 65536) % p + a * low) % p;
}

/** The binary a meta.json names, or null when there is none or it cannot be read. */
function readNamedBinary(metaPath: string): string | null {
  try {
    const file = (JSON.parse(fs.readFileSync(metaPath, 'utf8')) as Partial<IndexMeta>).file;
    return typeof file === 'string' ? file : null;
  } catch {
    return null;
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Size and CRC-32 of a file, read in chunks (the index can be 100 MB) off the main thread. */
async function fileChecksumAsync(file: string): Promise<{ bytes: number; crc: number }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    let crc = 0;
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead <= 0) break;
      crc = zlib.crc32(buffer.subarray(0, bytesRead), crc);
      bytes += bytesRead;
    }
    return { bytes, crc };
  } finally {
    await handle.close();
  }
}

/** Size and CRC-32 of a file, read in chunks (the index can be 100 MB). */
function fileChecksum(file: string): { bytes: number; crc: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    let crc = 0;
    let bytes = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n <= 0) break;
      crc = zlib.crc32(buffer.subarray(0, n), crc);
      bytes += n;
    }
    return { bytes, crc };
  } finally {
    fs.closeSync(fd);
  }
}
