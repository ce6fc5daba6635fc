/**
 * Each line's subject bigrams, worked out when it is written (items.subject_bigrams, migration 10),
 * so that following an item across weeks only compares: they must be the ones the matcher works out
 * itself, chains must be the same whether a line carries them or not, and a store written before the
 * column existed must answer as one written with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import type { ChainSource } from '../../src/domain/answer/identity';
import { storedBigramsText, storedSubjectBigrams, subjectBigrams, SUBJECT_FEATURES_ID } from '../../src/domain/followup/matchItems';
import type { StoredItem } from '../../src/domain/records';
import type { AnswerDeps } from '../../src/services/answering/answerDeps';
import { memoItems } from '../../src/services/answering/itemCache';
import { EVAL_NOW, openTestKb, REPO_ROOT, tempDir } from '../support/kb';
import { makeReport } from './fixtures/makeReport';

/** Lines of every kind a key can be: CJK with figures and dates, full-width, one character, none, beyond the BMP. */
const EDGE_LINES = [
  '光大备份通道已于11/23上线，运行平稳',
  'ＰＯＳ收单系统已于11/23上线',
  'API网关V2.0灰度中（30%流量）',
  '无',
  '已完成',
  '12/8',
  '🚀 光大备份通道上线',
  '𠀋银行通道联调中',
  'a',
];

function pairTexts(): string[] {
  const file = path.join(REPO_ROOT, 'data', 'eval', 'item-pairs.jsonl');
  const pairs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { a: string; b: string });
  return [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
}

describe("a line's stored subject bigrams", () => {
  test('are the bigrams the matcher works out of the line, for every labelled pair line and every kind of key', () => {
    const texts = [...EDGE_LINES, ...pairTexts()];
    let stored = 0;
    for (const text of texts) {
      // Worked out in process first: nothing has been read from a store yet.
      const computed = [...subjectBigrams(text)];
      const s = storedBigramsText(text);
      if (s === null) {
        // Only a key with a character the stored form cannot hold goes without (worked out when compared).
        expect([...text].some((c) => c.codePointAt(0)! > 0xffff)).toBe(true);
        continue;
      }
      stored++;
      expect(storedSubjectBigrams(s)).toEqual(computed);
    }
    expect(stored).toBeGreaterThan(texts.length - 3);
    expect(storedBigramsText('无')).not.toBe('');
    expect(storedBigramsText('12/8')).toBe('');
  });

  test('are written with each item and read back with its line, and a store from before is filled when opened', () => {
    const dir = tempDir('zhoubao-features-');
    const file = path.join(dir, 'zhoubao.db');
    let db = openDatabase(file);
    let store = new ReportStore(db);
    const saved = store.saveReport({ ...makeReport({}, EDGE_LINES), source: 'a.md' });
    const expected = EDGE_LINES.map((t) => storedBigramsText(t));
    expect(store.getItemLinesForReport(saved.report.id).map((l) => l.storedBigrams)).toEqual(expected);
    db.close();

    // As a store written before migration 10: no column, no record of the rules.
    const raw = new Database(file);
    raw.exec("ALTER TABLE items DROP COLUMN subject_bigrams; DELETE FROM meta WHERE key = 'subject_features'; PRAGMA user_version = 9");
    raw.close();
    db = openDatabase(file);
    expect(db.prepare('SELECT count(*) FROM items WHERE subject_bigrams IS NOT NULL').pluck().get()).toBe(0);
    store = new ReportStore(db);
    expect(store.getItemLinesForReport(saved.report.id).map((l) => l.storedBigrams)).toEqual(expected);

    // Filled by other rules (an older or newer zhoubao): ignored until this code refills them.
    const generation = store.indexGeneration();
    db.exec("UPDATE items SET subject_bigrams = 'xx'; UPDATE meta SET value = 'other-rules' WHERE key = 'subject_features'");
    db.prepare("UPDATE meta SET value = ? WHERE key = 'index_generation'").run(String(generation + 1));
    store.indexGeneration(); // as each question's item cache asks first
    expect(store.getItemLinesForReport(saved.report.id).every((l) => l.storedBigrams === undefined)).toBe(true);
    const reopened = new ReportStore(db);
    expect(reopened.getItemLinesForReport(saved.report.id).map((l) => l.storedBigrams)).toEqual(expected);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'subject_features'").pluck().get()).toBe(SUBJECT_FEATURES_ID);
    db.close();
  });
});

