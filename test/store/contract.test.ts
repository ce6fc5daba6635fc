/**
 * The store contract (src/adapters/store/port.ts), the same tests against both backends: the
 * embedded SQLite store and PostgreSQL (a real server on loopback, test/support/postgres.ts; if it
 * cannot start, the PostgreSQL half fails). Then the two side by side: the same reports stored in
 * both find the same items for the same questions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/adapters/store/db';
import type { StorePort, ItemChanges } from '../../src/adapters/store/port';
import { SqliteStorePort } from '../../src/adapters/store/sqlitePort';
import { PG_MIGRATIONS } from '../../src/adapters/pg/migrations';
import { PgStore, STORE_CHANNEL } from '../../src/adapters/pg/pgStore';
import { parseReportDocument } from '../../src/domain/reports/document';
import { indexTokens, segmentQuery } from '../../src/domain/text/segment';
import { usePostgres } from '../support/postgres';
import { makeReport } from './fixtures/makeReport';

const postgres = usePostgres();

/** Each test's store: fresh, with a clock that moves a second per call. */
type Opened = { store: StorePort; second: () => Promise<StorePort>; cleanup: () => Promise<void> };

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function ticking(): () => Date {
  let t = Date.parse('2023-11-17T10:00:00Z');
  return () => new Date((t += 1000));
}

async function openSqlite(): Promise<Opened> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-contract-'));
  tempDirs.push(dir);
  const file = path.join(dir, 'zhoubao.db');
  const now = ticking();
  const opened: StorePort[] = [new SqliteStorePort(openDatabase(file), { now })];
  return {
    store: opened[0],
    // Another connection to the same file: what a second process sees.
    second: async () => {
      const other = new SqliteStorePort(openDatabase(file), { now });
      opened.push(other);
      return other;
    },
    cleanup: async () => {
      for (const s of opened) await s.close();
    },
  };
}

async function openPostgres(): Promise<Opened> {
  const url = await postgres.server().createMigratedDatabase();
  const now = ticking();
  const opened: StorePort[] = [await PgStore.open(url, { now })];
  return {
    store: opened[0],
    second: async () => {
      const other = await PgStore.open(url, { now });
      opened.push(other);
      return other;
    },
    cleanup: async () => {
      for (const s of opened) await s.close();
    },
  };
}

const week47 = makeReport({}, [
  { text: '光大备份通道测试中，计划12/8上线', section: ['O1 服务业务'], status: 'testing', dates: [{ iso: '2023-12-08', text: '12/8', event: '上线', planned: true }] },
  { text: '本周入金成功率 99.991%', section: ['系统运行数据'], metrics: [{ text: '99.991%', value: 99.991, unit: '%', label: '入金成功率' }] },
  { text: '终端库存管理完成演示，负责人：柏舟', owner: '柏舟' },
]);
const week47Revised = makeReport({}, ['光大备份通道已上线', '终端库存管理上线']);
const week48 = makeReport({ weekNumber: 48, reportDate: '2023-11-24' }, ['银联签约支付回归测试完成', '退款链路改造由钟意负责']);
const week48Revised = makeReport({ weekNumber: 48, reportDate: '2023-11-24' }, ['银联签约支付已上线']);
const otherTeam = makeReport({ team: '清结算中心', weekNumber: 47, reportDate: '2023-11-17' }, ['对账平台切换完成']);

/** A vector index's view after applying `changes` to the ids it held. */
function applyChanges(held: Set<number>, changes: ItemChanges): Set<number> {
  if (changes.kind === 'snapshot') return new Set(changes.liveIds);
  const next = new Set(held);
  for (const id of changes.removedIds) next.delete(id);
  for (const id of changes.addedIds) next.add(id);
  return next;
}

async function liveIds(store: StorePort): Promise<number[]> {
  return (await store.itemsAfter(0, 10_000)).map((i) => i.id);
}

