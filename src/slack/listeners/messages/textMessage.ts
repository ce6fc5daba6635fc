/**
 * A DM with text: a one-line DM (or any text that does not read like a report) is a question,
 * answered in the DM; a multi-line DM with bullets, numbers or headings is the sender's weekly
 * submission, confirmed in a thread under it. With a model configured, prose that reads like a
 * weekly update (several sentences with dates or progress words) is a submission as well, read into
 * items by the model and checked against the parser (src/llm/submission.ts).
 */
import type { Logger } from '@slack/bolt';
import { looksLikeProseUpdate } from '../../../adapters/llm/submission';
import { postAnswer } from '../../answering';
import { tooLongMessage } from '../../blocks/notices';
import type { SlackContext } from '../../context';
import { addReaction, postMessage } from '../../reply';
import { storeSubmission } from '../../submissions';
import { MAX_MESSAGE_CHARS, looksLikeReport, slackToPlainText, stripBotMention } from '../../text';
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

  // Prose that reads like a weekly update is a submission too, when a model can read it into items.
  const freeForm = !looksLikeReport(text) && Boolean(ctx.kb.llmEnabled?.()) && looksLikeProseUpdate(text);
  if (looksLikeReport(text) || freeForm) {
    const outcome = await storeSubmission(ctx, { text, source: submissionSource(message.channel, message.ts), userId: message.user, freeForm });
    await postMessage(client, message.channel, outcome.message, message.ts);
    return;
  }

  // A question may still mention the bot ("@周报助手 …") even in its DM.
  const question = stripBotMention(raw, botUserId);
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
  await postAnswer(ctx, client, message.channel, question, previous, message.thread_ts);
  if (question) ctx.conversations.remember(key, question);
  await reacting;
}
