/**
 * SQLite for the follow-up features: team settings and member overrides, weeks off, the reminder
 * log (at most one reminder per team, week, member and stage), the items asked in threads, the
 * owners' answers, and where compiled reports were posted. Weeks are report dates (ISO Fridays).
 *
 * On one install these tables are the follow-up state. On a replica (services/replica) they are a
 * copy of the shared PostgreSQL tables of the same names: read here, written only by applyCopy.
 *
 * The row mapping (followupRows.ts), the replica copy's tables (followupCopy.ts) and the compiled
 * post claim (compiledPostClaim.ts) are shared with pgFollowupState.ts and live beside this file.
 */
import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../clock';
import type { SentReminder } from '../../domain/followup/schedule';
import type { ReminderStage } from '../../domain/followup/team';
import type { Membership, NewPrompt, PromptRow, TeamPatch, TeamRow, UpdateRow } from '../../domain/followup/records';
import { CLAIM_COMPILED_POST_SQL, PENDING_POST, staleBefore } from './compiledPostClaim';
import { COPY_GENERATION_KEY, COPY_STORE_KEY, FOLLOWUP_TABLES, keyOf, type FollowupChanges, type FollowupCopyState, type FollowupTable } from './followupCopy';
import { SECTION_SEPARATOR, teamColumns, toPromptRow, toTeamRow, updateColumns } from './followupRows';

export type { Membership, NewPrompt, PromptRow, TeamPatch, TeamRow, UpdateRow };

export class FollowupStore {
  constructor(
    readonly db: Database.Database,
    private readonly now: Clock = systemClock,
  ) {}

  // ---- teams ------------------------------------------------------------------------------

  teamRow(name: string): TeamRow | null {
    const r = this.db.prepare('SELECT * FROM teams WHERE name = ?').get(name) as Record<string, any> | undefined;
    return r ? toTeamRow(r) : null;
  }

  teamNames(): string[] {
    return (this.db.prepare('SELECT name FROM teams ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
  }

  /** Creates the team's row when missing, then applies `patch` (undefined fields are left alone). */
  updateTeam(name: string, patch: TeamPatch): TeamRow {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO teams (name, updated_at) VALUES (?, ?)').run(name, at);
      const columns = teamColumns(patch);
      const names = Object.keys(columns);
      if (names.length) {
        this.db
          .prepare(`UPDATE teams SET ${names.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at WHERE name = @name`)
          .run({ ...columns, updated_at: at, name });
      }
    }).immediate();
    return this.teamRow(name)!;
  }

  memberOverrides(team: string): Array<{ userId: string; membership: Membership }> {
    return (this.db.prepare('SELECT user_id, membership FROM team_members WHERE team = ? ORDER BY user_id').all(team) as Array<{ user_id: string; membership: Membership }>).map(
      (r) => ({ userId: r.user_id, membership: r.membership }),
    );
  }

