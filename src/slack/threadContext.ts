/**
 * Earlier questions of a conversation, so a follow-up like「那POS APP呢？」is read against the
 * question before it. In a thread, Slack's own history (conversations.replies) is the record and
 * survives restarts; outside threads (a DM's top level) and when the history cannot be read, a
 * short-lived memory of the questions the bot answered stands in.
 */
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';
import type { SlackClient as WebClient } from './types';
import { looksLikeReport, stripBotMention } from './text';

/** How many earlier questions are passed on: the domain only needs the last few. */
const MAX_PREVIOUS = 5;

export interface ConversationMemoryOptions {
  /** Older conversations are forgotten: a question half an hour ago is not context for a new one. Default 30 min. */
  ttlMs?: number;
  /** The least recently used conversations go first beyond this many. Default 1000. */
  maxConversations?: number;
  /** The time the TTL is measured on (tests). Default: the cache's own monotonic clock. */
  clock?: Clock;
}

/** The questions of recent conversations, by conversation key (threadKey, or a DM's channel). */
export class ConversationMemory {
  private readonly conversations: LRUCache<string, string[]>;

  constructor(options: ConversationMemoryOptions = {}) {
    const { ttlMs = 30 * 60_000, maxConversations = 1000, clock } = options;
    this.conversations = new LRUCache<string, string[]>({
      max: maxConversations,
      // Each new question restarts its conversation's time (set does); reading it does not.
      ttl: ttlMs,
      // An injected clock is read on every check: no cached "now" between steps of a test.
      ...(clock ? { perf: { now: () => clock().getTime() }, ttlResolution: 0 } : {}),
    });
  }

  remember(key: string, question: string): void {
    this.conversations.set(key, [...this.recent(key), question].slice(-MAX_PREVIOUS));
  }

  recent(key: string): string[] {
    return this.conversations.get(key) ?? [];
  }
}

export function threadKey(channel: string, threadTs: string): string {
  return `${channel}:${threadTs}`;
}

interface ThreadMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
}

/**
 * Questions people asked the bot earlier in a thread, oldest first, from Slack's history. In a
 * channel only messages that mention the bot count (the rest is conversation among people); in a
 * DM every message from the person does. Null when the history cannot be read (missing scope,
 * API error): the caller falls back to its memory.
 */
export async function previousQuestionsInThread(
  client: WebClient,
  where: { channel: string; threadTs: string; beforeTs: string; botUserId?: string; isDirectMessage: boolean },
): Promise<string[] | null> {
  try {
    const result = await client.conversations.replies({ channel: where.channel, ts: where.threadTs, limit: 100 });
    const messages = (result.messages ?? []) as ThreadMessage[];
    return messages
      .filter((m) => m.ts && Number(m.ts) < Number(where.beforeTs))
      .filter((m) => !m.bot_id && !m.subtype && m.user && m.user !== where.botUserId && m.text)
      .filter((m) => where.isDirectMessage || !where.botUserId || m.text!.includes(`<@${where.botUserId}`))
      .map((m) => m.text!)
      .filter((text) => !looksLikeReport(text))
      .map((text) => stripBotMention(text, where.botUserId))
      .filter(Boolean)
      .slice(-MAX_PREVIOUS);
  } catch {
    return null;
  }
}
