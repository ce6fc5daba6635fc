/**
 * A DM with text: a one-line DM (or any text that does not read like a report) is a question,
 * answered in the DM; a multi-line DM with bullets, numbers or headings is the sender's weekly
 * submission, confirmed in a thread under it.
 */
import type { Logger } from '@slack/bolt';
import { answerFor } from '../../answering';
import { tooLongMessage } from '../../blocks/notices';
import type { SlackContext } from '../../context';
import { addReaction, postMessage } from '../../reply';
import { storeSubmission } from '../../submissions';
import { MAX_MESSAGE_CHARS, looksLikeReport, slackToPlainText } from '../../text';
import { previousQuestionsInThread, threadKey } from '../../threadContext';
import type { SlackClient } from '../../types';
import type { DmMessage } from './shapes';

export function submissionSource(channel: string, ts: string): string {
  return `slack:${channel}:${ts}`;
}

export async function handleTextMessage(ctx: SlackContext, client: SlackClient, message: DmMessage, botUserId: string | undefined, logger: Logger): Promise<void> {
  const raw = message.text ?? '';
  if (raw.length > MAX_MESSAGE_CHARS) {
    await postMessage(client, message.channel, tooLongMessage(raw.length, MAX_MESSAGE_CHARS), message.ts);
    return;
  }
  const text = slackToPlainText(raw).trim();
  if (!text || !message.user) return;

  if (looksLikeReport(text)) {
    const outcome = await storeSubmission(ctx, { text, source: submissionSource(message.channel, message.ts), userId: message.user });
    await postMessage(client, message.channel, outcome.message, message.ts);
    return;
  }

  const reacting = addReaction(client, message.channel, message.ts, 'eyes', logger);
  const key = message.thread_ts ? threadKey(message.channel, message.thread_ts) : `dm:${message.channel}`;
  const previous = message.thread_ts
    ? ((await previousQuestionsInThread(client, {
        channel: message.channel,
        threadTs: message.thread_ts,
        beforeTs: message.ts,
        botUserId,
        isDirectMessage: true,
      })) ?? ctx.conversations.recent(key))
    : ctx.conversations.recent(key);
  const reply = await answerFor(ctx, text, previous);
  await postMessage(client, message.channel, reply, message.thread_ts);
  ctx.conversations.remember(key, text);
  await reacting;
}
