/**
 * The knowledge base: one object that owns the SQLite store, the derived vector index and the
 * retriever, and offers the operations every front door needs (knowledgeBaseTypes.ts). Opening it loads the
 * index (catching it up with items other processes stored or deleted) or rebuilds it from SQLite when
 * it is missing, corrupt or built by another embedder. Before each answer or list it checks whether
 * another process wrote to the store meanwhile (refreshIfStale).
 *
 * Next to this file: the ingest paths (knowledgeBaseIngest.ts), answering (knowledgeBaseAnswering.ts)
 * and keeping the report caches and the vector index in step with SQLite (knowledgeBaseUpkeep.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { createLlmClient, type LlmClient } from '../adapters/llm/client';
import type { SubmissionParse } from '../adapters/llm/submission';
import type { Answer, AskContext } from '../domain/answer/model';
import { loadConfig, type Config } from '../config';
import { systemClock, type Clock } from '../clock';
import type { DocumentIngestOptions, IngestResult, IngestTextOptions, KnowledgeBaseApi, ReportSummary } from './knowledgeBaseTypes';
import type { WeeklyReport } from '../domain/reports/model';
import { reportWeekFor } from '../domain/calendar';
import type { AliasTable } from '../domain/text/aliases';
import { loadWordTables } from '../adapters/text/aliasesFile';
import { lazyEmbeddings } from '../adapters/search/lazyEmbeddings';
import { HybridRetriever } from '../adapters/search/hybridRetriever';
import { VectorLeg } from '../adapters/search/vectorLeg';
import { openDatabase } from '../adapters/store/db';
import { EventLog } from '../adapters/store/eventLog';
import { FeedbackStore } from '../adapters/store/feedbackStore';
import { ReportStore } from '../adapters/store/reportStore';
import { ReportIntake, toSummary } from './knowledgeBaseIngest';
import { QuestionAnswering } from './knowledgeBaseAnswering';
import { IndexUpkeep } from './knowledgeBaseUpkeep';

// Importers take the question cap from here, with the knowledge base.
export { MAX_QUESTION_CHARS } from './knowledgeBaseAnswering';

export interface OpenOptions {
  dataDir?: string;
  config?: Config;
  /** "Now" for week naming, 本周/上周 and stored timestamps; defaults to the real clock */
  clock?: Clock;
  /** Diagnostics (index rebuilds, model token usage); defaults to stderr. Never receives secrets or report content. */
  log?: (message: string) => void;
  /**
   * The model for generative answers and free-form submissions. Default: built from config.llm when
   * OPENAI_API_KEY is set, else none (offline). Pass null to stay offline whatever the config says.
   */
  llm?: LlmClient | null;
  /**
   * Whether this handle writes the derived vector index back to disk (default true). A reader that
   * shares the data directory with a writer (the answering worker of `zhoubao serve`) keeps its
   * caught-up copy in memory and leaves the file to the writer.
   */
  persistIndex?: boolean;
  /** How long opening waits for another process's lock on the database (ms; default openDatabase's 5 s) */
  busyTimeoutMs?: number;
}

export class KnowledgeBase implements KnowledgeBaseApi {
  private readonly upkeep: IndexUpkeep;
  private readonly intake: ReportIntake;
  private readonly answering: QuestionAnswering;

  private constructor(
    readonly config: Config,
    readonly db: Database.Database,
    readonly store: ReportStore,
    readonly vectorIndex: VectorLeg,
    readonly retriever: HybridRetriever,
    readonly aliases: AliasTable,
    private readonly events: EventLog,
    private readonly feedback: FeedbackStore,
    clock: Clock,
    private readonly llm: LlmClient | null = null,
    log: (message: string) => void = () => {},
    persistIndex: boolean = true,
  ) {
    this.upkeep = new IndexUpkeep(store, vectorIndex, log, persistIndex);
    this.intake = new ReportIntake({ db, store, upkeep: this.upkeep, clock, llm, log });
    this.answering = new QuestionAnswering({ store, retriever, aliases, upkeep: this.upkeep, clock, timeZone: config.timeZone, llm, log });
  }

