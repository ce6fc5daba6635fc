/**
 * The keyword leg reads no further than its reader looks (src/adapters/search/keywordIndex.ts,
 * limitWithStrictMatches): with the offline fallback, a question some line answers word for word
 * is answered from the keyword leg's first items alone, so only those are searched for — and they
 * must be exactly the items the full search ranks first, in both of its orders (bm25 for few
 * matches, newest first for many).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { loadAliases } from '../../src/adapters/text/aliasesFile';
import { HashingEmbeddings } from '../../src/adapters/search/embedder';
import { HybridRetriever } from '../../src/adapters/search/hybridRetriever';
import { BM25_MAX_ROWS, keywordSearch } from '../../src/adapters/search/keywordIndex';
import { VectorLeg } from '../../src/adapters/search/vectorLeg';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

const BANKS = ['光大', '招行', '民生', '浦发'];
const PRODUCTS = ['备份通道', '代扣通道', '签约支付', '对账平台', '资金归集'];
const TEAMS = ['支付中心', '清结算中心'];

describe('keyword search read only as far as it is used', () => {
  let dir: string;
  let db: Database.Database;
  let store: ReportStore;
  let retriever: HybridRetriever;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-kwlimit-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    store = new ReportStore(db);
    // 2 teams × 30 weeks × 80 lines: 通道 is in far more lines than bm25 ranks (newest first then).
    for (let week = 1; week <= 30; week++) {
      for (const [t, team] of TEAMS.entries()) {
        const lines = Array.from({ length: 80 }, (_, k) => {
          const n = week * 80 + k + t;
          return `${BANKS[n % BANKS.length]}${PRODUCTS[(n >> 2) % PRODUCTS.length]}第${k}项，计划${(n % 12) + 1}/${(n % 27) + 1}上线`;
        });
        const reportDate = new Date(Date.UTC(2023, 0, 6 + 7 * week)).toISOString().slice(0, 10);
        store.saveReport({ ...makeReport({ team, weekNumber: week, reportDate }, lines), source: 't' });
      }
    }
    const vectorLeg = await VectorLeg.open({ role: 'fallback', dir: path.join(dir, 'index'), embedder: new HashingEmbeddings(), store });
    retriever = new HybridRetriever({ db, store, vectorLeg, embedder: new HashingEmbeddings(), aliases: loadAliases() });
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ids = (hits: Array<{ id: number }>) => hits.map((h) => h.id);
  const count = (match: string) => (db.prepare('SELECT count(*) FROM items_fts WHERE items_fts MATCH ?').pluck().get(match) as number);

  test('the fixture has both a common and a rarer subject', () => {
    expect(count('"通道"')).toBeGreaterThan(BM25_MAX_ROWS);
    expect(count('"光大" AND "备份"')).toBeLessThan(BM25_MAX_ROWS);
  });

  test.each([
    ['newest first (many matches)', [['通道']]],
    ['bm25 (few matches)', [['光大'], ['备份', '灾备']]],
  ])('%s: the shorter read is the first items of the full one, scores included', (_label, groups) => {
    for (const teams of [undefined, ['清结算中心']]) {
      const full = keywordSearch(db, groups, { teams, limit: 120 });
      const short = keywordSearch(db, groups, { teams, limit: 120, limitWithStrictMatches: 60 });
      expect(full.length).toBeGreaterThan(60);
      expect(short).toEqual(full.slice(0, 60));
      expect(short.every((h) => h.allGroups)).toBe(true);
    }
  });

  test('never fewer than the strict matches that decide whether relaxed ones are added', () => {
    const full = keywordSearch(db, [['光大'], ['备份']], { limit: 120 });
    const short = keywordSearch(db, [['光大'], ['备份']], { limit: 120, limitWithStrictMatches: 3 });
    expect(short).toEqual(full.slice(0, 10));
  });

  test('with no line holding every word, relaxed matches fill the whole limit (the fallback fuses them)', () => {
    const groups = [['光大'], ['灾备演练']];
    const full = keywordSearch(db, groups, { limit: 120 });
    const short = keywordSearch(db, groups, { limit: 120, limitWithStrictMatches: 60 });
    expect(full.some((h) => h.allGroups)).toBe(false);
    expect(full).toHaveLength(120);
    expect(short).toEqual(full);
  });

  test('the offline retriever returns the keyword leg’s first items, as it did reading 120', () => {
    for (const [question, teams] of [
      ['光大备份通道什么时候上线', undefined],
      ['招行代扣通道', ['支付中心']],
    ] as const) {
      const hits = retriever.search(question, { limit: 60, teams: teams ? [...teams] : undefined });
      const keyword = keywordSearch(db, loadAliases().expand(retriever.queryWords(question)), { limit: 120, teams: teams ? [...teams] : undefined });
      expect(hits.map((h) => h.item.id)).toEqual(ids(keyword.slice(0, 60)));
      expect(hits.map((h) => h.keywordRank)).toEqual(hits.map((_, i) => i + 1));
    }
  });
});
