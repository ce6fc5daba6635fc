/**
 * The follow-up features' place in the Bolt pipeline, as one global middleware, because they sit
 * around listeners owned elsewhere rather than beside them:
 *
 * - before the listeners: `/zhoubao team|compile` are answered here (the /zhoubao listener would
 *   call them unknown), and an owner's answer in a follow-up thread is stored here (the DM listener
 *   would answer it as a question). Everything else passes on.
 * - after the listeners (`await next()` resolves when they are done): a DM or form submission that
 *   was stored is compared with the owner's earlier weeks, and what it leaves open is asked in its
 *   thread.
 *
 * Each step is guarded: a failure here is logged and never keeps a message from its listener.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { FollowupService } from '../../../services/followups/service';
import { handlingFailedMessage } from '../../blocks/notices';
import { replyStoredMessage, replyUnclearMessage } from '../../blocks/followup';
import type { SlackContext } from '../../context';
import { VIEW_IDS } from '../../ids';
import { openDirectMessage, postMessage } from '../../reply';
import { slackToPlainText, stripBotMention } from '../../text';
import type { SlackClient } from '../../types';
import { submissionSource } from '../messages/textMessage';
import { queuedWorkOf } from '../../workQueue';
import { postPrompts, refreshCompiledPost, type SlackDirectory } from './ports';
import { compileCommand, followupSubcommand, teamCommand } from './teamCommand';

const COMMAND = '/zhoubao';

export interface FollowupRuntime {
  service: FollowupService;
  directory: SlackDirectory;
  /** A team's schedule or time zone changed: rebuild the cron jobs */
  onScheduleChange: () => void;
}

/** The parts of the payloads this middleware reads. */
interface LooseEvent {
  type?: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  message?: { ts?: string; user?: string };
}

interface LooseBody {
  type?: string;
  command?: string;
  text?: string;
  user_id?: string;
  channel_id?: string;
  event?: LooseEvent;
  view?: { id?: string; callback_id?: string };
  user?: { id?: string };
}

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

export function followupMiddleware(ctx: SlackContext, runtime: FollowupRuntime): Middleware<AnyMiddlewareArgs> {
  return async (args: Args) => {
    const body = args.body as LooseBody;
    let handled = false;
    try {
      if (body.command === COMMAND && followupSubcommand(body.text ?? '')) {
        await handleCommand(ctx, runtime, args, body);
        handled = true;
      } else if (body.event && (body.event.type === 'message' || body.event.type === 'app_mention')) {
        handled = await handleThreadReply(ctx, runtime, args.client, body.event, args.context.botUserId);
      }
    } catch (error) {
      ctx.logger.error('follow-up handling failed:', error);
    }
    if (handled) return;
    await args.next();
    // Listeners queue their work (workQueue.ts) and return: what follows needs it done.
    await queuedWorkOf(args.context);
    try {
      await afterListeners(ctx, runtime, args.client, body);
    } catch (error) {
      ctx.logger.error('following up a submission failed:', error);
    }
  };
}

async function handleCommand(ctx: SlackContext, runtime: FollowupRuntime, args: Args, body: LooseBody): Promise<void> {
  const { ack, respond } = args as unknown as { ack: () => Promise<void>; respond: RespondFn };
  await ack();
  const input = { text: slackToPlainTextKeepingIds(body.text ?? ''), userId: body.user_id ?? '', channelId: body.channel_id ?? '' };
  try {
    const message =
      followupSubcommand(input.text) === 'team'
        ? await teamCommand(ctx, runtime.service, runtime.directory, input, runtime.onScheduleChange)
        : await compileCommand(ctx, runtime.service, runtime.directory, args.client, input);
    await respond({ response_type: 'ephemeral', ...message });
  } catch (error) {
    ctx.logger.error('handling /zhoubao team|compile failed:', error);
    await respond({ response_type: 'ephemeral', ...handlingFailedMessage() });
  }
}

/** Entities decoded, but <@U…> and <#C…> kept: the settings commands need the ids. */
function slackToPlainTextKeepingIds(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** True when the message was an owner's answer in a follow-up thread (and so is not a question). */
async function handleThreadReply(ctx: SlackContext, runtime: FollowupRuntime, client: SlackClient, event: LooseEvent, botUserId?: string): Promise<boolean> {
  const { channel, ts, thread_ts: threadTs, user } = event;
  if (!channel || !ts || !threadTs || threadTs === ts || !user) return false;
  if (event.bot_id || user === botUserId || (event.subtype && event.subtype !== 'thread_broadcast')) return false;
  const { service } = runtime;
  if (!service.isFollowupThread(channel, threadTs)) return false;
  const text = event.type === 'app_mention' || botUserId ? stripBotMention(event.text ?? '', botUserId) : slackToPlainText(event.text ?? '');
  const preview = service.previewReply(channel, threadTs, user, text);
  if (preview === 'not_followup' || preview === 'question') return false;
  // A mention in a thread also arrives as a message event (and Slack may retry): read it once.
  if (!ctx.kb.claimEvent(`followup-reply:${channel}:${ts}`)) return true;
  if (preview === 'acknowledgement') return true;
  const outcome = await service.readReply(channel, threadTs, user, text, ts);
  if (outcome.kind === 'unclear') {
    await postMessage(client, channel, replyUnclearMessage(outcome.asked), threadTs);
  } else if (outcome.kind === 'stored') {
    await postMessage(client, channel, replyStoredMessage(outcome.updates.map((u) => u.line), outcome.recompiled !== null), threadTs);
    if (outcome.recompiled) await refreshCompiledPost(client, service, outcome.recompiled);
    ctx.logger.info(`stored ${outcome.updates.length} follow-up answer(s) from ${user}`);
  } else {
    return false;
  }
  return true;
}

/** A submission the listeners just stored: ask about what it leaves open, in its thread. */
async function afterListeners(ctx: SlackContext, runtime: FollowupRuntime, client: SlackClient, body: LooseBody): Promise<void> {
  const submission = submissionIn(body);
  if (!submission) return;
  const report = ctx.kb.findReportBySource(submission.source);
  if (!report?.submittedBy) return;
  const followup = await runtime.service.afterSubmission(report.id);
  if (!followup) return;
  if (followup.recompiled) await refreshCompiledPost(client, runtime.service, followup.recompiled);
  if (!followup.prompts.length) return;
  // A DM submission's thread is under the message; a form submission has none, so a new DM message starts one.
  const channel = submission.channel ?? (await openDirectMessage(client, report.submittedBy));
  await postPrompts(client, runtime.service, report.submittedBy, followup.prompts, channel, submission.threadTs);
  ctx.logger.info(`asked ${report.submittedBy} about ${followup.prompts.length} open item(s) of earlier weeks`);
}

function submissionIn(body: LooseBody): { source: string; channel: string | null; threadTs: string | null } | null {
  const event = body.event;
  if (event?.type === 'message' && event.channel_type === 'im' && event.channel) {
    if (event.subtype && event.subtype !== 'file_share' && event.subtype !== 'message_changed') return null;
    const ts = event.subtype === 'message_changed' ? event.message?.ts : event.ts;
    if (!ts) return null;
    return { source: submissionSource(event.channel, ts), channel: event.channel, threadTs: ts };
  }
  if (body.type === 'view_submission' && body.view?.callback_id === VIEW_IDS.submitReport && body.view.id) {
    return { source: `slack:modal:${body.view.id}`, channel: null, threadTs: null };
  }
  return null;
}
