/**
 * The answering worker of `zhoubao serve` (a worker thread): its own read-only handle on the data
 * directory, answering offline questions off the main thread, so that a burst of questions never
 * holds Slack's acknowledgements (which must go out within 3 s). It sees the main thread's writes
 * through the store's generation check before every answer (KnowledgeBase.refreshIfStale).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { KnowledgeBase } from '../services/knowledgeBase';
import type { AskRequest, AskWorkerData, WorkerMessage } from './askProtocol';

async function run(port: NonNullable<typeof parentPort>, data: AskWorkerData): Promise<void> {
  const kb = await KnowledgeBase.open({
    config: loadConfig(process.env, { dataDir: data.dataDir }),
    llm: null,
    persistIndex: false,
    log: () => {},
  });
  port.on('message', async (request: AskRequest | { type: 'close' }) => {
    if (request.type === 'close') {
      kb.close();
      port.close();
      return;
    }
    let reply: WorkerMessage;
    try {
      const answer = await kb.ask(request.question, { ...request.context, now: request.context.now ? new Date(request.context.now) : undefined });
      reply = { type: 'answer', id: request.id, answer };
    } catch (error) {
      reply = { type: 'error', id: request.id, message: (error as Error).message };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as AskWorkerData).catch((error: Error) => {
    port.postMessage({ type: 'failed', message: error.message } satisfies WorkerMessage);
  });
}
