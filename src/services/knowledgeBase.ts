/**
 * The knowledge base: one object that owns the SQLite store, the derived vector index and the
 * retriever, and offers the operations every front door needs (kbTypes.ts). Opening it loads the
 * index (catching it up with items other processes stored or deleted) or rebuilds it from SQLite when
 * it is missing, corrupt or built by another embedder. Before each answer or list it checks whether
 * another process wrote to the store meanwhile (refreshIfStale).
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { answerQuestion, type AnswerDeps } from './answering/answerQuestion';
import { answerWithModel } from './answering/answerWithModel';
import { answerChangesIfAsked } from './changes/ask';
import { createLlmClient, type LlmClient } from '../adapters/llm/client';
import type { SubmissionParse } from '../adapters/llm/submission';
import type { Answer, AskContext } from '../domain/answer/model';
import { loadConfig, type Config } from '../config';
import { systemClock, type Clock } from '../clock';
import type { DocumentIngestOptions, IngestResult, IngestTextOptions, KnowledgeBaseApi, ReportSummary } from './knowledgeBaseTypes';
import { reportsForAnswering } from '../domain/followup/answerSources';
import { ReportParseError, type ParseOptions, type WeeklyReport } from '../domain/reports/model';
import { parseWeeklyReport } from '../domain/reports/parse';
import { parseReportDocument } from '../domain/reports/document';
import { isPlainTextReport, readReportFile } from '../adapters/import/reportFiles';
import { notionExportName } from '../adapters/import/files';
import type { DocumentOptions } from '../domain/reports/model';
import { reportWeekFor } from '../domain/calendar';
import { loadAliases, type AliasTable } from '../domain/text/aliases';
import { createEmbeddings } from '../adapters/search/embedder';
import { HybridRetriever } from '../adapters/search/hybridRetriever';
import { VectorLeg } from '../adapters/search/vectorLeg';
import { openDatabase } from '../adapters/store/db';
import { EventLog } from '../adapters/store/eventLog';
import { FeedbackStore } from '../adapters/store/feedbackStore';
import { ReportStore } from '../adapters/store/reportStore';
import type { StoredReport } from '../domain/records';

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
}

/** Files larger than this are refused before reading them whole. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Quiet period after the last change before the vector index is written to disk. */
const INDEX_SAVE_DELAY_MS = 3000;

export class KnowledgeBase implements KnowledgeBaseApi {
  private reportCache: StoredReport[] | null = null;
  private answerableCache: StoredReport[] | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  /** The store generation the report caches were read at: another process's write moves it */
  private cachedGeneration = -1;
  private readonly answerDeps: AnswerDeps;

  private constructor(
    readonly config: Config,
    readonly db: Database.Database,
    readonly store: ReportStore,
    readonly vectorIndex: VectorLeg,
    readonly retriever: HybridRetriever,
    readonly aliases: AliasTable,
    private readonly events: EventLog,
    private readonly feedback: FeedbackStore,
    private readonly clock: Clock,
    private readonly llm: LlmClient | null = null,
    private readonly log: (message: string) => void = () => {},
    private readonly persistIndex: boolean = true,
  ) {
    this.answerDeps = {
      store,
      retriever,
      aliases,
      clock,
      timeZone: config.timeZone,
      reports: () => this.answerableReports(),
    };
  }

