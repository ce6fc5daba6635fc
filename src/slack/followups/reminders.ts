/**
 * Reminders over Slack: the ReminderSender (a DM with a submit button to each member; at the
 * deadline, the summary in the team channel, then the compiled report and the questions to the
 * missing), one reminder run, and the schedule that runs them while `zhoubao serve` runs.
 */
import type { Logger } from '@slack/bolt';
import { Cron } from 'croner';
import type { Clock } from '../../clock';
import type { DueDeadline, DueMemberReminder } from '../../domain/followup/schedule';
import { scheduleTriggers } from '../../domain/followup/schedule';
import type { Team } from '../../domain/followup/team';
import type { Followups, MemberDirectory, ReminderRun, ReminderSender, SentMessage } from '../../services/followups/index';
import { ReminderScheduler } from '../../services/followups/scheduler';
import { deadlineSummaryMessage, reminderMessage } from '../blocks/reminder';
import { openDirectMessage, postMessage } from '../reply';
import type { SlackClient } from '../types';
import type { SlackDirectory } from './directory';
import { publishCompiled } from './publish';

type RunLogger = Pick<Logger, 'error' | 'info'>;

/** The next deadline after `from` in the team's time zone (for "19:00 截止" in a reminder). */
export function nextDeadline(team: Team, from: Date): Date | null {
  if (!team.schedule.deadline) return null;
  try {
    return new Cron(team.schedule.deadline, { timezone: team.timeZone, paused: true }).nextRun(from);
  } catch {
    return null;
  }
}

export class SlackReminderSender implements ReminderSender {
  constructor(
    private readonly client: SlackClient,
    private readonly followups: Followups,
    private readonly directory: MemberDirectory,
    private readonly logger?: RunLogger,
  ) {}

  async remindMember(reminder: DueMemberReminder, team: Team): Promise<SentMessage> {
    const channel = await openDirectMessage(this.client, reminder.userId);
    const deadline = nextDeadline(team, reminder.scheduledFor);
    const ts = await postMessage(this.client, channel, reminderMessage(reminder, team, deadline));
    return { channel, ts };
  }

  /** The summary first (that is the stage); then the compiled report and the questions to the missing. */
  async deadline(reminder: DueDeadline, team: Team): Promise<SentMessage> {
    const channel = team.channel!;
    const ts = await postMessage(this.client, channel, deadlineSummaryMessage(reminder, team));
    try {
      const compiled = await this.followups.compiler.compile(team, reminder.week, this.directory);
      await publishCompiled(this.client, this.followups, compiled, channel, ts ?? null, this.logger);
    } catch (error) {
      this.logger?.error(`compiling ${team.name} ${reminder.week.weekLabel} at the deadline failed:`, error);
    }
    return { channel, ts };
  }
}

/** One reminder run over Slack (the schedule's tick, and `zhoubao remind`). */
export async function runReminderTick(client: SlackClient, followups: Followups, directory: MemberDirectory, now: Date, logger?: RunLogger): Promise<ReminderRun> {
  const run = await followups.reminders.run(now, directory, new SlackReminderSender(client, followups, directory, logger));
  for (const r of run.sent) logger?.info(`reminder sent: ${r.team} ${r.week.weekLabel} ${r.stage}${r.userId ? ` to ${r.userId}` : ''}`);
  for (const f of run.failed) logger?.error(`reminder not sent (will retry): ${f.reminder.team} ${f.reminder.stage} ${f.reminder.userId}: ${f.error}`);
  return run;
}

/**
 * The reminder schedule of a running bot: fires at each team's cron times in each time zone its
 * members are in. Created with the app; `zhoubao serve` starts it once the app listens and stops it
 * before the app stops.
 */
export function reminderSchedule(client: SlackClient, followups: Followups, directory: SlackDirectory, clock: Clock, logger: RunLogger): ReminderScheduler {
  const scheduler: ReminderScheduler = new ReminderScheduler({
    triggers: () => followups.teams.teams().flatMap((team) => scheduleTriggers(team, [...directory.timeZones])),
    tick: async (now) => {
      const zonesBefore = directory.timeZones.size;
      await runReminderTick(client, followups, directory, now, logger);
      // A member in a time zone not seen before: fire at their local cron time too.
      if (directory.timeZones.size !== zonesBefore) scheduler.refresh();
    },
    clock,
    onError: (error) => logger.error('reminder schedule:', error),
  });
  return scheduler;
}
