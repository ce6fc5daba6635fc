import Database from 'better-sqlite3';
import { openDatabase } from '../../src/adapters/store/db';
import { REPORT_LISTING_SQL, ReportStore } from '../../src/adapters/store/reportStore';
import { keywordSearch } from '../../src/adapters/search/keywordIndex';
import { makeReport } from './fixtures/makeReport';

function snapshot(db: Database.Database) {
  return {
    reports: db.prepare('SELECT * FROM reports ORDER BY id').all(),
    versions: db.prepare('SELECT * FROM report_versions ORDER BY id').all(),
    items: db.prepare('SELECT * FROM items ORDER BY id').all(),
    // One docsize row per document in the keyword index.
    ftsRows: db.prepare('SELECT id FROM items_fts_docsize ORDER BY id').all(),
    meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
  };
}

const find = (db: Database.Database, word: string) => keywordSearch(db, [[word]], { limit: 50 }).map((h) => h.id);

describe('ReportStore', () => {
  let db: Database.Database;
  let store: ReportStore;
  let clock: number;
  beforeEach(() => {
    db = openDatabase(':memory:');
    clock = Date.parse('2023-11-17T10:00:00Z');
    store = new ReportStore(db, { now: () => new Date((clock += 1000)) });
  });
  afterEach(() => db.close());

  const week47 = makeReport({}, [
    { text: '光大备份通道测试中，计划12/8上线', section: ['O1 服务业务'], status: 'testing', dates: [{ iso: '2023-12-08', text: '12/8', event: '上线', planned: true }] },
    { text: '本周入金成功率 99.991%', section: ['系统运行数据'], metrics: [{ text: '99.991%', value: 99.991, unit: '%', label: '入金成功率' }] },
    '终端库存管理完成演示',
  ]);

  test('a new report is stored with its items, in order, findable by keyword', () => {
    const saved = store.saveReport({ ...week47, source: 'a.md', submittedBy: 'U1' });
    expect(saved.outcome).toBe('new');
    expect(saved.removedItemIds).toEqual([]);
    expect(saved.addedItemIds).toHaveLength(3);
    expect(saved.report).toMatchObject({
      team: '支付中心',
      weekLabel: '第47周',
      weekNumber: 47,
      reportDate: '2023-11-17',
      source: 'a.md',
      submittedBy: 'U1',
      itemCount: 3,
      version: 1,
    });
    const items = store.getItemsForReport(saved.report.id);
    expect(items.map((i) => i.text)).toEqual(week47.report.items.map((i) => i.text));
    expect(items[0]).toMatchObject({
      reportId: saved.report.id,
      team: '支付中心',
      weekLabel: '第47周',
      weekNumber: 47,
      reportDate: '2023-11-17',
      sectionPath: ['O1 服务业务'],
      status: 'testing',
      rawLine: '- 光大备份通道测试中，计划12/8上线',
      lineNo: 2,
      dates: [{ iso: '2023-12-08', text: '12/8', event: '上线', planned: true }],
    });
    expect(items[1].metrics).toEqual([{ text: '99.991%', value: 99.991, unit: '%', label: '入金成功率' }]);
    expect(find(db, '备份通道')).toEqual([items[0].id]);
    expect(store.countItems()).toBe(3);
    expect(store.indexGeneration()).toBe(1);
  });

  test('re-ingesting the same text is "unchanged" and writes nothing, even with other line endings and trailing spaces', () => {
    store.saveReport({ ...week47, source: 'a.md' });
    const before = snapshot(db);
    const sameText = week47.rawText.replace(/\n/g, '  \r\n') + '\n\n';
    const again = store.saveReport({ report: week47.report, rawText: sameText, source: 'b.md' });
    expect(again.outcome).toBe('unchanged');
    expect(again.addedItemIds).toEqual([]);
    expect(again.removedItemIds).toEqual([]);
    expect(again.report.source).toBe('a.md');
    expect(snapshot(db)).toEqual(before);
    expect(store.indexGeneration()).toBe(1);
  });

  test('different content for the same team and week replaces the report and keeps the old text', () => {
    const first = store.saveReport({ ...week47, source: 'a.md' });
    const oldIds = first.addedItemIds;
    const revised = makeReport({}, ['光大备份通道已于12/8上线', '银联无感支付预计12/15上线']);
    const second = store.saveReport({ ...revised, source: 'b.md' });

    expect(second.outcome).toBe('replaced');
    expect(second.report.id).toBe(first.report.id);
    expect(second.report.version).toBe(2);
    expect(second.report.source).toBe('b.md');
    expect(second.report.itemCount).toBe(2);
    expect(second.removedItemIds).toEqual(oldIds);
    expect(second.addedItemIds).toHaveLength(2);
    expect(second.addedItemIds.some((id) => oldIds.includes(id))).toBe(false); // ids are never reused

    expect(store.getItemsByIds(oldIds)).toEqual([]);
    expect(store.getItemsForReport(second.report.id).map((i) => i.text)).toEqual(['光大备份通道已于12/8上线', '银联无感支付预计12/15上线']);
    expect(store.rawText(second.report.id)).toBe(revised.rawText);

    const versions = store.reportVersions(second.report.id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, rawText: week47.rawText, source: 'a.md', itemCount: 3 });

    // The keyword index has no rows of the replaced items.
    expect(find(db, '库存')).toEqual([]);
    expect(find(db, '成功率')).toEqual([]);
    expect(find(db, '银联')).toEqual([second.addedItemIds[1]]);
    const ftsRows = db.prepare('SELECT id FROM items_fts_docsize ORDER BY id').all() as Array<{ id: number }>;
    expect(ftsRows.map((r) => r.id)).toEqual(second.addedItemIds);
    expect(store.indexGeneration()).toBe(2);
    expect(store.listReports()).toHaveLength(1);
  });

  test('each member’s submission for a week is their own report; a member’s second submission replaces their first', () => {
    const team = store.saveReport({ ...week47, source: 'team.md' });
    const alice = store.saveReport({ ...makeReport({}, ['光大备份通道已于11/23上线']), source: 'slack:D1:1', submittedBy: 'UALICE' });
    const bob = store.saveReport({ ...makeReport({}, ['银联签约支付预计12/1上线']), source: 'slack:D2:1', submittedBy: 'UBOB' });
    expect([team.outcome, alice.outcome, bob.outcome]).toEqual(['new', 'new', 'new']);
    expect(new Set([team.report.id, alice.report.id, bob.report.id]).size).toBe(3);

    const aliceAgain = store.saveReport({ ...makeReport({}, ['光大备份通道已于11/23上线，运行平稳']), source: 'slack:D1:2', submittedBy: 'UALICE' });
    expect(aliceAgain.outcome).toBe('replaced');
    expect(aliceAgain.report.id).toBe(alice.report.id);
    expect(store.listReports()).toHaveLength(3);
    expect(store.findReport('支付中心', 47, 2023, 'UBOB')?.id).toBe(bob.report.id);
    expect(store.findReport('支付中心', 47)?.id).toBe(team.report.id);
  });

  test('the same week number in another year, or another team, is another report', () => {
    store.saveReport({ ...week47, source: 'a.md' });
    const nextYear = store.saveReport({ ...makeReport({ reportDate: '2024-11-22' }, ['x 上线']), source: 'b.md' });
    const otherTeam = store.saveReport({ ...makeReport({ team: '清结算中心' }, ['y 上线']), source: 'c.md' });
    expect(nextYear.outcome).toBe('new');
    expect(otherTeam.outcome).toBe('new');
    expect(store.listReports().map((r) => [r.team, r.reportDate])).toEqual([
      ['支付中心', '2023-11-17'],
      ['支付中心', '2024-11-22'],
      ['清结算中心', '2023-11-17'],
    ].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1])));
    expect(store.findReport('支付中心', 47)?.reportDate).toBe('2024-11-22');
    expect(store.findReport('支付中心', 47, 2023)?.reportDate).toBe('2023-11-17');
    expect(store.findReport('支付中心', 48)).toBeNull();
    expect(store.teams()).toEqual(['支付中心', '清结算中心'].sort());
    expect(store.latestReport('支付中心')?.reportDate).toBe('2024-11-22');
    expect(store.latestReport()?.reportDate).toBe('2024-11-22');
    expect(store.listReports({ team: '清结算中心' }).map((r) => r.team)).toEqual(['清结算中心']);
  });

  test('a report without team, week or date is refused with a clear error and nothing is written', () => {
    const before = snapshot(db);
    expect(() => store.saveReport({ ...makeReport({ team: null }, ['a']), source: 's' })).toThrow(/team/);
    expect(() => store.saveReport({ ...makeReport({ weekNumber: null }, ['a']), source: 's' })).toThrow(/weekNumber/);
    expect(() => store.saveReport({ ...makeReport({ reportDate: null }, ['a']), source: 's' })).toThrow(/reportDate/);
    expect(() => store.saveReport({ ...makeReport({ reportDate: '11/17' }, ['a']), source: 's' })).toThrow(/ISO/);
    expect(snapshot(db)).toEqual(before);
  });

  test('a failure in the middle of a replacement leaves the database exactly as before', () => {
    store.saveReport({ ...week47, source: 'a.md' });
    const before = snapshot(db);
    const big = makeReport({}, Array.from({ length: 50 }, (_, i) => `新事项${i} 上线`));
    expect(() =>
      store.saveReport({ ...big, source: 'b.md' }, {
        afterItemInserted: (n) => {
          if (n === 30) throw new Error('disk on fire');
        },
      }),
    ).toThrow('disk on fire');
    expect(snapshot(db)).toEqual(before);
    expect(store.getReport(store.listReports()[0].id)?.version).toBe(1);
    expect(find(db, '新事项')).toEqual([]);
    // And the store still works afterwards.
    expect(store.saveReport({ ...big, source: 'b.md' }).outcome).toBe('replaced');
  });

  test('a failure in the middle of a new report stores nothing', () => {
    const before = snapshot(db);
    expect(() =>
      store.saveReport({ ...week47, source: 'a.md' }, {
        afterItemInserted: () => {
          throw new Error('boom');
        },
      }),
    ).toThrow('boom');
    expect(snapshot(db)).toEqual(before);
    expect(store.listReports()).toEqual([]);
  });

  test('deleting a report removes its items, versions and keyword rows and returns the removed ids', () => {
    const first = store.saveReport({ ...week47, source: 'a.md' });
    store.saveReport({ ...makeReport({}, ['改过的 光大']), source: 'a.md' });
    const other = store.saveReport({ ...makeReport({ team: '清结算中心' }, ['光大 对账']), source: 'b.md' });
    const generation = store.indexGeneration();
    const currentIds = store.getItemsForReport(first.report.id).map((i) => i.id);
    expect(store.deleteReport(first.report.id)).toEqual(currentIds);
    expect(store.getReport(first.report.id)).toBeNull();
    expect(store.reportVersions(first.report.id)).toEqual([]);
    expect(find(db, '光大')).toEqual([other.addedItemIds[0]]);
    expect(store.indexGeneration()).toBe(generation + 1);
    expect(store.deleteReport(9999)).toEqual([]);
    expect(store.indexGeneration()).toBe(generation + 1);
  });

  test('items by id come back in the order asked, unknown ids skipped; iteration and counts see everything', () => {
    const a = store.saveReport({ ...week47, source: 'a.md' });
    const b = store.saveReport({ ...makeReport({ weekNumber: 48, reportDate: '2023-11-24' }, ['下周 x', '下周 y']), source: 'b.md' });
    const ids = [b.addedItemIds[1], 424242, a.addedItemIds[0], b.addedItemIds[0]];
    expect(store.getItemsByIds(ids).map((i) => i.id)).toEqual([b.addedItemIds[1], a.addedItemIds[0], b.addedItemIds[0]]);
    expect(store.getItemsByIds([])).toEqual([]);
    expect([...store.iterateItems()].map((i) => i.id)).toEqual([...a.addedItemIds, ...b.addedItemIds]);
    expect(store.countItems()).toBe(5);
    expect(store.latestReport()?.weekNumber).toBe(48);
  });

  test('listing every report is answered from an index, never by reading the reports\' texts', () => {
    // At 25,000 reports reading the rows meant reading every raw text (the listed columns come after it).
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${REPORT_LISTING_SQL}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING COVERING INDEX reports_listing/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    store.saveReport({ ...makeReport({ team: '清结算中心', weekNumber: 48, reportDate: '2023-11-24' }, ['对账平台上线']), source: 'b.md' });
    store.saveReport({ ...week47, source: 'a.md' });
    expect(store.listReports().map((r) => [r.team, r.weekNumber, r.source])).toEqual([
      ['支付中心', 47, 'a.md'],
      ['清结算中心', 48, 'b.md'],
    ]);
  });

  test('the people items name: their owners (distinct, sorted) and lines that name someone in the text', () => {
    store.saveReport({
      ...makeReport({}, [
        { text: '光大备份通道上线', owner: '柏舟' },
        { text: '加密机采购', owner: '钟意' },
        { text: '对账平台评审', owner: '柏舟' },
        { text: '补数工具线上化', owner: '' },
        '电子发票对接由柏舟完成',
        '风控引擎升级，负责人：钟意',
        '智能路由灰度中',
      ]),
      source: 'a.md',
    });
    expect(store.itemOwners()).toEqual(['柏舟', '钟意']);
    expect(store.textsNamingPeople(100).sort()).toEqual(['电子发票对接由柏舟完成', '风控引擎升级，负责人：钟意'].sort());
    expect(store.textsNamingPeople(1)).toHaveLength(1);
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT min(owner) FROM items WHERE owner > ''").all() as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/items_by_owner/);
  });

  test('a keyword index built by an older tokenizer is re-segmented when the store opens', () => {
    const saved = store.saveReport({ ...week47, source: 'a.md' });
    db.prepare("INSERT INTO items_fts (items_fts) VALUES ('delete-all')").run();
    db.prepare("UPDATE meta SET value = 'old-tokenizer' WHERE key = 'fts_tokenizer'").run();
    expect(find(db, '备份通道')).toEqual([]);
    new ReportStore(db);
    expect(find(db, '备份通道')).toEqual([saved.addedItemIds[0]]);
  });
});
