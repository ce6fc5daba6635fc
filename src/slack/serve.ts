/**
 * `zhoubao serve`: open the knowledge base and run the Slack app until SIGINT/SIGTERM, with the
 * reminder schedule running while the app does. Also `zhoubao remind`: one reminder run over the
 * Web API, without the app. The CLI's entry points into Slack.
 */
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Followups, ReminderRun } from '../services/followups/index';
import { openFollowups } from '../services/followups/index';
import { openKnowledgeBase } from '../services/knowledgeBase';
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
  const kb = await openKnowledgeBase({ dataDir: config.dataDir, config, clock: options.clock });
  // Offline answers are pure CPU: in the answering process, at a lower priority, they never hold Slack's acknowledgements.
  // (With a model, answering is mostly waiting on the network and stays on this thread.)
  const log = (m: string) => process.stderr.write(m + '\n');
  const worker = kb.llmEnabled() ? null : await AskWorker.start(kb.config.dataDir, { log });
  const answeringKb = worker ? withAnsweringWorker(kb, worker, log) : kb;
  let stop: () => Promise<void> = async () => {};
  let slack;
  let port: number;
  try {
    slack = createSlackApp({
      kb: answeringKb,
      // Follow-ups read and write through this process's knowledge base (the worker only answers).
      followups: openFollowups(kb, config, options.clock),
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
    kb.close();
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
        kb.close();
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
 * `zhoubao remind [--now]`: one reminder run outside the bot (an external cron, tests), over the
 * Web API with the bot token. Returns what was sent and what failed.
 */
export async function remindOnce(followups: Followups, config: Config, now: Date, logger?: { info(...m: unknown[]): void; error(...m: unknown[]): void }): Promise<ReminderRun> {
  const client = webClientFor(config);
  return runReminderTick(client, followups, new SlackDirectory(client), now, logger);
}

/** The settings a mode needs that are not set (the CLI names them before starting anything). */
export { missingSlackCredentials } from './client';
