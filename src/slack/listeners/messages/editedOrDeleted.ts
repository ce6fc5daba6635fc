/**
 * Edits and deletions of a submitted DM: an edit re-reads the report (the domain keeps the earlier
 * text as a version) and follows it up again, a deletion withdraws it. Edits of questions are not
 * re-answered.
 */
import type { Logger } from '@slack/bolt';
import { submissionWithdrawn, withLead } from '../../blocks/submission';
import { tooLongMessage } from '../../blocks/notices';
import type { MessageRequest } from '../../classify';
import type { SlackContext } from '../../context';
import { postMessage } from '../../reply';
import { messageSource, postSubmissionFollowups, submitFromSlack } from '../../submissions';
import { MAX_MESSAGE_CHARS, slackToPlainText } from '../../text';
import type { SlackClient } from '../../types';

type EditRequest = Extract<MessageRequest, { kind: 'edit' }>;
type DeleteRequest = Extract<MessageRequest, { kind: 'delete' }>;

export async function handleMessageChanged(ctx: SlackContext, client: SlackClient, request: EditRequest, logger: Logger): Promise<void> {
  const source = messageSource(request.channel, request.ts);
  const existing = ctx.kb.findReportBySource(source);
  if (!existing) return;
  if (request.rawText.length > MAX_MESSAGE_CHARS) {
    await postMessage(client, request.channel, tooLongMessage(request.rawText.length, MAX_MESSAGE_CHARS), request.ts);
    return;
  }
  const submission = await submitFromSlack(ctx, { userId: request.user, source, text: slackToPlainText(request.rawText) });
  // Slack also sends message_changed when it unfurls a link: same text, nothing to say.
  if (submission.ok && submission.submitted.outcome === 'unchanged') return;
  logger.info(`submission ${existing.id} edited: ${submission.ok ? submission.submitted.outcome : 'unreadable, kept the earlier version'}`);
  const message = submission.ok
    ? withLead(submission.message, '✏️ 已按修改后的内容更新。')
    : withLead(submission.message, '修改后的内容没能读成周报，之前保存的版本保持不变。');
  await postMessage(client, request.channel, message, request.ts);
  await postSubmissionFollowups(ctx, client, submission, request.user, request.channel, request.ts);
}

export async function handleMessageDeleted(ctx: SlackContext, client: SlackClient, request: DeleteRequest, logger: Logger): Promise<void> {
  const existing = ctx.kb.findReportBySource(messageSource(request.channel, request.deletedTs));
  if (!existing) return;
  await ctx.kb.deleteReport(existing.id);
  logger.info(`submission ${existing.id} withdrawn: its message was deleted`);
  await postMessage(client, request.channel, submissionWithdrawn(existing));
}
