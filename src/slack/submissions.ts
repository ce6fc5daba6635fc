/**
 * A member's submission from Slack (DM text, a shared file, the form), through the one submission
 * path (services/submissions.ts), and the replies it gets: the receipt that says what was
 * understood (or why it was not: parse problems come back as replies, never as silence), then the
 * follow-up questions about what it leaves open.
 */
import { ReportParseError } from '../domain/reports/model';
import { submitReport, type SubmittedFile, type SubmittedReport } from '../services/submissions';
import type { SlackContext } from './context';
import { fileRejectedMessage, submitFailedMessage } from './blocks/notices';
import { submissionReceipt, submissionRejected, withLead } from './blocks/submission';
import { postPrompts, refreshCompiledPost } from './followups/publish';
import { openDirectMessage } from './reply';
import type { SlackClient, SlackMessage } from './types';

export type SlackSubmission =
  | { ok: true; submitted: SubmittedReport; message: SlackMessage }
  | { ok: false; message: SlackMessage; reason: 'unreadable' | 'failed' };

export interface SlackSubmissionInput {
  userId: string;
  /** Where it came from: "slack:<channel>:<ts>" for a message, "slack:modal:<view id>" for the form */
  source: string;
  text?: string;
  file?: SubmittedFile;
  /** Prose rather than a structured report: read with the model (services/submissions.ts) */
  freeForm?: boolean;
}

/** The source of a DM submission: the message it came in. */
export function messageSource(channel: string, ts: string): string {
  return `slack:${channel}:${ts}`;
}

/** The source of a form submission: the form's view. */
export function formSource(viewId: string): string {
  return `slack:modal:${viewId}`;
}

/** Stores the submission for the member's team and week; the receipt (or the refusal) to post. */
export async function submitFromSlack(ctx: SlackContext, input: SlackSubmissionInput): Promise<SlackSubmission> {
  try {
    const team = await ctx.teamFor(input.userId);
    // The member's own Friday: a Los Angeles member's Friday afternoon is Saturday in Shanghai.
    const timeZone = await ctx.timeZoneOf?.(input.userId).catch(() => undefined);
    const submitted = await submitReport(ctx.submissions, {
      member: input.userId,
      team,
      ...(input.file ? { file: input.file } : { text: input.text ?? '' }),
      source: input.source,
      at: ctx.clock(),
      ...(timeZone ? { timeZone } : {}),
      ...(input.freeForm ? { freeForm: true } : {}),
    });
    const receipt = submissionReceipt(submitted.result);
    const message = submitted.warnings.reduce((m, warning) => withLead(m, warning), receipt);
    return { ok: true, submitted, message };
  } catch (error) {
    if (error instanceof ReportParseError || (error as Error)?.name === 'ReportParseError') {
      // A file that is not a readable document is refused as a file; a text that is not a report, as a report.
      const unreadableFile = input.file && ['unsupported', 'too_large'].includes((error as ReportParseError).code);
      return { ok: false, reason: 'unreadable', message: unreadableFile ? fileRejectedMessage((error as Error).message) : submissionRejected((error as Error).message) };
    }
    ctx.logger.error('storing a submission failed:', error);
    return { ok: false, reason: 'failed', message: submitFailedMessage() };
  }
}

/**
 * After the receipt: the posted compiled report shows the new text, and the items the submission
 * leaves open are asked in `threadTs` (the submission's thread; a form submission has none, so a
 * new DM message starts one). A failure is logged: the submission is stored all the same.
 */
export async function postSubmissionFollowups(ctx: SlackContext, client: SlackClient, submission: SlackSubmission, userId: string, channel: string | null, threadTs: string | null): Promise<void> {
  const { followups } = ctx;
  if (!followups || !submission.ok) return;
  const { followupPrompts, recompiled } = submission.submitted;
  try {
    if (recompiled) await refreshCompiledPost(client, followups, recompiled);
    if (!followupPrompts.length) return;
    const where = channel ?? (await openDirectMessage(client, userId));
    await postPrompts(client, followups, userId, followupPrompts, where, threadTs);
    ctx.logger.info(`asked ${userId} about ${followupPrompts.length} open item(s) of earlier weeks`);
  } catch (error) {
    ctx.logger.error('following up a submission failed:', error);
  }
}
