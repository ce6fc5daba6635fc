/**
 * Newest-first keyword search reads a small team's matches forwards and keeps the newest
 * (src/adapters/search/keywordIndex.ts, FORWARD_MAX_ROWS); a team holding more rows keeps the
 * backward walk that stops at the limit. Either way a reader gets the team's own newest matches,
 * newest first, exactly as filtering every match by team would give them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BM25_MAX_ROWS, FORWARD_MAX_ROWS, keywordSearch } from '../../src/adapters/search/keywordIndex';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

const BIG = '支付平台部';
const SMALL = '跨境收单研发二组';
const LINES_A_WEEK = 100;

describe('newest-first keyword search, small and large teams', () => {
  let dir: string;
  let db: Database.Database;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-forward-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    const store = new ReportStore(db);
    const weeks = Math.ceil((FORWARD_MAX_ROWS + 1) / LINES_A_WEEK);
    for (let week = 1; week <= weeks; week++) {
      const reportDate = new Date(Date.UTC(2023, 0, 6 + 7 * week)).toISOString().slice(0, 10);
      const big = Array.from({ length: LINES_A_WEEK }, (_, k) => `${k % 3 ? '光大' : '民生'}代扣通道第${week}周第${k}项，计划上线`);
      store.saveReport({ ...makeReport({ team: BIG, weekNumber: week % 52 || 52, reportDate }, big), source: `t:big:${week}` });
      if (week % 10 === 0) {
        const small = Array.from({ length: 20 }, (_, k) => `${k % 2 ? '光大' : '民生'}备份通道第${week}周第${k}项，计划上线`);
        store.saveReport({ ...makeReport({ team: SMALL, weekNumber: week % 52 || 52, reportDate }, small), source: `t:small:${week}` });
      }
    }
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every match of the whole index, filtered by team afterwards, newest first. */
  function expected(match: string, team: string, limit: number): number[] {
    return db
      .prepare(
        `SELECT f.rowid FROM items_fts AS f JOIN items AS i ON i.id = f.rowid JOIN reports AS r ON r.id = i.report_id
         WHERE items_fts MATCH ? AND r.team = ? ORDER BY f.rowid DESC LIMIT ?`,
      )
      .pluck()
      .all(match, team, limit) as number[];
  }

  test('the team sizes straddle the forward read’s bound, and the words are too common for bm25', () => {
    const rows = (team: string) => db.prepare('SELECT count(*) FROM items AS i JOIN reports AS r ON r.id = i.report_id WHERE r.team = ?').pluck().get(team) as number;
    expect(rows(BIG)).toBeGreaterThan(FORWARD_MAX_ROWS);
    expect(rows(SMALL)).toBeLessThanOrEqual(FORWARD_MAX_ROWS);
    expect(db.prepare(`SELECT count(*) FROM items_fts WHERE items_fts MATCH '"光大" AND "通道"'`).pluck().get()).toBeGreaterThan(BM25_MAX_ROWS);
  });

  test.each([BIG, SMALL])('%s: its own newest matches, newest first, strict then relaxed', (team) => {
    const strict = keywordSearch(db, [['光大'], ['通道']], { teams: [team], limit: 30 });
    expect(strict.map((h) => h.id)).toEqual(expected('"光大" AND "通道"', team, 30));
    expect(strict.every((h) => h.allGroups)).toBe(true);
    // Scores still descend with rank.
    expect(strict.map((h) => h.score)).toEqual([...strict.map((h) => h.score)].sort((a, b) => b - a));
    // 招行 is nowhere: no strict match, the relaxed OR of the rarest fragments is newest first too.
    const relaxed = keywordSearch(db, [['民生'], ['招行']], { teams: [team], limit: 25 });
    expect(relaxed.map((h) => h.id)).toEqual(expected('"民生"', team, 25));
  });

  test('both teams together: the newest of either', () => {
    const hits = keywordSearch(db, [['光大'], ['通道']], { teams: [BIG, SMALL], limit: 40 });
    const both = db
      .prepare(
        `SELECT f.rowid FROM items_fts AS f JOIN items AS i ON i.id = f.rowid JOIN reports AS r ON r.id = i.report_id
         WHERE items_fts MATCH '"光大" AND "通道"' AND r.team IN (?, ?) ORDER BY f.rowid DESC LIMIT 40`,
      )
      .pluck()
      .all(BIG, SMALL) as number[];
    expect(hits.map((h) => h.id)).toEqual(both);
  });
});
