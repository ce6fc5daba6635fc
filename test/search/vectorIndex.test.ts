import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { HashingEmbeddings } from '../../src/adapters/search/embedder';
import { stampOf, VectorIndex } from '../../src/adapters/search/vectorIndex';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

const LINES = [
  '光大备份通道测试中，计划12/8上线',
  '银联无感签约支付进入回归测试，整体预计12/2上线',
  '终端库存管理模块完成原型演示',
  '硬件加密机招标结束，计划采购6台',
  '账单异常恢复演练完成，补数工具线上化进度70%',
  '亦庄机房与云上专线已开通，等新防火墙到货后投产',
];

describe('VectorIndex', () => {
  let dir: string;
  let indexDir: string;
  let db: Database.Database;
  let store: ReportStore;
  let ids: number[];
  const embedder = new HashingEmbeddings();
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  const open = (options: Partial<Parameters<typeof VectorIndex.open>[0]> = {}) =>
    VectorIndex.open({ dir: indexDir, embedder, store, log, ...options });
  const topId = (vi: VectorIndex, text: string) => vi.search(embedder.embedSync(text), 3)[0]?.id;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-vi-'));
    indexDir = path.join(dir, 'index');
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    store = new ReportStore(db);
    ids = store.saveReport({ ...makeReport({}, LINES), source: 't' }).addedItemIds;
    logs.length = 0;
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a missing index is built from the store, saved, and finds the right item', async () => {
    const vi = await open();
    expect(logs.join('\n')).toMatch(/重建.*索引不存在/);
    expect(vi.count).toBe(LINES.length);
    expect(vi.itemIds()).toEqual(ids);
    expect(topId(vi, '光大 备份通道')).toBe(ids[0]);
    expect(topId(vi, '加密机 采购')).toBe(ids[3]);
    const meta = JSON.parse(fs.readFileSync(path.join(indexDir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ embedderId: 'hash-ngram-v1-128', dimensions: 128, items: stampOf(ids), count: LINES.length });
    expect(typeof meta.builtAt).toBe('string');
    expect(fs.existsSync(path.join(indexDir, meta.file))).toBe(true);
  });

  test('a saved, current index is loaded without rebuilding and gives the same answers', async () => {
    const first = await open();
    const before = first.search(embedder.embedSync('银联 签约'), 6);
    logs.length = 0;
    const again = await open();
    expect(logs).toEqual([]);
    expect(again.count).toBe(LINES.length);
    expect(again.search(embedder.embedSync('银联 签约'), 6)).toEqual(before);
  });

  test('a corrupt binary is detected and rebuilt', async () => {
    await open();
    const meta = JSON.parse(fs.readFileSync(path.join(indexDir, 'meta.json'), 'utf8'));
    const file = path.join(indexDir, meta.file);
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 200, 600); // same size, different content: only the checksum can tell
    fs.writeFileSync(file, bytes);
    logs.length = 0;
    const vi = await open();
    expect(logs.join('\n')).toMatch(/损坏/);
    expect(topId(vi, '光大 备份通道')).toBe(ids[0]);
  });

  test('a garbage binary or garbage meta.json is rebuilt', async () => {
    await open();
    const meta = JSON.parse(fs.readFileSync(path.join(indexDir, 'meta.json'), 'utf8'));
    fs.writeFileSync(path.join(indexDir, meta.file), 'garbage');
    logs.length = 0;
    expect(topId(await open(), '专线 防火墙')).toBe(ids[5]);
    expect(logs.join('\n')).toMatch(/重建/);

    fs.writeFileSync(path.join(indexDir, 'meta.json'), '{ not json');
    logs.length = 0;
    expect(topId(await open(), '专线 防火墙')).toBe(ids[5]);
    expect(logs.join('\n')).toMatch(/元数据/);
  });

  test('an index from another embedder is rebuilt', async () => {
    await open();
    logs.length = 0;
    const wide = new HashingEmbeddings({ dimensions: 512 });
    const vi = await VectorIndex.open({ dir: indexDir, embedder: wide, store, log });
    expect(logs.join('\n')).toMatch(/hash-ngram-v1-128 → hash-ngram-v1-512/);
    expect(vi.dimensions).toBe(512);
    expect(vi.search(wide.embedSync('光大 备份通道'), 1)[0].id).toBe(ids[0]);
  });

  test('an index behind the store (a write it never saw) catches up with the new items, embedding only those', async () => {
    (await open()).save();
    const added = store.saveReport({ ...makeReport({ weekNumber: 48, reportDate: '2023-11-24' }, ['网联条码支付灰度中，12/20全量']), source: 't' });
    logs.length = 0;
    const counting = countingEmbedder();
    const vi = await open({ embedder: counting });
    expect(logs.join('\n')).toMatch(/落后.*补入 1 条，移除 0 条/);
    expect(logs.join('\n')).not.toMatch(/重建/);
    expect(counting.embedded).toEqual(['重点工作 网联条码支付灰度中，12/20全量']);
    expect(vi.count).toBe(LINES.length + 1);
    expect(topId(vi, '网联 条码支付')).toBe(added.addedItemIds[0]);
    // The caught-up index was saved: the next open has nothing to do.
    logs.length = 0;
    await open();
    expect(logs).toEqual([]);
  });

  test('removed items are not found; replacements are; changes survive save and reopen', async () => {
    const vi = await open();
    const revised = store.saveReport({ ...makeReport({}, ['光大备份通道已于12/8上线', ...LINES.slice(1)]), source: 't2' });
    vi.remove(revised.removedItemIds);
    await vi.add(store.getItemsByIds(revised.addedItemIds));
    expect(vi.count).toBe(LINES.length);
    const hits = vi.search(embedder.embedSync('光大 备份通道'), 10).map((h) => h.id);
    for (const old of revised.removedItemIds) expect(hits).not.toContain(old);
    expect(hits[0]).toBe(revised.addedItemIds[0]);
    vi.save();

    logs.length = 0;
    const reopened = await open();
    expect(logs).toEqual([]); // it holds exactly the store's items: nothing to rebuild or catch up
    expect(reopened.count).toBe(LINES.length);
    const again = reopened.search(embedder.embedSync('光大 备份通道'), 10).map((h) => h.id);
    for (const old of revised.removedItemIds) expect(again).not.toContain(old);
    expect(reopened.exactSearch(embedder.embedSync('光大 备份通道'), 10).map((h) => h.id)).toEqual(again);
  });

  test('the index grows past its initial capacity; approximate and exact search agree on a small set', async () => {
    const vi = await open({ m: 16, efConstruction: 200, efSearch: 400, exactSearchMaxItems: 0 });
    const many = store.saveReport({
      ...makeReport({ weekNumber: 50, reportDate: '2023-12-08' }, Array.from({ length: 1500 }, (_, i) => `事项${i} 渠道${i % 37} 进度${i % 100}%`)),
      source: 'many',
    });
    await vi.add(store.getItemsByIds(many.addedItemIds));
    expect(vi.count).toBe(LINES.length + 1500);
    const q = embedder.embedSync('事项77 渠道3');
    expect(vi.search(q, 5).map((h) => h.id)).toEqual(vi.exactSearch(q, 5).map((h) => h.id));
    expect(vi.search(q, 5)[0].score).toBeGreaterThan(vi.search(q, 5)[4].score);
  });

  test('an empty store gives an empty index that saves and loads', async () => {
    store.deleteReport(store.listReports()[0].id);
    const vi = await open();
    expect(vi.count).toBe(0);
    expect(vi.search(embedder.embedSync('光大'), 5)).toEqual([]);
    logs.length = 0;
    const again = await open();
    expect(logs).toEqual([]);
    expect(again.count).toBe(0);
  });

  test('an interrupted save leaves the previous index usable; stale files are cleaned up by the next save', async () => {
    const vi = await open();
    // A crash after writing a binary but before meta.json named it: meta.json still names the old one.
    fs.writeFileSync(path.join(indexDir, 'items-crashed.hnsw'), 'half written');
    fs.writeFileSync(path.join(indexDir, 'items-crashed.hnsw.tmp'), 'half written');
    // Old: younger ones may be another process's save in progress.
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(path.join(indexDir, 'items-crashed.hnsw'), old, old);
    fs.utimesSync(path.join(indexDir, 'items-crashed.hnsw.tmp'), old, old);
    logs.length = 0;
    const reopened = await open();
    expect(logs).toEqual([]);
    expect(topId(reopened, '光大 备份通道')).toBe(ids[0]);
    vi.remove([ids[2]]);
    vi.save();
    const left = fs.readdirSync(indexDir).sort();
    expect(left).toHaveLength(2);
    expect(left).toContain('meta.json');
  });
});

