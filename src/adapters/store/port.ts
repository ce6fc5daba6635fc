/**
 * The store contract, async at the port: what one replica of the bot needs from wherever reports
 * live. Two implementations: the embedded SQLite store (sqlitePort.ts, wrapping reportStore.ts and
 * friends; the zero-configuration default) and PostgreSQL (../pg/pgStore.ts, selected by
 * ZHOUBAO_DATABASE_URL), shared by several replicas.
 *
 * The shapes mirror the SQLite store's (reportStore.ts, reportQueries.ts) so the services can move
 * onto this contract without changing what they read: the rows are the domain records of
 * domain/records.ts, keyword hits are keywordIndex.ts's ScoredId. Imports domain types and the
 * keyword search's option/hit shapes only.
 */
import type { WeeklyReport } from '../../domain/reports/model';
import type { ReportKind, ReportVersion, SaveOutcome, StoredItem, StoredReport } from '../../domain/records';
import type { ReminderStage } from '../../domain/followup/team';
import type { KeywordSearchOptions, ScoredId } from '../search/keywordIndex';
import type { FeedbackInput, FeedbackRow } from './feedbackStore';

export type { KeywordSearchOptions, ScoredId, FeedbackInput, FeedbackRow };

/** One report to store: the parsed report, the text it was parsed from, where it came from. */
export interface ReportToSave {
  report: WeeklyReport;
  rawText: string;
  source: string;
  submittedBy?: string | null;
  /** Default: a submission when there is a submitter, else the team's own report */
  kind?: ReportKind;
}

export interface SaveHooks {
  /** Called after each item is written with the number written so far (tests throw here to fail mid-report) */
  afterItemInserted?: (n: number) => void;
}

export interface SavedReport {
  report: StoredReport;
  outcome: SaveOutcome;
  /** Items now in the store that were not before (empty when unchanged) */
  addedItemIds: number[];
  /** Items that were in the store and no longer are (the replaced version's) */
  removedItemIds: number[];
}

export interface ReportFilter {
  /** Only this team's reports */
  team?: string;
}

/**
 * What changed in the items since a generation, for a vector index catching up. A store that keeps
 * a change log answers with the difference ('delta'); one that cannot tell (SQLite, or a generation
 * older than the log keeps) answers with every live id ('snapshot'), and the index diffs its own
 * labels against them.
 */
export type ItemChanges =
  | { kind: 'delta'; generation: number; addedIds: number[]; removedIds: number[] }
  | { kind: 'snapshot'; generation: number; liveIds: number[] };

/**
 * Which reports changed since a generation, for a replica's local copy catching up (services/replica).
 * 'delta': the reports written (changedIds) and deleted (deletedIds) after the generation, from a
 * store's change log; 'snapshot': the store cannot tell (no log, or a generation it never had), so
 * here is every live report id and the copy drops whatever else it holds. `storeId` names the store
 * a generation belongs to: a copy made from another database starts over with a snapshot.
 */
export type ReportChanges =
  | { kind: 'delta'; storeId: string; generation: number; changedIds: number[]; deletedIds: number[] }
  | { kind: 'snapshot'; storeId: string; generation: number; liveIds: number[] };

/** A report whole, as a copy of the store needs it: its row and identity, its text, its items (with their ids) and earlier versions. */
export interface ReportRecord {
  report: StoredReport;
  /** The identity columns StoredReport does not carry: the submitting member ('' for the team's own report) and the report date's year */
  owner: string;
  year: number;
  rawText: string;
  items: StoredItem[];
  versions: ReportVersion[];
}

/** A reminder stage for one member (userId '' = the team-level deadline summary) in one week (its ISO Friday). */
export interface ReminderStageClaim {
  team: string;
  week: string;
  userId: string;
  stage: ReminderStage;
  /** When the schedule said it was due */
  scheduledFor: Date;
}

export interface StorePort {
  /** Which engine holds the data (for diagnostics and tests; never branch on it in a service) */
  readonly backend: 'sqlite' | 'postgres';

  // ---- writing: whole or not at all ---------------------------------------------------------

