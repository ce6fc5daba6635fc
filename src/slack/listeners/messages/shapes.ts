/** The parts of message events (message.im) the DM listeners read; Slack's union type, narrowed loosely. */
import type { SharedFile } from '../../files';

export interface DmMessage {
  type: 'message';
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
  message?: DmMessage;
  /** message_changed / message_deleted: the message as it was */
  previous_message?: DmMessage;
  /** message_deleted: the deleted message's ts */
  deleted_ts?: string;
}

/** Subtypes a person's DM can have that the bot acts on; all others (joins, bot messages, …) are ignored. */
export const HANDLED_SUBTYPES = new Set(['file_share', 'message_changed', 'message_deleted']);

export function isFromBot(message: DmMessage | undefined, botUserId: string | undefined): boolean {
  if (!message) return true;
  return Boolean(message.bot_id) || message.subtype === 'bot_message' || (botUserId !== undefined && message.user === botUserId);
}
