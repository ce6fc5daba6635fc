/**
 * The follow-up state of a replica: team settings and membership, weeks off, the reminder log, the
 * follow-up prompts and the owners' answers, where compiled reports and change digests were posted —
 * shared by every replica through PostgreSQL, read from a local copy.
 *
 * As with reports (mirror.ts): PostgreSQL is the source of truth; writes go there first (claims that
 * must happen once are decided there by a unique row), then the copy catches up before the write's
 * promise settles, so the writer reads its own write at once. The copy is the replica's SQLite
 * follow-up tables (adapters/store/followupStore.ts), read synchronously by the follow-up services
 * as on one install; other replicas' writes arrive through LISTEN/NOTIFY (the follow-up channel) and
 * the periodic check, with only the rows changed since the generation the copy holds.
 */
import type { FollowupStore } from '../../adapters/store/followupStore';
import type { PgFollowupState } from '../../adapters/pg/pgFollowupState';
import type { SentReminder } from '../../domain/followup/schedule';
import type { Membership, NewPrompt, PromptRow, TeamPatch, UpdateRow } from '../../domain/followup/records';
import type { FollowupState } from '../followups/ports';

/** Keeps a replica's copy of the follow-up tables in step with PostgreSQL; catch-ups run one at a time. */
export class FollowupCopy {
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether this process has fetched changes once (which checks the copy was made from this store) */
  private checked = false;

  constructor(
    private readonly source: PgFollowupState,
    /** The copy: the replica's SQLite follow-up tables */
    readonly local: FollowupStore,
  ) {}

  /** Brings the copy up to the shared follow-up generation (queued behind a catch-up already running). */
  catchUp(): Promise<void> {
    return this.enqueue(() => this.catchUpNow());
  }

  /** A notification said the follow-up state reached `generation`: catch up unless the copy holds it already. */
  catchUpTo(generation: number): Promise<void> {
    return this.enqueue(async () => {
      const held = this.local.copyState();
      if (this.checked && held && held.generation >= generation) return;
      await this.catchUpNow();
    });
  }

  private enqueue(run: () => Promise<void>): Promise<void> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * One cheap generation read when nothing changed; else the changed rows. A copy that refuses them
   * (a row written into it by something other than this copy) is rebuilt from a snapshot.
   */
  private async catchUpNow(): Promise<void> {
    const held = this.local.copyState();
    if (held && this.checked && (await this.source.generation()) === held.generation) return;
    const changes = await this.source.changesSince(held?.storeId ?? null, held?.generation ?? -1);
    this.checked = true;
    try {
      this.local.applyCopy(changes);
    } catch (err) {
      if (!String((err as { code?: unknown })?.code ?? '').startsWith('SQLITE_CONSTRAINT')) throw err;
      this.local.applyCopy(await this.source.changesSince(null, -1));
    }
  }
}

/**
 * FollowupState on a replica: reads from the copy, writes to PostgreSQL and then the copy. A write
 * that reached PostgreSQL is done even when the copy's catch-up after it fails (logged; the next
 * notification or check brings it): the caller must not take a stored claim for a failed one.
 */
export class SharedFollowupState implements FollowupState {
  constructor(
    private readonly shared: PgFollowupState,
    private readonly copy: FollowupCopy,
    private readonly log: (message: string) => void,
  ) {}

  private get local(): FollowupStore {
    return this.copy.local;
  }

  // ---- reads: the copy ----------------------------------------------------------------------

