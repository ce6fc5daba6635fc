/**
 * Team-scoped keyword search at many teams (src/adapters/search/keywordIndex.ts): the team's token
 * in the keyword index lets FTS5 go straight to the team's rows. What a reader sees must be what
 * filtering every match by team gives: the team's own newest matches even when other teams hold
 * far more, bm25 order when few match, any team name (spaces, punctuation, Latin letters).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BM25_MAX_ROWS, keywordSearch, teamIndexToken } from '../../src/adapters/search/keywordIndex';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

// Teams whose names unicode61 would split or fold: each must still be one token of its own.
const TEAMS = ['跨境收单研发一组', '跨境收单研发二组', 'Risk Ops (EU)', '数据-平台 部', 'risk ops eu', ...Array.from({ length: 35 }, (_, k) => `业务线${k}产品组`)];
const PRODUCTS = ['备份通道', '代扣通道', '签约支付', '对账平台'];

describe('team-scoped keyword search', () => {
  let dir: string;
  let db: Database.Database;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-teamfts-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    const store = new ReportStore(db);
    // 40 teams × 6 weeks × 20 lines: 通道 is in thousands of lines, a team's share of them is small.
    for (let week = 1; week <= 6; week++) {
      const reportDate = new Date(Date.UTC(2023, 0, 6 + 7 * week)).toISOString().slice(0, 10);
      for (const [t, team] of TEAMS.entries()) {
        const lines = Array.from({ length: 20 }, (_, k) => `光大${PRODUCTS[(k + t) % PRODUCTS.length]}第${week}周第${k}项${t === 1 && k === 3 ? '，灾备切换演练' : ''}，计划上线`);
        store.saveReport({ ...makeReport({ team, weekNumber: week, reportDate }, lines), source: `t:${team}:${week}` });
      }
    }
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every match of the whole index, filtered by team afterwards: what a team-scoped search must return. */
  function teamItems(teams: string[]): Set<number> {
    const ids = db
      .prepare(`SELECT i.id FROM items AS i JOIN reports AS r ON r.id = i.report_id WHERE r.team IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(teams)) as number[];
    return new Set(ids);
  }

  test('teams get distinct single tokens, whatever their names hold', () => {
    const tokens = TEAMS.map(teamIndexToken);
    expect(new Set(tokens).size).toBe(TEAMS.length);
    for (const token of tokens) expect(token).toMatch(/^[a-z0-9]+$/);
    expect(teamIndexToken('Risk Ops (EU)')).toBe(teamIndexToken('Risk Ops (EU)'));
  });

  test('newest first over many matches: exactly the team’s own newest, however many other teams match', () => {
    const all = db.prepare(`SELECT count(*) FROM items_fts WHERE items_fts MATCH '"通道"'`).pluck().get() as number;
    expect(all).toBeGreaterThan(BM25_MAX_ROWS);
    for (const teams of [['跨境收单研发二组'], ['Risk Ops (EU)'], ['数据-平台 部', 'risk ops eu']]) {
      const hits = keywordSearch(db, [['通道']], { teams, limit: 30 });
      const own = teamItems(teams);
      const expected = (db.prepare(`SELECT rowid FROM items_fts WHERE items_fts MATCH '"通道"' ORDER BY rowid DESC`).pluck().all() as number[])
        .filter((id) => own.has(id))
        .slice(0, 30);
      expect(hits.map((h) => h.id)).toEqual(expected);
    }
  });

  test('bm25 over few matches: the team’s line, not another team’s with the same words', () => {
    const hits = keywordSearch(db, [['灾备'], ['演练']], { teams: ['跨境收单研发二组'], limit: 10 });
    expect(hits.length).toBe(6); // one line a week
    expect(hits.every((h) => h.allGroups && teamItems(['跨境收单研发二组']).has(h.id))).toBe(true);
    expect(keywordSearch(db, [['灾备'], ['演练']], { teams: ['跨境收单研发一组'], limit: 10 }).filter((h) => h.allGroups)).toEqual([]);
  });

  test('a team the store does not hold finds nothing; no team filter searches every team', () => {
    expect(keywordSearch(db, [['通道']], { teams: ['不存在的团队'], limit: 10 })).toEqual([]);
    const unfiltered = keywordSearch(db, [['灾备'], ['演练']], { limit: 10 });
    expect(unfiltered.map((h) => h.id).sort()).toEqual(keywordSearch(db, [['灾备'], ['演练']], { teams: TEAMS, limit: 10 }).map((h) => h.id).sort());
  });
});
