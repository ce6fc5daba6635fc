/**
 * The follow-up state in PostgreSQL, shared by replicas: the writes of ../store/followupStore.ts
 * (team settings and membership, weeks off, the reminder log, prompts, owners' answers, compiled and
 * digest posts) on the same tables, and what changed after a follow-up generation, for a replica's
 * local copy to catch up (migration 5 logs every change with triggers and NOTIFYs FOLLOWUP_CHANNEL).
 * Reads are the copy's: a replica reads its SQLite copy, kept current from here.
 *
 * Claims that must happen once are decided here by a unique row (INSERT … ON CONFLICT): a reminder
 * stage, an item asked of an owner in a week, an owner's answer per item, the compiled report's post
 * and the changes digest's post per team and week.
 */
import type { Pool } from 'pg';
import { systemClock, type Clock } from '../../clock';
import type { SentReminder } from '../../domain/followup/schedule';
import type { Membership, NewPrompt, PromptRow, TeamPatch, UpdateRow } from '../../domain/followup/records';
import { staleBefore } from '../store/compiledPostClaim';
import { FOLLOWUP_TABLES, isFollowupTable, type FollowupChanges } from '../store/followupCopy';
import { teamColumns, toPromptRow, updateColumns } from '../store/followupRows';
import { inTransaction, readSnapshot } from './transactions';

/** The channel every follow-up write NOTIFYs with the follow-up generation (migration 5's trigger). */
export const FOLLOWUP_CHANNEL = 'zhoubao_followups';

/** Marks a compiled post claimed but not yet posted (as compiledPostClaim.ts does). */
const PENDING_POST = '';

export class PgFollowupState {
  constructor(
    private readonly pool: Pool,
    private readonly now: Clock = systemClock,
  ) {}

  // ---- teams ------------------------------------------------------------------------------

  async updateTeam(name: string, patch: TeamPatch): Promise<void> {
    const at = this.now().toISOString();
    const columns = teamColumns(patch);
    const names = Object.keys(columns);
    const values = names.map((c) => columns[c]);
    // One statement: the row is created when missing, the patch applied either way.
    await this.pool.query(
      `INSERT INTO teams (name, updated_at${names.map((c) => `, ${c}`).join('')}) VALUES ($1, $2${names.map((_, k) => `, $${k + 3}`).join('')})
       ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at${names.map((c) => `, ${c} = excluded.${c}`).join('')}`,
      [name, at, ...values],
    );
  }

  async setMembership(team: string, userId: string, membership: Membership | null): Promise<void> {
    if (membership === null) {
      await this.pool.query('DELETE FROM team_members WHERE team = $1 AND user_id = $2', [team, userId]);
      return;
    }
    await this.pool.query(
      `INSERT INTO team_members (team, user_id, membership, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (team, user_id) DO UPDATE SET membership = excluded.membership, updated_at = excluded.updated_at`,
      [team, userId, membership, this.now().toISOString()],
    );
  }

