/**
 * message.im: the DM conversation with the bot. Routes a person's message to the question /
 * submission, file, edit or deletion handler; ignores the bot's own and other bots' messages
 * and every other subtype.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { busyMessage, handlingFailedMessage } from '../../blocks/notices';
import type { SlackContext } from '../../context';
import { postQuietly } from '../../reply';
import { rememberQueuedWork } from '../../workQueue';
import { claimSlackEvent } from '../claim';
import { handleMessageChanged, handleMessageDeleted } from './editedOrDeleted';
import { handleFileShare } from './fileShare';
import { HANDLED_SUBTYPES, isFromBot, type DmMessage } from './shapes';
import { handleTextMessage } from './textMessage';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

export function directMessage(ctx: SlackContext) {
  return async ({ event, body, client, context }: Args): Promise<void> => {
    const message = event as unknown as DmMessage;
    if (message.channel_type !== 'im') return;
    if (message.subtype && !HANDLED_SUBTYPES.has(message.subtype)) return;
    const botUserId = context.botUserId;
    if (message.subtype === 'message_changed') {
      if (isFromBot(message.message, botUserId)) return;
    } else if (message.subtype === 'message_deleted') {
      if (isFromBot(message.previous_message, botUserId)) return;
    } else if (isFromBot(message, botUserId)) {
      return;
    }
    if (!claimSlackEvent(ctx, body, `${message.channel}:${message.ts}:${message.subtype ?? ''}`)) return;

    const handle = async (): Promise<void> => {
      try {
        switch (message.subtype) {
          case 'message_changed':
            return await handleMessageChanged(ctx, client, message, ctx.logger);
          case 'message_deleted':
            return await handleMessageDeleted(ctx, client, message, ctx.logger);
          case 'file_share':
            return await handleFileShare(ctx, client, message, context.botToken ?? ctx.config.slack.botToken ?? '', ctx.logger);
          default:
            return await handleTextMessage(ctx, client, message, botUserId, ctx.logger);
        }
      } catch (error) {
        ctx.logger.error('handling a direct message failed:', error);
        if (message.subtype !== 'message_deleted') {
          await postQuietly(client, ctx.logger, message.channel, handlingFailedMessage(), message.thread_ts);
        }
      }
    };
    // A deletion withdraws a stored report: it is never refused, whatever the queue holds.
    if (message.subtype === 'message_deleted') return handle();
    // Questions and submissions wait in the answer queue, after the acknowledgement (workQueue.ts).
    const queued = ctx.work.offer(handle);
    // The follow-up middleware acts after the submission is stored: it waits for this.
    if (queued) rememberQueuedWork(context, queued);
    else {
      ctx.logger.warn(`answer queue full: told ${message.user ?? 'someone'} in ${message.channel} to try again`);
      await postQuietly(client, ctx.logger, message.channel, busyMessage(), message.thread_ts ?? message.ts);
    }
  };
}
