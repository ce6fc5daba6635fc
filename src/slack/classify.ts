/**
 * What an incoming message is, decided once, at the edge: one function turns a Slack message or
 * app_mention event into one plain request object, and one dispatch (listeners/dispatch.ts) acts
 * on it. An owner's answer in a follow-up thread, a DM report (text or file), an edit or deletion
 * of one, a question (a DM or a mention), or nothing for the bot.
 */
import type { ReplyPreview } from '../services/followups/index';
import { submissionReadingOf } from '../services/submissions';
import type { SharedFile } from './files';
import { MAX_MESSAGE_CHARS, looksLikeReport, slackToPlainText, stripBotMention } from './text';

/** The parts of message and app_mention events the bot reads; Slack's union types, narrowed loosely. */
export interface IncomingMessage {
  type: 'message' | 'app_mention';
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: SharedFile[];
  /** message_changed: the message as it is now */
  message?: IncomingMessage;
  /** message_changed / message_deleted: the message as it was */
  previous_message?: IncomingMessage;
  /** message_deleted: the deleted message's ts */
  deleted_ts?: string;
}

export type MessageRequest =
  | { kind: 'ignore' }
  /** An owner's answer (or a bare "好的") in a thread that asked them about items */
  | { kind: 'followupReply'; channel: string; threadTs: string; ts: string; user: string; text: string; acknowledgement: boolean }
  /** A DM that reads as the sender's weekly report; `freeForm`: prose for the model to read into items */
  | { kind: 'report'; channel: string; ts: string; user: string; text: string; freeForm: boolean }
  /** A file shared in a DM: the sender's report as a file */
  | { kind: 'reportFile'; channel: string; ts: string; user: string; files: SharedFile[] }
  /** A DM edited: a stored submission is read again */
  | { kind: 'edit'; channel: string; ts: string; user: string; rawText: string }
  /** A DM deleted: a stored submission is withdrawn */
  | { kind: 'delete'; channel: string; deletedTs: string }
  /** Longer than any report: refused with the limit, answered where the reply would go */
  | { kind: 'tooLong'; channel: string; replyTs: string; length: number }
  /**
   * A question: in a DM (answered in the DM, or in its thread) or a mention (answered in a thread
   * under it). `threadTs`: the thread it was asked in, whose earlier questions give context.
   */
  | { kind: 'question'; place: 'dm' | 'mention'; channel: string; ts: string; user?: string; question: string; threadTs?: string };

export interface ClassifyEnv {
  botUserId?: string;
  /** What a thread reply would be to the follow-ups; absent without follow-ups */
  previewReply?: (channel: string, threadTs: string, userId: string, text: string) => ReplyPreview;
  /** A model reads prose submissions (without one, prose is a question) */
  modelAvailable: boolean;
}

/** Subtypes of a person's DM the bot acts on; all others (joins, bot messages, …) are ignored. */
const HANDLED_SUBTYPES = new Set(['file_share', 'message_changed', 'message_deleted']);

export function isFromBot(message: IncomingMessage | undefined, botUserId: string | undefined): boolean {
  if (!message) return true;
  return Boolean(message.bot_id) || message.subtype === 'bot_message' || (botUserId !== undefined && message.user === botUserId);
}

export function classifyMessage(event: IncomingMessage, env: ClassifyEnv): MessageRequest {
  const reply = followupReplyOf(event, env);
  if (reply) return reply;
  return event.type === 'app_mention' ? classifyMention(event, env) : classifyDirectMessage(event, env);
}

/** A person's reply in a thread where the bot asked them about items, when it is an answer. */
function followupReplyOf(event: IncomingMessage, env: ClassifyEnv): MessageRequest | null {
  const { channel, ts, thread_ts: threadTs, user } = event;
  if (!env.previewReply || !threadTs || threadTs === ts || !user) return null;
  if (event.bot_id || user === env.botUserId || (event.subtype && event.subtype !== 'thread_broadcast')) return null;
  const text = event.type === 'app_mention' || env.botUserId ? stripBotMention(event.text ?? '', env.botUserId) : slackToPlainText(event.text ?? '');
  const preview = env.previewReply(channel, threadTs, user, text);
  if (preview !== 'answer' && preview !== 'acknowledgement') return null;
  return { kind: 'followupReply', channel, threadTs, ts, user, text, acknowledgement: preview === 'acknowledgement' };
}

function classifyMention(event: IncomingMessage, env: ClassifyEnv): MessageRequest {
  // Another bot mentioning us (or an echo of ourselves) must not start a bot-to-bot loop.
  if (event.bot_id || event.user === env.botUserId) return { kind: 'ignore' };
  const replyTs = event.thread_ts ?? event.ts;
  const raw = event.text ?? '';
  if (raw.length > MAX_MESSAGE_CHARS) return { kind: 'tooLong', channel: event.channel, replyTs, length: raw.length };
  return { kind: 'question', place: 'mention', channel: event.channel, ts: event.ts, user: event.user, question: stripBotMention(raw, env.botUserId), threadTs: event.thread_ts };
}

/** message.im: the DM conversation with the bot. Messages elsewhere are for the bot only as follow-up answers. */
function classifyDirectMessage(event: IncomingMessage, env: ClassifyEnv): MessageRequest {
  if (event.channel_type !== 'im') return { kind: 'ignore' };
  if (event.subtype && !HANDLED_SUBTYPES.has(event.subtype)) return { kind: 'ignore' };
  const { channel } = event;
  if (event.subtype === 'message_changed') {
    const edited = event.message;
    if (isFromBot(edited, env.botUserId) || !edited?.user) return { kind: 'ignore' };
    return { kind: 'edit', channel, ts: edited.ts, user: edited.user, rawText: edited.text ?? '' };
  }
  if (event.subtype === 'message_deleted') {
    if (isFromBot(event.previous_message, env.botUserId) || !event.deleted_ts) return { kind: 'ignore' };
    return { kind: 'delete', channel, deletedTs: event.deleted_ts };
  }
  if (isFromBot(event, env.botUserId)) return { kind: 'ignore' };
  if (event.subtype === 'file_share') {
    if (!event.user || !event.files?.length) return { kind: 'ignore' };
    return { kind: 'reportFile', channel, ts: event.ts, user: event.user, files: event.files };
  }
  const raw = event.text ?? '';
  if (raw.length > MAX_MESSAGE_CHARS) return { kind: 'tooLong', channel, replyTs: event.ts, length: raw.length };
  const text = slackToPlainText(raw).trim();
  if (!text || !event.user) return { kind: 'ignore' };
  const reading = submissionReadingOf(text, { structured: looksLikeReport(text), modelAvailable: env.modelAvailable });
  if (reading) return { kind: 'report', channel, ts: event.ts, user: event.user, text, freeForm: reading === 'prose' };
  // A question may still mention the bot ("@周报助手 …") even in its DM.
  return { kind: 'question', place: 'dm', channel, ts: event.ts, user: event.user, question: stripBotMention(raw, env.botUserId), threadTs: event.thread_ts };
}
