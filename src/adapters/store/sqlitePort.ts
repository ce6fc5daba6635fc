/**
 * The store contract (port.ts) over the embedded SQLite store: ReportStore, the event log and the
 * follow-up store's reminder log, unchanged, their synchronous calls handed back as promises. Nothing
 * here writes SQL of its own except the few reads the contract adds (item pages, document
 * frequency, the change listing), all against the schema of migrations.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReportVersion, StoredItem, StoredReport } from '../../domain/records';
import { ftsAllGroupsExpression } from '../../domain/text/ftsQuery';
import { systemClock, type Clock } from '../../clock';
import { keywordSearch } from '../search/keywordIndex';
import { openDatabase, schemaVersion } from './db';
import { EventLog } from './eventLog';
import { FeedbackStore, type FeedbackInput, type FeedbackRow } from './feedbackStore';
import { MIGRATIONS } from './migrations';
import { FollowupStore } from './followupStore';
import { ReportStore } from './reportStore';
import { ITEM_COLUMNS, toStoredItem, type ItemRow } from './reportRows';
import type {
  ItemChanges,
  KeywordSearchOptions,
  ReminderStageClaim,
  ReportChanges,
  ReportFilter,
  ReportRecord,
  ReportToSave,
  SavedReport,
  SaveHooks,
  ScoredId,
  StorePort,
} from './port';

export interface SqliteStorePortOptions {
  /** The clock for stored timestamps */
  now?: Clock;
  /** Whether close() closes the connection (default true; false when the caller still uses it) */
  ownsConnection?: boolean;
}

export class SqliteStorePort implements StorePort {
  readonly backend = 'sqlite' as const;
  readonly store: ReportStore;
  private readonly events: EventLog;
  private readonly followups: FollowupStore;
  private readonly feedback: FeedbackStore;
  private readonly reads: ReturnType<typeof prepareReads>;
  private readonly ownsConnection: boolean;

  constructor(
    readonly db: Database.Database,
    options: SqliteStorePortOptions = {},
  ) {
    const now = options.now ?? systemClock;
    this.store = new ReportStore(db, { now });
    this.events = new EventLog(db, now);
    this.followups = new FollowupStore(db, now);
    this.feedback = new FeedbackStore(db, now);
    this.reads = prepareReads(db);
    this.ownsConnection = options.ownsConnection ?? true;
  }

  async saveReport(input: ReportToSave, hooks: SaveHooks = {}): Promise<SavedReport> {
    return this.store.saveReport(input, hooks);
  }

  async saveReports(inputs: readonly ReportToSave[], hooks: SaveHooks = {}): Promise<SavedReport[]> {
    // Each saveReport becomes a savepoint inside this one IMMEDIATE transaction.
    return this.db.transaction(() => inputs.map((input) => this.store.saveReport(input, hooks))).immediate();
  }

  async deleteReport(id: number): Promise<number[]> {
    return this.store.deleteReport(id);
  }

  async getReport(id: number): Promise<StoredReport | null> {
    return this.store.getReport(id);
  }

  async findReport(team: string, weekNumber: number, year?: number, owner = ''): Promise<StoredReport | null> {
    return this.store.findReport(team, weekNumber, year, owner);
  }

  async listReports(filter: ReportFilter = {}): Promise<StoredReport[]> {
    return this.store.listReports(filter);
  }

  async latestReport(team?: string): Promise<StoredReport | null> {
    return this.store.latestReport(team);
  }

  async reportVersions(reportId: number): Promise<ReportVersion[]> {
    return this.store.reportVersions(reportId);
  }

  async rawText(reportId: number): Promise<string | null> {
    return this.store.rawText(reportId);
  }

  async teams(): Promise<string[]> {
    return this.store.teams();
  }

  async getItemsForReport(reportId: number): Promise<StoredItem[]> {
    return this.store.getItemsForReport(reportId);
  }

  async getItemsByIds(ids: readonly number[]): Promise<StoredItem[]> {
    return this.store.getItemsByIds([...ids]);
  }

  async itemsAfter(afterId: number, limit: number): Promise<StoredItem[]> {
    return (this.reads.itemsAfter.all(afterId, Math.max(0, Math.floor(limit))) as ItemRow[]).map(toStoredItem);
  }

  async countItems(): Promise<number> {
    return this.store.countItems();
  }

  async itemOwners(): Promise<string[]> {
    return this.store.itemOwners();
  }

  async textsNamingPeople(limit: number): Promise<string[]> {
    return this.store.textsNamingPeople(limit);
  }