  /**
   * Saves one report in one transaction: its row, its items, their keyword entries, the replaced
   * version's history and the generation. A report with the same team, week, year and owner is
   * replaced; the same text again is 'unchanged' and writes nothing.
   */
  saveReport(input: ReportToSave, hooks?: SaveHooks): Promise<SavedReport>;
  /** Several reports (a document's weeks) in ONE transaction: all stored or none. */
  saveReports(inputs: readonly ReportToSave[], hooks?: SaveHooks): Promise<SavedReport[]>;
  /** Deletes a report with its items and versions; the removed item ids (empty when there was no such report). */
  deleteReport(id: number): Promise<number[]>;

  // ---- reports ------------------------------------------------------------------------------

  getReport(id: number): Promise<StoredReport | null>;
  /** A team's report for a week; without `year` the latest year with that week; owner '' = the team's own report. */
  findReport(team: string, weekNumber: number, year?: number, owner?: string): Promise<StoredReport | null>;
  /** Reports ordered by team, then report date, then id. */
  listReports(filter?: ReportFilter): Promise<StoredReport[]>;
  /** The report with the latest report date (of a team, or of all). */
  latestReport(team?: string): Promise<StoredReport | null>;
  /** Earlier texts of a report, oldest first. */
  reportVersions(reportId: number): Promise<ReportVersion[]>;
  rawText(reportId: number): Promise<string | null>;
  /** Team names, sorted. */
  teams(): Promise<string[]>;

  // ---- items --------------------------------------------------------------------------------

  /** A report's items in report order. */
  getItemsForReport(reportId: number): Promise<StoredItem[]>;
  /** Items by id, in the order of `ids`; unknown ids are skipped. */
  getItemsByIds(ids: readonly number[]): Promise<StoredItem[]>;
  /** Up to `limit` items with id > `afterId`, by id: an index rebuild pages through the store with it. */
  itemsAfter(afterId: number, limit: number): Promise<StoredItem[]>;
  countItems(): Promise<number>;
  /** The distinct non-empty owners recorded on items, sorted. */
  itemOwners(): Promise<string[]>;
  /** Texts of items whose line may name a person (负责人：…, 由…完成/负责), at most `limit`. */
  textsNamingPeople(limit: number): Promise<string[]>;

  // ---- derived indexes ----------------------------------------------------------------------

  /** Moves with every write that changes items, by any process or replica. */
  indexGeneration(): Promise<number>;
  /** What changed in the items after `generation` (see ItemChanges). */
  itemChangesSince(generation: number): Promise<ItemChanges>;
  /** Which reports changed after `generation` (see ReportChanges). */
  reportChangesSince(generation: number): Promise<ReportChanges>;
  /** Reports whole, in the order of `ids`; ids no longer in the store are skipped. */
  reportRecords(ids: readonly number[]): Promise<ReportRecord[]>;
  /**
   * Keyword search over the app-segmented tokens (domain/text/segment.ts's indexTokens): token groups
   * (each a term and its synonyms), best first, with keywordIndex.ts's strict/relaxed semantics.
   */
  keywordSearch(tokenGroups: string[][], options: KeywordSearchOptions): Promise<ScoredId[]>;
  /** Items holding every fragment of one of `variants`, counted up to `cap`. */
  documentFrequency(variants: readonly string[], cap: number): Promise<number>;

  // ---- exactly once, across processes and replicas ------------------------------------------

  /** True the first time `key` is claimed (a Slack event id), false ever after. */
  claimEvent(key: string): Promise<boolean>;
  /** An answer's 👍/👎: one verdict per user and answer message (clicking again changes it). */
  recordFeedback(feedback: FeedbackInput): Promise<void>;
  /** Every verdict, oldest first. */
  listFeedback(): Promise<FeedbackRow[]>;
  /** True when this call recorded the reminder stage (so it may be sent); false when some process already had. */
  claimReminderStage(claim: ReminderStageClaim): Promise<boolean>;
  /** Forgets a claim whose message could not be sent, so a later tick tries again. */
  releaseReminderStage(claim: Omit<ReminderStageClaim, 'scheduledFor'>): Promise<void>;

  close(): Promise<void>;
}
