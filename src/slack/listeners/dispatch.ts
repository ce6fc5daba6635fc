/**
 * The one dispatch of a classified message (classify.ts): each kind of request to its handler, with
 * the at-least-once guard (a redelivered event is handled once) and the answer queue (questions and
 * submissions wait in it, after the acknowledgement; when it is full the sender is told to retry).
 */
import { busyMessage, handlingFailedMessage, tooLongMessage } from '../blocks/notices';
import type { MessageRequest } from '../classify';
import type { SlackContext } from '../context';
import { postMessage, postQuietly } from '../reply';
import { MAX_MESSAGE_CHARS } from '../text';
import type { SlackClient } from '../types';
import { claimSlackEvent } from './claim';
import { answerMention } from './events/appMention';
import { handleMessageChanged, handleMessageDeleted } from './messages/editedOrDeleted';
import { handleFileShare } from './messages/fileShare';
import { handleFollowupReply } from './messages/followupReply';
import { handleDmQuestion, handleReportMessage } from './messages/textMessage';

export interface DispatchEnv {
  client: SlackClient;
  /** The event's envelope: its event_id identifies a redelivery */
  body: { event_id?: string };
  /** The event's own ts: with the channel, its key when the envelope has no event_id */
  eventTs: string;
  botUserId?: string;
  botToken?: string;
}

export async function dispatchMessage(ctx: SlackContext, request: MessageRequest, env: DispatchEnv): Promise<void> {
  const { client } = env;
  switch (request.kind) {
    case 'ignore':
      return;
    case 'followupReply':
      // A mention in a thread also arrives as a message event (and Slack may retry): read it once.
      if (!(await ctx.kb.claimEvent(`followup-reply:${request.channel}:${request.ts}`))) return;
      return guarded(ctx, () => handleFollowupReply(ctx, client, request), 'handling a follow-up answer failed:');
    case 'delete':
      // A deletion withdraws a stored report: it is never refused, whatever the queue holds.
      if (!(await claimSlackEvent(ctx, env.body, `${request.channel}:${env.eventTs}:message_deleted`))) return;
      return guarded(ctx, () => handleMessageDeleted(ctx, client, request, ctx.logger), 'handling a direct message failed:');
    case 'question':
      if (request.place === 'mention') {
        if (!(await claimSlackEvent(ctx, env.body, `${request.channel}:${env.eventTs}`))) return;
        const replyTs = request.threadTs ?? request.ts;
        return queue(ctx, client, request.channel, replyTs, request.user, () => answerMention(ctx, client, request, env.botUserId));
      }
      return dm(ctx, env, request.channel, request.ts, '', request.threadTs, () => handleDmQuestion(ctx, client, request, env.botUserId));
    case 'tooLong':
      if (!(await claimSlackEvent(ctx, env.body, `${request.channel}:${env.eventTs}:`))) return;
      return guarded(ctx, () => postMessage(client, request.channel, tooLongMessage(request.length, MAX_MESSAGE_CHARS), request.replyTs).then(() => undefined), 'replying to a long message failed:');
    case 'report':
      return dm(ctx, env, request.channel, request.ts, '', undefined, () => handleReportMessage(ctx, client, request));
    case 'reportFile':
      return dm(ctx, env, request.channel, request.ts, 'file_share', undefined, () =>
        handleFileShare(ctx, client, request, env.botToken ?? ctx.config.slack.botToken ?? '', ctx.logger),
      );
    case 'edit':
      return dm(ctx, env, request.channel, request.ts, 'message_changed', undefined, () => handleMessageChanged(ctx, client, request, ctx.logger));
  }
}

/** A person's DM: handled once, in the answer queue; a failure is told in the DM. */
async function dm(ctx: SlackContext, env: DispatchEnv, channel: string, ts: string, subtype: string, threadTs: string | undefined, handle: () => Promise<void>): Promise<void> {
  if (!(await claimSlackEvent(ctx, env.body, `${channel}:${env.eventTs}:${subtype}`))) return;
  const job = async () => {
    try {
      await handle();
    } catch (error) {
      ctx.logger.error('handling a direct message failed:', error);
      await postQuietly(env.client, ctx.logger, channel, handlingFailedMessage(), threadTs);
    }
  };
  return queue(ctx, env.client, channel, threadTs ?? ts, undefined, job);
}

/** Into the answer queue (workQueue.ts), or "busy, try again" when it is full. */
async function queue(ctx: SlackContext, client: SlackClient, channel: string, busyTs: string, user: string | undefined, job: () => Promise<void>): Promise<void> {
  if (ctx.work.offer(job)) return;
  ctx.logger.warn(`answer queue full: told ${user ?? 'someone'} in ${channel} to try again`);
  await postQuietly(client, ctx.logger, channel, busyMessage(), busyTs);
}

/** Work outside the queue: a failure is logged (the reply it would have posted is lost, never the request). */
async function guarded(ctx: SlackContext, work: () => Promise<void>, what: string): Promise<void> {
  try {
    await work();
  } catch (error) {
    ctx.logger.error(what, error);
  }
}
