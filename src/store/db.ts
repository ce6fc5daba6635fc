/**
 * Opening the SQLite database: durable-but-fast pragmas, then the schema migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export interface OpenDatabaseOptions {
  /** How long a writer waits for another process's lock before failing (ms) */
  busyTimeoutMs?: number;
  /** Migrations to apply; the real schema unless a test substitutes its own */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating when missing) the database at `file` (':memory:' allowed) and brings its schema to
 * the latest version.
 *
 * WAL lets readers (the CLI) run while the bot writes; synchronous=NORMAL in WAL mode stays
 * crash-safe for the database (a power cut can lose the last commits, never corrupt it) at a
 * fraction of FULL's fsyncs.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  if (file !== ':memory:' && !file.startsWith('file:')) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies, in order, each migration newer than the database's user_version; each in its own
 * (immediate) transaction. The version is re-read inside the transaction, so two processes opening
 * a fresh database at once do not both run the same migration.
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version <= migrations[i - 1].version) throw new Error('migrations must have increasing versions');
  }
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new Error(`数据库版本（${current}）比本程序支持的版本（${latest}）更新：请升级 zhoubao，或换一个数据目录。`);
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const ran = db
      .transaction(() => {
        if (schemaVersion(db) >= migration.version) return false;
        db.exec(migration.up);
        // user_version lives in the database header, which is written inside this transaction.
        db.pragma(`user_version = ${migration.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(migration.version);
  }
  return applied;
}

export { LATEST_SCHEMA_VERSION };
