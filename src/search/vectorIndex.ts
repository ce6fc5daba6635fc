/**
 * The persistent approximate-nearest-neighbour index over item vectors: hnswlib-node's
 * HierarchicalNSW used directly, labels = SQLite item ids, inner product on L2-normalised vectors.
 *
 * Why not LangChain's HNSWLib vector store: it cannot delete single documents (its `delete` removes a
 * whole saved directory), so replacing one report would mean rebuilding everything; and it keeps its
 * own docstore (docstore.json) duplicating the text SQLite already holds, which then has to be kept
 * consistent with SQLite by hand. Here SQLite is the only source of truth and this index is derived
 * data: it records the embedder and the store's index generation it reflects, and is rebuilt from
 * SQLite whenever it is missing, unreadable, corrupt, built by another embedder, or stale.
 *
 * Files in `dir`: `meta.json` and the hnsw binary it names. Saving writes a new binary and a new
 * meta.json, each to a temporary file renamed into place (binary first), so a crash at any point
 * leaves either the old pair or the new pair; the binary's size and CRC-32 are checked on load.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { HierarchicalNSW } from 'hnswlib-node';
import type { StoredItem } from '../store/types';
import { itemEmbeddingText, type IndexEmbeddings } from './embedder';

/** The part of ReportStore the index reads. */
export interface VectorIndexSource {
  iterateItems(): IterableIterator<StoredItem>;
  indexGeneration(): number;
  countItems(): number;
}

export interface HnswParams {
  /** Graph degree (hnswlib M) */
  m: number;
  efConstruction: number;
  /** Candidate list size at query time; at least k is used */
  efSearch: number;
}

/**
 * Chosen with src/bench/vectorRecall.ts (BENCHMARKS.md). At 100k hashed 128-dim vectors, M=12 /
 * efConstruction=40 builds ~1.5x faster than M=16 / 64 (inserts dominate ingest time) and with
 * efSearch 100-200 still returns 90-95% of the exact top 10 — the source line is found about as often
 * as by exact search, since the embedder, not the graph, is what limits this leg. The retriever asks
 * for k ≥ 100, and ef is never below k.
 */
export const DEFAULT_HNSW: HnswParams = { m: 12, efConstruction: 40, efSearch: 100 };

export interface VectorIndexOptions extends Partial<HnswParams> {
  dir: string;
  embedder: IndexEmbeddings;
  store: VectorIndexSource;
  /** Diagnostics (why the index was rebuilt); never receives secrets */
  log?: (message: string) => void;
}

export interface VectorHit {
  id: number;
  /** Cosine similarity (inner product of normalised vectors), higher is better */
  score: number;
}

