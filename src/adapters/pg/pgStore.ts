/**
 * PostgreSQL: the store several replicas share (selected by ZHOUBAO_DATABASE_URL). Implements the
 * store contract (../store/port.ts) with `pg`: a Pool, one transaction per save (a report, or a
 * document's reports, whole or not at all), the schema of ./migrations.ts, keyword search in
 * ./pgKeywordSearch.ts. Reports are identified as in SQLite (team, week number, year, owner), rows
 * are handed out as the same domain records (../store/reportRows.ts maps them).
 *
 * This folder holds the PostgreSQL adapter (store, migrations, keyword search, the copy from SQLite);
 * it imports other adapters, the domain and the kernel only.
 *
 * Writers serialize on store_state's row (locked first in every writing transaction): commits then
 * happen in generation order, so a reader that sees generation g sees every item written at or
 * before g — what lets a replica's vector index catch up from added_generation and removed_items.
 * Each such commit also NOTIFYs STORE_CHANNEL with the new generation (delivered at commit).
 */
import { Client, Pool, types, type PoolClient, type PoolConfig } from 'pg';
import { SECTION_SEPARATOR, type ReportItem } from '../../domain/reports/model';
import { defaultReportKind, type ReportVersion, type StoredItem, type StoredReport } from '../../domain/records';
import { indexTokens, tokenizerId } from '../../domain/text/segment';
import { systemClock, type Clock } from '../../clock';
import { reportContentHash, requireIdentity, sectionFieldOf } from '../store/reportStore';
import { ITEM_COLUMNS, REPORT_COLUMNS, splitSection, toStoredItem, toStoredReport, type ItemRow, type ReportRow } from '../store/reportRows';
import type {
  ItemChanges,
  KeywordSearchOptions,
  FeedbackInput,
  FeedbackRow,
  ReminderStageClaim,
  ReportChanges,
  ReportFilter,
  ReportRecord,
  ReportToSave,
  SavedReport,
  SaveHooks,
  ScoredId,
  StorePort,
} from '../store/port';
import { migrate } from './migrations';
import { inTransaction, readSnapshot } from './transactions';
import { FOLLOWUP_CHANNEL } from './pgFollowupState';
import { PgKeywordSearch } from './pgKeywordSearch';

/** The channel every write NOTIFYs with its generation. */
export const STORE_CHANNEL = 'zhoubao_store';

/** Items inserted per statement. */
const ITEM_BATCH = 200;

/** bigint (int8) columns as numbers: ids and generations stay far below 2^53. */
const INT8_OID = 20;
const numberTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

export interface PgStoreOptions {
  /** The clock for created/updated timestamps */
  now?: Clock;
  /** Connections in the pool (default 10) */
  maxConnections?: number;
  /** Apply pending migrations when opening (default true, as SQLite does) */
  migrate?: boolean;
  /** How long getting a connection may take before the call fails (ms; default 10 s: an unreachable host must not hang callers) */
  connectTimeoutMs?: number;
}

/** A pool to `url` that returns bigint columns as numbers. */
export function createPool(url: string, extra: Partial<PoolConfig> = {}): Pool {
  return new Pool({ connectionString: url, types: numberTypes, ...extra });
}

export class PgStore implements StorePort {
  readonly backend = 'postgres' as const;
  private readonly keyword: PgKeywordSearch;

  private constructor(
    readonly pool: Pool,
    private readonly url: string,
    private readonly now: Clock,
  ) {
    this.keyword = new PgKeywordSearch(pool);
  }

