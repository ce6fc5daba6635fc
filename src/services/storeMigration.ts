/**
 * `zhoubao migrate`: applying the schema migrations of the configured store (PostgreSQL when
 * ZHOUBAO_DATABASE_URL is set, else the SQLite store of the data directory), and copying a SQLite
 * data directory into PostgreSQL. The front door (src/cli/migrateCommand.ts) only prints what
 * these return. The database URL is never part of a result or a message: only its masked form.
 */
import { maskDatabaseUrl, type Config } from '../config';
import { copySqliteIntoPostgres, type CopySummary } from '../adapters/pg/fromSqlite';
import { migrate, schemaVersion } from '../adapters/pg/migrations';
import { createPool } from '../adapters/pg/pgStore';
import { migrateSqliteStore } from '../adapters/store/sqlitePort';

export type { CopySummary };

export interface MigrationOutcome {
  backend: 'sqlite' | 'postgres';
  /** Where: the SQLite file, or the PostgreSQL URL with its password masked */
  target: string;
  /** Versions applied by this run (empty: already up to date) */
  applied: number[];
  /** The schema version now */
  version: number;
}

export async function migrateConfiguredStore(config: Config): Promise<MigrationOutcome> {
  if (!config.databaseUrl) {
    const { file, applied, version } = migrateSqliteStore(config.dataDir);
    return { backend: 'sqlite', target: file, applied, version };
  }
  const pool = createPool(config.databaseUrl, { max: 2 });
  pool.on('error', () => {});
  try {
    const applied = await migrate(pool);
    return { backend: 'postgres', target: maskDatabaseUrl(config.databaseUrl), applied, version: await schemaVersion(pool) };
  } catch (err) {
    throw withoutSecrets(err, config.databaseUrl);
  } finally {
    await pool.end().catch(() => {});
  }
}

/** Copies the SQLite store of `sqliteDir` into the configured PostgreSQL database (migrated first). */
export async function copySqliteStoreToPostgres(config: Config, sqliteDir: string): Promise<{ target: string; summary: CopySummary }> {
  if (!config.databaseUrl) throw new Error('--from-sqlite 需要目标数据库：请设置 ZHOUBAO_DATABASE_URL（postgres://…）。');
  const pool = createPool(config.databaseUrl, { max: 2 });
  pool.on('error', () => {});
  try {
    return { target: maskDatabaseUrl(config.databaseUrl), summary: await copySqliteIntoPostgres(sqliteDir, pool) };
  } catch (err) {
    throw withoutSecrets(err, config.databaseUrl);
  } finally {
    await pool.end().catch(() => {});
  }
}

/** The driver's error with the password (should a message ever repeat the URL) masked. */
function withoutSecrets(err: unknown, url: string): Error {
  const error = err instanceof Error ? err : new Error(String(err));
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // unparseable URL: config validation already refused it
  }
  if (!password) return error;
  const masked = new Error(error.message.split(url).join(maskDatabaseUrl(url)).split(password).join('***'));
  masked.name = error.name;
  return masked;
}
