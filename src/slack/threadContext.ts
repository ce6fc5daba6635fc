/**
 * Earlier questions of a conversation, so a follow-up like「那POS APP呢？」is read against the
 * question before it. In a thread, Slack's own history (conversations.replies) is the record and
 * survives restarts; outside threads (a DM's top level) and when the history cannot be read, a
 * short-lived memory of the questions the bot answered stands in.
 */
import type { SlackClient as WebClient } from './types';
import { looksLikeReport, stripBotMention } from './text';

/** How many earlier questions are passed on: the domain only needs the last few. */
const MAX_PREVIOUS = 5;

export class ConversationMemory {
  private readonly entries = new Map<string, { questions: string[]; touched: number }>();

  constructor(
    private readonly clock: () => number = Date.now,
    /** Older conversations are forgotten: a question an hour ago is not context for a new one. */
    private readonly ttlMs: number = 30 * 60_000,
    private readonly maxConversations: number = 1000,
  ) {}

  remember(key: string, question: string): void {
    const now = this.clock();
    const entry = this.fresh(key, now) ?? { questions: [], touched: now };
    entry.questions = [...entry.questions, question].slice(-MAX_PREVIOUS);
    entry.touched = now;
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Maps iterate in insertion order, so the first key is the least recently used.
    while (this.entries.size > this.maxConversations) this.entries.delete(this.entries.keys().next().value as string);
  }

  recent(key: string): string[] {
    return this.fresh(key, this.clock())?.questions ?? [];
  }

  private fresh(key: string, now: number) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.touched > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
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