  /** Connects, migrates (unless told not to) and re-segments the keyword vectors if the tokenizer changed. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const pool = createPool(url, { max: options.maxConnections ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 });
    // An idle connection the server dropped must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    try {
      if (options.migrate ?? true) await migrate(pool);
      const store = new PgStore(pool, url, options.now ?? systemClock);
      await store.ensureKeywordTokenizer();
      return store;
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  async saveReport(input: ReportToSave, hooks: SaveHooks = {}): Promise<SavedReport> {
    return (await this.saveReports([input], hooks))[0];
  }

  async saveReports(inputs: readonly ReportToSave[], hooks: SaveHooks = {}): Promise<SavedReport[]> {
    // Identity problems are the caller's: refuse before taking any lock.
    const prepared = inputs.map((input) => ({ input, identity: requireIdentity(input.report) }));
    return this.writing(async (client, generation) => {
      const results: SavedReport[] = [];
      for (const { input, identity } of prepared) results.push(await this.saveOne(client, generation, input, identity, hooks));
      return { result: results, changed: results.some((r) => r.outcome !== 'unchanged') };
    });
  }

  async deleteReport(id: number): Promise<number[]> {
    return this.writing(async (client, generation) => {
      const removed = await this.deleteItemsOf(client, id, generation);
      const deleted = await client.query('DELETE FROM reports WHERE id = $1', [id]);
      const changed = (deleted.rowCount ?? 0) > 0;
      if (changed) await logReportChange(client, id, generation, true);
      return { result: removed, changed };
    });
  }

  /**
   * One writing transaction: store_state locked first (writers queue here, in generation order),
   * `work` given the generation its writes are tagged with; when it reports a change the generation
   * is stored and announced, else nothing moves.
   */
  private async writing<T>(work: (client: PoolClient, generation: number) => Promise<{ result: T; changed: boolean }>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      const state = await client.query('SELECT generation FROM store_state WHERE id = 1 FOR UPDATE');
      const generation = Number(state.rows[0].generation) + 1;
      const { result, changed } = await work(client, generation);
      if (changed) {
        await client.query('UPDATE store_state SET generation = $1 WHERE id = 1', [generation]);
        await client.query('SELECT pg_notify($1, $2)', [STORE_CHANNEL, String(generation)]);
      }
      return result;
    });
  }

  private async saveOne(
    client: PoolClient,
    generation: number,
    input: ReportToSave,
    identity: ReturnType<typeof requireIdentity>,
    hooks: SaveHooks,
  ): Promise<SavedReport> {
    const contentHash = reportContentHash(identity, input.rawText);
    const year = Number(identity.reportDate.slice(0, 4));
    const owner = input.submittedBy ?? '';
    const existing = (
      await client.query(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = $1 AND week_number = $2 AND report_year = $3 AND owner = $4`, [
        identity.team,
        identity.weekNumber,
        year,
        owner,
      ])
    ).rows[0] as ReportRow | undefined;
    if (existing && existing.content_hash === contentHash) {
      return { report: toStoredReport(existing), outcome: 'unchanged', addedItemIds: [], removedItemIds: [] };
    }
    const timestamp = this.now().toISOString();
    const fields = [
      identity.weekLabel,
      identity.reportDate,
      input.report.title ?? null,
      input.source,
      input.submittedBy ?? null,
      contentHash,
      input.rawText,
      input.report.items.length,
      input.report.period?.start ?? null,
      input.report.period?.end ?? null,
      input.kind ?? defaultReportKind(input.submittedBy),
      timestamp,
    ];
    let reportId: number;
    let removedItemIds: number[] = [];
    if (existing) {
      reportId = existing.id;
      await client.query(
        `INSERT INTO report_versions (report_id, version, week_label, report_date, title, raw_text, content_hash, source, submitted_by, item_count, replaced_at)
         SELECT id, version, week_label, report_date, title, raw_text, content_hash, source, submitted_by, item_count, $2
         FROM reports WHERE id = $1`,
        [reportId, timestamp],
      );
      removedItemIds = await this.deleteItemsOf(client, reportId, generation);
      await client.query(
        `UPDATE reports SET week_label = $2, report_date = $3, title = $4, source = $5, submitted_by = $6, content_hash = $7, raw_text = $8,
           item_count = $9, period_start = $10, period_end = $11, kind = $12, version = version + 1, updated_at = $13
         WHERE id = $1`,
        [reportId, ...fields],
      );
    } else {
      const inserted = await client.query(
        `INSERT INTO reports (week_label, report_date, title, source, submitted_by, content_hash, raw_text, item_count, period_start, period_end,
                              kind, created_at, updated_at, version, team, week_number, report_year, owner)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1, $13, $14, $15, $16)
         RETURNING id`,
        [...fields, identity.team, identity.weekNumber, year, owner],
      );
      reportId = Number(inserted.rows[0].id);
    }
    const addedItemIds = await this.insertItems(client, reportId, generation, input.report.items, hooks);
    await logReportChange(client, reportId, generation, false);
    const saved = (await client.query(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [reportId])).rows[0] as ReportRow;
    return { report: toStoredReport(saved), outcome: existing ? 'replaced' : 'new', addedItemIds, removedItemIds };
  }

  /** Inserts a report's items a batch per statement, in order; returns their ids in item order. */
  private async insertItems(client: PoolClient, reportId: number, generation: number, items: readonly ReportItem[], hooks: SaveHooks): Promise<number[]> {
    const ids: number[] = [];
    // A report's items share a handful of headings: each is segmented once.
    const sections = new Map<string, string[]>();
    let tokens = 0;
    for (let start = 0; start < items.length; start += ITEM_BATCH) {
      const batch = items.slice(start, start + ITEM_BATCH);
      const columns = keywordColumns(batch, sections);
      tokens += columns.tokenCounts.reduce((a, b) => a + b, 0);
      const result = await client.query(INSERT_ITEMS_SQL, [
        reportId,
        generation,
        batch.map((i) => i.ordinal),
        batch.map((i) => i.sectionPath.join(SECTION_SEPARATOR)),
        batch.map((i) => i.text),
        batch.map((i) => i.rawLine),
        batch.map((i) => i.lineNo),
        batch.map((i) => i.status),
        batch.map((i) => JSON.stringify(i.dates ?? [])),
        batch.map((i) => JSON.stringify(i.metrics ?? [])),
        batch.map((i) => i.owner ?? null),
        columns.sections,
        columns.bodies,
        columns.tokenCounts,
      ]);
      // Identity values are drawn in the order the rows are inserted (ORDER BY k): ascending ids are item order.
      const batchIds = result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
      for (const id of batchIds) {
        ids.push(id);
        hooks.afterItemInserted?.(ids.length);
      }
    }
    if (ids.length) await client.query('UPDATE store_state SET item_count = item_count + $1, token_total = token_total + $2 WHERE id = 1', [ids.length, tokens]);
    return ids;
  }

  /** Deletes a report's items, logging them as removed at `generation`; returns their ids. */
  private async deleteItemsOf(client: PoolClient, reportId: number, generation: number): Promise<number[]> {
    const deleted = await client.query('DELETE FROM items WHERE report_id = $1 RETURNING id, token_count', [reportId]);
    const ids = deleted.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    if (!ids.length) return ids;
    const tokens = deleted.rows.reduce((sum, r) => sum + Number(r.token_count), 0);
    await client.query(
      `INSERT INTO removed_items (item_id, generation) SELECT unnest($1::bigint[]), $2
       ON CONFLICT (item_id) DO UPDATE SET generation = excluded.generation`,
      [ids, generation],
    );
    await client.query('UPDATE store_state SET item_count = item_count - $1, token_total = token_total - $2 WHERE id = 1', [ids.length, tokens]);
    return ids;
  }

  /**
   * The keyword vectors hold segmented text; if another tokenizer version segmented them (an upgrade
   * changed segment.ts), every item is re-segmented, in one transaction, and the generation moves.
   */
  private async ensureKeywordTokenizer(): Promise<void> {
    const wanted = tokenizerId();
    const state = await this.pool.query('SELECT tokenizer FROM store_state WHERE id = 1');
    if (state.rows[0].tokenizer === wanted) return;
    await this.writing(async (client, generation) => {
      const locked = await client.query('SELECT tokenizer FROM store_state WHERE id = 1');
      if (locked.rows[0].tokenizer === wanted) return { result: undefined, changed: false };
      const items = await client.query('SELECT id, section_path, text, owner FROM items ORDER BY id');
      const sections = new Map<string, string[]>();
      let tokens = 0;
      for (let start = 0; start < items.rows.length; start += ITEM_BATCH) {
        const batch = items.rows.slice(start, start + ITEM_BATCH);
        const columns = keywordColumns(
          batch.map((r) => ({ sectionPath: splitSection(r.section_path), text: r.text, owner: r.owner })),
          sections,
        );
        tokens += columns.tokenCounts.reduce((a, b) => a + b, 0);
        await client.query(
          `UPDATE items AS i SET search_vector = ${SEARCH_VECTOR_SQL('u.section_tokens', 'u.body_tokens')}, token_count = u.token_count
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) AS u (id, section_tokens, body_tokens, token_count)
           WHERE i.id = u.id`,
          [batch.map((r) => r.id), columns.sections, columns.bodies, columns.tokenCounts],
        );
      }
      await client.query('UPDATE store_state SET tokenizer = $1, item_count = $2, token_total = $3 WHERE id = 1', [wanted, items.rows.length, tokens]);
      // Rankings and caches keyed on the generation must see the change; an empty store needs none.
      return { result: undefined, changed: items.rows.length > 0 };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  async getReport(id: number): Promise<StoredReport | null> {
    return this.oneReport(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [id]);
  }

  async findReport(team: string, weekNumber: number, year?: number, owner = ''): Promise<StoredReport | null> {
    if (year == null) {
      return this.oneReport(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = $1 AND week_number = $2 AND owner = $3 ORDER BY report_year DESC LIMIT 1`, [
        team,
        weekNumber,
        owner,
      ]);
    }
    return this.oneReport(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = $1 AND week_number = $2 AND report_year = $3 AND owner = $4`, [
      team,
      weekNumber,
      year,
      owner,
    ]);
  }

  async listReports(filter: ReportFilter = {}): Promise<StoredReport[]> {
    const result = filter.team
      ? await this.pool.query(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = $1 ORDER BY report_date, id`, [filter.team])
      : await this.pool.query(`SELECT ${REPORT_COLUMNS} FROM reports ORDER BY team, report_date, id`);
    return (result.rows as ReportRow[]).map(toStoredReport);
  }

  async latestReport(team?: string): Promise<StoredReport | null> {
    return team == null
      ? this.oneReport(`SELECT ${REPORT_COLUMNS} FROM reports ORDER BY report_date DESC, id DESC LIMIT 1`, [])
      : this.oneReport(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = $1 ORDER BY report_date DESC, id DESC LIMIT 1`, [team]);
  }

  async reportVersions(reportId: number): Promise<ReportVersion[]> {
    const result = await this.pool.query('SELECT * FROM report_versions WHERE report_id = $1 ORDER BY version', [reportId]);
    return result.rows.map(toReportVersion);
  }

  async rawText(reportId: number): Promise<string | null> {
    const result = await this.pool.query('SELECT raw_text FROM reports WHERE id = $1', [reportId]);
    return result.rows.length ? (result.rows[0].raw_text as string) : null;
  }

  async teams(): Promise<string[]> {
    return (await this.pool.query('SELECT DISTINCT team FROM reports ORDER BY team')).rows.map((r) => r.team as string);
  }

  async getItemsForReport(reportId: number): Promise<StoredItem[]> {
    return this.items(`WHERE i.report_id = $1 ORDER BY i.ordinal, i.id`, [reportId]);
  }

  async getItemsByIds(ids: readonly number[]): Promise<StoredItem[]> {
    if (!ids.length) return [];
    const found = new Map((await this.items('WHERE i.id = ANY ($1::bigint[])', [[...ids]])).map((item) => [item.id, item]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async itemsAfter(afterId: number, limit: number): Promise<StoredItem[]> {
    return this.items('WHERE i.id > $1 ORDER BY i.id LIMIT $2', [afterId, Math.max(0, Math.floor(limit))]);
  }

  async countItems(): Promise<number> {
    return Number((await this.pool.query('SELECT item_count FROM store_state WHERE id = 1')).rows[0].item_count);
  }

  async itemOwners(): Promise<string[]> {
    return (await this.pool.query("SELECT DISTINCT owner FROM items WHERE owner > '' ORDER BY owner")).rows.map((r) => r.owner as string);
  }

  async textsNamingPeople(limit: number): Promise<string[]> {
    // keywordIndex's FTS5 expression on the text column (weight A): 负责人, or 由… with 完成/负责.
    const result = await this.pool.query(
      `SELECT text FROM items WHERE search_vector @@ $1::tsquery LIMIT $2`,
      [`('负责':A & '责人':A) | ('由':*A & ('完成':A | '负责':A))`, Math.max(0, Math.floor(limit))],
    );
    return result.rows.map((r) => r.text as string);
  }

  // -------------------------------------------------------------------------------------------
  // Derived indexes

  async indexGeneration(): Promise<number> {
    return Number((await this.pool.query('SELECT generation FROM store_state WHERE id = 1')).rows[0].generation);
  }

  async itemChangesSince(generation: number): Promise<ItemChanges> {
    // One snapshot: the generation and the changes are of the same moment.
    return readSnapshot(this.pool, async (client): Promise<ItemChanges> => {
      const now = Number((await client.query('SELECT generation FROM store_state WHERE id = 1')).rows[0].generation);
      if (now === generation) return { kind: 'delta', generation: now, addedIds: [], removedIds: [] };
      if (generation < 0 || generation > now) {
        // Not a generation of this store (a new index, or another database): everything.
        const ids = await client.query('SELECT id FROM items ORDER BY id');
        return { kind: 'snapshot', generation: now, liveIds: ids.rows.map((r) => Number(r.id)) };
      }
      const added = await client.query('SELECT id FROM items WHERE added_generation > $1 ORDER BY id', [generation]);
      const removed = await client.query('SELECT item_id FROM removed_items WHERE generation > $1 ORDER BY item_id', [generation]);
      return { kind: 'delta', generation: now, addedIds: added.rows.map((r) => Number(r.id)), removedIds: removed.rows.map((r) => Number(r.item_id)) };
    });
  }

  async reportChangesSince(generation: number): Promise<ReportChanges> {
    return readSnapshot(this.pool, async (client) => {
      const state = (await client.query('SELECT generation, store_id FROM store_state WHERE id = 1')).rows[0];
      const now = Number(state.generation);
      const storeId = String(state.store_id);
      if (generation < 0 || generation > now) {
        const ids = await client.query('SELECT id FROM reports ORDER BY id');
        return { kind: 'snapshot', storeId, generation: now, liveIds: ids.rows.map((r) => Number(r.id)) };
      }
      if (generation === now) return { kind: 'delta', storeId, generation: now, changedIds: [], deletedIds: [] };
      const changes = await client.query('SELECT report_id, deleted FROM report_changes WHERE generation > $1 ORDER BY report_id', [generation]);
      const changedIds: number[] = [];
      const deletedIds: number[] = [];
      for (const row of changes.rows) (row.deleted ? deletedIds : changedIds).push(Number(row.report_id));
      return { kind: 'delta', storeId, generation: now, changedIds, deletedIds };
    });
  }

  async reportRecords(ids: readonly number[]): Promise<ReportRecord[]> {
    if (!ids.length) return [];
    return readSnapshot(this.pool, async (client) => {
      const wanted = [...ids];
      const reports = await client.query(`SELECT ${REPORT_COLUMNS}, owner, report_year, raw_text FROM reports WHERE id = ANY ($1::bigint[])`, [wanted]);
      const items = await client.query(
        `SELECT ${ITEM_COLUMNS} FROM items AS i JOIN reports AS r ON r.id = i.report_id WHERE i.report_id = ANY ($1::bigint[]) ORDER BY i.report_id, i.ordinal, i.id`,
        [wanted],
      );
      const versions = await client.query('SELECT * FROM report_versions WHERE report_id = ANY ($1::bigint[]) ORDER BY report_id, version', [wanted]);
      const records = new Map<number, ReportRecord>();
      for (const row of reports.rows) {
        records.set(Number(row.id), { report: toStoredReport(row as ReportRow), owner: row.owner, year: row.report_year, rawText: row.raw_text, items: [], versions: [] });
      }
      for (const row of items.rows as ItemRow[]) records.get(row.report_id)?.items.push(toStoredItem(row));
      for (const row of versions.rows) records.get(Number(row.report_id))?.versions.push(toReportVersion(row));
      return wanted.flatMap((id) => records.get(id) ?? []);
    });
  }

  async keywordSearch(tokenGroups: string[][], options: KeywordSearchOptions): Promise<ScoredId[]> {
    return this.keyword.search(tokenGroups, options);
  }

  async documentFrequency(variants: readonly string[], cap: number): Promise<number> {
    return this.keyword.documentFrequency(variants, cap);
  }

  /**
   * Calls `onGeneration` with the new generation whenever any process commits a write (LISTEN on a
   * connection of its own), and `onFollowupGeneration` with the follow-up generation whenever one
   * commits a follow-up write (pgFollowupState.ts). Returns the function that stops listening.
   * Notifications are a hint: a replica should still compare generations now and then (a dropped
   * connection loses them).
   */
  async listen(onGeneration: (generation: number) => void, onFollowupGeneration?: (generation: number) => void): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: this.url });
    client.on('error', () => {});
    await client.connect();
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === STORE_CHANNEL) onGeneration(Number(message.payload));
      else if (message.channel === FOLLOWUP_CHANNEL) onFollowupGeneration?.(Number(message.payload));
    });
    await client.query(`LISTEN ${STORE_CHANNEL}`);
    if (onFollowupGeneration) await client.query(`LISTEN ${FOLLOWUP_CHANNEL}`);
    return async () => {
      await client.end().catch(() => {});
    };
  }

  // -------------------------------------------------------------------------------------------
  // Exactly once

  async claimEvent(key: string): Promise<boolean> {
    const result = await this.pool.query('INSERT INTO processed_events (key, claimed_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      this.now().toISOString(),
    ]);
    return result.rowCount === 1;
  }

  /** One verdict per user and answer message, as the SQLite store keeps it (feedbackStore.ts). */
  async recordFeedback(f: FeedbackInput): Promise<void> {
    const now = this.now().toISOString();
    await inTransaction(this.pool, async (client) => {
      if (f.channel && f.messageTs) {
        const updated = await client.query('UPDATE feedback SET verdict = $1, created_at = $2 WHERE user_id = $3 AND channel = $4 AND message_ts = $5', [
          f.verdict,
          now,
          f.userId,
          f.channel,
          f.messageTs,
        ]);
        if (updated.rowCount) return;
      }
      await client.query(
        `INSERT INTO feedback (verdict, question, answer, citations_json, user_id, channel, message_ts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [f.verdict, f.question, f.answer, JSON.stringify(f.citations), f.userId, f.channel ?? null, f.messageTs ?? null, now],
      );
    });
  }

  async listFeedback(): Promise<FeedbackRow[]> {
    const result = await this.pool.query('SELECT * FROM feedback ORDER BY id');
    return result.rows.map((r) => ({
      id: Number(r.id),
      verdict: r.verdict,
      question: r.question,
      answer: r.answer,
      citations: JSON.parse(r.citations_json || '[]'),
      userId: r.user_id,
      channel: r.channel ?? null,
      messageTs: r.message_ts ?? null,
      createdAt: r.created_at,
    }));
  }

  async claimReminderStage(claim: ReminderStageClaim): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO reminder_log (team, week, user_id, stage, scheduled_for, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (team, week, user_id, stage) DO NOTHING`,
      [claim.team, claim.week, claim.userId, claim.stage, claim.scheduledFor.toISOString(), this.now().toISOString()],
    );
    return result.rowCount === 1;
  }

  async releaseReminderStage(claim: Omit<ReminderStageClaim, 'scheduledFor'>): Promise<void> {
    await this.pool.query('DELETE FROM reminder_log WHERE team = $1 AND week = $2 AND user_id = $3 AND stage = $4', [
      claim.team,
      claim.week,
      claim.userId,
      claim.stage,
    ]);
  }

  async close(): Promise<void> {
    // Idempotent: a replica closing after its pool was already ended (shutdown racing a failure).
    if (this.pool.ended || this.pool.ending) return;
    await this.pool.end();
  }

  private async oneReport(sql: string, params: unknown[]): Promise<StoredReport | null> {
    const row = (await this.pool.query(sql, params)).rows[0] as ReportRow | undefined;
    return row ? toStoredReport(row) : null;
  }

  private async items(where: string, params: unknown[]): Promise<StoredItem[]> {
    const result = await this.pool.query(`SELECT ${ITEM_COLUMNS} FROM items AS i JOIN reports AS r ON r.id = i.report_id ${where}`, params);
    return (result.rows as ItemRow[]).map(toStoredItem);
  }
}

/** Records in report_changes that `reportId` was written (or deleted) at `generation`: replicas' copies fetch it again. */
export async function logReportChange(client: PoolClient, reportId: number, generation: number, deleted: boolean): Promise<void> {
  await client.query(
    `INSERT INTO report_changes (report_id, generation, deleted) VALUES ($1, $2, $3)
     ON CONFLICT (report_id) DO UPDATE SET generation = excluded.generation, deleted = excluded.deleted`,
    [reportId, generation, deleted],
  );
}

function toReportVersion(r: Record<string, any>): ReportVersion {
  return {
    reportId: Number(r.report_id),
    version: r.version,
    weekLabel: r.week_label,
    reportDate: r.report_date,
    title: r.title ?? null,
    rawText: r.raw_text,
    contentHash: r.content_hash,
    source: r.source,
    submittedBy: r.submitted_by ?? null,
    itemCount: r.item_count,
    replacedAt: r.replaced_at,
  };
}

/** The keyword vector of an item: its section field's tokens with weight B, its text's with weight A ('simple': no stemming, no stop words). */
function SEARCH_VECTOR_SQL(sectionTokens: string, bodyTokens: string): string {
  return `setweight(to_tsvector('simple', ${sectionTokens}), 'B') || setweight(to_tsvector('simple', ${bodyTokens}), 'A')`;
}

const INSERT_ITEMS_SQL = `
  INSERT INTO items (report_id, added_generation, ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner,
                     search_vector, token_count)
  SELECT $1, $2, u.ordinal, u.section_path, u.text, u.raw_line, u.line_no, u.status, u.dates_json, u.metrics_json, u.owner,
         ${SEARCH_VECTOR_SQL('u.section_tokens', 'u.body_tokens')}, u.token_count
  FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
              $13::text[], $14::int[])
       WITH ORDINALITY AS u (ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner, section_tokens,
                             body_tokens, token_count, k)
  ORDER BY u.k
  RETURNING id`;

/**
 * What the keyword vector is built from, per item: the same tokens the SQLite FTS5 index stores
 * (segment.ts's indexTokens of reportStore's section field and of the text), space-joined, and
 * how many there are. `sections` caches a heading's tokens across items.
 */
export function keywordColumns(
  items: ReadonlyArray<{ sectionPath: readonly string[]; text: string; owner?: string | null }>,
  sections: Map<string, string[]> = new Map(),
): { sections: string[]; bodies: string[]; tokenCounts: number[] } {
  const out = { sections: [] as string[], bodies: [] as string[], tokenCounts: [] as number[] };
  for (const item of items) {
    const field = sectionFieldOf(item.sectionPath, item.owner);
    let sectionTokens = sections.get(field);
    if (!sectionTokens) sections.set(field, (sectionTokens = indexTokens(field)));
    const bodyTokens = indexTokens(item.text);
    out.sections.push(sectionTokens.join(' '));
    out.bodies.push(bodyTokens.join(' '));
    out.tokenCounts.push(sectionTokens.length + bodyTokens.length);
  }
  return out;
}
