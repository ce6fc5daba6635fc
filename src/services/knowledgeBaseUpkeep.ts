/**
 * Keeping the knowledge base's derived state in step with SQLite: the cached report lists (re-read
 * when the store's generation moved: another process wrote), the vector index caught up with such
 * writes, and the index saved a little after the last change. KnowledgeBase (knowledgeBase.ts) and
 * its ingest paths (knowledgeBaseIngest.ts) tell it what they wrote. Imports adapters and domain only.
 */
import type { VectorLeg } from '../adapters/search/vectorLeg';
import type { ReportStore } from '../adapters/store/reportStore';
import { reportsForAnswering } from '../domain/followup/answerSources';
import type { StoredReport } from '../domain/records';

/** Quiet period after the last change before the vector index is written to disk. */
const INDEX_SAVE_DELAY_MS = 3000;

export class IndexUpkeep {
  private reportCache: StoredReport[] | null = null;
  private answerableCache: StoredReport[] | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  /** The store generation the report caches were read at: another process's write moves it */
  private cachedGeneration = -1;

  constructor(
    private readonly store: ReportStore,
    private readonly vectorIndex: VectorLeg,
    private readonly log: (message: string) => void,
    private readonly persistIndex: boolean,
  ) {}

  /**
   * After this process saved reports: the report lists are re-read on next use, and the index drops
   * the replaced items and embeds the new ones. The index follows SQLite; if we crash before it is
   * saved, the next open catches it up.
   */
  async applyWrites(removedItemIds: number[], addedItemIds: number[]): Promise<void> {
    this.invalidateReports();
    this.vectorIndex.remove(removedItemIds);
    await this.vectorIndex.addByIds(addedItemIds);
    this.scheduleIndexSave();
  }

  /** Persists the derived index (if it changed) now, and cancels a scheduled save: the handle is closing. */
  saveBeforeClose(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    try {
      if (this.persistIndex) this.vectorIndex.save();
    } catch (err) {
      // Derived data: the next start catches it up or rebuilds it from SQLite.
      this.log(`向量索引保存失败（下次启动时会重建）：${(err as Error).message}`);
    }
  }

  /**
   * A long-running bot saves the index a little after the last change, so a crash costs a quick load
   * instead of a rebuild from SQLite (about 40 s at 100k items). Batches (CLI ingest) coalesce into
   * one save; the timer never keeps the process alive.
   */
  scheduleIndexSave(): void {
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
  async refreshIfStale(): Promise<void> {
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
  refreshIfStaleSync(): void {
    this.refreshReportsIfStale();
    const changes = this.vectorIndex.catchUpSync();
    if (changes && (changes.added || changes.removed)) this.scheduleIndexSave();
  }

  invalidateReports(): void {
    this.reportCache = null;
    this.answerableCache = null;
  }

  /** The reports answers draw on: a week's compiled team report stands for the submissions it was made from. */
  answerableReports(): StoredReport[] {
    this.refreshReportsIfStale();
    if (!this.answerableCache) this.answerableCache = reportsForAnswering(this.reports());
    return this.answerableCache;
  }

  /** Every stored report (cached until this or another process writes). */
  reports(): StoredReport[] {
    this.refreshReportsIfStale();
    if (!this.reportCache) this.reportCache = this.store.listReports();
    return this.reportCache;
  }

  private refreshReportsIfStale(): void {
    const generation = this.store.indexGeneration();
    if (generation === this.cachedGeneration) return;
    this.invalidateReports();
    this.cachedGeneration = generation;
  }
}
