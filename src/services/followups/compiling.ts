/**
 * The compiled team report: the week's member submissions (and answers-only weeks) laid out as the
 * team's report, stored as the team's own report of kind 'compiled'; with a directory, also who is
 * missing (with their open items to ask about) and who is away. Also where it was posted.
 */
import type { ReportWeek } from '../../domain/calendar';
import { compiledSource, compileTeamReport, type MemberSubmission } from '../../domain/followup/compile';
import { findMissingItems, type MissingItem } from '../../domain/followup/missingItems';
import type { Team } from '../../domain/followup/team';
import type { MemberReports } from './memberReports';
import type { FollowupState, MemberDirectory, ReportWriter } from './ports';
import type { TeamSettings } from './teams';

export interface MissingOwner {
  userId: string;
  items: MissingItem[];
}

export interface CompiledWeek {
  team: Team;
  week: ReportWeek;
  markdown: string;
  /** The stored compiled report; null when nobody submitted (nothing to store) */
  reportId: number | null;
  submitted: string[];
  missing: MissingOwner[];
  away: string[];
}

export class TeamCompiler {
  constructor(
    private readonly store: FollowupState,
    private readonly teams: TeamSettings,
    private readonly memberReports: MemberReports,
    private readonly writer: ReportWriter,
  ) {}

  /**
   * The team's report for `week` from its members' submissions, stored as the team's report (source
   * `compiled:<team>:<date>`, no submitter). With a directory, also who is missing (with their open
   * items to ask about) and who is away.
   */
  async compile(team: Team, week: ReportWeek, directory?: MemberDirectory): Promise<CompiledWeek> {
    // Answers given in a thread by an owner who has not submitted are part of the week too.
    const reports = this.memberReports.ofWeek(team.name, week.reportDate);
    const submissions: MemberSubmission[] = reports.map((r) => ({ userId: r.submittedBy!, items: this.memberReports.items(r.id) }));
    const markdown = compileTeamReport(submissions, team, week, this.memberReports.layoutOf(team));
    let reportId: number | null = null;
    if (submissions.some((s) => s.items.length)) {
      const result = await this.writer.ingestText(markdown, {
        source: compiledSource(team.name, week.reportDate),
        kind: 'compiled',
        team: team.name,
        forceTeam: true,
        weekLabel: week.weekLabel,
        weekNumber: week.weekNumber,
        reportDate: week.reportDate,
      });
      reportId = result.report.id;
    }
    const submitted = [...new Set(reports.filter((r) => r.kind !== 'followup').map((r) => r.submittedBy!))];
    const missing: MissingOwner[] = [];
    const away: string[] = [];
    // In a week off (国庆, 春节) nobody is missing.
    if (directory && !team.weeksOff.includes(week.reportDate)) {
      for (const member of await this.teams.members(team, directory)) {
        if (member.awayWeeks.includes(week.reportDate)) away.push(member.userId);
        else if (!submitted.includes(member.userId)) {
          missing.push({ userId: member.userId, items: findMissingItems(this.memberReports.earlierItems(team.name, member.userId, week.reportDate), [], week.reportDate) });
        }
      }
    }
    return { team, week, markdown, reportId, submitted, missing, away };
  }

  /** Re-make the week's compiled report when it exists (stored or posted); null when it does not. */
  async recompileIfCompiled(team: Team, week: ReportWeek): Promise<CompiledWeek | null> {
    const compiled = this.store.compiledPost(team.name, week.reportDate) || this.memberReports.hasCompiledReport(team.name, week.reportDate);
    return compiled ? this.compile(team, week) : null;
  }

  /** Where the week's compiled report was posted; null before it was (or while its post is claimed). */
  compiledPost(team: string, week: string): { channel: string; messageTs: string } | null {
    return this.store.compiledPost(team, week);
  }

  /**
   * Where the week's compiled report goes in `channel`: 'update' the message posted there before,
   * 'post' a new one (this caller holds the claim: report it with saveCompiledPost, or
   * releaseCompiledPost when the post failed), or 'elsewhere' — another caller (another replica)
   * is posting it right now, so this one posts nothing.
   */
  async placeCompiledPost(team: string, week: string, channel: string): Promise<{ kind: 'update'; messageTs: string } | { kind: 'post' } | { kind: 'elsewhere' }> {
    const before = this.store.compiledPost(team, week);
    if (before?.channel === channel) return { kind: 'update', messageTs: before.messageTs };
    if (await this.store.claimCompiledPost(team, week, channel)) return { kind: 'post' };
    // Lost the claim: posted (or being posted) by another caller; read what it left after the claim.
    const after = this.store.compiledPost(team, week);
    return after?.channel === channel ? { kind: 'update', messageTs: after.messageTs } : { kind: 'elsewhere' };
  }

  async saveCompiledPost(team: string, week: string, channel: string, ts: string): Promise<void> {
    await this.store.saveCompiledPost(team, week, channel, ts);
  }

  async releaseCompiledPost(team: string, week: string): Promise<void> {
    await this.store.releaseCompiledPost(team, week);
  }
}