  teamRow(name: string) {
    return this.local.teamRow(name);
  }
  teamNames() {
    return this.local.teamNames();
  }
  memberOverrides(team: string) {
    return this.local.memberOverrides(team);
  }
  awayWeeks(team: string) {
    return this.local.awayWeeks(team);
  }
  weeksOff(team: string) {
    return this.local.weeksOff(team);
  }
  sentReminders(team: string, weeks: readonly string[]) {
    return this.local.sentReminders(team, weeks);
  }
  reminderLog(team: string) {
    return this.local.reminderLog(team);
  }
  promptsInThread(channel: string, threadTs: string, userId: string) {
    return this.local.promptsInThread(channel, threadTs, userId);
  }
  isFollowupThread(channel: string, threadTs: string) {
    return this.local.isFollowupThread(channel, threadTs);
  }
  promptsOf(team: string, week: string, userId?: string) {
    return this.local.promptsOf(team, week, userId);
  }
  updatesOf(team: string, week: string, userId: string) {
    return this.local.updatesOf(team, week, userId);
  }
  compiledPost(team: string, week: string) {
    return this.local.compiledPost(team, week);
  }
  changesDigestPost(team: string, week: string) {
    return this.local.changesDigestPost(team, week);
  }

  // ---- writes: PostgreSQL, then the copy ----------------------------------------------------

  updateTeam(name: string, patch: TeamPatch): Promise<void> {
    return this.write(() => this.shared.updateTeam(name, patch));
  }
  setMembership(team: string, userId: string, membership: Membership | null): Promise<void> {
    return this.write(() => this.shared.setMembership(team, userId, membership));
  }
  setAway(team: string, userId: string, week: string, away: boolean): Promise<void> {
    return this.write(() => this.shared.setAway(team, userId, week, away));
  }
  setWeekOff(team: string, week: string, off: boolean, reason: string | null = null): Promise<void> {
    return this.write(() => this.shared.setWeekOff(team, week, off, reason));
  }
  claimReminder(team: string, r: SentReminder, scheduledFor: Date): Promise<boolean> {
    return this.write(() => this.shared.claimReminder(team, r, scheduledFor));
  }
  recordReminderMessage(team: string, r: SentReminder, channel: string | null, ts: string | null): Promise<void> {
    return this.write(() => this.shared.recordReminderMessage(team, r, channel, ts));
  }
  releaseReminder(team: string, r: SentReminder): Promise<void> {
    return this.write(() => this.shared.releaseReminder(team, r));
  }
  claimPrompts(team: string, week: string, userId: string, prompts: readonly NewPrompt[]): Promise<PromptRow[]> {
    return this.write(() => this.shared.claimPrompts(team, week, userId, prompts));
  }
  markPromptsPosted(ids: readonly number[], channel: string, threadTs: string, messageTs: string | null): Promise<void> {
    return this.write(() => this.shared.markPromptsPosted(ids, channel, threadTs, messageTs));
  }
  releasePrompts(ids: readonly number[]): Promise<void> {
    return this.write(() => this.shared.releasePrompts(ids));
  }
  markAnswered(id: number): Promise<void> {
    return this.write(() => this.shared.markAnswered(id));
  }
  saveUpdate(u: Omit<UpdateRow, 'id' | 'createdAt'>): Promise<void> {
    return this.write(() => this.shared.saveUpdate(u));
  }
  claimCompiledPost(team: string, week: string, channel: string): Promise<boolean> {
    return this.write(() => this.shared.claimCompiledPost(team, week, channel));
  }
  releaseCompiledPost(team: string, week: string): Promise<void> {
    return this.write(() => this.shared.releaseCompiledPost(team, week));
  }
  saveCompiledPost(team: string, week: string, channel: string, messageTs: string): Promise<void> {
    return this.write(() => this.shared.saveCompiledPost(team, week, channel, messageTs));
  }
  claimChangesDigest(team: string, week: string): Promise<boolean> {
    return this.write(() => this.shared.claimChangesDigest(team, week));
  }
  recordChangesDigest(team: string, week: string, channel: string, messageTs: string | null): Promise<void> {
    return this.write(() => this.shared.recordChangesDigest(team, week, channel, messageTs));
  }
  releaseChangesDigest(team: string, week: string): Promise<void> {
    return this.write(() => this.shared.releaseChangesDigest(team, week));
  }

  private async write<T>(work: () => Promise<T>): Promise<T> {
    const result = await work();
    await this.copy.catchUp().catch((err: Error) => this.log(`跟进数据的本地副本未能与 PostgreSQL 同步（稍后重试）：${err.message}`));
    return result;
  }
}
