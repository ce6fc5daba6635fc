/** This week's submissions for a team: shared by `/zhoubao status`, App Home and the submit modal. */
import type { KnowledgeBaseApi, ReportSummary } from '../services/knowledgeBaseTypes';

export interface WeekStatus {
  team: string;
  week: { weekLabel: string; weekNumber: number; reportDate: string };
  /** Reports stored for the team's current week */
  reports: ReportSummary[];
}

export function weekStatus(kb: KnowledgeBaseApi, team: string, now: Date, timeZone: string): WeekStatus {
  const week = kb.currentWeek(team, now, timeZone);
  const year = week.reportDate.slice(0, 4);
  // A report's identity is team + week number + year (the stored date may be any day of that week).
  const reports = kb.listReports({ team }).filter((r) => r.weekNumber === week.weekNumber && r.reportDate.slice(0, 4) === year);
  return { team, week, reports };
}

/** The user's own report this week, if any. */
export function submissionOf(status: WeekStatus, userId: string): ReportSummary | null {
  return status.reports.find((r) => r.submittedBy === userId) ?? null;
}