/** The offline embedder, recording what it was asked to embed. */
function countingEmbedder(): HashingEmbeddings & { embedded: string[] } {
  const embedder = new HashingEmbeddings() as HashingEmbeddings & { embedded: string[] };
  embedder.embedded = [];
  const embedSync = embedder.embedSync.bind(embedder);
  embedder.embedSync = (text: string) => {
    embedder.embedded.push(text);
    return embedSync(text);
  };
  return embedder;
}

describe('VectorIndex with other processes writing the store', () => {
  let dir: string;
  let indexDir: string;
  let dbFile: string;
  const cleanup: Array<() => void> = [];
  const embedder = new HashingEmbeddings();
  const logs: string[] = [];
  /** A process of its own: a connection, a store and a copy of the index on the shared directory. */
  const startProcess = async (options: { embedder?: HashingEmbeddings } = {}) => {
    const db = openDatabase(dbFile);
    cleanup.push(() => db.close());
    const store = new ReportStore(db);
    const vi = await VectorIndex.open({ dir: indexDir, embedder: options.embedder ?? embedder, store, log: (m) => logs.push(m) });
    return { db, store, vi };
  };
  const fridays: Record<number, string> = { 45: '2023-11-03', 46: '2023-11-10', 47: '2023-11-17' };
  /** What KnowledgeBase.ingestText does: store the report, then update this process's copy of the index. */
  const ingest = async (p: { store: ReportStore; vi: VectorIndex }, week: number, lines: string[]) => {
    const saved = p.store.saveReport({ ...makeReport({ weekNumber: week, reportDate: fridays[week] }, lines), source: `w${week}` });
    p.vi.remove(saved.removedItemIds);
    await p.vi.add(p.store.getItemsByIds(saved.addedItemIds));
    return saved;
  };
  const storedIds = (db: Database.Database) => db.prepare('SELECT id FROM items ORDER BY id').pluck().all() as number[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-vi3-'));
    indexDir = path.join(dir, 'index');
    dbFile = path.join(dir, 'zhoubao.db');
    logs.length = 0;
  });
  afterEach(() => {
    while (cleanup.length) cleanup.pop()!();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the last process to save does not pass off its copy as complete: the next open adds what it lacks', async () => {
    const a = await startProcess();
    const b = await startProcess();
    await ingest(a, 45, LINES.slice(0, 3));
    const fromB = await ingest(b, 46, LINES.slice(3));
    b.vi.save();
    // A writes last, so the store's generation is the one A saw: only its own items are in its copy.
    await ingest(a, 47, ['网联条码支付灰度中，12/20全量']);
    a.vi.save();
    expect(a.vi.count).toBe(4);

    logs.length = 0;
    const reader = await startProcess();
    expect(reader.vi.itemIds()).toEqual(storedIds(reader.db));
    expect(reader.vi.count).toBe(LINES.length + 1);
    expect(logs.join('\n')).toMatch(/补入 3 条，移除 0 条/);
    expect(reader.vi.search(embedder.embedSync('加密机 采购'), 1)[0].id).toBe(fromB.addedItemIds[0]);
  });

  test('items another process deleted or replaced are dropped from a saved copy on open', async () => {
    const a = await startProcess();
    const first = await ingest(a, 45, LINES);
    a.vi.save();
    const b = await startProcess();
    const replaced = await ingest(b, 45, ['光大备份通道已于12/8上线', ...LINES.slice(1)]);
    expect(replaced.removedItemIds).toEqual(first.addedItemIds);
    // B's copy is lost (a crash before its save); A's, on disk, holds the replaced items.
    logs.length = 0;
    const reader = await startProcess();
    expect(logs.join('\n')).toMatch(/补入 6 条，移除 6 条/);
    expect(reader.vi.itemIds()).toEqual(replaced.addedItemIds);
    const hits = reader.vi.search(embedder.embedSync('光大 备份通道'), 10).map((h) => h.id);
    for (const old of first.addedItemIds) expect(hits).not.toContain(old);
  });

  test('a running copy catches up when the generation moved, and does nothing when it did not', async () => {
    const counting = countingEmbedder();
    const bot = await startProcess({ embedder: counting });
    const cli = await startProcess();
    expect(await bot.vi.catchUp()).toEqual({ added: 0, removed: 0 });
    const added = await ingest(cli, 45, LINES);
    counting.embedded.length = 0;
    expect(await bot.vi.catchUp()).toEqual({ added: LINES.length, removed: 0 });
    expect(counting.embedded).toHaveLength(LINES.length);
    expect(bot.vi.search(embedder.embedSync('光大 备份通道'), 1)[0].id).toBe(added.addedItemIds[0]);
    expect(await bot.vi.catchUp()).toEqual({ added: 0, removed: 0 });
    cli.store.deleteReport(added.report.id);
    expect(bot.vi.catchUpSync()).toEqual({ added: 0, removed: LINES.length });
    expect(bot.vi.count).toBe(0);
    expect(counting.embedded).toHaveLength(LINES.length);
  });

  test('search results depend only on the items held, not on the order two copies received them in', async () => {
    const a = await startProcess();
    const lines = Array.from({ length: 400 }, (_, i) => `${['光大', '招行', '网联', '银联'][i % 4]}${['备份通道', '条码支付', '加密机'][i % 3]}事项${i}，进度${i % 97}%`);
    const first = await ingest(a, 45, lines.slice(0, 200));
    const b = await startProcess();
    const second = await ingest(b, 46, lines.slice(200));
    a.vi.save();
    // The reader's copy gets A's items from disk, then B's by catching up; the other copy is built in id order.
    const reader = await startProcess();
    const rebuilt = await VectorIndex.open({ dir: path.join(dir, 'rebuilt'), embedder, store: reader.store });
    expect(reader.vi.itemIds()).toEqual([...first.addedItemIds, ...second.addedItemIds]);
    for (const q of ['光大 备份通道', '网联 条码支付 进度', '加密机 事项3', '招行']) {
      expect(reader.vi.search(embedder.embedSync(q), 100)).toEqual(rebuilt.search(embedder.embedSync(q), 100));
    }
  });

  test('the fingerprint SQLite computes agrees with the index for ids past the hash modulus (2^31)', async () => {
    const a = await startProcess();
    const small = await ingest(a, 45, LINES.slice(0, 2));
    a.db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'items'").run(2 ** 31 + 12345);
    const large = await ingest(a, 46, LINES.slice(2));
    expect(large.addedItemIds[0]).toBeGreaterThan(2 ** 31);
    a.vi.save();
    logs.length = 0;
    const reader = await startProcess();
    expect(logs).toEqual([]);
    expect(reader.vi.itemIds()).toEqual([...small.addedItemIds, ...large.addedItemIds]);
  });

  test('an index saved by an older release (stamped with the generation) is loaded and caught up, not rebuilt', async () => {
    const a = await startProcess();
    await ingest(a, 45, LINES.slice(0, 4));
    a.vi.save();
    const metaPath = path.join(indexDir, 'meta.json');
    const { items, ...rest } = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
    expect(items.count).toBe(4);
    fs.writeFileSync(metaPath, JSON.stringify({ ...rest, formatVersion: 1, generation: a.store.indexGeneration() }));
    const more = await ingest(await startProcess(), 46, LINES.slice(4));
    logs.length = 0;
    const reader = await startProcess();
    expect(logs.join('\n')).not.toMatch(/重建/);
    expect(reader.vi.itemIds()).toEqual(storedIds(reader.db));
    expect(reader.vi.has(more.addedItemIds[0])).toBe(true);
    expect(JSON.parse(fs.readFileSync(metaPath, 'utf8'))).toMatchObject({ formatVersion: 2, items: { count: LINES.length } });
  });

  test('a plain file in place of the index directory is moved aside and the index rebuilt', async () => {
    fs.writeFileSync(indexDir, 'stray file');
    const seeded = openDatabase(dbFile);
    const ids = new ReportStore(seeded).saveReport({ ...makeReport({}, LINES), source: 't' }).addedItemIds;
    seeded.close();
    const reader = await startProcess();
    expect(reader.vi.itemIds()).toEqual(ids);
    expect(logs.join('\n')).toMatch(/不是目录/);
    expect(fs.statSync(indexDir).isDirectory()).toBe(true);
    const aside = fs.readdirSync(dir).filter((name) => name.startsWith('index.damaged-'));
    expect(aside.map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))).toEqual(['stray file']);
    logs.length = 0;
    expect((await startProcess()).vi.itemIds()).toEqual(ids);
    expect(logs).toEqual([]);
  });
});

