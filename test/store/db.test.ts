import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, openDatabase, schemaVersion } from '../../src/adapters/store/db';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../src/adapters/store/migrations';

describe('openDatabase and migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-db-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('commits are not copied into the database every 4 MB of WAL (each copy ends in an fsync), and closing leaves no WAL behind', () => {
    const file = path.join(dir, 'zhoubao.db');
    const db = openDatabase(file);
    db.exec('CREATE TABLE blobs (b BLOB)');
    const insert = db.prepare('INSERT INTO blobs (b) VALUES (?)');
    // 8 MB in 64 commits: with SQLite's default (a checkpoint per 1000 pages) the WAL is reused from 4 MB on.
    for (let i = 0; i < 64; i++) insert.run(Buffer.alloc(128 * 1024, i));
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(7 * 1024 * 1024);
    db.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const again = openDatabase(file);
    expect((again.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(64);
    again.close();
  });

  test('a fresh database is at the latest schema version with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(path.join(dir, 'nested', 'zhoubao.db'));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
    for (const t of ['reports', 'report_versions', 'items', 'items_fts', 'meta', 'processed_events', 'feedback']) expect(tables).toContain(t);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'index_generation'").get()).toEqual({ value: '0' });
    db.close();
  });

  test('re-opening an up-to-date database applies nothing and keeps the data', () => {
    const file = path.join(dir, 'zhoubao.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO meta (key, value) VALUES ('marker', 'kept')").run();
    db.close();
    const again = openDatabase(file);
    expect(applyMigrations(again)).toEqual([]);
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
    expect(again.prepare("SELECT value FROM meta WHERE key = 'marker'").get()).toEqual({ value: 'kept' });
    again.close();
  });

  test('an old database is brought forward one migration at a time', () => {
    const file = path.join(dir, 'old.db');
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    expect(schemaVersion(db)).toBe(1);
    db.close();
    const upgraded = new Database(file);
    expect(applyMigrations(upgraded)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    expect(schemaVersion(upgraded)).toBe(LATEST_SCHEMA_VERSION);
    upgraded.close();
  });

  test('a failing migration leaves the database at the previous version, without its partial changes', () => {
    const file = path.join(dir, 'failing.db');
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);' },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(/no_such_table/);
    const db = new Database(file);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  test('a database written by a newer version is refused with an explanation', () => {
    const file = path.join(dir, 'newer.db');
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/更新/);
  });

  test(':memory: databases work', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });
});
