/** What the report store hands out: rows as domain objects. */
import type { ReportItem, ReportPeriod } from './reports/model';

/**
 * What a stored report is: a team's own report (a file, an import, the console), a member's
 * submission, a member's week made from their follow-up answers alone, or the team report compiled
 * from the members' submissions.
 */
export type ReportKind = 'report' | 'submission' | 'followup' | 'compiled';

/** The kind a report gets when the writer does not say: a member's text is their submission. */
export function defaultReportKind(submittedBy: string | null | undefined): ReportKind {
  return submittedBy ? 'submission' : 'report';
}

export interface StoredReport {
  id: number;
  team: string;
  weekLabel: string;
  weekNumber: number;
  /** ISO date, e.g. 2023-11-17 */
  reportDate: string;
  title: string | null;
  /** Where the text came from: a file path, "slack:dm:U123", "console" */
  source: string;
  submittedBy: string | null;
  kind: ReportKind;
  /** sha256 (hex) of the normalised raw text with team, week and date: equal hash = same submission */
  contentHash: string;
  itemCount: number;
  /** 1 for the first submission, +1 for every replacement */
  version: number;
  /** ISO timestamps */
  createdAt: string;
  updatedAt: string;
  /** The dates the report covers when it states a range (a biweekly report spans two weeks); null otherwise */
  period: ReportPeriod | null;
}

/** An item with the report it belongs to, so a citation needs nothing else. */
export type StoredItem = ReportItem & {
  id: number;
  reportId: number;
  team: string;
  weekLabel: string;
  weekNumber: number;
  reportDate: string;
};

export type SaveOutcome = 'new' | 'replaced' | 'unchanged';

/** An earlier text of a report, kept when a newer submission replaced it. */
export interface ReportVersion {
  reportId: number;
  version: number;
  weekLabel: string;
  reportDate: string;
  title: string | null;
  rawText: string;
  contentHash: string;
  source: string;
  submittedBy: string | null;
  itemCount: number;
  replacedAt: string;
}