  async setAway(team: string, userId: string, week: string, away: boolean): Promise<void> {
    if (away) await this.pool.query('INSERT INTO member_away (team, user_id, week) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [team, userId, week]);
    else await this.pool.query('DELETE FROM member_away WHERE team = $1 AND user_id = $2 AND week = $3', [team, userId, week]);
  }

  async setWeekOff(team: string, week: string, off: boolean, reason: string | null = null): Promise<void> {
    if (off) {
      await this.pool.query('INSERT INTO team_weeks_off (team, week, reason) VALUES ($1, $2, $3) ON CONFLICT (team, week) DO UPDATE SET reason = excluded.reason', [
        team,
        week,
        reason,
      ]);
    } else {
      await this.pool.query('DELETE FROM team_weeks_off WHERE team = $1 AND week = $2', [team, week]);
    }
  }

  // ---- reminder log -----------------------------------------------------------------------

  async claimReminder(team: string, r: SentReminder, scheduledFor: Date): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO reminder_log (team, week, user_id, stage, scheduled_for, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (team, week, user_id, stage) DO NOTHING`,
      [team, r.week, r.userId, r.stage, scheduledFor.toISOString(), this.now().toISOString()],
    );
    return result.rowCount === 1;
  }

  async recordReminderMessage(team: string, r: SentReminder, channel: string | null, ts: string | null): Promise<void> {
    await this.pool.query('UPDATE reminder_log SET channel = $1, message_ts = $2 WHERE team = $3 AND week = $4 AND user_id = $5 AND stage = $6', [
      channel,
      ts,
      team,
      r.week,
      r.userId,
      r.stage,
    ]);
  }

  async releaseReminder(team: string, r: SentReminder): Promise<void> {
    await this.pool.query('DELETE FROM reminder_log WHERE team = $1 AND week = $2 AND user_id = $3 AND stage = $4', [team, r.week, r.userId, r.stage]);
  }

  // ---- prompts ----------------------------------------------------------------------------

  /** As FollowupStore.claimPrompts: the prompts not yet asked, numbered after the owner's earlier ones in the week. */
  async claimPrompts(team: string, week: string, userId: string, prompts: readonly NewPrompt[]): Promise<PromptRow[]> {
    if (!prompts.length) return [];
    const at = this.now().toISOString();
    return inTransaction(this.pool, async (client) => {
      // Follow-up writers queue on this row (the trigger locks it at the first row written anyway):
      // two replicas claiming for the same owner and week cannot hand out the same number.
      await client.query('SELECT 1 FROM followup_state WHERE id = 1 FOR UPDATE');
      let ordinal = Number(
        (await client.query('SELECT coalesce(max(ordinal), 0) AS n FROM followup_prompts WHERE team = $1 AND week = $2 AND user_id = $3', [team, week, userId]))
          .rows[0].n,
      );
      const claimed: PromptRow[] = [];
      for (const p of prompts) {
        const inserted = await client.query(
          `INSERT INTO followup_prompts (team, week, user_id, item_key, reason, ordinal, prompt, previous_json, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (team, week, user_id, item_key) DO NOTHING
           RETURNING *`,
          [team, week, userId, p.key, p.reason, ordinal + 1, p.prompt, JSON.stringify(p.previous), at],
        );
        if (inserted.rowCount === 1) {
          ordinal += 1;
          claimed.push(toPromptRow(inserted.rows[0]));
        }
      }
      return claimed;
    });
  }

  async markPromptsPosted(ids: readonly number[], channel: string, threadTs: string, messageTs: string | null): Promise<void> {
    if (!ids.length) return;
    await this.pool.query('UPDATE followup_prompts SET channel = $1, thread_ts = $2, message_ts = $3 WHERE id = ANY ($4::bigint[])', [channel, threadTs, messageTs, [...ids]]);
  }

  async releasePrompts(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    await this.pool.query('DELETE FROM followup_prompts WHERE id = ANY ($1::bigint[])', [[...ids]]);
  }

  async markAnswered(id: number): Promise<void> {
    await this.pool.query('UPDATE followup_prompts SET answered_at = $1 WHERE id = $2', [this.now().toISOString(), id]);
  }

  // ---- owners' answers --------------------------------------------------------------------

  /** One row per owner, week and item: a later answer replaces the earlier one. */
  async saveUpdate(u: Omit<UpdateRow, 'id' | 'createdAt'>): Promise<void> {
    const c = updateColumns(u, this.now().toISOString());
    await this.pool.query(
      `INSERT INTO item_updates (team, week, user_id, item_key, prompt_id, section_path, line, reply_text, reply_ts, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (team, week, user_id, item_key) DO UPDATE SET
         prompt_id = excluded.prompt_id, section_path = excluded.section_path, line = excluded.line,
         reply_text = excluded.reply_text, reply_ts = excluded.reply_ts, created_at = excluded.created_at`,
      [c.team, c.week, c.user_id, c.item_key, c.prompt_id, c.section_path, c.line, c.reply_text, c.reply_ts, c.created_at],
    );
  }

  // ---- compiled reports -------------------------------------------------------------------

  /** As FollowupStore.claimCompiledPost: true for exactly one replica (a claim left stale by a dead process may be taken over). */
  async claimCompiledPost(team: string, week: string, channel: string): Promise<boolean> {
    const now = this.now();
    const result = await this.pool.query(
      `INSERT INTO compiled_posts (team, week, channel, message_ts, posted_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (team, week) DO UPDATE SET channel = excluded.channel, message_ts = excluded.message_ts, posted_at = excluded.posted_at
       WHERE (compiled_posts.message_ts <> $4 AND compiled_posts.channel <> excluded.channel)
          OR (compiled_posts.message_ts = $4 AND compiled_posts.posted_at < $6)`,
      [team, week, channel, PENDING_POST, now.toISOString(), staleBefore(now)],
    );
    return result.rowCount === 1;
  }

  async releaseCompiledPost(team: string, week: string): Promise<void> {
    await this.pool.query('DELETE FROM compiled_posts WHERE team = $1 AND week = $2 AND message_ts = $3', [team, week, PENDING_POST]);
  }

  async saveCompiledPost(team: string, week: string, channel: string, messageTs: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO compiled_posts (team, week, channel, message_ts, posted_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (team, week) DO UPDATE SET channel = excluded.channel, message_ts = excluded.message_ts, posted_at = excluded.posted_at`,
      [team, week, channel, messageTs, this.now().toISOString()],
    );
  }

  // ---- the week's changes digest ----------------------------------------------------------

  async claimChangesDigest(team: string, week: string): Promise<boolean> {
    const result = await this.pool.query('INSERT INTO changes_digest_posts (team, week, claimed_at) VALUES ($1, $2, $3) ON CONFLICT (team, week) DO NOTHING', [
      team,
      week,
      this.now().toISOString(),
    ]);
    return result.rowCount === 1;
  }

  async recordChangesDigest(team: string, week: string, channel: string, messageTs: string | null): Promise<void> {
    await this.pool.query('UPDATE changes_digest_posts SET channel = $1, message_ts = $2 WHERE team = $3 AND week = $4', [channel, messageTs, team, week]);
  }

  async releaseChangesDigest(team: string, week: string): Promise<void> {
    await this.pool.query('DELETE FROM changes_digest_posts WHERE team = $1 AND week = $2 AND message_ts IS NULL', [team, week]);
  }

  // ---- for a replica's copy -----------------------------------------------------------------

  async generation(): Promise<number> {
    return Number((await this.pool.query('SELECT generation FROM followup_state WHERE id = 1')).rows[0].generation);
  }

  /**
   * What changed after `generation` of the store `storeId` (one read-only snapshot, so the rows and
   * the generation are of the same moment): a delta, or — for a copy never made, made from another
   * database, or ahead of this one — every row.
   */
  async changesSince(storeId: string | null, generation: number): Promise<FollowupChanges> {
    return readSnapshot(this.pool, async (client) => {
      const state = (await client.query('SELECT f.generation, s.store_id FROM followup_state AS f, store_state AS s WHERE f.id = 1 AND s.id = 1')).rows[0];
      const now = Number(state.generation);
      const current = String(state.store_id);
      const snapshot = storeId !== current || generation < 0 || generation > now;
      const since = snapshot ? -1 : generation;
      const changes: FollowupChanges = { kind: snapshot ? 'snapshot' : 'delta', storeId: current, generation: now, rows: [], deletions: [] };
      if (since < now) {
        // Every table in one round trip, each row as JSON (its columns by name).
        const rows = await client.query(
          FOLLOWUP_TABLES.map((t) => `SELECT '${t.table}' AS tbl, to_jsonb(x) - 'changed_generation' AS row FROM ${t.table} AS x WHERE x.changed_generation > $1`).join(' UNION ALL '),
          [since],
        );
        for (const r of rows.rows) if (isFollowupTable(r.tbl)) changes.rows.push({ table: r.tbl, row: r.row });
        if (!snapshot) {
          const deleted = await client.query('SELECT tbl, row_key FROM followup_deletions WHERE generation > $1', [since]);
          for (const d of deleted.rows) if (isFollowupTable(d.tbl)) changes.deletions.push({ table: d.tbl, key: d.row_key });
        }
      }
      return changes;
    });
  }
}