  async indexGeneration(): Promise<number> {
    return this.store.indexGeneration();
  }

  /** SQLite keeps no per-item history: a moved generation answers with every live id. */
  async itemChangesSince(generation: number): Promise<ItemChanges> {
    // One read transaction: the generation and the ids are of the same moment.
    return this.db.transaction((): ItemChanges => {
      const now = this.store.indexGeneration();
      if (now === generation) return { kind: 'delta', generation: now, addedIds: [], removedIds: [] };
      return { kind: 'snapshot', generation: now, liveIds: this.reads.itemIds.all() as number[] };
    })();
  }

  /** No change log either: a moved generation answers with every live report. */
  async reportChangesSince(generation: number): Promise<ReportChanges> {
    const storeId = `sqlite:${this.db.name}`;
    return this.db.transaction((): ReportChanges => {
      const now = this.store.indexGeneration();
      if (now === generation) return { kind: 'delta', storeId, generation: now, changedIds: [], deletedIds: [] };
      return { kind: 'snapshot', storeId, generation: now, liveIds: this.reads.reportIds.all() as number[] };
    })();
  }

  async reportRecords(ids: readonly number[]): Promise<ReportRecord[]> {
    return this.db.transaction(() =>
      ids.flatMap((id): ReportRecord[] => {
        const report = this.store.getReport(id);
        const identity = this.reads.identity.get(id) as { owner: string; report_year: number } | undefined;
        if (!report || !identity) return [];
        return [
          {
            report,
            owner: identity.owner,
            year: identity.report_year,
            rawText: this.store.rawText(id) ?? '',
            items: this.store.getItemsForReport(id),
            versions: this.store.reportVersions(id),
          },
        ];
      }),
    )();
  }

  async keywordSearch(tokenGroups: string[][], options: KeywordSearchOptions): Promise<ScoredId[]> {
    return keywordSearch(this.db, tokenGroups, options);
  }

  async documentFrequency(variants: readonly string[], cap: number): Promise<number> {
    const expression = ftsAllGroupsExpression([[...variants]]);
    if (!expression) return 0;
    return (this.reads.cappedCount.get(expression, Math.max(0, Math.floor(cap))) as { n: number }).n;
  }

  async claimEvent(key: string): Promise<boolean> {
    return this.events.claim(key);
  }

  async recordFeedback(feedback: FeedbackInput): Promise<void> {
    this.feedback.record(feedback);
  }

  async listFeedback(): Promise<FeedbackRow[]> {
    return this.feedback.list();
  }

  async claimReminderStage(claim: ReminderStageClaim): Promise<boolean> {
    return this.followups.claimReminder(claim.team, { week: claim.week, userId: claim.userId, stage: claim.stage }, claim.scheduledFor);
  }

  async releaseReminderStage(claim: Omit<ReminderStageClaim, 'scheduledFor'>): Promise<void> {
    this.followups.releaseReminder(claim.team, { week: claim.week, userId: claim.userId, stage: claim.stage });
  }

  async close(): Promise<void> {
    if (this.ownsConnection && this.db.open) this.db.close();
  }
}

function prepareReads(db: Database.Database) {
  return {
    itemsAfter: db.prepare(`SELECT ${ITEM_COLUMNS} FROM items AS i JOIN reports AS r ON r.id = i.report_id WHERE i.id > ? ORDER BY i.id LIMIT ?`),
    itemIds: db.prepare('SELECT id FROM items ORDER BY id').pluck(),
    reportIds: db.prepare('SELECT id FROM reports ORDER BY id').pluck(),
    identity: db.prepare('SELECT owner, report_year FROM reports WHERE id = ?'),
    cappedCount: db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT ?)'),
  };
}

/**
 * `zhoubao migrate` without ZHOUBAO_DATABASE_URL: brings the SQLite store of `dataDir` to the latest
 * schema (creating it when missing), as opening it would; says which versions that applied.
 */
export function migrateSqliteStore(dataDir: string): { file: string; applied: number[]; version: number } {
  const file = path.join(path.resolve(dataDir), 'zhoubao.db');
  let before = 0;
  if (fs.existsSync(file)) {
    const peek = new Database(file, { readonly: true });
    try {
      before = schemaVersion(peek);
    } finally {
      peek.close();
    }
  }
  const db = openDatabase(file);
  try {
    const version = schemaVersion(db);
    return { file, applied: MIGRATIONS.filter((m) => m.version > before && m.version <= version).map((m) => m.version), version };
  } finally {
    db.close();
  }
}
