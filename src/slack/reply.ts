/** Posting helpers: every reply goes through here, so link unfurling and error handling are uniform. */
import type { Logger } from '@slack/bolt';
import type { SlackClient, SlackMessage } from './types';

export async function postMessage(client: SlackClient, channel: string, message: SlackMessage, threadTs?: string): Promise<string | undefined> {
  const result = await client.chat.postMessage({
    channel,
    text: message.text,
    blocks: message.blocks,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  return result.ts;
}

/** A reaction as a progress signal; a failure (missing scope, already reacted) must not stop the answer. */
export async function addReaction(client: SlackClient, channel: string, ts: string, name: string, logger: Logger): Promise<void> {
  try {
    await client.reactions.add({ channel, timestamp: ts, name });
  } catch (error) {
    logger.debug(`reactions.add ${name} failed: ${(error as Error).message}`);
  }
}

/** The DM channel with `userId` (for confirmations of modal submissions). */
export async function openDirectMessage(client: SlackClient, userId: string): Promise<string> {
  const result = await client.conversations.open({ users: userId });
  const id = result.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

/** Post `message`, logging instead of throwing: for the last-resort replies after an error. */
export async function postQuietly(client: SlackClient, logger: Logger, channel: string, message: SlackMessage, threadTs?: string): Promise<void> {
  try {
    await postMessage(client, channel, message, threadTs);
  } catch (error) {
    logger.error(`could not post a reply to ${channel}: ${(error as Error).message}`);
  }
}
