/**
 * The offline fallback's scoped exact search (src/adapters/search/scopedVectors.ts) picks its SQL by
 * which restrictions a scope sets. Every combination must select exactly the items a plain filter
 * over the stored rows selects, in the same order; and the statement must start from the matching
 * reports — at a million items the old single statement scanned every item on every such question.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { countScopeItems, searchScopeExactly, type VectorScope } from '../../src/adapters/search/scopedVectors';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

describe('scoped exact search', () => {
  let dir: string;
  let db: Database.Database;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-scoped-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    const store = new ReportStore(db);
    for (const team of ['支付中心', '运维组', '风控组']) {
      for (const week of [45, 46, 47]) {
        const lines = [`${team}第${week}周光大备份通道测试中`, `${team}值班手册更新`, `${team}监控告警规则梳理完成`];
        store.saveReport({ ...makeReport({ team, weekNumber: week, reportDate: `2023-11-${String(week - 30).padStart(2, '0')}` }, lines), source: `${team}-${week}` });
      }
    }
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The scope's item ids by a filter in JavaScript over every stored row, ascending. */
  function expected(scope: VectorScope): number[] {
    const rows = db.prepare('SELECT i.id, r.id AS report, r.team, r.week_number AS week FROM items i JOIN reports r ON r.id = i.report_id ORDER BY i.id').all() as Array<{
      id: number;
      report: number;
      team: string;
      week: number;
    }>;
    return rows
      .filter((r) => (!scope.teams || scope.teams.includes(r.team)) && (!scope.reportIds || scope.reportIds.includes(r.report)) && (!scope.weekNumbers || scope.weekNumbers.includes(r.week)))
      .map((r) => r.id);
  }

  test('every combination of teams, weeks and reports selects the same items, in id order', () => {
    const reportIds = db.prepare('SELECT id FROM reports ORDER BY id').pluck().all() as number[];
    const scopes: VectorScope[] = [
      { teams: ['运维组'] },
      { teams: ['支付中心', '风控组'] },
      { weekNumbers: [46] },
      { reportIds: [reportIds[1], reportIds[5]] },
      { teams: ['支付中心'], weekNumbers: [45, 47] },
      { teams: ['风控组'], reportIds: [reportIds[0], reportIds[8]] },
      { weekNumbers: [47], reportIds: [reportIds[2], reportIds[3]] },
      { teams: ['运维组'], weekNumbers: [46], reportIds: [reportIds[4]] },
      { teams: ['没有这个组'] },
    ];
    // Every text embeds to the same vector, so the ranking is the row order: ties keep it.
    const flat = () => new Float32Array([1, 0]);
    for (const scope of scopes) {
      const ids = expected(scope);
      expect(countScopeItems(db, scope)).toBe(ids.length);
      expect(searchScopeExactly(db, scope, flat, [1, 0], 100).map((h) => h.id)).toEqual(ids);
    }
  });

  test('an explicitly empty list selects nothing', () => {
    expect(countScopeItems(db, { teams: [] })).toBe(0);
    expect(countScopeItems(db, { teams: ['运维组'], weekNumbers: [] })).toBe(0);
    expect(searchScopeExactly(db, { reportIds: [] }, () => new Float32Array([1]), [1], 10)).toEqual([]);
  });

  test("a team's scope reads that team's reports and their items by index, not every item", () => {
    // A second connection, whose statements are all prepared now.
    const other = openDatabase(path.join(dir, 'zhoubao.db'));
    const statements: string[] = [];
    const prepare = other.prepare.bind(other);
    jest.spyOn(other, 'prepare').mockImplementation((sql: string) => {
      statements.push(sql);
      return prepare(sql);
    });
    try {
      countScopeItems(other, { teams: ['运维组'], weekNumbers: [45], reportIds: [1, 2, 3] });
    } finally {
      other.close();
    }
    const sql = statements.find((s) => /count\(\*\)/i.test(s));
    expect(sql).toBeDefined();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ teams: '["运维组"]', weeks: '[45]', reports: '[1,2,3]' }) as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.some((d) => /items_by_report/.test(d) && /SEARCH/.test(d))).toBe(true);
    expect(plan.some((d) => /^SCAN i\b/.test(d))).toBe(false);
  });
});
