/**
 * `zhoubao export`: the team's report for a week as Markdown — the stored team report (compiled or
 * ingested) when there is one, else compiled from the members' submissions without storing it.
 */
import type { ReportWeek } from '../../domain/calendar';
import { compileTeamReport } from '../../domain/followup/compile';
import type { MemberReports } from './memberReports';
import type { ReportReader } from './ports';
import type { TeamSettings } from './teams';

export class WeekExport {
  constructor(
    private readonly reports: ReportReader,
    private readonly teams: TeamSettings,
    private readonly memberReports: MemberReports,
  ) {}

  /** Null when the week has neither a team report nor any member's submission. */
  exportMarkdown(teamName: string, weekSpec: string | undefined): { week: ReportWeek; markdown: string } | null {
    const team = this.teams.team(teamName);
    const week = this.teams.weekNamed(team, weekSpec);
    if (!week) return null;
    const stored = this.memberReports.teamReportOf(teamName, week);
    if (stored) return { week: { weekLabel: stored.weekLabel, weekNumber: stored.weekNumber, reportDate: week.reportDate }, markdown: this.reports.rawText(stored.id) ?? '' };
    const reports = this.memberReports.ofWeek(teamName, week.reportDate);
    if (!reports.length) return null;
    const submissions = reports.map((r) => ({ userId: r.submittedBy!, items: this.memberReports.items(r.id) }));
    return { week, markdown: compileTeamReport(submissions, team, week, this.memberReports.layoutOf(team)) };
  }
}
