/** Follow-up rows to and from table columns (team settings, prompts, answers): shared by followupStore.ts (SQLite) and pgFollowupState.ts, so both schemas map rows alike. */
import type { FollowupItem } from '../../domain/followup/missingItems';
import type { TeamSection } from '../../domain/followup/team';
import type { PromptRow, TeamPatch, TeamRow, UpdateRow } from '../../domain/followup/records';

export const SECTION_SEPARATOR = '\u001f';

/** The teams columns a patch sets (undefined fields are left alone; null clears). */
export function teamColumns(patch: TeamPatch): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (patch.channel !== undefined) columns.channel = patch.channel;
  if (patch.timeZone !== undefined) columns.time_zone = patch.timeZone;
  if (patch.reminderCron !== undefined) columns.reminder_cron = patch.reminderCron;
  if (patch.nudgeCron !== undefined) columns.nudge_cron = patch.nudgeCron;
  if (patch.deadlineCron !== undefined) columns.deadline_cron = patch.deadlineCron;
  if (patch.weekAnchor !== undefined) {
    columns.week_anchor_number = patch.weekAnchor?.weekNumber ?? null;
    columns.week_anchor_date = patch.weekAnchor?.reportDate ?? null;
  }
  if (patch.sections !== undefined) columns.sections_json = patch.sections ? JSON.stringify(patch.sections) : null;
  if (patch.admins !== undefined) columns.admins_json = JSON.stringify([...new Set(patch.admins)]);
  if (patch.stalledAfterWeeks !== undefined) columns.stalled_after_weeks = patch.stalledAfterWeeks;
  return columns;
}

/** The owner's answer as stored: the section path joined with the separator both schemas use. */
export function updateColumns(u: Omit<UpdateRow, 'id' | 'createdAt'>, createdAt: string) {
  return {
    team: u.team,
    week: u.week,
    user_id: u.userId,
    item_key: u.itemKey,
    prompt_id: u.promptId,
    section_path: u.sectionPath.join(SECTION_SEPARATOR),
    line: u.line,
    reply_text: u.replyText,
    reply_ts: u.replyTs,
    created_at: createdAt,
  };
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toTeamRow(r: Record<string, any>): TeamRow {
  return {
    name: r.name,
    channel: r.channel ?? null,
    timeZone: r.time_zone ?? null,
    reminderCron: r.reminder_cron ?? null,
    nudgeCron: r.nudge_cron ?? null,
    deadlineCron: r.deadline_cron ?? null,
    weekAnchor: r.week_anchor_number != null && r.week_anchor_date ? { weekNumber: r.week_anchor_number, reportDate: r.week_anchor_date } : null,
    sections: parseJson<TeamSection[] | null>(r.sections_json, null),
    admins: parseJson<string[]>(r.admins_json, []),
    stalledAfterWeeks: typeof r.stalled_after_weeks === 'number' ? r.stalled_after_weeks : null,
    updatedAt: r.updated_at,
  };
}

export function toPromptRow(r: Record<string, any>): PromptRow {
  return {
    id: r.id,
    team: r.team,
    week: r.week,
    userId: r.user_id,
    itemKey: r.item_key,
    reason: r.reason,
    ordinal: r.ordinal,
    prompt: r.prompt,
    previous: parseJson<FollowupItem>(r.previous_json, { text: '', sectionPath: [], status: 'unknown', dates: [], weekLabel: '', reportDate: '' }),
    channel: r.channel ?? null,
    threadTs: r.thread_ts ?? null,
    messageTs: r.message_ts ?? null,
    createdAt: r.created_at,
    answeredAt: r.answered_at ?? null,
  };
}
