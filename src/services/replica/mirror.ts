/**
 * Keeping a replica's local SQLite copy in step with the shared store: the reports written and
 * deleted since the generation the copy reflects (the store's change log), fetched whole and written
 * with the same ids (adapters/store/mirrorWrites.ts). A copy that never saw this store — a new
 * replica, or a data directory pointed at another database — is rebuilt from a snapshot.
 *
 * Catch-ups run one at a time; each starts with one cheap generation read, so calling it before every
 * read is fine.
 */
import type { StorePort } from '../../adapters/store/port';
import type { MirrorState, MirrorWrites } from '../../adapters/store/mirrorWrites';

/** Reports fetched and written per batch (one transaction each locally). */
const REPORTS_PER_BATCH = 100;

export interface CatchUpResult {
  /** The store generation the copy now reflects */
  generation: number;
  written: number;
  deleted: number;
}

export class StoreMirror {
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether this process has checked that the copy was made from this store (its id), not just its generation */
  private storeChecked = false;

  constructor(
    private readonly source: StorePort,
    private readonly copy: MirrorWrites,
  ) {}

  /**
   * Brings the copy up to the store's current generation (queued behind a catch-up already running).
   * `afterWrite`: this process just wrote, so the generation has moved: skip the check for it.
   */
  catchUp(afterWrite = false): Promise<CatchUpResult> {
    const run = this.queue.then(() => this.catchUpNow(afterWrite));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A notification said the store reached `generation`: catch up unless, by the time this turn in the
   * queue comes, the copy already holds it (our own write's notification, or an earlier catch-up's).
   */
  catchUpTo(generation: number): Promise<CatchUpResult | null> {
    const run = this.queue.then(() => (this.holds(generation) ? null : this.catchUpNow(false)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Whether the copy already reflects `generation` of the store it was made from. */
  holds(generation: number): boolean {
    const held = this.copy.state();
    return this.storeChecked && held !== null && held.generation >= generation;
  }

  /**
   * A copy that refuses the source's rows (a report written into the data directory by something other
   * than this mirror took an id the source uses) is derived data: emptied and rebuilt from a snapshot.
   */
  private async catchUpNow(afterWrite: boolean): Promise<CatchUpResult> {
    try {
      return await this.catchUpFrom(this.copy.state(), afterWrite);
    } catch (err) {
      if (!isSqliteConstraint(err)) throw err;
      this.copy.clear();
      return this.catchUpFrom(null);
    }
  }

  private async catchUpFrom(held: MirrorState | null, afterWrite = false): Promise<CatchUpResult> {
    if (held && this.storeChecked && !afterWrite) {
      const generation = await this.source.indexGeneration();
      if (generation === held.generation) return { generation, written: 0, deleted: 0 };
    }
    let changes = await this.source.reportChangesSince(held?.generation ?? -1);
    if (held && changes.storeId !== held.storeId) changes = await this.source.reportChangesSince(-1);
    this.storeChecked = true;

    const state = { storeId: changes.storeId, generation: changes.generation };
    const fetchIds = changes.kind === 'delta' ? changes.changedIds : changes.liveIds;
    const result: CatchUpResult = { generation: changes.generation, written: 0, deleted: 0 };
    // The first batch drops what the source no longer has; the last records the generation, so a
    // catch-up cut short is simply done again (writing a report already held is skipped).
    let first = true;
    for (let start = 0; first || start < fetchIds.length; start += REPORTS_PER_BATCH) {
      const ids = fetchIds.slice(start, start + REPORTS_PER_BATCH);
      const records = await this.source.reportRecords(ids);
      const found = new Set(records.map((r) => r.report.id));
      const last = start + REPORTS_PER_BATCH >= fetchIds.length;
      const applied = this.copy.apply({
        upserts: records,
        // Deleted since it was listed: gone here too (the next catch-up sees the deletion anyway).
        deletes: [...(first && changes.kind === 'delta' ? changes.deletedIds : []), ...ids.filter((id) => !found.has(id))],
        keepOnly: first && changes.kind === 'snapshot' ? new Set(changes.liveIds) : undefined,
        state: last ? state : undefined,
      });
      result.written += applied.written;
      result.deleted += applied.deleted;
      first = false;
    }
    return result;
  }
}

/** better-sqlite3's error for a UNIQUE / PRIMARY KEY / foreign key violation. */
function isSqliteConstraint(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}
