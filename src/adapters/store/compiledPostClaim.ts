/** The compiled-report post claim (its pending mark, staleness and SQL): its own file because pgFollowupState.ts shares the staleness rule with the SQLite store. */

/** Marks a compiled post that is claimed but not yet posted (message_ts is NOT NULL in both schemas). */
export const PENDING_POST = '';

/** How long a compiled post may stay claimed but not posted before another caller may take it over. */
export const STALE_CLAIM_MS = 10 * 60_000;

/** Claims made before this (ISO text, as posted_at is stored) are stale at `now`. */
export function staleBefore(now: Date): string {
  return new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
}

/**
 * Inserts the claim; takes over a row only when it is a finished post in another channel, or a claim
 * made before @stale (pgFollowupState.ts runs the same statement in PostgreSQL's dialect).
 */
export const CLAIM_COMPILED_POST_SQL = `
  INSERT INTO compiled_posts (team, week, channel, message_ts, posted_at) VALUES (@team, @week, @channel, @pending, @now)
  ON CONFLICT (team, week) DO UPDATE SET channel = excluded.channel, message_ts = excluded.message_ts, posted_at = excluded.posted_at
  WHERE (compiled_posts.message_ts <> @pending AND compiled_posts.channel <> excluded.channel)
     OR (compiled_posts.message_ts = @pending AND compiled_posts.posted_at < @stale)`;
