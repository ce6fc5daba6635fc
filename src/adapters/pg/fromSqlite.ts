/**
 * Moving a SQLite data directory into PostgreSQL (`zhoubao migrate --from-sqlite DIR`): reports with
 * their items (keeping their ids: they are the vector index's labels) and earlier versions, then
 * every other table the SQLite schema holds (processed events, feedback, teams and members, weeks
 * off, the reminder log, follow-up prompts and answers, compiled and digest posts). All in one
 * transaction: copied whole or not at all.
 *
 * Idempotent: a report already copied with the same text is left alone ('unchanged'); one whose text
 * changed in SQLite since (the same id and identity) is replaced, items included; rows of the other
 * tables already present are kept (ON CONFLICT DO NOTHING). So the copy can be run again just before
 * switching the bot over, to bring over what arrived meanwhile. A report PostgreSQL holds under the
 * same id or identity that is NOT the SQLite one (the target was written to by something else)
 * stops the copy with nothing written. Reports deleted from SQLite after a copy stay in PostgreSQL.
 * The follow-up rows copied are logged by migration 5's triggers like any follow-up write, so running
 * replicas take them into their copies (services/replica/followupState.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { tokenizerId } from '../../domain/text/segment';
import { openDatabase } from '../store/db';
import { splitSection } from '../store/reportRows';
import { migrate } from './migrations';
import { inTransaction, readSnapshot } from './transactions';
import { keywordColumns, logReportChange, STORE_CHANNEL } from './pgStore';

/** The tables copied row for row after the reports, in an order that satisfies their references. */
const PLAIN_TABLES = [
  'processed_events',
  'feedback',
  'teams',
  'team_members',
  'member_away',
  'team_weeks_off',
  'reminder_log',
  'followup_prompts',
  'item_updates',
  'compiled_posts',
  'changes_digest_posts',
] as const;

/** Tables whose ids come from an identity column: its sequence must continue after the copied ids. */
const IDENTITY_TABLES = ['reports', 'report_versions', 'items', 'feedback', 'reminder_log', 'followup_prompts', 'item_updates'] as const;

const ITEMS_PER_STATEMENT = 500;
const ROWS_PER_STATEMENT = 500;

export interface CopySummary {
  reports: { copied: number; replaced: number; unchanged: number };
  items: number;
  versions: number;
  /** Rows inserted per other table (0 when all were there already) */
  tables: Record<string, number>;
  /** The store generation after the copy */
  generation: number;
}

/** The target already holds a report that is not the SQLite one under the same id or identity. */
export class CopyConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyConflictError';
  }
}

/** The SQLite database of a data directory (the file the knowledge base opens there). */
export function sqliteFileOf(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'zhoubao.db');
}

/** Copies the SQLite store of `dataDir` into the PostgreSQL database of `pool` (migrated first). */
export async function copySqliteIntoPostgres(dataDir: string, pool: Pool): Promise<CopySummary> {
  const file = sqliteFileOf(dataDir);
  if (!fs.existsSync(file)) throw new Error(`「${path.resolve(dataDir)}」里没有 SQLite 数据库（zhoubao.db）：请指定 zhoubao 的数据目录。`);
  // Opening brings an older data directory to the current schema first, as the bot would.
  const db = openDatabase(file);
  try {
    await migrate(pool);
    return await inTransaction(pool, (client) => copyAll(db, client));
  } finally {
    db.close();
  }
}

async function copyAll(db: Database.Database, client: PoolClient): Promise<CopySummary> {
  // Writers queue on store_state; the copy is one write, tagged with the next generation.
  const state = (await client.query('SELECT generation, tokenizer FROM store_state WHERE id = 1 FOR UPDATE')).rows[0];
  const generation = Number(state.generation) + 1;
  const summary: CopySummary = { reports: { copied: 0, replaced: 0, unchanged: 0 }, items: 0, versions: 0, tables: {}, generation: Number(state.generation) };

  const reports = db.prepare('SELECT * FROM reports ORDER BY id').all() as Array<Record<string, unknown>>;
  for (const report of reports) {
    const outcome = await copyReport(db, client, report, generation);
    summary.reports[outcome.kind]++;
    summary.items += outcome.items;
  }
  summary.versions = await copyRows(db, client, 'report_versions');
  for (const table of PLAIN_TABLES) summary.tables[table] = await copyRows(db, client, table);
  await continueIdentities(db, client);

  const changedItems = summary.reports.copied + summary.reports.replaced > 0;
  await client.query(
    `UPDATE store_state SET item_count = (SELECT count(*) FROM items), token_total = (SELECT coalesce(sum(token_count), 0) FROM items),
       tokenizer = coalesce(tokenizer, $1) WHERE id = 1`,
    [tokenizerId()],
  );
  if (changedItems) {
    await client.query('UPDATE store_state SET generation = $1 WHERE id = 1', [generation]);
    await client.query('SELECT pg_notify($1, $2)', [STORE_CHANNEL, String(generation)]);
    summary.generation = generation;
  }
  return summary;
}

