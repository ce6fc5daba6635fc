/** Which follow-up tables a replica copies and what a copy's changes hold: the contract between followupStore.ts, pgFollowupState.ts and services/replica, apart from the store's queries. */

/**
 * The follow-up tables a replica copies from the shared store, referenced tables first, each with the
 * key its rows are matched by (the PostgreSQL migration that logs their changes names the same keys).
 */
export const FOLLOWUP_TABLES = [
  { table: 'teams', key: ['name'] },
  { table: 'team_members', key: ['team', 'user_id'] },
  { table: 'member_away', key: ['team', 'user_id', 'week'] },
  { table: 'team_weeks_off', key: ['team', 'week'] },
  { table: 'reminder_log', key: ['id'] },
  { table: 'followup_prompts', key: ['id'] },
  { table: 'item_updates', key: ['id'] },
  { table: 'compiled_posts', key: ['team', 'week'] },
  { table: 'changes_digest_posts', key: ['team', 'week'] },
] as const;

export type FollowupTable = (typeof FOLLOWUP_TABLES)[number]['table'];

export function isFollowupTable(name: string): name is FollowupTable {
  return FOLLOWUP_TABLES.some((t) => t.table === name);
}

export function keyOf(table: FollowupTable): readonly string[] {
  return FOLLOWUP_TABLES.find((t) => t.table === table)!.key;
}

export interface FollowupCopyState {
  storeId: string;
  generation: number;
}

/**
 * What changed in the shared follow-up tables after a generation: 'delta' rows written and keys
 * deleted since; 'snapshot' every row (the copy drops everything else). Rows are column → value.
 */
export interface FollowupChanges extends FollowupCopyState {
  kind: 'delta' | 'snapshot';
  rows: Array<{ table: FollowupTable; row: Record<string, unknown> }>;
  deletions: Array<{ table: FollowupTable; key: Record<string, unknown> }>;
}

export const COPY_STORE_KEY = 'followup_copy_store_id';
export const COPY_GENERATION_KEY = 'followup_copy_generation';
