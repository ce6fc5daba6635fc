/**
 * The answering process of `zhoubao serve` (started by askPool.ts with `child_process.fork`, at a
 * lower scheduling priority): its own read-only handle on the data directory, answering offline
 * questions outside the bot's process, so that a burst of questions never holds Slack's
 * acknowledgements (which must go out within 3 s). It sees the bot's and the CLI's writes through
 * the store's generation check before every answer (KnowledgeBase.refreshIfStale).
 */
import { loadConfig } from '../config';
import { KnowledgeBase } from '../services/knowledgeBase';
import type { AskWorkerData, ToWorker, WorkerMessage } from './askProtocol';

/** Resolves once `message` is handed to the IPC channel, so that exiting right after loses nothing. */
function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(message, undefined, {}, () => resolve()) : resolve()));
}

async function run(data: AskWorkerData): Promise<void> {
  const kb = await KnowledgeBase.open({
    config: loadConfig(process.env, { dataDir: data.dataDir }),
    llm: null,
    persistIndex: false,
    log: () => {},
  });
  const shutdown = () => {
    kb.close();
    process.exit(0);
  };
  process.on('message', async (request: ToWorker) => {
    if (request.type === 'close') return shutdown();
    let reply: WorkerMessage;
    try {
      const answer = await kb.ask(request.question, { ...request.context, now: request.context.now ? new Date(request.context.now) : undefined });
      reply = { type: 'answer', id: request.id, answer };
    } catch (error) {
      reply = { type: 'error', id: request.id, message: (error as Error).message };
    }
    void send(reply);
  });
  // The bot went away (exited, crashed, was killed): nobody is left to answer for.
  process.on('disconnect', shutdown);
  void send({ type: 'ready' });
}

if (process.send) {
  run(JSON.parse(process.argv[2] ?? '{}') as AskWorkerData).catch(async (error: Error) => {
    await send({ type: 'failed', message: error.message });
    process.exit(1);
  });
}
