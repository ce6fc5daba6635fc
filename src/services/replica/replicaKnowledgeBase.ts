/**
 * Replicas: several bot processes on one PostgreSQL store (ZHOUBAO_DATABASE_URL). PostgreSQL is the
 * source of truth; each replica keeps a local SQLite copy in its own data directory as derived data
 * (like the vector index: rebuildable from PostgreSQL at any time) and answers from it with the same
 * code as a single install, so answers are identical on every backend.
 *
 * This folder: ReplicaKnowledgeBase (here), the copy's catch-up (mirror.ts), the shared follow-up
 * state and its copy (followupState.ts), the follow-ups of a replica (followups.ts) and the factory
 * the front doors use (open.ts). It may import services, adapters, domain and the kernel.
 *
 * Writes are parsed as the local knowledge base would, saved to PostgreSQL in one transaction, then the
 * copy catches up — the copy is never written first. Reads and answers catch up first (one generation
 * read when nothing changed). Another replica's writes arrive through LISTEN/NOTIFY, with a periodic
 * generation check as the fallback; the local vector index then catches up by its own generation.
 * The follow-up tables are copied the same way, by their own generation and notification channel.
 */
import type { FeedbackInput, FeedbackRow } from '../../adapters/store/feedbackStore';
import { FollowupStore } from '../../adapters/store/followupStore';
import { MirrorWrites } from '../../adapters/store/mirrorWrites';
import { PgFollowupState } from '../../adapters/pg/pgFollowupState';
import { PgStore } from '../../adapters/pg/pgStore';
import type { ReportToSave } from '../../adapters/store/port';
import type { Answer, AskContext } from '../../domain/answer/model';
import { KnowledgeBase, type OpenOptions } from '../knowledgeBase';
import { readReportDocument, requireTeam, requireTeamAndWeek, toSummary } from '../knowledgeBaseIngest';
import type { DocumentIngestOptions, IngestResult, IngestTextOptions, KnowledgeBaseApi, ReportSummary } from '../knowledgeBaseTypes';
import { FollowupCopy } from './followupState';
import { StoreMirror, type CatchUpResult } from './mirror';


/** How often a replica compares generations when no notification arrived (a dropped LISTEN connection loses them). */
const DEFAULT_POLL_MS = 5000;

/** How long a question waits for the copy to catch up before it is answered from the copy as it stands. */
const ASK_CATCH_UP_WAIT_MS = 3000;

export interface ReplicaOpenOptions extends OpenOptions {
  /** The shared store's URL (postgres://…) */
  databaseUrl: string;
  /** Generation check interval when no notification arrives (ms; 0 turns it off) */
  pollMs?: number;
  /** LISTEN for other replicas' writes (default true) */
  listen?: boolean;
}

export class ReplicaKnowledgeBase implements KnowledgeBaseApi {
  private stopListening: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;
  private closed: Promise<void> | null = null;

  private constructor(
    /** The local copy and everything answering needs (its store is the copy) */
    readonly local: KnowledgeBase,
    /** The shared store */
    readonly shared: PgStore,
    private readonly mirror: StoreMirror,
    /** The local copy of the shared follow-up tables (followupState.ts) */
    readonly followupCopy: FollowupCopy,
    /** Where this replica's messages go (the follow-ups log a copy that falls behind) */
    readonly log: (message: string) => void,
  ) {}

  /** Opens the shared store (migrating it), the local knowledge base, and catches the copy up before returning. */
  static async open(options: ReplicaOpenOptions): Promise<ReplicaKnowledgeBase> {
    const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
    const shared = await PgStore.open(options.databaseUrl, { now: options.clock });
    let local: KnowledgeBase | null = null;
    try {
      local = await KnowledgeBase.open({ ...options, log });
      const followupCopy = new FollowupCopy(new PgFollowupState(shared.pool, options.clock), new FollowupStore(local.db, options.clock));
      const replica = new ReplicaKnowledgeBase(local, shared, new StoreMirror(shared, new MirrorWrites(local.db)), followupCopy, log);
      await replica.catchUp();
      await followupCopy.catchUp();
      await replica.follow(options.listen ?? true, options.pollMs ?? DEFAULT_POLL_MS);
      return replica;
    } catch (err) {
      local?.close();
      await shared.close().catch(() => {});
      throw err;
    }
  }

  /** Brings the local copy up to the shared store's generation. */
  catchUp(): Promise<CatchUpResult> {
    return this.mirror.catchUp();
  }

  get config() {
    return this.local.config;
  }

  // ---- writing: to PostgreSQL, then the copy follows -------------------------------------------

  async ingestText(text: string | Buffer, options: IngestTextOptions): Promise<IngestResult> {
    // Known teams come from the copy, kept current by notifications: no round trip before parsing.
    const free = options.freeForm ? await this.local.parseSubmission(text, options) : null;
    const parsed = free ? free.report : this.local.parse(text, options);
    requireTeamAndWeek(parsed);
    const rawText = typeof text === 'string' ? text : text.toString('utf8');
    const [saved] = await this.save([{ report: parsed, rawText, source: options.source, submittedBy: options.submittedBy ?? null, kind: options.kind }]);
    return { outcome: saved.outcome, report: toSummary(saved.report), parsed, ...(free?.note ? { note: free.note } : {}) };
  }

