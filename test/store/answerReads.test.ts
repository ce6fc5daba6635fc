/**
 * What answering reads from the store at a million items, made cheap without changing what it
 * reads: a report's items, the teams, and values derived from the items that other processes reuse.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from './fixtures/makeReport';

describe('what answering reads from the store', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let store: ReportStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-reads-'));
    file = path.join(dir, 'zhoubao.db');
    db = openDatabase(file);
    store = new ReportStore(db);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const week47 = makeReport({}, [
    { text: '光大备份通道测试中，计划12/8上线', section: ['O1 服务业务', '通道'], status: 'testing', dates: [{ iso: '2023-12-08', text: '12/8', event: '上线', planned: true }] },
    { text: '本周入金成功率 99.991%', section: ['系统运行数据'], metrics: [{ text: '99.991%', value: 99.991, unit: '%', label: '入金成功率' }] },
    { text: '加密机采购', section: ['O1 服务业务', '通道'], owner: '钟意' },
    { text: '终端库存管理完成演示', section: [] },
  ]);

  test("a report's items read together are the same items, field for field, as read one by one by id", () => {
    const saved = store.saveReport({ ...week47, source: 'a.md' });
    const together = store.getItemsForReport(saved.report.id);
    expect(together).toEqual(store.getItemsByIds(saved.addedItemIds));
    expect(together.map((i) => i.sectionPath)).toEqual([['O1 服务业务', '通道'], ['系统运行数据'], ['O1 服务业务', '通道'], []]);
    // Items sharing a heading do not share its array: changing one item's path leaves the other's.
    together[0].sectionPath.push('x');
    expect(together[2].sectionPath).toEqual(['O1 服务业务', '通道']);
    expect(store.getItemsForReport(424242)).toEqual([]);
  });

  test('the teams follow every write: a new team, another process writing, a team whose last report is deleted', () => {
    store.saveReport({ ...week47, source: 'a.md' });
    expect(store.teams()).toEqual(['支付中心']);
    store.saveReport({ ...makeReport({ weekNumber: 48, reportDate: '2023-11-24' }, ['对账平台上线']), source: 'b.md' });
    expect(store.teams()).toEqual(['支付中心']);
    const clearing = store.saveReport({ ...makeReport({ team: '清结算中心' }, ['清分对账']), source: 'c.md' });
    expect(store.teams()).toEqual(['支付中心', '清结算中心'].sort());

    const other = openDatabase(file);
    try {
      new ReportStore(other).saveReport({ ...makeReport({ team: '风控中心' }, ['规则引擎升级']), source: 'd.md' });
    } finally {
      other.close();
    }
    expect(store.teams()).toEqual(['支付中心', '清结算中心', '风控中心'].sort());

    store.deleteReport(clearing.report.id);
    expect(store.teams()).toEqual(['支付中心', '风控中心'].sort());
  });

  test('a derived value is computed once per store generation and read back by other processes', () => {
    const compute = jest.fn(() => ['柏舟', '钟意']);
    expect(store.derivedValue('people', compute)).toEqual(['柏舟', '钟意']);
    expect(store.derivedValue('people', compute)).toEqual(['柏舟', '钟意']);
    expect(compute).toHaveBeenCalledTimes(1);

    // Another process (a cold `zhoubao ask`) reads it without computing it.
    const other = openDatabase(file);
    const elsewhere = jest.fn(() => ['wrong']);
    try {
      expect(new ReportStore(other).derivedValue('people', elsewhere)).toEqual(['柏舟', '钟意']);
    } finally {
      other.close();
    }
    expect(elsewhere).not.toHaveBeenCalled();

    // A write moves the generation: the value is computed again.
    store.saveReport({ ...week47, source: 'a.md' });
    const after = jest.fn(() => ['柏舟']);
    expect(store.derivedValue('people', after)).toEqual(['柏舟']);
    expect(after).toHaveBeenCalledTimes(1);
  });

  test('recording a derived value never waits for another writer, and never joins a caller’s transaction', () => {
    const writer = openDatabase(file);
    try {
      writer.prepare('BEGIN IMMEDIATE').run(); // another process holds the write lock
      const compute = jest.fn(() => 3);
      const started = performance.now();
      expect(store.derivedValue('count', compute)).toBe(3);
      expect(performance.now() - started).toBeLessThan(1000); // the busy timeout is 5 s
      writer.prepare('ROLLBACK').run();
      expect(store.derivedValue('count', compute)).toBe(3);
      expect(compute).toHaveBeenCalledTimes(2); // not recorded the first time
    } finally {
      writer.close();
    }
    const inside = jest.fn(() => 4);
    db.transaction(() => store.derivedValue('inside', inside))();
    expect(store.derivedValue('inside', inside)).toBe(4);
    expect(inside).toHaveBeenCalledTimes(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});
