/**
 * Migration 9 (src/adapters/store/migrations.ts): a store written before the keyword index had its
 * team column opens with every item searchable again, team by team, and nothing else changed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keywordSearch } from '../../src/adapters/search/keywordIndex';
import { openDatabase, schemaVersion } from '../../src/adapters/store/db';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/adapters/store/migrations';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { segmentForIndex, tokenizerId } from '../../src/domain/text/segment';

describe('keyword index with a team column: existing stores upgrade', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-ftsmig-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A version-8 store as that version wrote it: two-column keyword rows, the tokenizer recorded. */
  function writeVersion8Store(file: string): void {
    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 8) });
    const now = '2023-11-17T00:00:00Z';
    const insertReport = db.prepare(`INSERT INTO reports (team, week_label, week_number, report_year, report_date, source, content_hash, raw_text, item_count, created_at, updated_at)
      VALUES (?, ?, ?, 2023, ?, 'old', ?, '', 2, '${now}', '${now}')`);
    const insertItem = db.prepare(`INSERT INTO items (report_id, ordinal, section_path, text, raw_line, line_no, status) VALUES (?, ?, '重点工作', ?, ?, ?, 'unknown')`);
    const insertFts = db.prepare('INSERT INTO items_fts (rowid, section, body) VALUES (?, ?, ?)');
    for (const [k, team] of ['支付中心', '清结算中心'].entries()) {
      const reportId = Number(insertReport.run(team, '第47周', 47, '2023-11-17', `h${k}`).lastInsertRowid);
      for (const [ordinal, text] of [`光大备份通道${team}已上线`, '代扣通道联调中'].entries()) {
        const id = Number(insertItem.run(reportId, ordinal, text, `- ${text}`, ordinal + 2).lastInsertRowid);
        insertFts.run(id, segmentForIndex('重点工作'), segmentForIndex(text));
      }
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('fts_tokenizer', ?)").run(tokenizerId());
    db.close();
  }

  test('opening rebuilds the keyword rows with their teams; searches by team find each team’s lines', () => {
    const file = path.join(dir, 'zhoubao.db');
    writeVersion8Store(file);
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const generation = db.prepare("SELECT value FROM meta WHERE key = 'index_generation'").pluck().get();
      const store = new ReportStore(db);
      expect(db.prepare('SELECT count(*) FROM items_fts').pluck().get()).toBe(4);
      // Derived caches (keyword statistics, the item cache) see the change.
      expect(db.prepare("SELECT value FROM meta WHERE key = 'index_generation'").pluck().get()).not.toBe(generation);
      for (const team of ['支付中心', '清结算中心']) {
        const hits = keywordSearch(db, [['备份通道']], { teams: [team], limit: 10 });
        const strict = hits.filter((h) => h.allGroups).map((h) => h.id);
        expect(store.getItemsByIds(strict).map((i) => i.text)).toEqual([`光大备份通道${team}已上线`]);
      }
      expect(keywordSearch(db, [['通道']], { limit: 10 })).toHaveLength(4);
      // Deleting a report still removes its keyword rows (the trigger was recreated with the table).
      store.deleteReport(store.listReports({ team: '支付中心' })[0].id);
      expect(db.prepare('SELECT count(*) FROM items_fts').pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });

  test('a second open does not rebuild again', () => {
    const file = path.join(dir, 'zhoubao.db');
    writeVersion8Store(file);
    const first = openDatabase(file);
    new ReportStore(first);
    const generation = first.prepare("SELECT value FROM meta WHERE key = 'index_generation'").pluck().get();
    first.close();
    const second = openDatabase(file);
    new ReportStore(second);
    expect(second.prepare("SELECT value FROM meta WHERE key = 'index_generation'").pluck().get()).toBe(generation);
    second.close();
  });
});
