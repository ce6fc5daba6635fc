/** Messages between `zhoubao serve`'s main thread and its answering worker (src/workers/askWorker.ts). */
import type { Answer, AskContext } from '../domain/answer/model';

export interface AskWorkerData {
  dataDir: string;
}

export interface AskRequest {
  type: 'ask';
  id: number;
  question: string;
  context: Omit<AskContext, 'now'> & { now?: string };
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'error'; id: number; message: string };
