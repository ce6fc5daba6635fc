/**
 * @mention in a channel: answer in a thread under the question. A mention inside a thread is a
 * follow-up, read with the thread's earlier questions.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { postAnswer } from '../../answering';
import { askFailedMessage, busyMessage, tooLongMessage } from '../../blocks/notices';
import type { SlackContext } from '../../context';
import { addReaction, postMessage, postQuietly } from '../../reply';
import { MAX_MESSAGE_CHARS, stripBotMention } from '../../text';
import { previousQuestionsInThread, threadKey } from '../../threadContext';
import type { SlackClient } from '../../types';
import { rememberQueuedWork } from '../../workQueue';
import { claimSlackEvent } from '../claim';

type Args = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

export function appMention(ctx: SlackContext) {
  return async ({ event, body, client, context }: Args): Promise<void> => {
    // Another bot mentioning us (or an echo of ourselves) must not start a bot-to-bot loop.
    if (event.bot_id || event.user === context.botUserId) return;
    if (!claimSlackEvent(ctx, body, `${event.channel}:${event.ts}`)) return;
    const threadTs = event.thread_ts ?? event.ts;
    // Slack has its acknowledgement already (Bolt sends it before listeners run); the answer is
    // queued so that it cannot delay the acknowledgements of the mentions arriving after this one.
    const queued = ctx.work.offer(() => answerMention(ctx, client, event, context.botUserId, threadTs));
    if (queued) rememberQueuedWork(context, queued);
    else {
      ctx.logger.warn(`answer queue full: told ${event.user ?? 'someone'} in ${event.channel} to try again`);
      await postQuietly(client, ctx.logger, event.channel, busyMessage(), threadTs);
    }
  };
}

async function answerMention(ctx: SlackContext, client: SlackClient, event: Args['event'], botUserId: string | undefined, threadTs: string): Promise<void> {
  try {
    const raw = event.text ?? '';
    if (raw.length > MAX_MESSAGE_CHARS) {
      await postMessage(client, event.channel, tooLongMessage(raw.length, MAX_MESSAGE_CHARS), threadTs);
      return;
    }
    const question = stripBotMention(raw, botUserId);
    const reacting = addReaction(client, event.channel, event.ts, 'eyes', ctx.logger);
    const key = threadKey(event.channel, threadTs);
    const previous = event.thread_ts
      ? ((await previousQuestionsInThread(client, {
          channel: event.channel,
          threadTs: event.thread_ts,
          beforeTs: event.ts,
          botUserId,
          isDirectMessage: false,
        })) ?? ctx.conversations.recent(key))
      : [];
    await postAnswer(ctx, client, event.channel, question, previous, threadTs);
    if (question) ctx.conversations.remember(key, question);
    await reacting;
  } catch (error) {
    ctx.logger.error('handling a mention failed:', error);
    await postQuietly(client, ctx.logger, event.channel, askFailedMessage(), threadTs);
  }
}
