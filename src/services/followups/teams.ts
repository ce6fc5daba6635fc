/**
 * Team settings and membership: a team's stored row over the environment defaults, who its members
 * are (the channel's humans, plus members added by hand, minus those excluded), and how its weeks
 * are named and numbered.
 */
import type { Clock } from '../../clock';
import { fridayOnOrAfter, reportWeekFor, type ReportWeek } from '../../domain/calendar';
import type { Membership, TeamPatch } from '../../domain/followup/records';
import type { Submission } from '../../domain/followup/schedule';
import { defaultTeam, derivedSchedule, type Member, type Team, type TeamDefaults } from '../../domain/followup/team';
import { parseWeekSpec } from '../../domain/followup/weeks';
import type { MemberReports } from './memberReports';
import type { FollowupState, MemberDirectory, ReportReader } from './ports';

export class TeamSettings {
  constructor(
    private readonly store: FollowupState,
    private readonly reports: ReportReader,
    private readonly memberReports: MemberReports,
    private readonly defaults: TeamDefaults,
    private readonly clock: Clock,
  ) {}

  /** The team's settings: its stored row over the environment defaults. */
  team(name: string): Team {
    const base = defaultTeam(name, this.defaults);
    const row = this.store.teamRow(name);
    const weeksOff = this.store.weeksOff(name).map((w) => w.week);
    if (!row) return { ...base, weeksOff };
    const first = row.reminderCron ?? base.schedule.first;
    const derived = derivedSchedule(first);
    return {
      name,
      channel: row.channel === '' ? null : (row.channel ?? base.channel),
      timeZone: row.timeZone ?? base.timeZone,
      schedule: {
        first,
        nudge: row.nudgeCron === '' ? null : (row.nudgeCron ?? derived.nudge),
        deadline: row.deadlineCron === '' ? null : (row.deadlineCron ?? derived.deadline),
      },
      weekAnchor: row.weekAnchor,
      weeksOff,
      admins: row.admins,
      sections: row.sections,
      stalledAfterWeeks: row.stalledAfterWeeks,
    };
  }

  /** Teams that collect reports: every configured team, and the install's own team when it has a channel. */
  teams(): Team[] {
    const names = new Set(this.store.teamNames());
    if (this.defaults.channel) names.add(this.defaults.team);
    return [...names].map((n) => this.team(n));
  }

  // Writes: on one install done when the call returns (the promise only reports it); on a replica
  // when the promise settles (stored in PostgreSQL, then in the copy team() reads).

  async updateTeam(name: string, patch: TeamPatch): Promise<Team> {
    await this.store.updateTeam(name, patch);
    return this.team(name);
  }

  /** `null` removes the override (back to the channel's membership). */
  async setMembership(team: string, userId: string, membership: Membership | null): Promise<void> {
    await this.store.setMembership(team, userId, membership);
  }

  async setAway(team: string, userId: string, week: string, away: boolean): Promise<void> {
    await this.store.setAway(team, userId, week, away);
  }

  async setWeekOff(team: string, week: string, off: boolean, reason: string | null = null): Promise<void> {
    await this.store.setWeekOff(team, week, off, reason);
  }

  /** Whether the team has anyone to remind: a channel, or members added by hand. */
  hasMembers(team: Team): boolean {
    return Boolean(team.channel) || this.store.memberOverrides(team.name).some((o) => o.membership === 'included');
  }

  /** Team admins, and workspace admins (who can name the first team admins). */
  async isAdmin(team: Team, userId: string, directory: MemberDirectory): Promise<boolean> {
    if (team.admins.includes(userId)) return true;
    const info = await directory.userInfo(userId).catch(() => null);
    return Boolean(info?.isAdmin);
  }