describe.each([
  ['SQLite', openSqlite],
  ['PostgreSQL', openPostgres],
] as const)('the %s store', (_name, open) => {
  let opened: Opened;
  let store: StorePort;
  beforeEach(async () => {
    opened = await open();
    store = opened.store;
  });
  afterEach(async () => opened.cleanup());

  test('a saved report is read back whole: row, items in order, raw text, listing', async () => {
    const saved = await store.saveReport({ ...week47, source: 'a.md' });
    expect(saved.outcome).toBe('new');
    expect(saved.addedItemIds).toHaveLength(3);
    expect(saved.report).toMatchObject({ team: '支付中心', weekLabel: '第47周', weekNumber: 47, reportDate: '2023-11-17', source: 'a.md', kind: 'report', itemCount: 3, version: 1 });

    const items = await store.getItemsForReport(saved.report.id);
    expect(items.map((i) => i.text)).toEqual(week47.report.items.map((i) => i.text));
    expect(items.map((i) => i.id)).toEqual(saved.addedItemIds);
    expect(items[0]).toMatchObject({ sectionPath: ['O1 服务业务'], status: 'testing', team: '支付中心', weekNumber: 47, reportDate: '2023-11-17' });
    expect(items[0].dates).toEqual([{ iso: '2023-12-08', text: '12/8', event: '上线', planned: true }]);
    expect(items[1].metrics[0]).toMatchObject({ value: 99.991, unit: '%' });
    expect(items[2].owner).toBe('柏舟');

    expect(await store.getReport(saved.report.id)).toEqual(saved.report);
    expect(await store.rawText(saved.report.id)).toBe(week47.rawText);
    expect(await store.findReport('支付中心', 47)).toEqual(saved.report);
    expect(await store.findReport('支付中心', 47, 2022)).toBeNull();
    expect(await store.getItemsByIds([saved.addedItemIds[2], 999_999, saved.addedItemIds[0]])).toEqual([items[2], items[0]]);
    expect(await store.countItems()).toBe(3);
  });

  test('listing orders by team then date, filters by team; latest report and teams follow', async () => {
    await store.saveReport({ ...week48, source: 'b.md' });
    await store.saveReport({ ...otherTeam, source: 'c.md' });
    await store.saveReport({ ...week47, source: 'a.md' });
    const all = await store.listReports();
    // Byte order of the names, as SQLite compares text: 支 (U+652F) before 清 (U+6E05).
    expect(all.map((r) => [r.team, r.reportDate])).toEqual([
      ['支付中心', '2023-11-17'],
      ['支付中心', '2023-11-24'],
      ['清结算中心', '2023-11-17'],
    ]);
    expect((await store.listReports({ team: '清结算中心' })).map((r) => r.source)).toEqual(['c.md']);
    expect((await store.latestReport('支付中心'))?.weekNumber).toBe(48);
    expect((await store.latestReport())?.reportDate).toBe('2023-11-24');
    expect(await store.teams()).toEqual(['支付中心', '清结算中心']);
    expect(await store.itemOwners()).toEqual(['柏舟']);
    // Lines naming a person in the text: 负责人：…, 由…负责.
    expect((await store.textsNamingPeople(10)).sort()).toEqual(['终端库存管理完成演示，负责人：柏舟', '退款链路改造由钟意负责'].sort());
  });

  test('the same text again changes nothing; a new text replaces the week and keeps the old one as a version', async () => {
    const first = await store.saveReport({ ...week47, source: 'a.md' });
    const generation = await store.indexGeneration();
    const again = await store.saveReport({ ...week47, source: 'a.md' });
    expect(again.outcome).toBe('unchanged');
    expect(again.report.id).toBe(first.report.id);
    expect(await store.indexGeneration()).toBe(generation);

    const replaced = await store.saveReport({ ...week47Revised, source: 'a2.md' });
    expect(replaced.outcome).toBe('replaced');
    expect(replaced.report).toMatchObject({ id: first.report.id, version: 2, itemCount: 2, source: 'a2.md' });
    expect(replaced.removedItemIds).toEqual(first.addedItemIds);
    expect((await store.getItemsForReport(first.report.id)).map((i) => i.text)).toEqual(['光大备份通道已上线', '终端库存管理上线']);
    expect(await store.getItemsByIds(first.addedItemIds)).toEqual([]);
    const versions = await store.reportVersions(first.report.id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, rawText: week47.rawText, source: 'a.md', itemCount: 3 });
    expect(await store.countItems()).toBe(2);
    // A member's own submission for the same week is a report of its own, not a replacement.
    const mine = await store.saveReport({ ...week47Revised, source: 'slack:dm:U1', submittedBy: 'U1' });
    expect(mine.outcome).toBe('new');
    expect(mine.report.kind).toBe('submission');
  });

  test('a failure in the middle of a report stores nothing of it, and leaves the week it would replace intact', async () => {
    const failAt = (n: number) => ({
      afterItemInserted: (k: number) => {
        if (k === n) throw new Error('disk full (injected)');
      },
    });
    await expect(store.saveReport({ ...week47, source: 'a.md' }, failAt(2))).rejects.toThrow('injected');
    expect(await store.listReports()).toEqual([]);
    expect(await store.countItems()).toBe(0);
    expect(await store.indexGeneration()).toBe(0);

    const kept = await store.saveReport({ ...week47, source: 'a.md' });
    const generation = await store.indexGeneration();
    await expect(store.saveReport({ ...week47Revised, source: 'a2.md' }, failAt(1))).rejects.toThrow('injected');
    expect(await store.getReport(kept.report.id)).toEqual(kept.report);
    expect((await store.getItemsForReport(kept.report.id)).map((i) => i.id)).toEqual(kept.addedItemIds);
    expect(await store.reportVersions(kept.report.id)).toEqual([]);
    expect(await store.indexGeneration()).toBe(generation);
    // The keyword index was rolled back with the rows: the kept text is found, the failed one is not.
    expect((await store.keywordSearch([['备份通道']], { limit: 10 })).map((h) => h.id)).toEqual([kept.addedItemIds[0]]);
    expect(await store.keywordSearch([['已上']], { limit: 10 })).toEqual([]);
  });

  test('several reports are stored in one transaction: a failure in the last one stores none', async () => {
    let calls = 0;
    const failInSecondReport = {
      afterItemInserted: () => {
        if (++calls === week47.report.items.length + 1) throw new Error('injected');
      },
    };
    await expect(store.saveReports([{ ...week47, source: 'doc.md' }, { ...week48, source: 'doc.md' }], failInSecondReport)).rejects.toThrow('injected');
    expect(await store.listReports()).toEqual([]);
    const saved = await store.saveReports([{ ...week47, source: 'doc.md' }, { ...week48, source: 'doc.md' }]);
    expect(saved.map((s) => s.outcome)).toEqual(['new', 'new']);
    expect((await store.listReports()).map((r) => r.weekNumber)).toEqual([47, 48]);
  });

  test('every write moves the generation, and the changes since a generation bring an index up to date', async () => {
    const g0 = await store.indexGeneration();
    const a = await store.saveReport({ ...week47, source: 'a.md' });
    const g1 = await store.indexGeneration();
    expect(g1).toBeGreaterThan(g0);

    // An index built at g1 holds a's items.
    let held = new Set(a.addedItemIds);
    await store.saveReport({ ...week48, source: 'b.md' });
    await store.saveReport({ ...week47Revised, source: 'a2.md' });
    const changes = await store.itemChangesSince(g1);
    expect(changes.generation).toBe(await store.indexGeneration());
    expect(changes.generation).toBeGreaterThan(g1);
    held = applyChanges(held, changes);
    expect([...held].sort((x, y) => x - y)).toEqual(await liveIds(store));

    // Nothing new: nothing to do.
    const none = await store.itemChangesSince(changes.generation);
    expect(none).toEqual({ kind: 'delta', generation: changes.generation, addedIds: [], removedIds: [] });

    const removed = await store.deleteReport(a.report.id);
    expect(removed).toHaveLength(2);
    expect(await store.getReport(a.report.id)).toBeNull();
    held = applyChanges(held, await store.itemChangesSince(changes.generation));
    expect([...held].sort((x, y) => x - y)).toEqual(await liveIds(store));
    expect(await store.countItems()).toBe(held.size);
    expect(await store.deleteReport(a.report.id)).toEqual([]);
  });

  test('the reports changed since a generation, fetched whole, bring a copy of the store up to date', async () => {
    /** A copy's view: report id → [version, item ids], after applying the changes with the records fetched. */
    const copy = new Map<number, [number, number[]]>();
    const follow = async (since: number): Promise<number> => {
      const changes = await store.reportChangesSince(since);
      const fetch = changes.kind === 'delta' ? changes.changedIds : changes.liveIds;
      const gone = changes.kind === 'snapshot' ? [...copy.keys()].filter((id) => !changes.liveIds.includes(id)) : changes.deletedIds;
      for (const id of gone) copy.delete(id);
      for (const record of await store.reportRecords(fetch)) copy.set(record.report.id, [record.report.version, record.items.map((i) => i.id)]);
      return changes.generation;
    };
    const truth = async () => new Map(await Promise.all((await store.listReports()).map(async (r) => [r.id, [r.version, (await store.getItemsForReport(r.id)).map((i) => i.id)]] as const)));

    let generation = await follow(-1);
    expect(copy.size).toBe(0);
    const a = await store.saveReport({ ...week47, source: 'a.md' });
    const b = await store.saveReport({ ...week48, source: 'b.md' });
    generation = await follow(generation);
    expect(copy).toEqual(await truth());
    await store.saveReport({ ...week47Revised, source: 'a.md' });
    await store.deleteReport(b.report.id);
    const changes = await store.reportChangesSince(generation);
    if (changes.kind === 'delta') expect([changes.changedIds, changes.deletedIds]).toEqual([[a.report.id], [b.report.id]]);
    generation = await follow(generation);
    expect(copy).toEqual(await truth());
    expect([...copy.keys()]).toEqual([a.report.id]);
    expect(await store.reportChangesSince(generation)).toMatchObject({ kind: 'delta', changedIds: [], deletedIds: [] });

    const [record] = await store.reportRecords([a.report.id, 999_999]);
    expect(record).toMatchObject({ owner: '', year: 2023, rawText: week47Revised.rawText, report: { id: a.report.id, version: 2 } });
    expect(record.versions.map((v) => v.rawText)).toEqual([week47.rawText]);
    expect(record.items).toEqual(await store.getItemsForReport(a.report.id));
  });

  test('feedback: one verdict per user and answer message', async () => {
    await store.recordFeedback({ verdict: 'up', question: '问', answer: '答', citations: [{ reportId: 1 }], userId: 'U1', channel: 'C1', messageTs: '1.1' });
    await store.recordFeedback({ verdict: 'down', question: '问', answer: '答', citations: [], userId: 'U1', channel: 'C1', messageTs: '1.1' });
    await store.recordFeedback({ verdict: 'up', question: '问二', answer: '答二', citations: [], userId: 'U2' });
    const rows = await store.listFeedback();
    expect(rows.map((r) => [r.verdict, r.question, r.userId])).toEqual([
      ['down', '问', 'U1'],
      ['up', '问二', 'U2'],
    ]);
    expect(rows[0].citations).toEqual([{ reportId: 1 }]);
  });

  test('two connections saving the same week at once store it once: one new, the other unchanged or replacing it', async () => {
    const other = await opened.second();
    const outcomes = await Promise.all([
      store.saveReport({ ...week47, source: 'a.md' }),
      other.saveReport({ ...week47, source: 'a.md' }),
      store.saveReport({ ...week48, source: 'b.md' }),
      other.saveReport({ ...week48Revised, source: 'b2.md' }),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['new', 'new', 'replaced', 'unchanged'].sort());
    const reports = await store.listReports();
    expect(reports.map((r) => r.weekNumber)).toEqual([47, 48]);
    expect(await store.countItems()).toBe((await liveIds(store)).length);
    const week48Items = (await other.getItemsForReport(reports[1].id)).map((i) => i.text);
    expect([week48.report.items.map((i) => i.text), week48Revised.report.items.map((i) => i.text)]).toContainEqual(week48Items);
  });

  test('items are paged by id for index rebuilds', async () => {
    const a = await store.saveReport({ ...week47, source: 'a.md' });
    const b = await store.saveReport({ ...week48, source: 'b.md' });
    const all = [...a.addedItemIds, ...b.addedItemIds];
    const first = await store.itemsAfter(0, 3);
    expect(first.map((i) => i.id)).toEqual(all.slice(0, 3));
    expect((await store.itemsAfter(first[2].id, 10)).map((i) => i.id)).toEqual(all.slice(3));
  });

  test('keyword search: strict matches first, filters by team, report and week, document frequency', async () => {
    const a = await store.saveReport({ ...week47, source: 'a.md' });
    const b = await store.saveReport({ ...week48, source: 'b.md' });
    const c = await store.saveReport({ ...otherTeam, source: 'c.md' });
    const hits = await store.keywordSearch([['光大'], ['上线']], { limit: 10 });
    expect(hits[0]).toMatchObject({ id: a.addedItemIds[0], allGroups: true });
    // A one-character term matches as a prefix, as FTS5 does.
    expect((await store.keywordSearch([['柏']], { limit: 10 })).map((h) => h.id)).toEqual([a.addedItemIds[2]]);
    expect((await store.keywordSearch([['完成']], { limit: 10, teams: ['清结算中心'] })).map((h) => h.id)).toEqual([c.addedItemIds[0]]);
    expect((await store.keywordSearch([['完成']], { limit: 10, weekNumbers: [48] })).map((h) => h.id)).toEqual([b.addedItemIds[0]]);
    expect((await store.keywordSearch([['完成']], { limit: 10, reportIds: [a.report.id] })).map((h) => h.id)).toEqual([a.addedItemIds[2]]);
    expect(await store.keywordSearch([['完成']], { limit: 10, teams: [] })).toEqual([]);
    // Text that looks like query syntax is plain text.
    expect(await store.keywordSearch([["光大' | '上线"], ['(NEAR']], { limit: 10 })).toEqual(expect.any(Array));
    expect(await store.documentFrequency(['完成'], 100)).toBe(3);
    expect(await store.documentFrequency(['完成'], 2)).toBe(2);
    expect(await store.documentFrequency(['光大银行', '光大'], 100)).toBe(1);
    expect(await store.documentFrequency(['不存在的词'], 100)).toBe(0);
  });

  test('an event is claimed once, even when two connections race for it', async () => {
    const other = await opened.second();
    const keys = Array.from({ length: 20 }, (_, k) => `T1:Ev${k}`);
    const results = await Promise.all(keys.flatMap((key) => [store.claimEvent(key), other.claimEvent(key)]));
    for (let k = 0; k < keys.length; k++) expect([results[2 * k], results[2 * k + 1]].filter(Boolean)).toHaveLength(1);
    expect(await store.claimEvent('T1:Ev0')).toBe(false);
    expect(await other.claimEvent('T1:Ev-new')).toBe(true);
  });

  test('a reminder stage is claimed once per member and week, even when two schedulers race; a release lets it be claimed again', async () => {
    const other = await opened.second();
    const scheduledFor = new Date('2023-11-17T08:00:00Z');
    const members = ['U1', 'U2', 'U3', ''];
    const claims = members.flatMap((userId) => (['first', 'nudge'] as const).map((stage) => ({ team: '支付中心', week: '2023-11-17', userId, stage, scheduledFor })));
    const results = await Promise.all(claims.flatMap((c) => [store.claimReminderStage(c), other.claimReminderStage(c)]));
    for (let k = 0; k < claims.length; k++) expect([results[2 * k], results[2 * k + 1]].filter(Boolean)).toHaveLength(1);
    // Another week, or another team, is another claim.
    expect(await store.claimReminderStage({ ...claims[0], week: '2023-11-24' })).toBe(true);
    expect(await store.claimReminderStage({ ...claims[0], team: '清结算中心' })).toBe(true);
    await other.releaseReminderStage(claims[0]);
    expect(await store.claimReminderStage(claims[0])).toBe(true);
    expect(await other.claimReminderStage(claims[0])).toBe(false);
  });

  test('a write through one connection is seen through another at once', async () => {
    const other = await opened.second();
    const before = await other.indexGeneration();
    const saved = await store.saveReport({ ...week47, source: 'a.md' });
    expect(await other.indexGeneration()).toBeGreaterThan(before);
    expect((await other.getItemsForReport(saved.report.id)).map((i) => i.text)).toEqual(week47.report.items.map((i) => i.text));
  });
});