describe('VectorIndex updates in place', () => {
  test('re-adding a removed item, or adding an item twice, leaves one point per item', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-vi2-'));
    const db = openDatabase(':memory:');
    try {
      const store = new ReportStore(db);
      const embedder = new HashingEmbeddings();
      const saved = store.saveReport({ ...makeReport({}, LINES), source: 't' });
      const vi = await VectorIndex.open({ dir, embedder, store });
      const items = store.getItemsByIds(saved.addedItemIds);
      vi.remove([items[0].id, items[1].id]);
      await vi.add([items[0]]); // revived
      await vi.add([items[2]]); // already there: updated
      const extra = store.saveReport({ ...makeReport({ weekNumber: 48, reportDate: '2023-11-24' }, ['网联条码支付灰度中']), source: 't' });
      await vi.add(store.getItemsByIds(extra.addedItemIds)); // takes item 1's slot
      expect(vi.count).toBe(LINES.length);
      const all = vi.exactSearch(embedder.embedSync('光大 备份通道'), 100).map((h) => h.id);
      expect(all.sort((a, b) => a - b)).toEqual([...saved.addedItemIds.filter((id) => id !== items[1].id), ...extra.addedItemIds].sort((a, b) => a - b));
      expect(vi.search(embedder.embedSync('光大 备份通道'), 1)[0].id).toBe(items[0].id);
      vi.save();
      // The store agrees with the index (else opening would catch the index up): item 1 is gone there too.
      db.prepare('DELETE FROM items WHERE id = ?').run(items[1].id);
      const logs: string[] = [];
      const reopened = await VectorIndex.open({ dir, embedder, store, log: (m) => logs.push(m) });
      expect(logs).toEqual([]);
      expect(reopened.count).toBe(LINES.length);
      expect(reopened.has(items[1].id)).toBe(false);
      expect(reopened.has(items[0].id)).toBe(true);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
