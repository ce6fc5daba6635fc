/**
 * Opening the SQLite database: durable-but-fast pragmas, then the schema migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

/** Page cache per connection, in KiB. */
const CACHE_KIB = 128 * 1024;
/**
 * WAL pages a commit may leave before it copies them into the database (SQLite's default: 1000, 4 MB).
 * Each such checkpoint ends in an fsync, and at one commit per report most of a bulk ingest's wall
 * time went to them: 10,000 (40 MB of WAL at most) ingested 40,000 items ~28% faster for the same
 * CPU, and the pages a report's commit rewrites (the keyword index's structure, B-tree interiors) are
 * copied once per checkpoint rather than once per 4 MB. The WAL is emptied when the last connection closes.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

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
 *
 * Several processes may open one data directory at once (the bot and a CLI ingest). The busy
 * timeout is set first, so every later lock wait honours it; but SQLite does not call the busy
 * handler when `journal_mode = WAL` has to upgrade its read lock on a database another process is
 * still creating (it fails at once with SQLITE_BUSY), so that step, and the migrations, are retried
 * until the same deadline.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  if (file !== ':memory:' && !file.startsWith('file:')) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  // Elapsed time (monotonic), not the calendar: the deadline is busyTimeoutMs from now.
  const deadline = performance.now() + busyTimeoutMs;
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    retryWhileBusy(deadline, () => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // 128 MB of page cache (SQLite's default is 2 MB): at a million items the keyword index's hot
    // segments and B-tree pages do not fit 2 MB and were re-read through the OS (no measurable
    // difference at 40k items). 32 MB still read half the pages twice in the 8-team store's ask phase
    // (64k page reads → 31k at 128 MB, p50 −1 ms; answering RSS +100 MB, to ~600 MB in the 500-team
    // store). Bounded, so memory stays flat however large the store grows; SQLite fills it only as
    // pages are read, so a cold CLI ask pays nothing for it.
    db.pragma(`cache_size = ${-CACHE_KIB}`);
    db.pragma('foreign_keys = ON');
    retryWhileBusy(deadline, () => applyMigrations(db, options.migrations ?? MIGRATIONS));
    return db;
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new DatabaseBusyError(file, busyTimeoutMs, err as Error);
    throw err;
  }
}

/** The database stayed locked by another process for the whole busy timeout. */
export class DatabaseBusyError extends Error {
  readonly code = 'ZHOUBAO_DB_BUSY';
  constructor(
    readonly file: string,
    readonly waitedMs: number,
    cause: Error,
  ) {
    super(`数据库正被另一个 zhoubao 进程占用，等待 ${(waitedMs / 1000).toFixed(0)} 秒后仍未释放：请稍后重试。（${file}）`, { cause });
    this.name = 'DatabaseBusyError';
  }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, _SNAPSHOT, _TIMEOUT). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `step` again while it fails with SQLITE_BUSY, sleeping a little (randomised, so two processes
 * do not retry in lockstep) until `deadline` (a performance.now() time); then the last error is thrown. Only for steps that are
 * safe to repeat.
 */
export function retryWhileBusy<T>(deadline: number, step: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (err) {
      const left = deadline - performance.now();
      if (!isBusy(err) || left <= 0) throw err;
      sleepSync(Math.min(left, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

/** Blocks the thread: opening happens before anything else runs, and better-sqlite3 is synchronous anyway. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(1, Math.round(ms)));
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
