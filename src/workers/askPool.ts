/**
 * `zhoubao serve`'s side of the answering process: offline answers are computed in a child
 * process (src/workers/askWorker.ts) so the bot's event loop stays free to acknowledge Slack
 * requests, whatever the burst. Imports: workers, services (types), domain (types), Node.
 *
 * Why a process and not a worker thread: an offline answer is pure CPU, and on a small machine
 * (two cores: the bot, the answers, anything else) the thread that acknowledges has to wait for a
 * core like every other. A thread's scheduling priority cannot be set from Node; a process's can.
 * The answering process runs at a lower priority (niceness 10), so when both are ready to run the
 * kernel runs the bot first: acknowledgements go out at once and answers take the rest of the CPU.
 * One process: the machine this runs on has few cores and the bot needs one.
 *
 * The process runs compiled JavaScript next to this file; when it is not there (running from the
 * TypeScript sources, as jest does) or fails, questions are answered in-process as before.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Answer, AskContext } from '../domain/answer/model';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import type { AskRequest, AskWorkerData, ToWorker, WorkerMessage } from './askProtocol';

const DEFAULT_WORKER_FILE = path.join(__dirname, 'askWorker.js');
/** How long the process may take to open the store and load the index before we give up on it. */
const START_TIMEOUT_MS = 120_000;
/** How long close() waits for the process to close its store before killing it. */
const CLOSE_TIMEOUT_MS = 5_000;
/**
 * The answering process's niceness (0 = the bot's, 19 = lowest). At 10 the kernel gives it about a
 * tenth of the weight of the bot's threads when both want a core: enough to take whatever the bot
 * leaves idle, never enough to hold an acknowledgement.
 */
export const ANSWERING_NICENESS = 10;

export interface AskWorkerOptions {
  /** The compiled answering process (askWorker.js next to this file by default) */
  workerFile?: string;
  log?: (m: string) => void;
  /** Niceness of the answering process (ANSWERING_NICENESS by default) */
  niceness?: number;
}

export class AskWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: WorkerMessage) => {
      if (message.type !== 'answer' && message.type !== 'error') return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      this.holdOpenWhileWaiting();
      if (message.type === 'answer') waiting.resolve(message.answer);
      else waiting.reject(new Error(message.message));
    });
    const fail = (error: Error) => {
      this.dead ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.holdOpenWhileWaiting();
    };
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`answering process exited (${signal ?? code})`)));
    // Nothing waiting: the process must not keep the bot (or a test run) alive by itself.
    child.unref();
    this.holdOpenWhileWaiting();
  }

  /** Starts the process on `dataDir`; null when no compiled worker is available or it cannot open the store. */
  static async start(dataDir: string, options: AskWorkerOptions = {}): Promise<AskWorker | null> {
    const file = options.workerFile ?? DEFAULT_WORKER_FILE;
    if (!fs.existsSync(file)) return null;
    const niceness = options.niceness ?? ANSWERING_NICENESS;
    const data: AskWorkerData = { dataDir };
    let child: ChildProcess;
    try {
      child = fork(file, [JSON.stringify(data)], {
        // Structured clone, as between threads: an answer arrives exactly as it was computed.
        serialization: 'advanced',
        // A debugger's port belongs to the bot; the child would fail to bind it.
        execArgv: process.execArgv.filter((arg) => !arg.startsWith('--inspect')),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    } catch (error) {
      options.log?.(`回答进程未能启动，改为在主进程回答：${(error as Error).message}`);
      return null;
    }
    lowerPriority(child, niceness);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('answering process did not start in time')), START_TIMEOUT_MS);
        const settle = (error?: Error) => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('error', settle);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        const onMessage = (message: WorkerMessage) => {
          if (message.type === 'ready') settle();
          else settle(new Error(message.type === 'failed' ? message.message : 'unexpected message'));
        };
        const onExit = (code: number | null) => settle(new Error(`answering process exited (${code}) before it was ready`));
        child.on('message', onMessage);
        child.once('error', settle);
        child.once('exit', onExit);
      });
    } catch (error) {
      options.log?.(`回答进程未能启动，改为在主进程回答：${(error as Error).message}`);
      child.kill('SIGKILL');
      return null;
    }
    // Threads the process started while loading (V8's, libuv's) are lowered too; later ones inherit it.
    lowerPriority(child, niceness);
    return new AskWorker(child);
  }

  /** The answering process's id (to check its priority, to watch it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  ask(question: string, context: AskContext = {}): Promise<Answer> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    const request: AskRequest = { type: 'ask', id, question, context: { ...context, now: context.now?.toISOString() } };
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.holdOpenWhileWaiting();
      this.child.send(request satisfies ToWorker, (error) => {
        if (!error || !this.pending.has(id)) return;
        this.pending.delete(id);
        this.holdOpenWhileWaiting();
        reject(error);
      });
    });
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'close' } satisfies ToWorker, () => {});
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS)));
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      await exited;
    }
  }

  /** The IPC channel keeps the bot's event loop alive only while an answer is awaited. */
  private holdOpenWhileWaiting(): void {
    const channel = this.child.channel;
    if (!channel) return;
    if (this.pending.size) channel.ref();
    else channel.unref();
  }
}

/**
 * Sets `child`'s niceness, on every thread it has (Linux counts niceness per thread, and
 * `setpriority` on the process id reaches only its main thread). Best effort: where it cannot be
 * set the answers still come from the process, only without the priority.
 */
function lowerPriority(child: ChildProcess, niceness: number): void {
  if (!child.pid || niceness <= 0) return;
  let threads: number[] = [child.pid];
  try {
    threads = fs.readdirSync(`/proc/${child.pid}/task`).map(Number).filter(Number.isInteger);
  } catch {
    // Not Linux (or no /proc): the process id is all there is.
  }
  for (const thread of threads) {
    try {
      if (os.getPriority(thread) < niceness) os.setPriority(thread, niceness);
    } catch {
      // The thread has just exited, or the system refuses: leave it.
    }
  }
}

/**
 * `kb` with its offline `ask` answered by `worker` (falling back to `kb.ask` if the worker fails);
 * everything else, writes included, stays on `kb`.
 */
export function withAnsweringWorker<T extends KnowledgeBaseApi>(kb: T, worker: AskWorker, log: (m: string) => void = () => {}): T {
  const ask = async (question: string, context?: AskContext): Promise<Answer> => {
    try {
      return await worker.ask(question, context);
    } catch (error) {
      log(`回答进程出错，改为在主进程回答：${(error as Error).message}`);
      return kb.ask(question, context);
    }
  };
  return new Proxy(kb, {
    get(target, property, receiver) {
      if (property === 'ask') return ask;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