  async ingestDocument(input: string | Buffer, options: DocumentIngestOptions & { source: string }): Promise<IngestResult[]> {
    const reports = this.local.parseDocument(input, options);
    for (const report of reports) requireTeam(report);
    const wholeText = typeof input === 'string' ? input : input.toString('utf8');
    const saved = await this.save(
      reports.map((report) => ({ report, rawText: report.sourceText ?? wholeText, source: options.source, submittedBy: options.submittedBy ?? null })),
    );
    return saved.map((s, k) => ({ outcome: s.outcome, report: toSummary(s.report), parsed: reports[k] }));
  }

  async ingestFile(file: string, options: DocumentIngestOptions = {}): Promise<IngestResult[]> {
    const { text, source, fileName } = await readReportDocument(file);
    return this.ingestDocument(text, { source, fileName, ...options });
  }

  async deleteReport(reportId: number): Promise<boolean> {
    if (!(await this.shared.getReport(reportId))) return false;
    await this.shared.deleteReport(reportId);
    await this.catchUp();
    return true;
  }

  /** All of them in one PostgreSQL transaction, then the copy catches up (it holds them with the same ids). */
  private async save(inputs: ReportToSave[]) {
    const saved = await this.shared.saveReports(inputs);
    if (saved.some((s) => s.outcome !== 'unchanged')) await this.mirror.catchUp(true);
    return saved;
  }

  // ---- reading: from the copy, caught up first ---------------------------------------------------

  async ask(question: string, context: AskContext = {}): Promise<Answer> {
    await this.catchUpBeforeAnswering();
    return this.local.ask(question, context);
  }

  async askStream(question: string, context: AskContext, onDelta: (textSoFar: string) => void): Promise<Answer> {
    await this.catchUpBeforeAnswering();
    return this.local.askStream(question, context, onDelta);
  }

  llmEnabled(): boolean {
    return this.local.llmEnabled();
  }

  // Synchronous reads: the copy as of the last catch-up (a notification, the poll, or the last call above).
  listReports(filter: { team?: string } = {}): ReportSummary[] {
    return this.local.listReports(filter);
  }

  teams(): string[] {
    return this.local.teams();
  }

  currentWeek(team: string, now: Date, timeZone?: string) {
    return this.local.currentWeek(team, now, timeZone);
  }

  findReportBySource(source: string): ReportSummary | null {
    return this.local.findReportBySource(source);
  }

  openItemsFor(submittedBy: string) {
    return this.local.openItemsFor(submittedBy);
  }

  // ---- exactly once and feedback: in PostgreSQL, shared by every replica -------------------------

  /** The shared store answers (a replica whose PostgreSQL is unreachable is unhealthy even with a local copy). */
  async ping(): Promise<void> {
    await this.shared.indexGeneration();
  }

  claimEvent(key: string): Promise<boolean> {
    return this.shared.claimEvent(key);
  }

  recordFeedback(feedback: FeedbackInput): Promise<void> {
    return this.shared.recordFeedback(feedback);
  }

  listFeedback(): Promise<FeedbackRow[]> {
    return this.shared.listFeedback();
  }

  async reindex(): Promise<{ items: number; millis: number }> {
    await this.catchUp();
    return this.local.reindex();
  }

  close(): void {
    void this.closeAsync();
  }

  /** Stops following the store, closes the copy (saving its index) and the pool. */
  closeAsync(): Promise<void> {
    return (this.closed ??= (async () => {
      if (this.poll) clearInterval(this.poll);
      this.poll = null;
      await this.stopListening?.();
      // A catch-up in flight finishes before the copy closes.
      await this.catchUp().catch(() => undefined);
      await this.followupCopy.catchUp().catch(() => undefined);
      this.local.close();
      await this.shared.close();
    })());
  }

  /** Another replica's write: its notification, or the periodic check, catches the copy up. */
  private async follow(listen: boolean, pollMs: number): Promise<void> {
    // An outage is logged once, not at every check.
    let failing = false;
    const settle = (catchingUp: Promise<unknown>) =>
      catchingUp.then(
        () => (failing = false),
        (err: Error) => {
          if (!failing) this.log(`本地副本未能与 PostgreSQL 同步（稍后重试）：${err.message}`);
          failing = true;
        },
      );
    // Our own writes notify us too: by its turn, the copy already holds them.
    const onChange = (generation: number) => !this.closed && settle(this.mirror.catchUpTo(generation));
    const onFollowupChange = (generation: number) => !this.closed && settle(this.followupCopy.catchUpTo(generation));
    if (listen) this.stopListening = await this.shared.listen(onChange, onFollowupChange);
    if (pollMs > 0) {
      this.poll = setInterval(() => !this.closed && settle(Promise.all([this.catchUp(), this.followupCopy.catchUp()])), pollMs);
      this.poll.unref();
    }
  }

  /**
   * A catch-up that cannot fail or stall the caller: with PostgreSQL unreachable or slow, the copy
   * answers as it stands (the catch-up goes on and the next call finds it done).
   */
  async catchUpBeforeAnswering(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ASK_CATCH_UP_WAIT_MS);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([this.catchUp(), gaveUp]);
      if (outcome === 'late') this.log('本地副本与 PostgreSQL 的同步较慢，先按现有副本回答。');
    } catch (err) {
      this.log(`本地副本未能与 PostgreSQL 同步（按现有副本回答）：${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

