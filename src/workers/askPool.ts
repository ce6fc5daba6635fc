/**
 * The main thread's side of the answering worker: offline answers are computed on a worker thread
 * (src/workers/askWorker.ts) so the event loop stays free to acknowledge Slack requests, whatever
 * the burst. One worker: the machine this runs on has few cores and the main thread needs one.
 *
 * The worker is compiled JavaScript next to this file; when it is not there (running from the
 * TypeScript sources, as jest does) or fails, questions are answered in-process as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Answer, AskContext } from '../domain/answer/model';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import type { AskRequest, AskWorkerData, WorkerMessage } from './askProtocol';

const DEFAULT_WORKER_FILE = path.join(__dirname, 'askWorker.js');
/** How long the worker may take to open the store and load the index before we give up on it. */
const START_TIMEOUT_MS = 120_000;

export class AskWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type !== 'answer' && message.type !== 'error') return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === 'answer') waiting.resolve(message.answer);
      else waiting.reject(new Error(message.message));
    });
    const fail = (error: Error) => {
      this.dead = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`answering worker exited (${code})`)));
  }

  /** Starts the worker on `dataDir`; null when no compiled worker is available or it cannot open the store. */
  static async start(dataDir: string, options: { workerFile?: string; log?: (m: string) => void } = {}): Promise<AskWorker | null> {
    const file = options.workerFile ?? DEFAULT_WORKER_FILE;
    if (!fs.existsSync(file)) return null;
    const data: AskWorkerData = { dataDir };
    const worker = new Worker(file, { workerData: data });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('answering worker did not start in time')), START_TIMEOUT_MS);
        worker.once('message', (message: WorkerMessage) => {
          clearTimeout(timer);
          if (message.type === 'ready') resolve();
          else reject(new Error(message.type === 'failed' ? message.message : 'unexpected message'));
        });
        worker.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    } catch (error) {
      options.log?.(`回答线程未能启动，改为在主线程回答：${(error as Error).message}`);
      await worker.terminate();
      return null;
    }
    worker.unref();
    return new AskWorker(worker);
  }

  ask(question: string, context: AskContext = {}): Promise<Answer> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    const request: AskRequest = { type: 'ask', id, question, context: { ...context, now: context.now?.toISOString() } };
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([exited, timeout]);
    await this.worker.terminate();
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
      log(`回答线程出错，改为在主线程回答：${(error as Error).message}`);
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