/** One SQLite report into PostgreSQL: new, unchanged, or replacing the earlier copy of it. */
async function copyReport(
  db: Database.Database,
  client: PoolClient,
  report: Record<string, unknown>,
  generation: number,
): Promise<{ kind: 'copied' | 'replaced' | 'unchanged'; items: number }> {
  const identity = [report.team, report.week_number, report.report_year, report.owner];
  const byId = (await client.query('SELECT team, week_number, report_year, owner, content_hash, version FROM reports WHERE id = $1', [report.id])).rows[0];
  const byIdentity = (await client.query('SELECT id FROM reports WHERE team = $1 AND week_number = $2 AND report_year = $3 AND owner = $4', identity)).rows[0];
  const describe = `「${report.team} 第${report.week_number}周（${report.report_date}）」`;
  if (byIdentity && Number(byIdentity.id) !== report.id) {
    throw new CopyConflictError(`PostgreSQL 里已有另一份${describe}（编号 ${byIdentity.id}，SQLite 中为 ${report.id}）：目标数据库应为空，或由同一个数据目录复制而来。没有写入任何数据。`);
  }
  if (byId && [byId.team, byId.week_number, byId.report_year, byId.owner].some((v, k) => v !== identity[k])) {
    throw new CopyConflictError(`PostgreSQL 里编号 ${report.id} 的周报不是${describe}：目标数据库应为空，或由同一个数据目录复制而来。没有写入任何数据。`);
  }
  if (byId && byId.content_hash === report.content_hash && byId.version === report.version) return { kind: 'unchanged', items: 0 };

  const columns = REPORT_COPY_COLUMNS;
  const values = columns.map((c) => report[c] ?? null);
  if (byId) {
    const removed = await client.query('DELETE FROM items WHERE report_id = $1 RETURNING id', [report.id]);
    await client.query(
      `INSERT INTO removed_items (item_id, generation) SELECT unnest($1::bigint[]), $2
       ON CONFLICT (item_id) DO UPDATE SET generation = excluded.generation`,
      [removed.rows.map((r) => r.id), generation],
    );
    await client.query(`UPDATE reports SET ${columns.map((c, k) => `${c} = $${k + 1}`).join(', ')} WHERE id = $1`, values);
  } else {
    await client.query(`INSERT INTO reports (${columns.join(', ')}) VALUES (${columns.map((_, k) => `$${k + 1}`).join(', ')})`, values);
  }
  const items = db
    .prepare('SELECT id, ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner FROM items WHERE report_id = ? ORDER BY id')
    .all(report.id) as Array<{ id: number; ordinal: number; section_path: string; text: string; raw_line: string; line_no: number; status: string; dates_json: string; metrics_json: string; owner: string | null }>;
  const sections = new Map<string, string[]>();
  for (let start = 0; start < items.length; start += ITEMS_PER_STATEMENT) {
    const batch = items.slice(start, start + ITEMS_PER_STATEMENT);
    const keyword = keywordColumns(batch.map((i) => ({ sectionPath: splitSection(i.section_path), text: i.text, owner: i.owner })), sections);
    await client.query(
      `INSERT INTO items (id, report_id, added_generation, ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner,
                          search_vector, token_count)
       SELECT u.id, $1, $2, u.ordinal, u.section_path, u.text, u.raw_line, u.line_no, u.status, u.dates_json, u.metrics_json, u.owner,
              setweight(to_tsvector('simple', u.section_tokens), 'B') || setweight(to_tsvector('simple', u.body_tokens), 'A'), u.token_count
       FROM unnest($3::bigint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[],
                   $13::text[], $14::text[], $15::int[])
            AS u (id, ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner, section_tokens, body_tokens, token_count)`,
      [
        report.id,
        generation,
        batch.map((i) => i.id),
        batch.map((i) => i.ordinal),
        batch.map((i) => i.section_path),
        batch.map((i) => i.text),
        batch.map((i) => i.raw_line),
        batch.map((i) => i.line_no),
        batch.map((i) => i.status),
        batch.map((i) => i.dates_json),
        batch.map((i) => i.metrics_json),
        batch.map((i) => i.owner),
        keyword.sections,
        keyword.bodies,
        keyword.tokenCounts,
      ],
    );
  }
  await logReportChange(client, Number(report.id), generation, false);
  return { kind: byId ? 'replaced' : 'copied', items: items.length };
}

/** The reports columns both schemas have (id first: UPDATE uses $1 as the key). */
const REPORT_COPY_COLUMNS = [
  'id', 'team', 'week_label', 'week_number', 'report_year', 'report_date', 'title', 'source', 'submitted_by', 'owner', 'kind',
  'content_hash', 'raw_text', 'item_count', 'version', 'created_at', 'updated_at', 'period_start', 'period_end',
] as const;

/** Every row of a SQLite table into the same PostgreSQL table, columns both have; rows already there are kept. */
async function copyRows(db: Database.Database, client: PoolClient, table: string): Promise<number> {
  const target = await client.query('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table]);
  const targetColumns = new Set(target.rows.map((r) => r.column_name as string));
  const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name).filter((c) => targetColumns.has(c));
  if (!columns.length) return 0;
  const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`).raw(true).all() as unknown[][];
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
    const placeholders = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    const result = await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders.join(', ')} ON CONFLICT DO NOTHING`, batch.flat());
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

/**
 * Identity sequences continue after the highest id either store ever handed out (SQLite's
 * AUTOINCREMENT counter included: an item id deleted there is never reused here either).
 */
async function continueIdentities(db: Database.Database, client: PoolClient): Promise<void> {
  const sqliteSequence = new Map(
    (db.prepare('SELECT name, seq FROM sqlite_sequence').all() as Array<{ name: string; seq: number }>).map((r) => [r.name, Number(r.seq)]),
  );
  for (const table of IDENTITY_TABLES) {
    const max = Number((await client.query(`SELECT coalesce(max(id), 0) AS max FROM ${table}`)).rows[0].max);
    const next = Math.max(max, sqliteSequence.get(table) ?? 0);
    if (next > 0) await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, [table, next]);
  }
}