describe('chains with and without stored subject bigrams', () => {
  test('every line of the samples gives the same chain whether its weeks carry their bigrams or work them out', async () => {
    const { kb, dataDir } = await openTestKb();
    kb.close();
    const db = openDatabase(path.join(dataDir, 'zhoubao.db'));
    try {
      const store = new ReportStore(db);
      const reports = store.listReports();
      const itemsOf = memoItems({ store } as unknown as AnswerDeps);
      const withBigrams: ChainSource = { reports, itemsOfReport: itemsOf };
      // The same lines without what the store worked out: the chain works every line's bigrams out.
      const bare = new Map<number, ReturnType<NonNullable<typeof itemsOf.linesOfReport>>>();
      const without: ChainSource = {
        reports,
        itemsOfReport: itemsOf,
        lines: {
          linesOfReport: (id) => bare.get(id) ?? (bare.set(id, itemsOf.linesOfReport!(id).map(({ storedBigrams: _, ...line }) => line)), bare.get(id)!),
          itemOfReport: (id, k) => itemsOf.itemOfReport!(id, k),
        },
      };
      // Each way with its own matcher (its own cache of worked-out bigrams), so neither reuses the other's.
      const chainsBy = (source: ChainSource): StoredItem[][] => {
        let chains: StoredItem[][] = [];
        jest.isolateModules(() => {
          const fresh = require('../../src/domain/answer/identity') as typeof import('../../src/domain/answer/identity');
          chains = reports.flatMap((report) => itemsOf.linesOfReport!(report.id).map((_, k) => fresh.chainOf(itemsOf.itemOfReport!(report.id, k)!, source)));
        });
        return chains;
      };
      for (const report of reports) expect(itemsOf.linesOfReport!(report.id).every((l) => typeof l.storedBigrams === 'string')).toBe(true);
      const chains = chainsBy(withBigrams);
      expect(chainsBy(without)).toEqual(chains);
      const linked = chains.filter((c) => c.length > 1).length;
      // The samples follow items across weeks: the comparison is not between empty chains.
      expect(linked).toBeGreaterThan(20);
    } finally {
      db.close();
    }
  });
});

describe('a store written before the column', () => {
  test('answers the regression questions as the same store written with it', async () => {
    const { kb, dataDir } = await openTestKb();
    const file = path.join(REPO_ROOT, 'data', 'eval', 'questions.jsonl');
    const questions = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { q: string; now?: string })
      .filter((q) => !q.now || new Date(q.now).getTime() === EVAL_NOW.getTime())
      .map((q) => q.q);
    expect(questions.length).toBeGreaterThan(50);
    const before = questions.map((q) => JSON.stringify(kb.askSync(q)));
    kb.close();

    const old = tempDir('zhoubao-old-schema-');
    fs.cpSync(dataDir, old, { recursive: true });
    const raw = new Database(path.join(old, 'zhoubao.db'));
    raw.exec("ALTER TABLE items DROP COLUMN subject_bigrams; DELETE FROM meta WHERE key = 'subject_features'; PRAGMA user_version = 9");
    raw.close();
    // First as it stands after the migration, the column empty (every line worked out when compared),
    // then filled as a ReportStore fills it on opening.
    const fill = jest.spyOn(ReportStore.prototype as unknown as { ensureSubjectFeatures: () => void }, 'ensureSubjectFeatures').mockImplementation(() => {});
    const { kb: unfilled } = await openTestKb({ dataDir: old, samples: false });
    try {
      expect(unfilled.store.db.prepare('SELECT count(*) FROM items WHERE subject_bigrams IS NOT NULL').pluck().get()).toBe(0);
      expect(questions.map((q) => JSON.stringify(unfilled.askSync(q)))).toEqual(before);
    } finally {
      unfilled.close();
      fill.mockRestore();
    }
    const { kb: filled } = await openTestKb({ dataDir: old, samples: false });
    try {
      expect(filled.store.db.prepare('SELECT count(*) FROM items WHERE subject_bigrams IS NULL').pluck().get()).toBe(0);
      expect(questions.map((q) => JSON.stringify(filled.askSync(q)))).toEqual(before);
    } finally {
      filled.close();
    }
  });
});
