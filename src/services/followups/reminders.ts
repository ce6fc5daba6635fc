/** One reminder run: what is due now for each team is claimed in the reminder log, then sent; a failed send is released. */
import { dueReminders, type DueReminder } from '../../domain/followup/schedule';
import type { FollowupState, MemberDirectory, ReminderClaims, ReminderSender } from './ports';
import type { TeamSettings } from './teams';

export interface ReminderRun {
  sent: DueReminder[];
  failed: Array<{ reminder: DueReminder; error: string }>;
}

export class Reminders {
  private readonly claims: ReminderClaims;

  constructor(
    private readonly store: FollowupState,
    private readonly teams: TeamSettings,
    claims?: ReminderClaims,
  ) {
    this.claims = claims ?? { claim: (t, key, at) => store.claimReminder(t, key, at), release: (t, key) => store.releaseReminder(t, key) };
  }

  async run(now: Date, directory: MemberDirectory, sender: ReminderSender): Promise<ReminderRun> {
    const run: ReminderRun = { sent: [], failed: [] };
    for (const team of this.teams.teams()) {
      if (!this.teams.hasMembers(team)) continue;
      const members = await this.teams.members(team, directory);
      const weeks = new Set([team.timeZone, ...members.map((m) => m.timeZone ?? team.timeZone)].map((tz) => this.teams.weekFor(team, now, tz).reportDate));
      const sent = this.store.sentReminders(team.name, [...weeks]);
      const due = dueReminders(now, team, members, sent, this.teams.submissions(team.name));
      for (const reminder of due) {
        const key = { week: reminder.week.reportDate, userId: reminder.userId, stage: reminder.stage };
        if (!(await this.claims.claim(team.name, key, reminder.scheduledFor))) continue;
        let message;
        try {
          message = reminder.stage === 'deadline' ? await sender.deadline(reminder, team) : await sender.remindMember(reminder, team);
        } catch (error) {
          await this.claims.release(team.name, key);
          run.failed.push({ reminder, error: (error as Error)?.message ?? String(error) });
          continue;
        }
        run.sent.push(reminder);
        // Sent: the claim stays whatever happens to this note of where it went (a failure to write
        // it — PostgreSQL unreachable — must not make the reminder go out again).
        await this.store.recordReminderMessage(team.name, key, message.channel, message.ts ?? null);
      }
    }
    return run;
  }
}
