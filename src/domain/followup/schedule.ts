/**
 * Which reminders are due now: a pure function of the clock, the team, its members, what was
 * already sent and who already submitted. The scheduler only has to call it often enough (at each
 * cron time and on a regular tick); catching up after downtime and sending each stage at most once
 * fall out of it:
 *
 * - A stage is due when its cron time in the current report week has passed and nothing was sent
 *   for it (nor for a later stage) this week. A run missed while the bot was down is therefore
 *   sent at the first tick after it comes back, within the same week, and not again.
 * - When several stages were missed, only the latest is sent: a member gets one reminder, not the
 *   first and the nudge one after the other.
 * - A member's stages run in the member's own time zone (their Friday 16:00); the deadline summary
 *   runs in the team's.
 */
import { Cron } from 'croner';
import { localDateIn, fridayOnOrAfter, reportWeekFor, type ReportWeek } from '../calendar';
import type { Member, ReminderStage, Team } from './team';

export interface SentReminder {
  /** The week's report date (ISO Friday) */
  week: string;
  /** '' for the team-level deadline */
  userId: string;
  stage: ReminderStage;
}

/** A member's report for a week (any version counts). */
export interface Submission {
  userId: string;
  /** The week's report date (ISO Friday) */
  week: string;
}

interface DueBase {
  team: string;
  week: ReportWeek;
  /** The cron time this reminder stands for (it may be earlier than now after downtime) */
  scheduledFor: Date;
  timeZone: string;
}

export interface DueMemberReminder extends DueBase {
  stage: 'first' | 'nudge';
  userId: string;
}

export interface DueDeadline extends DueBase {
  stage: 'deadline';
  userId: '';
  submitted: string[];
  missing: string[];
  away: string[];
}

export type DueReminder = DueMemberReminder | DueDeadline;

/** Member stages, in the order they happen. */
const MEMBER_STAGES = ['first', 'nudge'] as const;
const STAGE_ORDER: Record<ReminderStage, number> = { first: 0, nudge: 1, deadline: 2 };

/** Upper bound on cron times enumerated per week (a pattern like "* * * * *" has 10,080). */
const MAX_OCCURRENCES_PER_WEEK = 20_000;
const EIGHT_DAYS_MS = 8 * 86_400_000;

export function sentKey(week: string, userId: string, stage: ReminderStage): string {
  return `${week}\u0000${userId}\u0000${stage}`;
}

/** Parsed patterns, reused: a tick asks about the same few patterns and zones for every member. */
const crons = new Map<string, Cron>();

function cronFor(pattern: string, timeZone: string): Cron {
  const key = `${pattern}\u0000${timeZone}`;
  let cron = crons.get(key);
  if (!cron) {
    // No callback: croner only computes run times, it schedules nothing.
    cron = new Cron(pattern, { timezone: timeZone, paused: true });
    if (crons.size > 200) crons.clear();
    crons.set(key, cron);
  }
  return cron;
}

/**
 * The latest time `pattern` fires in `timeZone` at or before `now` that falls in the report week
 * ending `week.reportDate` (local calendar), or null when none has yet.
 */
export function latestOccurrenceInWeek(pattern: string, timeZone: string, now: Date, week: Pick<ReportWeek, 'reportDate'>): Date | null {
  const cron = cronFor(pattern, timeZone);
  let latest: Date | null = null;
  let next = cron.nextRun(new Date(now.getTime() - EIGHT_DAYS_MS));
  for (let i = 0; next && next.getTime() <= now.getTime() && i < MAX_OCCURRENCES_PER_WEEK; i++) {
    if (fridayOnOrAfter(localDateIn(next, timeZone)) === week.reportDate) latest = next;
    next = cron.nextRun(next);
  }
  return latest;
}

/**
 * Reminders due at `now`.
 * @param sent what was already sent (reminder_log)
 * @param submitted members' submissions (reports with submittedBy) of the team, by week
 */
export function dueReminders(
  now: Date,
  team: Team,
  members: readonly Member[],
  sent: readonly SentReminder[],
  submitted: readonly Submission[] = [],
): DueReminder[] {
  const sentKeys = new Set(sent.map((s) => sentKey(s.week, s.userId, s.stage)));
  const submittedKeys = new Set(submitted.map((s) => `${s.week}\u0000${s.userId}`));
  const hasSubmitted = (userId: string, week: string) => submittedKeys.has(`${week}\u0000${userId}`);
  const weekOff = (week: string) => team.weeksOff.includes(week);
  const due: DueReminder[] = [];

  for (const member of members) {
    const timeZone = member.timeZone || team.timeZone;
    const week = reportWeekFor(now, timeZone, team.weekAnchor);
    if (weekOff(week.reportDate) || member.awayWeeks.includes(week.reportDate)) continue;
    if (hasSubmitted(member.userId, week.reportDate)) continue;
    const latest = latestPassedStage(team, MEMBER_STAGES, timeZone, now, week);
    if (!latest) continue;
    const laterOrSame = MEMBER_STAGES.filter((s) => STAGE_ORDER[s] >= STAGE_ORDER[latest.stage]);
    if (laterOrSame.some((s) => sentKeys.has(sentKey(week.reportDate, member.userId, s)))) continue;
    due.push({ stage: latest.stage as 'first' | 'nudge', team: team.name, userId: member.userId, week, scheduledFor: latest.at, timeZone });
  }

  const deadline = team.schedule.deadline;
  if (deadline && team.channel) {
    const week = reportWeekFor(now, team.timeZone, team.weekAnchor);
    const at = weekOff(week.reportDate) ? null : latestOccurrenceInWeek(deadline, team.timeZone, now, week);
    if (at && !sentKeys.has(sentKey(week.reportDate, '', 'deadline'))) {
      const away = members.filter((m) => m.awayWeeks.includes(week.reportDate)).map((m) => m.userId);
      const present = members.filter((m) => !m.awayWeeks.includes(week.reportDate)).map((m) => m.userId);
      due.push({
        stage: 'deadline',
        team: team.name,
        userId: '',
        week,
        scheduledFor: at,
        timeZone: team.timeZone,
        submitted: present.filter((u) => hasSubmitted(u, week.reportDate)),
        missing: present.filter((u) => !hasSubmitted(u, week.reportDate)),
        away,
      });
    }
  }
  return due;
}

/** Of `stages`, the last whose cron time this week has passed (with that time). */
function latestPassedStage(
  team: Team,
  stages: readonly ReminderStage[],
  timeZone: string,
  now: Date,
  week: ReportWeek,
): { stage: ReminderStage; at: Date } | null {
  let best: { stage: ReminderStage; at: Date } | null = null;
  for (const stage of stages) {
    const pattern = team.schedule[stage];
    if (!pattern) continue;
    const at = latestOccurrenceInWeek(pattern, timeZone, now, week);
    if (at && (!best || at.getTime() >= best.at.getTime())) best = { stage, at };
  }
  return best;
}

/** Every distinct (pattern, time zone) the team's schedule fires at, for the scheduler's cron jobs. */
export function scheduleTriggers(team: Team, memberTimeZones: readonly string[]): Array<{ pattern: string; timeZone: string }> {
  const out = new Map<string, { pattern: string; timeZone: string }>();
  const add = (pattern: string | null, timeZone: string) => {
    if (pattern) out.set(`${pattern}\u0000${timeZone}`, { pattern, timeZone });
  };
  for (const tz of new Set([team.timeZone, ...memberTimeZones.filter(Boolean)])) {
    add(team.schedule.first, tz);
    add(team.schedule.nudge, tz);
  }
  add(team.schedule.deadline, team.timeZone);
  return [...out.values()];
}