  static async open(options: OpenOptions = {}): Promise<KnowledgeBase> {
    const config = options.config ?? loadConfig(process.env, { dataDir: options.dataDir });
    const dataDir = path.resolve(options.dataDir ?? config.dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
    const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
    const db = openDatabase(path.join(dataDir, 'zhoubao.db'), { busyTimeoutMs: options.busyTimeoutMs });
    const clock = options.clock ?? systemClock;
    const store = new ReportStore(db, { now: clock });
    const aliases = loadWordTables(config.aliasesFile);
    // Built on first use: a cold ask offline never embeds anything (adapters/search/lazyEmbeddings.ts).
    const embedder = lazyEmbeddings({
      openaiApiKey: config.llm.apiKey,
      openaiBaseUrl: config.llm.baseUrl,
      embeddingModel: config.llm.embeddingModel,
    });
    // A real embedding model (remote: no embedSync) is a full partner of the keyword leg; the offline
    // embedder only a fallback, loaded when a question needs it (adapters/search/vectorLeg.ts, README "The vector leg").
    const role = embedder.embedSync ? 'fallback' : 'partner';
    const vectorIndex = await VectorLeg.open({ role, dir: path.join(dataDir, 'index'), embedder, store, log, clock });
    const retriever = new HybridRetriever({ db, store, vectorLeg: vectorIndex, embedder, aliases });
    return new KnowledgeBase(
      { ...config, dataDir },
      db,
      store,
      vectorIndex,
      retriever,
      aliases,
      new EventLog(db, clock),
      new FeedbackStore(db, clock),
      clock,
      options.llm !== undefined ? options.llm : createLlmClient(config.llm, { clock }),
      log,
      options.persistIndex ?? true,
    );
  }

  /** Parse without storing: what a submission would be understood as. */
  parse(text: string | Buffer, options: Partial<IngestTextOptions> = {}): WeeklyReport {
    return this.intake.parse(text, options);
  }

  /**
   * What a free-form (prose) submission would be understood as: the model's reading when a model is
   * configured and its reading passes every check, else the parser's (src/llm/submission.ts).
   */
  parseSubmission(text: string | Buffer, options: Partial<IngestTextOptions> = {}): Promise<SubmissionParse> {
    return this.intake.parseSubmission(text, options);
  }

  ingestText(text: string | Buffer, options: IngestTextOptions): Promise<IngestResult> {
    return this.intake.ingestText(text, options);
  }

  /** A whole document: one report per week it holds, all stored in one transaction (knowledgeBaseIngest.ts). */
  parseDocument(input: string | Buffer, options: DocumentIngestOptions = {}): WeeklyReport[] {
    return this.intake.parseDocument(input, options);
  }

  ingestDocument(input: string | Buffer, options: DocumentIngestOptions & { source: string }): Promise<IngestResult[]> {
    return this.intake.ingestDocument(input, options);
  }

  /** A report file (.md/.txt, or a document the import layer converts): one result per week it holds. */
  ingestFile(file: string, options: DocumentIngestOptions = {}): Promise<IngestResult[]> {
    return this.intake.ingestFile(file, options);
  }

  /** Offline, or written by the model from the same retrieval when one is configured (answering/answerWithModel.ts). */
  ask(question: string, context: AskContext = {}): Promise<Answer> {
    return this.answering.ask(question, context);
  }

  /** Like ask, with the model's answer so far handed to `onDelta` as it is written (offline: no calls). */
  askStream(question: string, context: AskContext, onDelta: (textSoFar: string) => void): Promise<Answer> {
    return this.answering.askStream(question, context, onDelta);
  }

  llmEnabled(): boolean {
    return this.llm !== null;
  }

  /** Synchronous ask for the offline path (benchmarks, batch evaluation). */
  askSync(question: string, context: AskContext = {}): Answer {
    return this.answering.askSync(question, context);
  }

  listReports(filter: { team?: string } = {}): ReportSummary[] {
    return this.upkeep
      .reports()
      .filter((r) => !filter.team || r.team === filter.team)
      .map(toSummary);
  }

  deleteReport(reportId: number): boolean {
    if (!this.store.getReport(reportId)) return false;
    const removed = this.store.deleteReport(reportId);
    this.vectorIndex.remove(removed);
    this.upkeep.invalidateReports();
    this.upkeep.scheduleIndexSave();
    return true;
  }

  teams(): string[] {
    return this.store.teams();
  }

  currentWeek(team: string, now: Date, timeZone: string = this.config.timeZone) {
    const anchor = this.store.latestReport(team);
    return reportWeekFor(now, timeZone, anchor ? { weekNumber: anchor.weekNumber, reportDate: anchor.reportDate } : null);
  }

  findReportBySource(source: string): ReportSummary | null {
    const found = this.upkeep.reports().find((r) => r.source === source);
    return found ? toSummary(found) : null;
  }

  openItemsFor(submittedBy: string) {
    const mine = this.upkeep.reports().filter((r) => r.submittedBy === submittedBy);
    const latest = mine[mine.length - 1];
    if (!latest) return [];
    return this.store
      .getItemsForReport(latest.id)
      .filter((i) => i.status !== 'launched' && i.status !== 'done' && i.dates.some((d) => d.planned))
      .map((i) => ({
        text: i.text,
        section: i.sectionPath.join(' › '),
        weekLabel: i.weekLabel,
        status: i.status,
        dates: i.dates.map((d) => d.iso),
      }));
  }

  claimEvent(key: string): boolean {
    return this.events.claim(key);
  }

  recordFeedback(feedback: Parameters<KnowledgeBaseApi['recordFeedback']>[0]): void {
    this.feedback.record(feedback);
  }

  listFeedback() {
    return this.feedback.list();
  }

  async reindex(): Promise<{ items: number; millis: number }> {
    const started = performance.now();
    const items = await this.vectorIndex.rebuild();
    return { items, millis: Math.round(performance.now() - started) };
  }

  /** Persists the derived index (if it changed) and closes SQLite. */
  close(): void {
    this.upkeep.saveBeforeClose();
    this.db.close();
  }
}

export function openKnowledgeBase(options: OpenOptions = {}): Promise<KnowledgeBase> {
  return KnowledgeBase.open(options);
}
