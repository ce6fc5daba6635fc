/**
 * A one-character question word is searched as a prefix ("金"*: every bigram starting with 金 and
 * the run-final unigram). Newest first, keywordSearch lists it as the OR of the index's terms that
 * start with it (src/adapters/search/keywordIndex.ts, prefixExpander), which FTS5 seeks through
 * instead of merging every such term's doclist: the items found must be exactly the prefix's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BM25_MAX_ROWS, keywordSearch } from '../../src/adapters/search/keywordIndex';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

/** 金 inside a run (金归, 金额), ending a run (保证金, 押金，), and not at all. */
const TAILS = ['资金归集完成', '金额核对中', '补缴保证金', '押金，已退回', '联调中'];
const TEAMS = ['支付中心', '清结算中心'];

describe('a one-character word searched newest first', () => {
  let dir: string;
  let db: Database.Database;
  let store: ReportStore;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-prefix-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    store = new ReportStore(db);
    // 2 teams × 25 weeks × 40 lines, every one with 通道 and most with a 金: more than bm25 ranks.
    for (let week = 1; week <= 25; week++) {
      for (const [t, team] of TEAMS.entries()) {
        const lines = Array.from({ length: 40 }, (_, k) => `光大备份通道第${k}项，${TAILS[(week * 40 + k + t) % TAILS.length]}`);
        const reportDate = new Date(Date.UTC(2023, 0, 6 + 7 * week)).toISOString().slice(0, 10);
        store.saveReport({ ...makeReport({ team, weekNumber: week, reportDate }, lines), source: 't' });
      }
    }
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The prefix itself, newest first, as FTS5 answers it (no listing of terms). */
  function byPrefix(match: string, team: string | null, limit: number): number[] {
    return db
      .prepare(
        `SELECT f.rowid FROM items_fts AS f JOIN items AS i ON i.id = f.rowid JOIN reports AS r ON r.id = i.report_id
         WHERE items_fts MATCH ? AND (? IS NULL OR r.team = ?) ORDER BY f.rowid DESC LIMIT ?`,
      )
      .pluck()
      .all(match, team, team, limit) as number[];
  }

  test('finds exactly the items the prefix finds, a run-final 金 included', () => {
    expect(db.prepare('SELECT count(*) FROM items_fts WHERE items_fts MATCH ?').pluck().get('"金"*')).toBeGreaterThan(BM25_MAX_ROWS);
    for (const team of [null, '清结算中心']) {
      const hits = keywordSearch(db, [['通道'], ['金']], { teams: team ? [team] : undefined, limit: 120 });
      expect(hits.map((h) => h.id)).toEqual(byPrefix('"通道" AND "金"*', team, 120));
      expect(hits.every((h) => h.allGroups)).toBe(true);
    }
    // The prefix was listed as terms (read once through the temporary vocabulary table).
    expect(db.prepare("SELECT count(*) FROM sqlite_temp_master WHERE name = 'items_fts_terms'").pluck().get()).toBe(1);
    const unigram = store.getItemsForReport(store.findReport('支付中心', 25)!.id).find((i) => i.text.endsWith('补缴保证金'))!;
    expect(keywordSearch(db, [['通道'], ['金']], { limit: 2000 }).map((h) => h.id)).toContain(unigram.id);
  });

  test('a write that adds a term is seen by the next search', () => {
    const before = keywordSearch(db, [['通道'], ['金']], { limit: 50 }).map((h) => h.id);
    const saved = store.saveReport({
      ...makeReport({ team: '支付中心', weekNumber: 26, reportDate: '2023-07-14' }, ['光大备份通道金库对接完成', '光大备份通道联调中']),
      source: 't',
    });
    const after = keywordSearch(db, [['通道'], ['金']], { limit: 50 }).map((h) => h.id);
    expect(after[0]).toBe(saved.addedItemIds[0]);
    expect(after).toEqual(byPrefix('"通道" AND "金"*', null, 50));
    expect(after.slice(1)).toEqual(before.slice(0, 49));
  });
});