  /** The team's members: the channel's humans, plus members added by hand, minus those excluded. */
  async members(team: Team, directory: MemberDirectory): Promise<Member[]> {
    const overrides = this.store.memberOverrides(team.name);
    const excluded = new Set(overrides.filter((o) => o.membership === 'excluded').map((o) => o.userId));
    const fromChannel = team.channel ? await directory.channelMembers(team.channel) : [];
    const ids = [...new Set([...fromChannel, ...overrides.filter((o) => o.membership === 'included').map((o) => o.userId)])].filter((id) => !excluded.has(id));
    const away = this.store.awayWeeks(team.name);
    const members: Member[] = [];
    for (const userId of ids) {
      const info = await directory.userInfo(userId);
      if (info?.isBot) continue;
      members.push({
        userId,
        name: info?.name,
        timeZone: info?.timeZone && info.timeZone !== team.timeZone ? info.timeZone : null,
        awayWeeks: away.filter((a) => a.userId === userId).map((a) => a.week),
      });
    }
    return members;
  }

  /**
   * Whether `userId` is one of the team's members (see members()) without looking up everyone else:
   * added by hand, or a human in the team's channel, and not excluded.
   */
  async isMember(team: Team, userId: string, directory: MemberDirectory): Promise<boolean> {
    const override = this.store.memberOverrides(team.name).find((o) => o.userId === userId);
    if (override?.membership === 'excluded') return false;
    const listed = override?.membership === 'included' || (team.channel ? (await directory.channelMembers(team.channel)).includes(userId) : false);
    if (!listed) return false;
    const info = await directory.userInfo(userId);
    return !info?.isBot;
  }

  /**
   * The team a member reports for: the first team (in teams() order, by name) that counts them as a
   * member; null when none does. A channel that cannot be read counts nobody.
   */
  async teamOf(userId: string, directory: MemberDirectory): Promise<Team | null> {
    for (const team of this.teams()) {
      const member = await this.isMember(team, userId, directory).catch(() => false);
      if (member) return team;
    }
    return null;
  }

  /** The team's report week at `now` in `timeZone` (default the team's), in the team's numbering. */
  weekFor(team: Team, now: Date = this.clock(), timeZone: string = team.timeZone): ReportWeek {
    return reportWeekFor(now, timeZone, this.anchorOf(team));
  }

  /** The week a command names ("本周", "第48周", "2023-11-24"), or null. */
  weekNamed(team: Team, spec: string | undefined, now: Date = this.clock()): ReportWeek | null {
    // 第48周 names the team's most recent stored week with that number, when there is one.
    const numbered = /^\s*(?:第\s*)?(\d{1,2})\s*周?\s*$/.exec(spec ?? '');
    if (numbered) {
      const stored = this.reports
        .listReports({ team: team.name })
        .filter((r) => r.weekNumber === Number(numbered[1]))
        .sort((a, b) => a.reportDate.localeCompare(b.reportDate))
        .pop();
      if (stored) return { weekLabel: stored.weekLabel, weekNumber: stored.weekNumber, reportDate: fridayOnOrAfter(stored.reportDate) };
    }
    const anchor = this.anchorOf(team);
    // A calendar date is its own local date: noon UTC falls on it in any zone's calendar arithmetic.
    return parseWeekSpec(spec, this.weekFor(team, now), (friday) => reportWeekFor(new Date(`${friday}T12:00:00Z`), 'UTC', anchor));
  }

  /** The week ending `reportDate`, named in the team's numbering. */
  weekEnding(team: Team, reportDate: string): ReportWeek {
    return this.weekNamed(team, reportDate) ?? { weekLabel: '', weekNumber: 0, reportDate };
  }

  /** Members' submissions of the team, by week (answers-only reports do not count). */
  submissions(teamName: string): Submission[] {
    return this.memberReports.submissions(teamName).map((r) => ({ userId: r.submittedBy!, week: fridayOnOrAfter(r.reportDate) }));
  }

  private anchorOf(team: Team): { weekNumber: number; reportDate: string } | null {
    if (team.weekAnchor) return team.weekAnchor;
    const latest = this.reports.latestReport(team.name);
    return latest ? { weekNumber: latest.weekNumber, reportDate: latest.reportDate } : null;
  }
}
