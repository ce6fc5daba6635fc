/**
 * Edits and deletions of a submitted DM: an edit re-reads the report (the domain keeps the earlier
 * text as a version), a deletion withdraws it. Edits of questions are not re-answered.
 */
import type { Logger } from '@slack/bolt';
import { submissionWithdrawn, withLead } from '../../blocks/submission';
import { tooLongMessage } from '../../blocks/notices';
import type { SlackContext } from '../../context';
import { postMessage } from '../../reply';
import { storeSubmission } from '../../submissions';
import { MAX_MESSAGE_CHARS, slackToPlainText } from '../../text';
import type { SlackClient } from '../../types';
import type { DmMessage } from './shapes';
import { submissionSource } from './textMessage';

export async function handleMessageChanged(ctx: SlackContext, client: SlackClient, event: DmMessage, logger: Logger): Promise<void> {
  const edited = event.message;
  if (!edited?.user) return;
  const existing = ctx.kb.findReportBySource(submissionSource(event.channel, edited.ts));
  if (!existing) return;
  const raw = edited.text ?? '';
  if (raw.length > MAX_MESSAGE_CHARS) {
    await postMessage(client, event.channel, tooLongMessage(raw.length, MAX_MESSAGE_CHARS), edited.ts);
    return;
  }
  const outcome = await storeSubmission(ctx, { text: slackToPlainText(raw), source: submissionSource(event.channel, edited.ts), userId: edited.user });
  // Slack also sends message_changed when it unfurls a link: same text, nothing to say.
  if (outcome.ok && outcome.result.outcome === 'unchanged') return;
  logger.info(`submission ${existing.id} edited: ${outcome.ok ? outcome.result.outcome : 'unreadable, kept the earlier version'}`);
  const message = outcome.ok
    ? withLead(outcome.message, '✏️ 已按修改后的内容更新。')
    : withLead(outcome.message, '修改后的内容没能读成周报，之前保存的版本保持不变。');
  await postMessage(client, event.channel, message, edited.ts);
}

export async function handleMessageDeleted(ctx: SlackContext, client: SlackClient, event: DmMessage, logger: Logger): Promise<void> {
  if (!event.deleted_ts) return;
  const existing = ctx.kb.findReportBySource(submissionSource(event.channel, event.deleted_ts));
  if (!existing) return;
  ctx.kb.deleteReport(existing.id);
  logger.info(`submission ${existing.id} withdrawn: its message was deleted`);
  await postMessage(client, event.channel, submissionWithdrawn(existing));
}