  /** `null` removes the override (back to the channel's membership). */
  setMembership(team: string, userId: string, membership: Membership | null): void {
    if (membership === null) {
      this.db.prepare('DELETE FROM team_members WHERE team = ? AND user_id = ?').run(team, userId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO team_members (team, user_id, membership, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (team, user_id) DO UPDATE SET membership = excluded.membership, updated_at = excluded.updated_at`,
      )
      .run(team, userId, membership, this.now().toISOString());
  }

  awayWeeks(team: string): Array<{ userId: string; week: string }> {
    return (this.db.prepare('SELECT user_id, week FROM member_away WHERE team = ? ORDER BY week').all(team) as Array<{ user_id: string; week: string }>).map((r) => ({
      userId: r.user_id,
      week: r.week,
    }));
  }

  setAway(team: string, userId: string, week: string, away: boolean): void {
    if (away) this.db.prepare('INSERT OR IGNORE INTO member_away (team, user_id, week) VALUES (?, ?, ?)').run(team, userId, week);
    else this.db.prepare('DELETE FROM member_away WHERE team = ? AND user_id = ? AND week = ?').run(team, userId, week);
  }

  weeksOff(team: string): Array<{ week: string; reason: string | null }> {
    return this.db.prepare('SELECT week, reason FROM team_weeks_off WHERE team = ? ORDER BY week').all(team) as Array<{ week: string; reason: string | null }>;
  }

  setWeekOff(team: string, week: string, off: boolean, reason: string | null = null): void {
    if (off) {
      this.db
        .prepare('INSERT INTO team_weeks_off (team, week, reason) VALUES (?, ?, ?) ON CONFLICT (team, week) DO UPDATE SET reason = excluded.reason')
        .run(team, week, reason);
    } else {
      this.db.prepare('DELETE FROM team_weeks_off WHERE team = ? AND week = ?').run(team, week);
    }
  }

  // ---- reminder log -----------------------------------------------------------------------

  sentReminders(team: string, weeks: readonly string[]): SentReminder[] {
    if (!weeks.length) return [];
    const rows = this.db
      .prepare('SELECT week, user_id, stage FROM reminder_log WHERE team = ? AND week IN (SELECT value FROM json_each(?))')
      .all(team, JSON.stringify(weeks)) as Array<{ week: string; user_id: string; stage: ReminderStage }>;
    return rows.map((r) => ({ week: r.week, userId: r.user_id, stage: r.stage }));
  }

  /** True when this call recorded the reminder (so it may be sent); false when it already was. */
  claimReminder(team: string, r: SentReminder, scheduledFor: Date): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO reminder_log (team, week, user_id, stage, scheduled_for, sent_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(team, r.week, r.userId, r.stage, scheduledFor.toISOString(), this.now().toISOString()).changes === 1
    );
  }

  recordReminderMessage(team: string, r: SentReminder, channel: string | null, ts: string | null): void {
    this.db
      .prepare('UPDATE reminder_log SET channel = ?, message_ts = ? WHERE team = ? AND week = ? AND user_id = ? AND stage = ?')
      .run(channel, ts, team, r.week, r.userId, r.stage);
  }

  /** Forget a claim whose message could not be sent, so a later tick tries again. */
  releaseReminder(team: string, r: SentReminder): void {
    this.db.prepare('DELETE FROM reminder_log WHERE team = ? AND week = ? AND user_id = ? AND stage = ?').run(team, r.week, r.userId, r.stage);
  }

  reminderLog(team: string): Array<SentReminder & { scheduledFor: string; sentAt: string; channel: string | null; messageTs: string | null }> {
    const rows = this.db.prepare('SELECT * FROM reminder_log WHERE team = ? ORDER BY id').all(team) as Array<Record<string, any>>;
    return rows.map((r) => ({
      week: r.week,
      userId: r.user_id,
      stage: r.stage,
      scheduledFor: r.scheduled_for,
      sentAt: r.sent_at,
      channel: r.channel,
      messageTs: r.message_ts,
    }));
  }

  // ---- prompts ----------------------------------------------------------------------------

  /**
   * Records the prompts not yet asked this week (by item key) and returns them with their numbers
   * in the owner's week; the ones asked before are left out.
   */
  claimPrompts(team: string, week: string, userId: string, prompts: readonly NewPrompt[]): PromptRow[] {
    const at = this.now().toISOString();
    return this.db
      .transaction(() => {
        const ids: number[] = [];
        let ordinal = (this.db.prepare('SELECT coalesce(max(ordinal), 0) AS n FROM followup_prompts WHERE team = ? AND week = ? AND user_id = ?').get(team, week, userId) as { n: number }).n;
        const insert = this.db.prepare(
          `INSERT OR IGNORE INTO followup_prompts (team, week, user_id, item_key, reason, ordinal, prompt, previous_json, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const p of prompts) {
          const result = insert.run(team, week, userId, p.key, p.reason, ordinal + 1, p.prompt, JSON.stringify(p.previous), at);
          if (result.changes === 1) {
            ordinal += 1;
            ids.push(Number(result.lastInsertRowid));
          }
        }
        return this.promptsByIds(ids);
      })
      .immediate();
  }

  markPromptsPosted(ids: readonly number[], channel: string, threadTs: string, messageTs: string | null): void {
    const update = this.db.prepare('UPDATE followup_prompts SET channel = ?, thread_ts = ?, message_ts = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) update.run(channel, threadTs, messageTs, id);
    })();
  }