interface IndexMeta {
  formatVersion: 1;
  embedderId: string;
  dimensions: number | null;
  generation: number;
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
const FORMAT_VERSION = 1;
const INITIAL_CAPACITY = 1024;
const REBUILD_BATCH = 256;
const STALE_TEMP_MS = 10 * 60 * 1000;

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
  private syncedGeneration = -1;
  private builtAt = new Date().toISOString();
  private dirty = false;
  private exactCache: { ids: number[]; data: Float32Array } | null = null;
  private readonly params: HnswParams;
  private readonly log: (message: string) => void;

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
    this.log = options.log ?? (() => {});
  }

  /**
   * Loads the index from `dir`, or rebuilds it from the store (and saves it) when the files are
   * missing, unreadable, corrupt, from another embedder or dimension, or behind the store.
   */
  static async open(options: VectorIndexOptions): Promise<VectorIndex> {
    const vi = new VectorIndex(path.resolve(options.dir), options.embedder, options.store, options);
    const problem = await vi.tryLoad();
    if (problem) {
      vi.log(`向量索引需要重建（${problem}）…`);
      const started = Date.now();
      const n = await vi.rebuild();
      vi.log(`向量索引已重建：${n} 条，${Date.now() - started} ms`);
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

  /** The store generation this index reflects */
  get generation(): number {
    return this.syncedGeneration;
  }

  get efSearch(): number {
    return this.params.efSearch;
  }

  set efSearch(ef: number) {
    this.params.efSearch = Math.max(1, Math.floor(ef));
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  /** Embeds and adds items (replacing any with the same id), then records the store's generation. */
  async add(items: StoredItem[]): Promise<void> {
    if (items.length) {
      const texts = items.map(itemEmbeddingText);
      const vectors = this.embedder.embedSync ? texts.map((t) => this.embedder.embedSync!(t)) : await this.embedder.embedDocuments(texts);
      this.addVectors(
        items.map((i) => i.id),
        vectors,
      );
    }
    this.syncedGeneration = this.store.indexGeneration();
    this.dirty = true;
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
      live.add(id);
      this.deleted.delete(id);
    });
    this.exactCache = null;
    this.dirty = true;
  }

  /** Removes items (ids not in the index are ignored), then records the store's generation. */
  remove(ids: number[]): void {
    for (const id of ids) {
      if (!this.index || !this.live.has(id)) continue;
      this.index.markDelete(id);
      this.live.delete(id);
      this.deleted.add(id);
      this.exactCache = null;
    }
    this.syncedGeneration = this.store.indexGeneration();
    this.dirty = true;
  }

  /**
   * Approximate k nearest neighbours, best first. `filter` restricts the candidates inside the graph
   * walk (hnswlib keeps searching until it has k that pass), for scoped questions.
   */
  search(vector: ArrayLike<number>, k: number, filter?: (id: number) => boolean): VectorHit[] {
    if (!this.index || !this.count || k <= 0) return [];
    const kk = Math.min(Math.floor(k), this.count);
    this.index.setEf(Math.max(this.params.efSearch, kk));
    const query = Array.isArray(vector) ? (vector as number[]) : Array.from(vector);
    const result = filter ? this.index.searchKnn(query, kk, filter) : this.index.searchKnn(query, kk);
    const hits = result.neighbors.map((id, i) => ({ id, score: 1 - result.distances[i] }));
    return hits.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** Exact k nearest neighbours by brute force over every vector (for measuring the approximate search). */
  exactSearch(vector: ArrayLike<number>, k: number, filter?: (id: number) => boolean): VectorHit[] {
    if (!this.index || !this.count || k <= 0) return [];
    const { ids, data } = this.vectors();
    const dims = this.dims!;
    const top: VectorHit[] = [];
    for (let row = 0; row < ids.length; row++) {
      if (filter && !filter(ids[row])) continue;
      let dot = 0;
      const base = row * dims;
      for (let d = 0; d < dims; d++) dot += data[base + d] * vector[d];
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
    const generation = this.store.indexGeneration();
    const started = new Date().toISOString();
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
    this.exactCache = null;
    this.dims = this.embedder.dimensions ?? null;
    const total = batches.reduce((n, b) => n + b.ids.length, 0);
    for (const b of batches) {
      const vectors = this.embedder.embedSync ? b.texts.map((t) => this.embedder.embedSync!(t)) : await this.embedder.embedDocuments(b.texts);
      if (!this.index) this.ensureIndex(vectors[0].length, Math.max(INITIAL_CAPACITY, Math.ceil(total * 1.25)));
      this.addVectors(b.ids, vectors);
    }
    this.syncedGeneration = generation;
    this.builtAt = started;
    this.dirty = true;
    this.save();
    return this.count;
  }

  /** Writes the index if it changed since it was loaded or saved. Crash-safe (see the file comment). */
  save(): void {
    if (!this.dirty) return;
    fs.mkdirSync(this.dir, { recursive: true });
    let file: string | null = null;
    let fileBytes = 0;
    let crc = 0;
    if (this.index && this.index.getCurrentCount() > 0) {
      // Deleted labels whose slots were reused by later adds are gone from the graph: forget them.
      const inGraph = new Set(this.index.getIdsList());
      this.deleted = new Set([...this.deleted].filter((id) => inGraph.has(id)));
      file = `items-${Date.now().toString(36)}-${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 8)}.hnsw`;
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
      generation: this.syncedGeneration,
      count: this.count,
      builtAt: this.builtAt,
      savedAt: new Date().toISOString(),
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
    this.removeStaleFiles(file);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Loads the saved index; returns why it cannot be used, or null when loaded. The file is checked
   * and read off the main thread (libuv pool), so a caller can warm up other things meanwhile (the
   * question segmenter's dictionary: see warmUpQuerySegmenter in segment.ts).
   */
  private async tryLoad(): Promise<string | null> {
    const metaPath = path.join(this.dir, META_FILE);
    let meta: IndexMeta;
    try {
      meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as IndexMeta;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOENT' ? '索引不存在' : '索引元数据无法读取';
    }
    if (!meta || meta.formatVersion !== FORMAT_VERSION || typeof meta.generation !== 'number' || !Array.isArray(meta.deleted)) {
      return '索引元数据格式不对';
    }
    if (meta.embedderId !== this.embedder.id) return `嵌入模型已变更：${meta.embedderId} → ${this.embedder.id}`;
    if (this.embedder.dimensions != null && meta.dimensions !== this.embedder.dimensions) {
      return `向量维度已变更：${meta.dimensions} → ${this.embedder.dimensions}`;
    }
    const generation = this.store.indexGeneration();
    if (meta.generation !== generation) return `索引落后于数据库（索引第 ${meta.generation} 代，数据库第 ${generation} 代）`;

    if (meta.file == null) {
      if (meta.count !== 0) return '索引元数据不一致';
      this.index = null;
      this.liveSet = new Set();
      this.deleted = new Set();
    } else {
      if (typeof meta.file !== 'string' || path.basename(meta.file) !== meta.file || !meta.dimensions) return '索引元数据不一致';
      const file = path.join(this.dir, meta.file);
      let check: { bytes: number; crc: number };
      try {
        check = await fileChecksumAsync(file);
      } catch {
        return '索引文件缺失';
      }
      // hnswlib trusts the file: a flipped byte in a link list could crash a search later, so only a
      // file whose size and CRC match what was written is handed to it.
      if (check.bytes !== meta.fileBytes || check.crc !== meta.crc32) return '索引文件已损坏（校验不符）';
      const index = new HierarchicalNSW('ip', meta.dimensions);
      try {
        await index.readIndex(file, true);
      } catch {
        return '索引文件无法读取';
      }
      // Slots = live items + deleted items still in the graph (save() forgets reused ones).
      if (index.getCurrentCount() !== meta.count + meta.deleted.length) return '索引条数与元数据不符';
      this.index = index;
      this.liveSet = null;
      this.liveCount = meta.count;
      this.deleted = new Set(meta.deleted);
    }
    this.dims = meta.dimensions;
    this.params.m = meta.m ?? this.params.m;
    this.params.efConstruction = meta.efConstruction ?? this.params.efConstruction;
    this.syncedGeneration = meta.generation;
    this.builtAt = meta.builtAt;
    this.dirty = false;
    this.exactCache = null;
    return null;
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
      const ids = [...this.live];
      const dims = this.dims!;
      const data = new Float32Array(ids.length * dims);
      ids.forEach((id, row) => data.set(this.index!.getPoint(id), row * dims));
      this.exactCache = { ids, data };
    }
    return this.exactCache;
  }

  /**
   * Binaries from earlier saves are no longer referenced once meta.json names the new one. Temp files
   * are removed only when old: a younger one may belong to another process saving right now.
   */
  private removeStaleFiles(keep: string | null): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    for (const name of names) {
      if (name === keep || name === META_FILE) continue;
      const isBinary = /\.hnsw$/.test(name);
      const isTemp = /\.tmp$/.test(name);
      if (!isBinary && !isTemp) continue;
      const file = path.join(this.dir, name);
      try {
        if (isTemp && now - fs.statSync(file).mtimeMs < STALE_TEMP_MS) continue;
        fs.unlinkSync(file);
      } catch {
        // gone already, or in use: cleaned up by a later save
      }
    }
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
