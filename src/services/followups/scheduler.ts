/**
 * The clock that drives reminders: croner jobs at each cron time the teams use (in the right time
 * zone), a regular catch-up tick, and one tick at start-up (a run missed while the bot was down).
 * Every job only calls `tick(now)`; what is due is decided by dueReminders, and what was sent is
 * claimed in the follow-up state's reminder log (SQLite, or PostgreSQL shared by replicas), so extra
 * ticks — and other replicas' schedules — are harmless, and ticks never overlap.
 */
import { Cron } from 'croner';
import { systemClock, type Clock } from '../../clock';

export interface ReminderSchedulerOptions {
  /** The (pattern, time zone) pairs to fire at; read again by `refresh()` */
  triggers: () => Array<{ pattern: string; timeZone: string }>;
  tick: (now: Date) => Promise<void>;
  clock?: Clock;
  /** The catch-up tick; every 15 minutes by default */
  catchUpPattern?: string;
  onError?: (error: unknown) => void;
}

export class ReminderScheduler {
  private jobs: Cron[] = [];
  private running: Promise<void> = Promise.resolve();
  private stopped = true;
  private busy = false;
  private again = false;

  constructor(private readonly options: ReminderSchedulerOptions) {}

  /** Starts the jobs and runs one tick now (catching up on anything missed while stopped). */
  start(): Promise<void> {
    this.stopped = false;
    this.refresh();
    return this.runTick();
  }

  /** Rebuilds the jobs from `triggers()` (after a team's schedule or time zone changed). */
  refresh(): void {
    if (this.stopped) return;
    for (const job of this.jobs) job.stop();
    const wanted = new Map<string, { pattern: string; timeZone: string }>();
    wanted.set('catch-up', { pattern: this.options.catchUpPattern ?? '*/15 * * * *', timeZone: 'UTC' });
    try {
      for (const t of this.options.triggers()) wanted.set(`${t.pattern}\u0000${t.timeZone}`, t);
    } catch (error) {
      this.options.onError?.(error);
    }
    this.jobs = [];
    for (const { pattern, timeZone } of wanted.values()) {
      try {
        // unref: the schedule alone does not keep the process alive (the Slack server does).
        this.jobs.push(new Cron(pattern, { timezone: timeZone, unref: true }, () => this.runTick()));
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  /**
   * One tick now. While a tick runs, further calls are folded into one more tick after it (a slow
   * Slack must not pile up a queue of ticks).
   */
  runTick(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return this.running;
    }
    this.busy = true;
    this.running = (async () => {
      do {
        this.again = false;
        if (this.stopped) break;
        try {
          await this.options.tick((this.options.clock ?? systemClock)());
        } catch (error) {
          this.options.onError?.(error);
        }
      } while (this.again);
      this.busy = false;
    })();
    return this.running;
  }

  /** Stops every job; a tick already running finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs) job.stop();
    this.jobs = [];
    await this.running;
  }

  /** Number of cron jobs (for tests and diagnostics). */
  get jobCount(): number {
    return this.jobs.length;
  }
}
