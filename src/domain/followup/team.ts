/**
 * A team as the follow-up features see it: where it posts (channel), when its week ends for its
 * people (time zone, week numbering), when it is reminded (schedule), who is in it (members with
 * per-member overrides), and the weeks it takes off. Plain data and small pure helpers; SQLite and
 * Slack fill it in at the edges.
 */
import { Cron } from 'croner';
import { DEFAULT_TIME_ZONE } from '../calendar';

/** The three moments of a week's collection. */
export type ReminderStage = 'first' | 'nudge' | 'deadline';

export const DEFAULT_REMINDER_CRON = '0 16 * * 5';

export interface ReminderSchedule {
  /** First DM to members who have not submitted (cron, in the member's time zone) */
  first: string;
  /** Second DM, later the same week; null = no second nudge */
  nudge: string | null;
  /** Summary and compiled report in the team channel (cron, in the team's time zone); null = none */
  deadline: string | null;
}

/** Pins the team's own week numbering: "the week ending `reportDate` is 第`weekNumber`周". */
export interface WeekAnchor {
  weekNumber: number;
  reportDate: string;
}

/** A heading of the team's report layout, as written ("## 【O1 业务交付】" → level 2, "【O1 业务交付】"). */
export interface TeamSection {
  level: number;
  /** The heading as written after the #s, decoration kept */
  heading: string;
}

export interface Team {
  name: string;
  /** Slack channel id for the deadline summary and the compiled report; null = none */
  channel: string | null;
  timeZone: string;
  schedule: ReminderSchedule;
  /** Explicit numbering; null = continue from the team's latest stored report (or ISO weeks) */
  weekAnchor: WeekAnchor | null;
  /** Report dates (ISO Fridays) of weeks off (国庆, 春节): no reminders, nobody missing */
  weeksOff: string[];
  /** Slack user ids allowed to change the team's settings */
  admins: string[];
  /** The compiled report's layout; null = the team's latest team report, else the default */
  sections: TeamSection[] | null;
  /** Weeks without news before an item counts as stalled in the change digest; null = the default (2) */
  stalledAfterWeeks: number | null;
}

export interface Member {
  userId: string;
  /** Display name, when known (for the Markdown export and logs) */
  name?: string;
  /** The member's own Slack time zone; null/undefined = the team's */
  timeZone?: string | null;
  /** Report dates (ISO Fridays) of the weeks the member is away */
  awayWeeks: string[];
}

/** Defaults for a single-team install, read from the environment (ZHOUBAO_TEAM, …). */
export interface TeamDefaults {
  team: string;
  channel?: string;
  timeZone: string;
  reminderCron: string;
}

/**
 * The second nudge and the deadline, derived from the first reminder when the team did not set
 * them: two and three hours later the same day ("0 16 * * 5" → "0 18 * * 5", "0 19 * * 5"). A
 * first reminder too late in the day, or not a plain "M H * * D" pattern, gets no nudge and the
 * deadline at the end of that day.
 */
export function derivedSchedule(first: string): ReminderSchedule {
  const m = /^(\d{1,2})\s+(\d{1,2})\s+(\S+)\s+(\S+)\s+(\S+)$/.exec(first.trim());
  if (!m) return { first, nudge: null, deadline: null };
  const [, minute, hour, dom, month, dow] = m;
  const at = (h: number) => `${minute} ${h} ${dom} ${month} ${dow}`;
  const h = Number(hour);
  if (h + 3 <= 23) return { first, nudge: at(h + 2), deadline: at(h + 3) };
  return { first, nudge: null, deadline: `59 23 ${dom} ${month} ${dow}` };
}

/** A team with nothing configured yet: the environment's defaults for the install's own team. */
export function defaultTeam(name: string, defaults?: TeamDefaults): Team {
  const own = defaults && defaults.team === name ? defaults : undefined;
  return {
    name,
    channel: own?.channel ?? null,
    timeZone: own?.timeZone ?? DEFAULT_TIME_ZONE,
    schedule: derivedSchedule(own?.reminderCron ?? DEFAULT_REMINDER_CRON),
    weekAnchor: null,
    weeksOff: [],
    admins: [],
    sections: null,
    stalledAfterWeeks: null,
  };
}

/** A user-facing reason why `pattern` is not a cron pattern croner accepts, or null when it is. */
export function cronProblem(pattern: string): string | null {
  try {
    new Cron(pattern, { paused: true });
    return null;
  } catch (error) {
    return `「${pattern}」不是有效的 cron 表达式（例如 0 16 * * 5 表示每周五 16:00）：${(error as Error).message}`;
  }
}

/** A user-facing reason why `timeZone` is not an IANA zone, or null when it is. */
export function timeZoneProblem(timeZone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return null;
  } catch {
    return `「${timeZone}」不是有效的时区（例如 Asia/Shanghai、America/Los_Angeles）。`;
  }
}

/** The single-team defaults of an install, from its configuration (ZHOUBAO_TEAM, ZHOUBAO_TEAM_CHANNEL, ZHOUBAO_TZ, ZHOUBAO_REMINDER_CRON). */
export function teamDefaultsFrom(config: { defaultTeam: string; teamChannel?: string; timeZone: string; reminderCron: string }): TeamDefaults {
  return { team: config.defaultTeam, channel: config.teamChannel, timeZone: config.timeZone, reminderCron: config.reminderCron };
}
