/**
 * `zhoubao serve`: open the knowledge base and run the Slack app until SIGINT/SIGTERM, with the
 * reminder schedule running while the app does. Also `zhoubao remind`: one reminder run over the
 * Web API, without the app. The CLI's entry points into Slack.
 *
 * With ZHOUBAO_DATABASE_URL the knowledge base is a replica of the shared PostgreSQL store
 * (services/replica): several `zhoubao serve` may run on it, each with its own data directory.
 */
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Followups, ReminderRun } from '../services/followups/index';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import { openFollowupsFor } from '../services/replica/followups';
import { closeKnowledgeBase, localKnowledgeBase, openKnowledgeBaseFor } from '../services/replica/open';
import { ReplicaKnowledgeBase } from '../services/replica/replicaKnowledgeBase';
import { AskWorker, withAnsweringWorker } from '../workers/askPool';
import { createSlackApp } from './app';
import { requireSlackCredentials, webClientFor } from './client';
import { runReminderTick, SlackDirectory } from './followups/index';

export interface ServeHandle {
  port: number;
  stop(): Promise<void>;
}

export async function serveSlack(config: Config, options: { clock?: Clock; handleSignals?: boolean } = {}): Promise<ServeHandle> {
  // Missing credentials are named before anything is opened.
  requireSlackCredentials(config);
  const kb = await openKnowledgeBaseFor(config, { clock: options.clock });
  const local = localKnowledgeBase(kb);
  // Offline answers are pure CPU: in the answering process, at a lower priority, they never hold Slack's acknowledgements.
  // (With a model, answering is mostly waiting on the network and stays on this thread.)
  const log = (m: string) => process.stderr.write(m + '\n');
  const worker = kb.llmEnabled() ? null : await AskWorker.start(local.config.dataDir, { log });
  const answeringKb = worker ? caughtUpFirst(withAnsweringWorker<KnowledgeBaseApi>(kb, worker, log), kb) : kb;
  let stop: () => Promise<void> = async () => {};
  let slack;
  let port: number;
  try {
    slack = createSlackApp({
      kb: answeringKb,
      // Follow-ups read and write through this process's knowledge base (the worker only answers).
      followups: openFollowupsFor(kb, config, options.clock),
      config,
      clock: options.clock,
      // SLACK_APP_TOKEN found wrong while reconnecting (revoked while running): stop, exit non-zero.
      onFatal: (error) => {
        process.stderr.write(`zhoubao: ${error.message}\n`);
        void stop().finally(() => process.exit(1));
      },
    });
    ({ port } = await slack.start(config.slack.port));
    // Listening: the schedule starts, with a catch-up tick for a run missed while the bot was down.
    void slack.reminders?.start();
  } catch (error) {
    await worker?.close();
    await closeKnowledgeBase(kb);
    throw error;
  }
  const app = slack;
  let stopping: Promise<void> | null = null;
  stop = () =>
    (stopping ??= (async () => {
      try {
        await app.reminders?.stop();
        await app.stop();
      } finally {
        await worker?.close();
        await closeKnowledgeBase(kb);
      }
    })());
  if (options.handleSignals ?? true) {
    const onSignal = () => {
      void stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { port, stop };
}

/**
 * The answering process reads this replica's local copy: bring the copy up to the shared store before
 * each question is handed to it (one generation read when nothing changed). A plain SQLite knowledge
 * base needs nothing: the process sees the store's generation itself.
 */
function caughtUpFirst(answering: KnowledgeBaseApi, kb: KnowledgeBaseApi): KnowledgeBaseApi {
  if (!(kb instanceof ReplicaKnowledgeBase)) return answering;
  const ask: KnowledgeBaseApi['ask'] = async (question, context) => {
    await kb.catchUpBeforeAnswering(); // bounded: an unreachable store answers from the copy as it stands
    return answering.ask(question, context);
  };
  return new Proxy(answering, { get: (target, property, receiver) => (property === 'ask' ? ask : Reflect.get(target, property, receiver)) });
}

/**
 * `zhoubao remind [--now]`: one reminder run outside the bot (an external cron, tests), over the
 * Web API with the bot token. Returns what was sent and what failed.
 */
export async function remindOnce(followups: Followups, config: Config, now: Date, logger?: { info(...m: unknown[]): void; error(...m: unknown[]): void }): Promise<ReminderRun> {
  const client = webClientFor(config);
  return runReminderTick(client, followups, new SlackDirectory(client), now, logger);
}

/** The settings a mode needs that are not set (the CLI names them before starting anything). */
export { missingSlackCredentials } from './client';