  /** Forget prompts whose message could not be posted, so they are asked next time. */
  releasePrompts(ids: readonly number[]): void {
    const del = this.db.prepare('DELETE FROM followup_prompts WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) del.run(id);
    })();
  }

  promptsInThread(channel: string, threadTs: string, userId: string): PromptRow[] {
    const rows = this.db
      .prepare('SELECT * FROM followup_prompts WHERE channel = ? AND thread_ts = ? AND user_id = ? ORDER BY ordinal')
      .all(channel, threadTs, userId) as Array<Record<string, any>>;
    return rows.map(toPromptRow);
  }

  /** Whether anyone was asked anything in this thread (so a reply there may be an answer). */
  isFollowupThread(channel: string, threadTs: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM followup_prompts WHERE channel = ? AND thread_ts = ? LIMIT 1').get(channel, threadTs));
  }

  promptsOf(team: string, week: string, userId?: string): PromptRow[] {
    const rows = (
      userId === undefined
        ? this.db.prepare('SELECT * FROM followup_prompts WHERE team = ? AND week = ? ORDER BY user_id, ordinal').all(team, week)
        : this.db.prepare('SELECT * FROM followup_prompts WHERE team = ? AND week = ? AND user_id = ? ORDER BY ordinal').all(team, week, userId)
    ) as Array<Record<string, any>>;
    return rows.map(toPromptRow);
  }

  markAnswered(id: number): void {
    this.db.prepare('UPDATE followup_prompts SET answered_at = ? WHERE id = ?').run(this.now().toISOString(), id);
  }

  private promptsByIds(ids: number[]): PromptRow[] {
    if (!ids.length) return [];
    const rows = this.db
      .prepare('SELECT * FROM followup_prompts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY ordinal')
      .all(JSON.stringify(ids)) as Array<Record<string, any>>;
    return rows.map(toPromptRow);
  }

  // ---- owners' answers --------------------------------------------------------------------

  saveUpdate(u: Omit<UpdateRow, 'id' | 'createdAt'>): void {
    this.db
      .prepare(
        `INSERT INTO item_updates (team, week, user_id, item_key, prompt_id, section_path, line, reply_text, reply_ts, created_at)
         VALUES (@team, @week, @user_id, @item_key, @prompt_id, @section_path, @line, @reply_text, @reply_ts, @created_at)
         ON CONFLICT (team, week, user_id, item_key) DO UPDATE SET
           prompt_id = excluded.prompt_id, section_path = excluded.section_path, line = excluded.line,
           reply_text = excluded.reply_text, reply_ts = excluded.reply_ts, created_at = excluded.created_at`,
      )
      .run(updateColumns(u, this.now().toISOString()));
  }

  updatesOf(team: string, week: string, userId: string): UpdateRow[] {
    const rows = this.db
      .prepare('SELECT * FROM item_updates WHERE team = ? AND week = ? AND user_id = ? ORDER BY id')
      .all(team, week, userId) as Array<Record<string, any>>;
    return rows.map((r) => ({
      id: r.id,
      team: r.team,
      week: r.week,
      userId: r.user_id,
      itemKey: r.item_key,
      promptId: r.prompt_id,
      sectionPath: r.section_path ? String(r.section_path).split(SECTION_SEPARATOR) : [],
      line: r.line,
      replyText: r.reply_text,
      replyTs: r.reply_ts,
      createdAt: r.created_at,
    }));
  }

  // ---- compiled reports -------------------------------------------------------------------

  /** Where the week's compiled report was posted; null before it was (or while a post is only claimed). */
  compiledPost(team: string, week: string): { channel: string; messageTs: string } | null {
    const r = this.db.prepare('SELECT channel, message_ts FROM compiled_posts WHERE team = ? AND week = ?').get(team, week) as
      | { channel: string; message_ts: string }
      | undefined;
    return r && r.message_ts !== PENDING_POST ? { channel: r.channel, messageTs: r.message_ts } : null;
  }

  /**
   * Claims the posting of the week's compiled report in `channel`: true for exactly one caller (the
   * row is the lock), also when it was posted before in another channel (it moves there); false while
   * another caller holds the claim, or once it is posted in this channel (update that message). A
   * claim never completed for STALE_CLAIM_MS (its process died mid-post) may be taken over.
   */
  claimCompiledPost(team: string, week: string, channel: string): boolean {
    const now = this.now();
    return this.db.prepare(CLAIM_COMPILED_POST_SQL).run({ team, week, channel, pending: PENDING_POST, now: now.toISOString(), stale: staleBefore(now) }).changes === 1;
  }

  /** The claimed post failed before anything was shown: a later run may post it. */
  releaseCompiledPost(team: string, week: string): void {
    this.db.prepare('DELETE FROM compiled_posts WHERE team = ? AND week = ? AND message_ts = ?').run(team, week, PENDING_POST);
  }

  saveCompiledPost(team: string, week: string, channel: string, messageTs: string): void {
    this.db
      .prepare(
        `INSERT INTO compiled_posts (team, week, channel, message_ts, posted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (team, week) DO UPDATE SET channel = excluded.channel, message_ts = excluded.message_ts, posted_at = excluded.posted_at`,
      )
      .run(team, week, channel, messageTs, this.now().toISOString());
  }

  // ---- the week's changes digest ----------------------------------------------------------

  /**
   * Claims the posting of a team's change digest for a week: true for exactly one caller ever (the
   * INSERT is the lock, so two processes or a restart cannot both post).
   */
  claimChangesDigest(team: string, week: string): boolean {
    return this.db.prepare('INSERT INTO changes_digest_posts (team, week, claimed_at) VALUES (?, ?, ?) ON CONFLICT (team, week) DO NOTHING').run(team, week, this.now().toISOString()).changes === 1;
  }

  recordChangesDigest(team: string, week: string, channel: string, messageTs: string | null): void {
    this.db.prepare('UPDATE changes_digest_posts SET channel = ?, message_ts = ? WHERE team = ? AND week = ?').run(channel, messageTs, team, week);
  }

  /** The post failed before anything was shown: a later run may try again. */
  releaseChangesDigest(team: string, week: string): void {
    this.db.prepare('DELETE FROM changes_digest_posts WHERE team = ? AND week = ? AND message_ts IS NULL').run(team, week);
  }

  changesDigestPost(team: string, week: string): { channel: string | null; messageTs: string | null } | null {
    const r = this.db.prepare('SELECT channel, message_ts FROM changes_digest_posts WHERE team = ? AND week = ?').get(team, week) as
      | { channel: string | null; message_ts: string | null }
      | undefined;
    return r ? { channel: r.channel, messageTs: r.message_ts } : null;
  }

  // ---- a replica's copy of the shared follow-up tables ---------------------------------------

  /** Which store the copy was made from and the follow-up generation it reflects; null for a copy never made. */
  copyState(): FollowupCopyState | null {
    const get = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    const storeId = get.get(COPY_STORE_KEY) as string | undefined;
    const generation = get.get(COPY_GENERATION_KEY) as string | undefined;
    return storeId != null && generation != null ? { storeId, generation: Number(generation) } : null;
  }

  /**
   * Applies changes fetched from the shared store, in one transaction: a snapshot first empties
   * every follow-up table (the copy is derived data), deletions go before writes (a key deleted and
   * written again ends up written), rows keep the source's ids and columns. Records where the copy
   * now stands.
   */
  applyCopy(changes: FollowupChanges): void {
    this.db
      .transaction(() => {
        if (changes.kind === 'snapshot') {
          for (const { table } of [...FOLLOWUP_TABLES].reverse()) this.db.prepare(`DELETE FROM ${table}`).run();
        }
        for (const d of changes.deletions) {
          const key = keyOf(d.table);
          this.db.prepare(`DELETE FROM ${d.table} WHERE ${key.map((c) => `${c} = ?`).join(' AND ')}`).run(...key.map((c) => d.key[c] as never));
        }
        // Referenced rows first (a prompt before the answers that name it).
        const order = new Map(FOLLOWUP_TABLES.map((t, k) => [t.table, k]));
        const rows = [...changes.rows].sort((a, b) => order.get(a.table)! - order.get(b.table)!);
        for (const { table, row } of rows) {
          const columns = this.columnsOf(table).filter((c) => c in row);
          const key = keyOf(table);
          const rest = columns.filter((c) => !key.includes(c));
          this.db
            .prepare(
              `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
               ON CONFLICT (${key.join(', ')}) DO ${rest.length ? `UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}` : 'NOTHING'}`,
            )
            .run(...columns.map((c) => row[c] as never));
        }
        const setMeta = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
        setMeta.run(COPY_STORE_KEY, changes.storeId);
        setMeta.run(COPY_GENERATION_KEY, String(changes.generation));
      })
      .immediate();
  }

  private readonly columns = new Map<string, string[]>();

  private columnsOf(table: FollowupTable): string[] {
    let names = this.columns.get(table);
    if (!names) {
      names = (this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      this.columns.set(table, names);
    }
    return names;
  }
}
