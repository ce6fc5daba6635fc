/** `zhoubao serve`: open the knowledge base and run the Slack app until SIGINT/SIGTERM. */
import type { Config } from '../config';
import { openKnowledgeBase } from '../services/knowledgeBase';
import { AskWorker, withAnsweringWorker } from '../workers/askPool';
import { SlackConfigError, createSlackApp } from './app';

export interface ServeHandle {
  port: number;
  stop(): Promise<void>;
}

/** Missing credentials, named, before anything is opened. */
export function missingSlackCredentials(config: Config): string[] {
  const missing: string[] = [];
  if (!config.slack.botToken) missing.push('SLACK_BOT_TOKEN');
  if (!config.slack.appToken && !config.slack.signingSecret) missing.push('SLACK_SIGNING_SECRET');
  return missing;
}

export async function serveSlack(config: Config, options: { clock?: () => Date; handleSignals?: boolean } = {}): Promise<ServeHandle> {
  const missing = missingSlackCredentials(config);
  if (missing.length) {
    throw new SlackConfigError(
      `无法启动 Slack 机器人：缺少 ${missing.join('、')}。` +
        '请在 .env 中设置 SLACK_BOT_TOKEN（xoxb-…），以及 SLACK_SIGNING_SECRET（HTTP 模式）或 SLACK_APP_TOKEN（Socket Mode），参见 .env.example。',
    );
  }
  const kb = await openKnowledgeBase({ dataDir: config.dataDir, config, clock: options.clock });
  // Offline answers are pure CPU: on a worker thread they never hold Slack's acknowledgements.
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
      config,
      clock: options.clock,
      // SLACK_APP_TOKEN found wrong while reconnecting (revoked while running): stop, exit non-zero.
      onFatal: (error) => {
        process.stderr.write(`zhoubao: ${error.message}\n`);
        void stop().finally(() => process.exit(1));
      },
    });
    ({ port } = await slack.start(config.slack.port));
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
