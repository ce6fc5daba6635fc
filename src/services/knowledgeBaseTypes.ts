/**
 * The contract of the knowledge base that the three front doors (CLI, console, Slack) use.
 * Implemented by `KnowledgeBase` in ./knowledgeBase.ts (SQLite) and by `ReplicaKnowledgeBase`
 * (./replica: a replica of the shared PostgreSQL store, ZHOUBAO_DATABASE_URL).
 */
import type { Answer, AskContext } from '../domain/answer/model';
import type { WeeklyReport } from '../domain/reports/model';
import type { FeedbackInput } from '../adapters/store/feedbackStore';
import type { ReportKind } from '../domain/records';

export type IngestOutcome = 'new' | 'replaced' | 'unchanged';

export interface ReportSummary {
  id: number;
  team: string;
  weekLabel: string;
  weekNumber: number;
  /** ISO date */
  reportDate: string;
  itemCount: number;
  source: string;
  submittedBy: string | null;
  /** A team's own report, a member's submission, answers alone, or the compiled team report */
  kind: ReportKind;
  updatedAt: string;
  /** 1 for the first submission, +1 for every replacement */
  version: number;
}

export interface IngestResult {
  outcome: IngestOutcome;
  report: ReportSummary;
  /** The parsed report, so a caller can confirm what was understood */
  parsed: WeeklyReport;
  /** A remark for the submitter, e.g. that the model's reading of a free-form text was not used */
  note?: string;
}

export interface IngestTextOptions {
  /** Where the text came from: a file path, "slack:dm:U123", "console" */
  source: string;
  /** Team to store under when the text does not name one */
  team?: string;
  /** Force the team even when the text names another (a member's DM submission) */
  forceTeam?: boolean;
  /** Week to store under when the text has no week label/date (DM submissions) */
  weekLabel?: string;
  weekNumber?: number;
  reportDate?: string;
  /** Slack user id or name of whoever submitted it */
  submittedBy?: string;
  /** What the report is; default: a submission when `submittedBy` is set, else the team's own report */
  kind?: ReportKind;
  /**
   * The text may be prose rather than a structured report: with a model configured, it is read into
   * items by the model and checked against the parser (src/llm/submission.ts). Without a model the
   * parser's reading is stored; when the model fails or its reading fails a check, the parser's
   * reading is stored and `IngestResult.note` says so.
   */
  freeForm?: boolean;
}

/** How a document is ingested from the CLI or an import: `--team`, `--date`, the file's name. */
export interface DocumentIngestOptions {
  team?: string;
  /** Default: true when `team` is given (`--team` names the team whatever the heading says) */
  forceTeam?: boolean;
  /** `--date YYYY-MM-DD`: any day of the reported week; wins over what the text says */
  date?: string;
  fileName?: string;
  submittedBy?: string;
}

type FeedbackList = Array<{ id: number; verdict: 'up' | 'down'; question: string; answer: string; userId: string; createdAt: string }>;

export interface KnowledgeBaseApi {
  /** Parse and store one report. Throws ReportParseError with a user-facing message on bad input; nothing is stored then. */
  ingestText(text: string | Buffer, options: IngestTextOptions): Promise<IngestResult>;
  /** A report file (.md/.txt/.docx/.pdf/.html): one result per week it holds, all stored in one transaction or none. */
  ingestFile(path: string, options?: DocumentIngestOptions): Promise<IngestResult[]>;
  /** A document's text (a file's content, an imported page): its weeks and dates from wherever it states them. */
  ingestDocument?(input: string | Buffer, options: DocumentIngestOptions & { source: string }): Promise<IngestResult[]>;
  /** Answer a question from the stored reports, offline unless an LLM is configured. */
  ask(question: string, context?: AskContext): Promise<Answer>;
  /**
   * Like ask, calling `onDelta` with the answer text so far while a model writes it (never without a
   * model). The returned Answer is final and may differ from the last text shown (a fallback).
   */
  askStream?(question: string, context: AskContext, onDelta: (textSoFar: string) => void): Promise<Answer>;
  /** True when answers and free-form submissions go through a model (OPENAI_API_KEY set, or one injected). */
  llmEnabled?(): boolean;
  listReports(filter?: { team?: string }): ReportSummary[];
  /** Whether there was such a report (a promise with a shared store: services/replica). */
  deleteReport(reportId: number): boolean | Promise<boolean>;
  teams(): string[];
  /** The report week a submission made at `now` belongs to, in the team's numbering (weeks end on Friday in `timeZone`). */
  currentWeek(team: string, now: Date, timeZone?: string): { weekLabel: string; weekNumber: number; reportDate: string };
  /** A stored report whose source is exactly `source` (e.g. the Slack message a submission came from), or null. */
  findReportBySource(source: string): ReportSummary | null;
  /** Items a member reported with a planned date and no later launched/done status: for App Home and follow-ups. */
  openItemsFor(submittedBy: string): Array<{ text: string; section: string; weekLabel: string; status: string; dates: string[] }>;
  /**
   * Idempotency for at-least-once deliveries (Slack retries): true the first time `key` is claimed,
   * false ever after, also across restarts (persisted in SQLite) and, with a shared store, across
   * replicas (then a promise: services/replica). Always await it.
   */
  claimEvent(key: string): boolean | Promise<boolean>;
  recordFeedback(feedback: FeedbackInput): void | Promise<void>;
  listFeedback(): FeedbackList | Promise<FeedbackList>;
  /**
   * Throws when the store behind this knowledge base cannot be read (GET /healthz). Optional: without
   * it the health check reads the team list.
   */
  ping?(): Promise<void>;
  /** Rebuild the derived vector index from SQLite. */
  reindex(): Promise<{ items: number; millis: number }>;
  close(): void;
}
