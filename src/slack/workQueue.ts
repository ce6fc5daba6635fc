/**
 * The bot's answer work (searching the knowledge base, storing a submission, posting the reply)
 * runs behind this bounded queue, never inside the listener call that acknowledged the request.
 *
 * Why a queue on the main thread and not worker threads: the knowledge base (one better-sqlite3
 * handle, the HNSW index, the caches that follow the store's generation) lives in this thread, and
 * an answer's synchronous part is a few milliseconds; the rest of a job awaits the Web API. What
 * delayed acknowledgements under a burst was not the cost of one answer but a hundred of them
 * started back to back in the same turns of the event loop as the incoming requests, so that a new
 * request was read, verified and acknowledged only after every answer already started had run its
 * synchronous part. Here each job starts from its own `setImmediate`, which Node runs after the
 * poll phase: requests that arrived meanwhile are read and acknowledged before the next job starts.
 * At most `concurrency` jobs are under way (their Web API calls overlap), at most `maxQueued` wait;
 * past that `offer` says no and the caller replies "busy, try again" instead of staying silent.
 */

export interface WorkQueueOptions {
  /** Jobs under way at the same time (each mostly awaiting the Web API) */
  concurrency: number;
  /** Jobs allowed to wait for a free slot: with `concurrency` running and this many waiting, one more is refused */
  maxQueued: number;
  /** A job that throws is reported here (jobs are expected to handle their own errors) */
  onError?: (error: unknown) => void;
}

/**
 * Enough for a burst of several hundred questions without a refusal. Up to 8 jobs overlap what
 * they wait for (Web API calls; with a model, its streamed answer); the synchronous part of each
 * still starts one per turn of the event loop.
 */
export const DEFAULT_WORK_QUEUE: Omit<WorkQueueOptions, 'onError'> = { concurrency: 8, maxQueued: 500 };

export type Job = () => Promise<void>;

export class WorkQueue {
  private readonly waiting: Job[] = [];
  private running = 0;
  private startScheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: WorkQueueOptions) {
    if (options.concurrency < 1) throw new Error('WorkQueue: concurrency must be at least 1');
  }

  /** Jobs waiting to start */
  get queued(): number {
    return this.waiting.length;
  }

  /** Jobs started and not yet finished */
  get active(): number {
    return this.running;
  }

  /**
   * Queue `job`; it starts on a later turn of the event loop, never during this call. Returns a
   * promise that settles when the job has finished (it never rejects: errors go to onError), or
   * null when the queue is full and the job was not taken.
   */
  offer(job: Job): Promise<void> | null {
    // Counted with the running jobs, so the bound does not depend on whether the jobs offered just
    // before have started yet.
    if (this.running + this.waiting.length >= this.options.concurrency + this.options.maxQueued) return null;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.waiting.push(async () => {
      try {
        await job();
      } finally {
        finished();
      }
    });
    this.scheduleStart();
    return done;
  }

  /** Resolves when nothing is waiting or running (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.running && !this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** One job per `setImmediate`, so pending I/O (new requests, their acknowledgements) runs in between. */
  private scheduleStart(): void {
    if (this.startScheduled || this.running >= this.options.concurrency || !this.waiting.length) return;
    this.startScheduled = true;
    setImmediate(() => {
      this.startScheduled = false;
      this.startOne();
    });
  }

  private startOne(): void {
    if (this.running >= this.options.concurrency) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running += 1;
    const finish = () => {
      this.running -= 1;
      this.scheduleStart();
      if (!this.running && !this.waiting.length) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    };
    let started: Promise<void>;
    try {
      started = job();
    } catch (error) {
      started = Promise.reject(error);
    }
    started.catch((error) => this.options.onError?.(error)).finally(finish);
    this.scheduleStart();
  }
}