describe('PostgreSQL specifics', () => {
  test('the keyword vector holds exactly the tokens the SQLite FTS5 index is given', async () => {
    const store = await PgStore.open(await postgres.server().createMigratedDatabase(), {});
    try {
      const saved = await store.saveReport({ ...week47, source: 'a.md' });
      const rows = await store.pool.query('SELECT id, tsvector_to_array(search_vector) AS lexemes FROM items ORDER BY id');
      rows.rows.forEach((row, k) => {
        const item = week47.report.items[k];
        const section = item.owner && !item.sectionPath.includes(item.owner) ? [...item.sectionPath, item.owner] : item.sectionPath;
        const expected = new Set([...indexTokens(section.join(' ')), ...indexTokens(item.text)]);
        expect(Number(row.id)).toBe(saved.addedItemIds[k]);
        expect(new Set(row.lexemes)).toEqual(expected);
      });
    } finally {
      await store.close();
    }
  });

  test('another replica hears of a write through LISTEN/NOTIFY with the new generation', async () => {
    const url = await postgres.server().createMigratedDatabase();
    const writer = await PgStore.open(url, {});
    const listener = await PgStore.open(url, {});
    const heard: number[] = [];
    const stop = await listener.listen((g) => heard.push(g));
    try {
      await writer.saveReport({ ...week47, source: 'a.md' });
      const deadline = Date.now() + 5000;
      while (!heard.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual([await listener.indexGeneration()]);
      expect(STORE_CHANNEL).toBe('zhoubao_store');
    } finally {
      await stop();
      await writer.close();
      await listener.close();
    }
  });

  test('migrations are applied once: opening again, or from two replicas at once, changes nothing', async () => {
    // Empty, not from the migrated template: the two opens race to migrate it.
    const url = await postgres.server().createDatabase();
    const [a, b] = await Promise.all([PgStore.open(url, {}), PgStore.open(url, {})]);
    try {
      const versions = await a.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('both backends on the same reports', () => {
  const samplesDir = path.join(__dirname, '..', '..', 'data', 'samples');
  let sqlite: Opened;
  let pg: Opened;
  beforeAll(async () => {
    sqlite = await openSqlite();
    pg = await openPostgres();
    for (const file of fs.readdirSync(samplesDir).sort()) {
      const text = fs.readFileSync(path.join(samplesDir, file), 'utf8');
      const reports = parseReportDocument(text, { fileName: file, now: new Date('2023-12-10T00:00:00Z') });
      const inputs = reports.map((report) => ({ report, rawText: report.sourceText ?? text, source: file }));
      await sqlite.store.saveReports(inputs);
      await pg.store.saveReports(inputs);
    }
  }, 60_000);
  afterAll(async () => {
    await sqlite?.cleanup();
    await pg?.cleanup();
  });

  test('they hold the same reports and items, under the same ids', async () => {
    const strip = (r: { createdAt: string; updatedAt: string }) => ({ ...r, createdAt: '', updatedAt: '' });
    expect((await pg.store.listReports()).map(strip)).toEqual((await sqlite.store.listReports()).map(strip));
    expect(await pg.store.itemsAfter(0, 10_000)).toEqual(await sqlite.store.itemsAfter(0, 10_000));
    expect(await pg.store.countItems()).toBe(await sqlite.store.countItems());
    expect(await pg.store.itemOwners()).toEqual(await sqlite.store.itemOwners());
    expect((await pg.store.textsNamingPeople(1000)).sort()).toEqual((await sqlite.store.textsNamingPeople(1000)).sort());
  });

  test.each([
    '光大备份通道什么时候上线',
    '数字人民币收单交易成功率',
    '银联签约支付进展',
    '退款链路改造什么时候提测',
    '智能路由覆盖交易占比',
    '风控模型上线',
    '对账差错处理',
  ])('「%s」finds the same items first on both', async (question) => {
    const groups = segmentQuery(question).map((w) => [w]);
    const [onSqlite, onPg] = await Promise.all([sqlite.store.keywordSearch(groups, { limit: 10 }), pg.store.keywordSearch(groups, { limit: 10 })]);
    expect(onSqlite.length).toBeGreaterThan(0);
    expect(onPg.map((h) => h.id)).toHaveLength(onSqlite.length);
    // The best hit, and the top three as a set, are the same; strict matches are the same set.
    expect(onPg[0].id).toBe(onSqlite[0].id);
    expect(new Set(onPg.slice(0, 3).map((h) => h.id))).toEqual(new Set(onSqlite.slice(0, 3).map((h) => h.id)));
    expect(new Set(onPg.filter((h) => h.allGroups).map((h) => h.id))).toEqual(new Set(onSqlite.filter((h) => h.allGroups).map((h) => h.id)));
  });
});
