/** 👍/👎 on answers, stored with the question, the answer and its citations so a team can review misses. */
import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../clock';

export interface FeedbackInput {
  verdict: 'up' | 'down';
  question: string;
  answer: string;
  citations: unknown[];
  userId: string;
  channel?: string;
  messageTs?: string;
}

export interface FeedbackRow {
  id: number;
  verdict: 'up' | 'down';
  question: string;
  answer: string;
  citations: unknown[];
  userId: string;
  channel: string | null;
  messageTs: string | null;
  createdAt: string;
}

export class FeedbackStore {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {}

  /** One verdict per user and answer message: clicking again changes the verdict instead of adding a row. */
  record(f: FeedbackInput): void {
    const now = this.clock().toISOString();
    if (f.channel && f.messageTs) {
      const existing = this.db
        .prepare('SELECT id FROM feedback WHERE user_id = ? AND channel = ? AND message_ts = ?')
        .get(f.userId, f.channel, f.messageTs) as { id: number } | undefined;
      if (existing) {
        this.db.prepare('UPDATE feedback SET verdict = ?, created_at = ? WHERE id = ?').run(f.verdict, now, existing.id);
        return;
      }
    }
    this.db
      .prepare(
        `INSERT INTO feedback (verdict, question, answer, citations_json, user_id, channel, message_ts, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f.verdict, f.question, f.answer, JSON.stringify(f.citations), f.userId, f.channel ?? null, f.messageTs ?? null, now);
  }

  list(): FeedbackRow[] {
    const rows = this.db.prepare('SELECT * FROM feedback ORDER BY id').all() as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as number,
      verdict: r.verdict as 'up' | 'down',
      question: r.question as string,
      answer: r.answer as string,
      citations: JSON.parse((r.citations_json as string) || '[]'),
      userId: r.user_id as string,
      channel: (r.channel as string) ?? null,
      messageTs: (r.message_ts as string) ?? null,
      createdAt: r.created_at as string,
    }));
  }
}
