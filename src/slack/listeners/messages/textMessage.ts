/**
 * A DM with text, already classified (classify.ts): a report is stored through the one submission
 * path, confirmed in a thread under it, and followed up there; a question is answered in the DM
 * (with the earlier questions of its thread, or of the DM, as context).
 */
import { postAnswer } from '../../answering';
import type { MessageRequest } from '../../classify';
import type { SlackContext } from '../../context';
import { addReaction, postMessage } from '../../reply';
import { messageSource, postSubmissionFollowups, submitFromSlack } from '../../submissions';
import { previousQuestionsInThread, threadKey } from '../../threadContext';
import type { SlackClient } from '../../types';

type ReportRequest = Extract<MessageRequest, { kind: 'report' }>;
type QuestionRequest = Extract<MessageRequest, { kind: 'question' }>;

export async function handleReportMessage(ctx: SlackContext, client: SlackClient, request: ReportRequest): Promise<void> {
  const submission = await submitFromSlack(ctx, { userId: request.user, source: messageSource(request.channel, request.ts), text: request.text, freeForm: request.freeForm });
  await postMessage(client, request.channel, submission.message, request.ts);
  await postSubmissionFollowups(ctx, client, submission, request.user, request.channel, request.ts);
}

export async function handleDmQuestion(ctx: SlackContext, client: SlackClient, request: QuestionRequest, botUserId: string | undefined): Promise<void> {
  const { channel, ts, threadTs, question } = request;
  const reacting = addReaction(client, channel, ts, 'eyes', ctx.logger);
  const key = threadTs ? threadKey(channel, threadTs) : `dm:${channel}`;
  const previous = threadTs
    ? ((await previousQuestionsInThread(client, { channel, threadTs, beforeTs: ts, botUserId, isDirectMessage: true })) ?? ctx.conversations.recent(key))
    : ctx.conversations.recent(key);
  await postAnswer(ctx, client, channel, question, previous, threadTs);
  if (question) ctx.conversations.remember(key, question);
  await reacting;
}
