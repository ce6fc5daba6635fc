/**
 * Idempotency keys for at-least-once deliveries. Slack retries an event it thinks we missed
 * (X-Slack-Retry-Num, same event_id); claiming the key in SQLite means a retry — even one that
 * arrives after a restart — is recognised and dropped.
 */
import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../clock';

export class EventLog {
  private readonly insert: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.insert = db.prepare('INSERT OR IGNORE INTO processed_events (key, claimed_at) VALUES (?, ?)');
  }

  /** True the first time a key is claimed, false ever after. */
  claim(key: string): boolean {
    return this.insert.run(key, this.clock().toISOString()).changes === 1;
  }
}
