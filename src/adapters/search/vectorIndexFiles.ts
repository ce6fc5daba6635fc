/**
 * The vector index's files and their crash safety: meta.json and the hnsw binary it names, each
 * written to a temporary file, fsynced and renamed into place (binary first); the binary's size and
 * CRC-32 checked before hnswlib reads it; binaries and temp files no meta.json names removed once
 * stale; a non-directory in the index's place moved aside. What the index does with what it reads
 * (adopting a graph, catching up) stays in vectorIndex.ts. Imports node's fs and hnswlib only.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { HierarchicalNSW } from 'hnswlib-node';
import type { IndexEmbeddings } from './embedder';
import { isStamp, type ItemSetStamp } from './itemSetStamp';
import { systemClock } from '../../clock';

export interface IndexMeta {
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

/** A binary written to the index directory: its name there, size and CRC-32. */
export interface WrittenBinary {
  file: string;
  fileBytes: number;
  crc: number;
}

const META_FILE = 'meta.json';
export const FORMAT_VERSION = 2;
const STALE_TEMP_MS = 10 * 60 * 1000;
/**
 * A binary meta.json does not name is removed by the next save only when older than this: a younger
 * one may be another process's, renamed into place a moment before its meta.json names it.
 */
const STALE_BINARY_MS = 60 * 1000;
/** Why a load failed when the binary meta.json names is not there (another process may be mid-save: read again). */
export const MISSING_FILE = '索引文件缺失';

/** meta.json, checked against this embedder; with the binary's path (null for an empty index), or why it cannot be used. */
export function readIndexMeta(dir: string, embedder: IndexEmbeddings): { meta: IndexMeta; file: string | null } | string {
  const metaPath = path.join(dir, META_FILE);
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
  if (meta.embedderId !== embedder.id) return `嵌入模型已变更：${meta.embedderId} → ${embedder.id}`;
  if (embedder.dimensions != null && meta.dimensions !== embedder.dimensions) {
    return `向量维度已变更：${meta.dimensions} → ${embedder.dimensions}`;
  }
  if (meta.file == null) return meta.count !== 0 ? '索引元数据不一致' : { meta, file: null };
  if (typeof meta.file !== 'string' || path.basename(meta.file) !== meta.file || !meta.dimensions) return '索引元数据不一致';
  return { meta, file: path.join(dir, meta.file) };
}

/**
 * The graph in `file`, checked and read off the main thread (libuv pool), so a caller can warm up
 * other things meanwhile (the question segmenter's dictionary: see warmUpQuerySegmenter in
 * questionJieba.ts); or why it cannot be used.
 */
export async function readGraph(meta: IndexMeta, file: string): Promise<HierarchicalNSW | string> {
  let check: { bytes: number; crc: number };
  try {
    check = await fileChecksumAsync(file);
  } catch {
    return MISSING_FILE;
  }
  const problem = checksumProblem(meta, check);
  if (problem) return problem;
  const index = new HierarchicalNSW('ip', meta.dimensions!);
  try {
    await index.readIndex(file, true);
  } catch {
    return '索引文件无法读取';
  }
  return index;
}

/** readGraph on this thread (VectorIndex.openSync). */
export function readGraphSync(meta: IndexMeta, file: string): HierarchicalNSW | string {
  let check: { bytes: number; crc: number };
  try {
    check = fileChecksum(file);
  } catch {
    return MISSING_FILE;
  }
  const problem = checksumProblem(meta, check);
  if (problem) return problem;
  const index = new HierarchicalNSW('ip', meta.dimensions!);
  try {
    index.readIndexSync(file, true);
  } catch {
    return '索引文件无法读取';
  }
  return index;
}

/**
 * Creates the index directory. A plain file (or anything but a directory) in its place is damage
 * like any other: it is moved aside, kept for inspection, and the directory created.
 */
export function prepareIndexDirectory(dir: string, log: (message: string) => void): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    return;
  } catch (err) {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !stat || stat.isDirectory()) throw err;
  }
  const aside = `${dir}.damaged-${systemClock().getTime().toString(36)}`;
  fs.renameSync(dir, aside);
  log(`向量索引路径 ${dir} 不是目录：已移到 ${aside}`);
  fs.mkdirSync(dir, { recursive: true });
}

/** Writes the graph to a new binary under a name no other save uses: temp file, fsync, rename. */
export function writeGraph(dir: string, index: HierarchicalNSW): WrittenBinary {
  const file = `items-${systemClock().getTime().toString(36)}-${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 8)}.hnsw`;
  const target = path.join(dir, file);
  const tmp = target + '.tmp';
  index.writeIndexSync(tmp);
  fsyncFile(tmp);
  fs.renameSync(tmp, target);
  const { bytes: fileBytes, crc } = fileChecksum(target);
  return { file, fileBytes, crc };
}

/** Replaces meta.json: temp file, fsync, rename (after the binary it names is in place). */
export function writeIndexMeta(dir: string, meta: IndexMeta): void {
  const metaPath = path.join(dir, META_FILE);
  const tmpMeta = `${metaPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmpMeta, JSON.stringify(meta, null, 2));
  fsyncFile(tmpMeta);
  fs.renameSync(tmpMeta, metaPath);
}

/**
 * Binaries from earlier saves are no longer referenced once meta.json names the new one: this copy's
 * own previous binary goes at once. Other binaries and temp files are removed only when old (and
 * not named by the meta.json now on disk): a younger one may belong to another process saving
 * right now, its meta.json not yet written.
 */
export function removeStaleFiles(dir: string, keep: string | null, superseded: string | null): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  // File ages are measured against the machine's own clock, as their mtimes are (never an injected one).
  const now = systemClock().getTime();
  // Another process may have saved after us: its meta.json is the one on disk now.
  const named = readNamedBinary(path.join(dir, META_FILE));
  for (const name of names) {
    if (name === keep || name === named || name === META_FILE) continue;
    const isBinary = /\.hnsw$/.test(name);
    const isTemp = /\.tmp$/.test(name);
    if (!isBinary && !isTemp) continue;
    const file = path.join(dir, name);
    try {
      const age = now - fs.statSync(file).mtimeMs;
      if (name !== superseded && age < (isTemp ? STALE_TEMP_MS : STALE_BINARY_MS)) continue;
      fs.unlinkSync(file);
    } catch {
      // gone already, or in use: cleaned up by a later save
    }
  }
}

/**
 * hnswlib trusts the file: a flipped byte in a link list could crash a search later, so only a file
 * whose size and CRC match what was written is handed to it.
 */
function checksumProblem(meta: IndexMeta, check: { bytes: number; crc: number }): string | null {
  return check.bytes !== meta.fileBytes || check.crc !== meta.crc32 ? '索引文件已损坏（校验不符）' : null;
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
