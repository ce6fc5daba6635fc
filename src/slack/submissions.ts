/**
 * Storing a member's submission (DM text, file, modal) for their team's current week, and the
 * reply that says what was understood. Parse problems come back as replies, never as silence.
 */
import type { IngestResult } from '../services/knowledgeBaseTypes';
import { ReportParseError } from '../domain/reports/model';
import type { SlackContext } from './context';
import { submitFailedMessage } from './blocks/notices';
import { submissionReceipt, submissionRejected, withLead } from './blocks/submission';
import type { SlackMessage } from './types';

export type SubmissionOutcome =
  | { ok: true; result: IngestResult; message: SlackMessage }
  | { ok: false; message: SlackMessage; reason: 'unreadable' | 'failed' };

export interface SubmissionInput {
  text: string | Buffer;
  /** Where it came from: "slack:<channel>:<ts>" for a message, "slack:modal:<view id>" for the form */
  source: string;
  userId: string;
  /** Prose rather than a structured report: read with the model when one is configured (kbTypes) */
  freeForm?: boolean;
}

export async function storeSubmission(ctx: SlackContext, input: SubmissionInput): Promise<SubmissionOutcome> {
  try {
    const team = await ctx.teamFor(input.userId);
    // The member's own Friday: a Los Angeles member's Friday afternoon is Saturday in Shanghai.
    const timeZone = (await ctx.timeZoneOf?.(input.userId).catch(() => undefined)) ?? ctx.config.timeZone;
    const week = ctx.kb.currentWeek(team, ctx.clock(), timeZone);
    const result = await ctx.kb.ingestText(input.text, {
      source: input.source,
      team,
      forceTeam: true,
      submittedBy: input.userId,
      weekLabel: week.weekLabel,
      weekNumber: week.weekNumber,
      reportDate: week.reportDate,
      ...(input.freeForm ? { freeForm: true } : {}),
    });
    const receipt = submissionReceipt(result);
    return { ok: true, result, message: result.note ? withLead(receipt, result.note) : receipt };
  } catch (error) {
    if (error instanceof ReportParseError || (error as Error)?.name === 'ReportParseError') return { ok: false, reason: 'unreadable', message: submissionRejected((error as Error).message) };
    ctx.logger.error('storing a submission failed:', error);
    return { ok: false, reason: 'failed', message: submitFailedMessage() };
  }
}
