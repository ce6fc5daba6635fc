/** Reading a team's stored reports the way the follow-up parts need them: by member, by week, by kind. */
import { fridayOnOrAfter, type ReportWeek } from '../../domain/calendar';
import { DEFAULT_LAYOUT, layoutFromMarkdown } from '../../domain/followup/compile';
import { followupKey, type FollowupItem, type MissingItem } from '../../domain/followup/missingItems';
import type { NewPrompt } from '../../domain/followup/records';
import type { Team, TeamSection } from '../../domain/followup/team';
import type { StoredItem, StoredReport } from '../../domain/records';
import type { ReportReader } from './ports';

/** Earlier weeks a submission is compared with. */
const LOOKBACK_SUBMISSIONS = 4;

/** A member's report of the week: a submission, or their answers alone (not the compiled report). */
function isMembersWeek(r: StoredReport): boolean {
  return Boolean(r.submittedBy) && r.kind !== 'compiled';
}

export class MemberReports {
  constructor(private readonly reports: ReportReader) {}

  /** Member submissions of a team, oldest first (answers-only reports do not count). */
  submissions(teamName: string): StoredReport[] {
    return this.weekReports(teamName).filter((r) => r.kind !== 'followup');
  }

  /** Every member's report of a team, oldest first, including those made from follow-up answers alone. */
  weekReports(teamName: string): StoredReport[] {
    return this.reports
      .listReports({ team: teamName })
      .filter(isMembersWeek)
      .sort((a, b) => a.reportDate.localeCompare(b.reportDate) || a.id - b.id);
  }

  /** Members' reports of the week ending `reportDate`, oldest first. */
  ofWeek(teamName: string, reportDate: string): StoredReport[] {
    return this.weekReports(teamName).filter((r) => fridayOnOrAfter(r.reportDate) === reportDate);
  }

  /** The member's own report for the week, when they have one. */
  ownerReportOf(teamName: string, userId: string, reportDate: string): StoredReport | undefined {
    return this.ofWeek(teamName, reportDate)
      .filter((r) => r.submittedBy === userId)
      .pop();
  }

  /** The owner's items of their last few reports before `reportDate` (answers-only reports included). */
  earlierItems(teamName: string, userId: string, reportDate: string): FollowupItem[] {
    const mine = this.weekReports(teamName)
      .filter((r) => r.submittedBy === userId && fridayOnOrAfter(r.reportDate) < reportDate)
      .slice(-LOOKBACK_SUBMISSIONS);
    return mine.flatMap((r) => this.items(r.id).map(toFollowupItem));
  }

  items(reportId: number): StoredItem[] {
    return this.reports.getItemsForReport(reportId);
  }

  /** The team's own report of the week (the compiled one first), or null. */
  teamReportOf(teamName: string, week: ReportWeek): StoredReport | null {
    const candidates = this.reports.listReports({ team: teamName }).filter((r) => !r.submittedBy && fridayOnOrAfter(r.reportDate) === week.reportDate);
    return candidates.find((r) => r.kind === 'compiled') ?? candidates[candidates.length - 1] ?? null;
  }

  hasCompiledReport(teamName: string, reportDate: string): boolean {
    return this.reports.listReports({ team: teamName }).some((r) => r.kind === 'compiled' && fridayOnOrAfter(r.reportDate) === reportDate);
  }

  /** The team's layout: configured, else the headings of its latest team report, else the default. */
  layoutOf(team: Team): readonly TeamSection[] {
    if (team.sections?.length) return team.sections;
    const teamReports = this.reports.listReports({ team: team.name }).filter((r) => !r.submittedBy);
    for (let i = teamReports.length - 1; i >= 0; i--) {
      const layout = layoutFromMarkdown(this.reports.rawText(teamReports[i].id) ?? '');
      if (layout.length >= 2) return layout;
    }
    return DEFAULT_LAYOUT;
  }
}

export function weekOfReport(report: StoredReport): ReportWeek {
  return { weekLabel: report.weekLabel, weekNumber: report.weekNumber, reportDate: fridayOnOrAfter(report.reportDate) };
}

export function toFollowupItem(item: StoredItem): FollowupItem {
  return {
    text: item.text,
    sectionPath: item.sectionPath,
    status: item.status,
    dates: item.dates,
    weekLabel: item.weekLabel,
    reportDate: fridayOnOrAfter(item.reportDate),
    ordinal: item.ordinal,
  };
}

export function toNewPrompt(m: MissingItem): NewPrompt {
  return { key: m.key || followupKey(m.previous), reason: m.reason, prompt: m.prompt, previous: m.previous };
}
