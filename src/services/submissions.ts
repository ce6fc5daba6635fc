/**
 * The one way a report is submitted: "store this member's report for their week". Slack (a DM's
 * text, a shared file, the form), the console's /paste and imports call `submitReport`; it files the
 * text under the member's team and the week it is where they are, stores it, and asks the follow-ups
 * what it leaves open — all in one call, so a caller only renders the result.
 *
 * May import: services, adapters (the document reader, the prose check), domain, kernel.
 */
import { CONVERTED_EXTENSIONS, MAX_DOCUMENT_BYTES, readReportDocument } from '../adapters/import/documents';
import { looksLikeProseUpdate } from '../adapters/llm/submission';
import type { PromptRow } from '../domain/followup/records';
import type { ReportItem } from '../domain/reports/model';
import type { CompiledWeek, Followups } from './followups/index';
import type { IngestOutcome, IngestResult, KnowledgeBaseApi, ReportSummary } from './knowledgeBaseTypes';

/** Document types a submitted file may be (besides .md/.markdown/.txt), and their size limit. */
export const SUBMITTED_DOCUMENT_EXTENSIONS: readonly string[] = CONVERTED_EXTENSIONS;
export const MAX_SUBMITTED_DOCUMENT_BYTES = MAX_DOCUMENT_BYTES;

export interface SubmittedFile {
  name: string;
  bytes: Buffer;
}

export interface SubmitRequest {
  /** Who submits it (a Slack user id); null for a team's own report (the console) */
  member: string | null;
  /** The team to file it under; absent: the team the text names, else the install's default team */
  team?: string;
  /** The report's text, or `file` (a .md/.txt file or a .docx/.pdf/.html document) */
  text?: string | Buffer;
  file?: SubmittedFile;
  /** Where it came from, kept as the report's source: "slack:<channel>:<ts>", "slack:modal:<view id>", "console:<time>" */
  source: string;
  /** When it was submitted: the week is the one `at` falls in, where the member is */
  at: Date;
  /** The member's own time zone (their Friday afternoon may be Saturday at the install); default the install's */
  timeZone?: string;
  /** Prose, to be read into items by the model when one is configured (see submissionReadingOf) */
  freeForm?: boolean;
}

export interface SubmittedReport {
  report: ReportSummary;
  outcome: IngestOutcome;
  /** What was understood, item by item */
  items: ReportItem[];
  /** Remarks for the submitter (e.g. the model's reading of prose was not used) */
  warnings: string[];
  /** Items of earlier weeks the report leaves open, claimed to be asked in its thread (empty without follow-ups) */
  followupPrompts: PromptRow[];
  /** The week's compiled team report, re-made to include this submission */
  recompiled: CompiledWeek | null;
  /** The knowledge base's whole result (receipts show the parsed report) */
  result: IngestResult;
}

export interface SubmissionDeps {
  kb: Pick<KnowledgeBaseApi, 'ingestText' | 'currentWeek'>;
  /** Null: no follow-ups (no prompts, nothing recompiled) */
  followups: Followups | null;
  defaultTeam: string;
  /** The install's time zone (a member without one of their own is in it) */
  timeZone: string;
  /** A failure of the follow-up step: the report is stored all the same */
  onFollowupError?: (error: unknown) => void;
}

/**
 * How a DM's text would be submitted: as a structured report, as prose the model reads into items
 * (only with a model), or not at all (it is a question).
 */
export function submissionReadingOf(text: string, options: { structured: boolean; modelAvailable: boolean }): 'structured' | 'prose' | null {
  if (options.structured) return 'structured';
  return options.modelAvailable && looksLikeProseUpdate(text) ? 'prose' : null;
}

/**
 * Stores the report for the member's week and follows it up. Throws ReportParseError (with a
 * message for the submitter) when the text or file cannot be read as a report; nothing is stored then.
 */
export async function submitReport(deps: SubmissionDeps, request: SubmitRequest): Promise<SubmittedReport> {
  const text = request.file ? (await readReportDocument(request.file)).text : (request.text ?? '');
  const team = request.team ?? deps.defaultTeam;
  const week = deps.kb.currentWeek(team, request.at, request.timeZone ?? deps.timeZone);
  const result = await deps.kb.ingestText(text, {
    source: request.source,
    team,
    // A member's report is theirs for their team whatever its heading says; so is a team named by the caller.
    forceTeam: request.team !== undefined || request.member !== null,
    ...(request.member ? { submittedBy: request.member } : {}),
    weekLabel: week.weekLabel,
    weekNumber: week.weekNumber,
    reportDate: week.reportDate,
    ...(request.freeForm ? { freeForm: true } : {}),
  });
  const followup = request.member ? await followUp(deps, result.report.id) : null;
  return {
    report: result.report,
    outcome: result.outcome,
    items: result.parsed.items,
    warnings: result.note ? [result.note] : [],
    followupPrompts: followup?.prompts ?? [],
    recompiled: followup?.recompiled ?? null,
    result,
  };
}

async function followUp(deps: SubmissionDeps, reportId: number) {
  if (!deps.followups) return null;
  try {
    return await deps.followups.prompts.afterSubmission(reportId);
  } catch (error) {
    deps.onFollowupError?.(error);
    return null;
  }
}
