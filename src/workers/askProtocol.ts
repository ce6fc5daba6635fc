/**
 * Messages between `zhoubao serve` and its answering process (src/workers/askWorker.ts), sent over
 * the IPC channel of `child_process.fork` with the "advanced" (structured clone) serialization.
 */
import type { Answer, AskContext } from '../domain/answer/model';

/** What the answering process needs to start: passed as its one command-line argument, as JSON. */
export interface AskWorkerData {
  dataDir: string;
}

export interface AskRequest {
  type: 'ask';
  id: number;
  question: string;
  context: Omit<AskContext, 'now'> & { now?: string };
}

export type ToWorker = AskRequest | { type: 'close' };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'error'; id: number; message: string };