  static async open(options: OpenOptions = {}): Promise<KnowledgeBase> {
    const config = options.config ?? loadConfig(process.env, { dataDir: options.dataDir });
    const dataDir = path.resolve(options.dataDir ?? config.dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
    const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
    const db = openDatabase(path.join(dataDir, 'zhoubao.db'));
    const clock = options.clock ?? systemClock;
    const store = new ReportStore(db, { now: clock });
    const aliases = loadAliases(config.aliasesFile);
    const embedder = createEmbeddings({
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
    return parseWeeklyReport(text, this.parseOptions(options));
  }

  private parseOptions(options: Partial<IngestTextOptions>): ParseOptions {
    return {
      team: options.team,
      forceTeam: options.forceTeam,
      weekLabel: options.weekLabel,
      weekNumber: options.weekNumber,
      reportDate: options.reportDate,
      knownTeams: this.teams(),
    };
  }

  /**
   * What a free-form (prose) submission would be understood as: the model's reading when a model is
   * configured and its reading passes every check, else the parser's (src/llm/submission.ts).
   */
  async parseSubmission(text: string | Buffer, options: Partial<IngestTextOptions> = {}): Promise<SubmissionParse> {
    const asText = typeof text === 'string' ? text : text.toString('utf8');
    // Loaded on first use: answering never parses a submission, and a cold `ask` should not load it (nor zod).
    const { parseSubmission } = require('../adapters/llm/submission') as typeof import('../adapters/llm/submission');
    return parseSubmission(asText, this.parseOptions(options), { llm: this.llm, log: this.log });
  }

  async ingestText(text: string | Buffer, options: IngestTextOptions): Promise<IngestResult> {
    const free = options.freeForm ? await this.parseSubmission(text, options) : null;
    const parsed = free ? free.report : this.parse(text, options);
    if (!parsed.team) {
      throw new ReportParseError('无法确定团队：请在标题中写明团队（例如「# 支付中心 第47周 2023-11-17」），或用 --team 指定。', 'no_team');
    }
    if (parsed.weekNumber == null || !parsed.weekLabel || !parsed.reportDate) {
      throw new ReportParseError('无法确定周次：请在标题中写明周次和日期（例如「# 支付中心 第47周 2023-11-17」）。', 'no_week');
    }
    const rawText = typeof text === 'string' ? text : text.toString('utf8');
    const saved = this.store.saveReport({ report: parsed, rawText, source: options.source, submittedBy: options.submittedBy ?? null, kind: options.kind });
    if (saved.outcome !== 'unchanged') {
      this.invalidateReports();
      // The index follows SQLite; if we crash before it is saved, the next open catches it up.
      this.vectorIndex.remove(saved.removedItemIds);
      await this.vectorIndex.addByIds(saved.addedItemIds);
      this.scheduleIndexSave();
    }
    return { outcome: saved.outcome, report: toSummary(saved.report), parsed, ...(free?.note ? { note: free.note } : {}) };
  }

  /**
   * A whole document as teams keep it: its week and date from wherever it states them (or `date`),
   * one report per week for a log that holds many weeks. Nothing is parsed by halves: every week is
   * read before any is stored, and all of them are stored in one transaction.
   */
  parseDocument(input: string | Buffer, options: DocumentIngestOptions = {}): WeeklyReport[] {
    const documentOptions: DocumentOptions = {
      team: options.team,
      forceTeam: options.forceTeam ?? Boolean(options.team),
      date: options.date,
      fileName: options.fileName,
      now: this.clock(),
      knownTeams: this.teams(),
    };
    return parseReportDocument(input, documentOptions);
  }

  async ingestDocument(input: string | Buffer, options: DocumentIngestOptions & { source: string }): Promise<IngestResult[]> {
    const reports = this.parseDocument(input, options);
    const wholeText = typeof input === 'string' ? input : input.toString('utf8');
    for (const report of reports) {
      if (!report.team) {
        throw new ReportParseError('无法确定团队：请在标题中写明团队（例如「# 支付中心 第47周 2023-11-17」），或用 --team 指定。', 'no_team');
      }
    }
    const saveAll = this.db.transaction(() =>
      reports.map((report) => ({
        report,
        saved: this.store.saveReport({ report, rawText: report.sourceText ?? wholeText, source: options.source, submittedBy: options.submittedBy ?? null }),
      })),
    );
    const results = saveAll.immediate();
    const changed = results.filter((r) => r.saved.outcome !== 'unchanged');
    if (changed.length) {
      this.invalidateReports();
      this.vectorIndex.remove(changed.flatMap((r) => r.saved.removedItemIds));
      await this.vectorIndex.addByIds(changed.flatMap((r) => r.saved.addedItemIds));
      this.scheduleIndexSave();
    }
    return results.map(({ report, saved }) => ({ outcome: saved.outcome, report: toSummary(saved.report), parsed: report }));
  }

  /** A report file (.md/.txt, or a document the import layer converts): one result per week it holds. */
  async ingestFile(file: string, options: DocumentIngestOptions = {}): Promise<IngestResult[]> {
    // Documents (.docx/.pdf/.html) carry images and markup: the import layer applies its own limit
    // to the file and the parser this one to the text it yields.
    const size = fs.statSync(file).size;
    if (isPlainTextReport(file) && size > MAX_FILE_BYTES) {
      throw new ReportParseError(`文件过大（${(size / 1024 / 1024).toFixed(1)} MB）：单份周报不能超过 2 MB。`, 'too_large');
    }
    const text = await readReportFile(file);
    // A Notion export's "Title <32-hex id>.md": the id is not part of the name a date is read from.
    const fileName = notionExportName(path.basename(file))?.fileName ?? path.basename(file);
    return this.ingestDocument(text, { source: path.resolve(file), fileName, ...options });
  }

  /** Offline, or written by the model from the same retrieval when one is configured (answering/answerWithModel.ts). */
  async ask(question: string, context: AskContext = {}): Promise<Answer> {
    await this.refreshIfStale();
    question = capQuestion(question);
    const changes = this.answerChanges(question, context);
    if (changes) return changes;
    if (!this.llm) return answerQuestion(question, this.answerDeps, context);
    return answerWithModel(question, context, this.modelDeps(this.llm));
  }

  /** Like ask, with the model's answer so far handed to `onDelta` as it is written (offline: no calls). */
  async askStream(question: string, context: AskContext, onDelta: (textSoFar: string) => void): Promise<Answer> {
    await this.refreshIfStale();
    question = capQuestion(question);
    const changes = this.answerChanges(question, context);
    if (changes) return changes;
    if (!this.llm) return answerQuestion(question, this.answerDeps, context);
    return answerWithModel(question, context, this.modelDeps(this.llm), onDelta);
  }

  llmEnabled(): boolean {
    return this.llm !== null;
  }

  /** Synchronous ask for the offline path (benchmarks, batch evaluation). */
  askSync(question: string, context: AskContext = {}): Answer {
    this.refreshIfStaleSync();
    const capped = capQuestion(question);
    return this.answerChanges(capped, context) ?? answerQuestion(capped, this.answerDeps, context);
  }

  /** "本周有什么变化" / "哪些事项停滞了": the week's changes (src/changes/ask.ts), or null for any other question. */
  private answerChanges(question: string, context: AskContext): Answer | null {
    return answerChangesIfAsked(question, { store: this.store, defaultTeam: context.defaultTeam, now: context.now ?? this.clock(), timeZone: this.config.timeZone });
  }

  private modelDeps(llm: LlmClient) {
    return { answerDeps: this.answerDeps, llm, log: this.log };
  }

  listReports(filter: { team?: string } = {}): ReportSummary[] {
    return this.reports()
      .filter((r) => !filter.team || r.team === filter.team)
      .map(toSummary);
  }

  deleteReport(reportId: number): boolean {
    if (!this.store.getReport(reportId)) return false;
    const removed = this.store.deleteReport(reportId);
    this.vectorIndex.remove(removed);
    this.invalidateReports();
    this.scheduleIndexSave();
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
    const found = this.reports().find((r) => r.source === source);
    return found ? toSummary(found) : null;
  }

  openItemsFor(submittedBy: string) {
    const mine = this.reports().filter((r) => r.submittedBy === submittedBy);
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
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    try {
      if (this.persistIndex) this.vectorIndex.save();
    } catch (err) {
      // Derived data: the next start catches it up or rebuilds it from SQLite.
      this.log(`向量索引保存失败（下次启动时会重建）：${(err as Error).message}`);
    }
    this.db.close();
  }

  /**
   * A long-running bot saves the index a little after the last change, so a crash costs a quick load
   * instead of a rebuild from SQLite (about 40 s at 100k items). Batches (CLI ingest) coalesce into
   * one save; the timer never keeps the process alive.
   */
  private scheduleIndexSave(): void {
    if (!this.persistIndex) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      try {
        this.vectorIndex.save();
      } catch (err) {
        // Derived data: the next start rebuilds it from SQLite.
        this.log(`向量索引保存失败（下次启动时会重建）：${(err as Error).message}`);
      }
    }, INDEX_SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  /**
   * Another process (a CLI ingest while the bot runs, a second bot) may have written since we last
   * looked; the store's generation (one indexed SELECT) tells. Then the report lists are re-read and
   * the vector index catches up: it embeds the items it lacks and drops those deleted.
   */
  private async refreshIfStale(): Promise<void> {
    this.refreshReportsIfStale();
    try {
      const changes = await this.vectorIndex.catchUp();
      if (changes.added || changes.removed) this.scheduleIndexSave();
    } catch (err) {
      // A remote embedder unreachable: answer from the keyword leg now, catch up on a later call.
      this.log(`向量索引未能补上其他进程的写入：${(err as Error).message}`);
    }
  }

  /** refreshIfStale for synchronous callers; with a remote embedder the index catches up on the next async call. */
  private refreshIfStaleSync(): void {
    this.refreshReportsIfStale();
    const changes = this.vectorIndex.catchUpSync();
    if (changes && (changes.added || changes.removed)) this.scheduleIndexSave();
  }

  private refreshReportsIfStale(): void {
    const generation = this.store.indexGeneration();
    if (generation === this.cachedGeneration) return;
    this.invalidateReports();
    this.cachedGeneration = generation;
  }

  private invalidateReports(): void {
    this.reportCache = null;
    this.answerableCache = null;
  }

  /** The reports answers draw on: a week's compiled team report stands for the submissions it was made from. */
  private answerableReports(): StoredReport[] {
    this.refreshReportsIfStale();
    if (!this.answerableCache) this.answerableCache = reportsForAnswering(this.reports());
    return this.answerableCache;
  }

  private reports(): StoredReport[] {
    this.refreshReportsIfStale();
    if (!this.reportCache) this.reportCache = this.store.listReports();
    return this.reportCache;
  }
}

/**
 * A question longer than this is not a question: its start is answered, and no reply echoes
 * thousands of characters back (the answer quotes the question when nothing is found).
 */
export const MAX_QUESTION_CHARS = 300;

function capQuestion(question: string): string {
  const chars = Array.from(question);
  return chars.length <= MAX_QUESTION_CHARS ? question : chars.slice(0, MAX_QUESTION_CHARS).join('') + '…';
}

export function openKnowledgeBase(options: OpenOptions = {}): Promise<KnowledgeBase> {
  return KnowledgeBase.open(options);
}

function toSummary(r: StoredReport): ReportSummary {
  return {
    id: r.id,
    team: r.team,
    weekLabel: r.weekLabel,
    weekNumber: r.weekNumber,
    reportDate: r.reportDate,
    itemCount: r.itemCount,
    source: r.source,
    submittedBy: r.submittedBy,
    kind: r.kind,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
