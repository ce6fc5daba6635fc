/**
 * Slack latency: the real Bolt app (HTTP mode) on loopback in front of a knowledge base, the Slack
 * stand-in behind it. Sends N signed app_mention events with K in flight (K senders, each sending
 * its next mention once the previous one's answer has arrived; K = 1 is one after another) and
 * measures
 *   ack:    request on the wire → the bot's HTTP response read (Slack wants it within 3 s; it must not wait for the answer)
 *   answer: request on the wire → the answer's chat.postMessage arriving at the stand-in
 * Timings include the loopback HTTP both ways, the signature check and the 👀 reaction call.
 * "Slack" (the sender and the Web API stand-in) runs in a worker thread (slackSide.ts): its own
 * work is not the bot's, and with a hundred requests in flight it would otherwise take the bot's
 * event loop turns and be counted as the bot's latency. The answers run as `zhoubao serve` runs
 * them offline: in the answering process (src/workers), at its lower priority.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SAMPLES_DIR, loadConfig } from '../../src/config';
import { openKnowledgeBase } from '../../src/services/knowledgeBase';
import { EVENTS_PATH, createSlackApp } from '../../src/slack/app';
import { AskWorker, withAnsweringWorker } from '../../src/workers/askPool';
import { busyMessage } from '../../src/slack/blocks/notices';
import { Worker } from 'node:worker_threads';
import { FakeSlackApi } from '../../test/support/fakeSlackApi';
import { silentSlackLogger } from '../../test/support/slackRequests';
import { sendMentions, type FromSlackSide, type MentionBurst, type MentionTimings, type ToSlackSide } from './slackSide';

export interface SlackLatencyResult {
  /** milliseconds */
  ackP50: number;
  ackP95: number;
  ackMax: number;
  answerP50: number;
  answerP95: number;
  answerMax: number;
  n: number;
  /** Mentions in flight at a time */
  inFlight: number;
  /** Mentions answered "busy, try again" (the answer queue was full); their answer time is that reply's */
  busy: number;
  /** False when the sender and the Web API stand-in shared the bot's thread (timings then include their work) */
  slackInWorker: boolean;
  /** Whether answers ran in the answering process (src/workers), as `zhoubao serve` runs them offline */
  answeringWorker: boolean;
}

export interface SlackLatencyOptions {
  questions: string[];
  /** Knowledge base to answer from; loaded with data/samples when it holds no reports */
  kbDataDir: string;
  /** Answer in the answering process as `zhoubao serve` does (default true; needs the compiled worker) */
  answeringWorker?: boolean;
  /** Events to send (200 by default) */
  count?: number;
  /** Mentions in flight at a time (1 by default: one after another) */
  inFlight?: number;
}

const DEFAULT_EVENTS = 200;
/**
 * Untimed mentions before the timed ones. Without them the opening burst timed both sides' first
 * requests (the sender loading its HTTP client, the bot its request path): on a busy machine the
 * first acknowledgement took 1.5 s, and every mention of the burst queued behind it.
 */
export const WARMUP_MENTIONS = 5;

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] * 100) / 100;
}

/** How a "busy, try again" reply is told apart from an answer */
const BUSY_MARK = busyMessage().text.slice(0, 12);

const silentLogger = silentSlackLogger;

/** Where "Slack" runs: a worker thread (compiled JS), or this thread (under ts-jest). */
interface SlackSide {
  apiUrl: string;
  botToken: string;
  /** True when Slack's own work shares the bot's event loop */
  sharedThread: boolean;
  burst(burst: MentionBurst): Promise<MentionTimings>;
  close(): Promise<void>;
}

async function inThisThread(): Promise<SlackSide> {
  const fake = await FakeSlackApi.start();
  return {
    apiUrl: fake.apiUrl,
    botToken: fake.botToken,
    sharedThread: true,
    burst: (burst) => {
      fake.reset();
      return sendMentions(fake, burst);
    },
    close: () => fake.close(),
  };
}

async function inWorker(script: string): Promise<SlackSide> {
  const worker = new Worker(script);
  let waiting: { resolve: (m: FromSlackSide) => void; reject: (e: Error) => void } | null = null;
  const next = () => new Promise<FromSlackSide>((resolve, reject) => (waiting = { resolve, reject }));
  worker.on('message', (m: FromSlackSide) => waiting?.resolve(m));
  worker.on('error', (e) => waiting?.reject(e));
  const ask = (m: ToSlackSide) => {
    const reply = next();
    worker.postMessage(m);
    return reply;
  };
  const ready = await next();
  if (ready.kind !== 'ready') throw new Error('the Slack side did not start');
  return {
    apiUrl: ready.apiUrl,
    botToken: ready.botToken,
    sharedThread: false,
    async burst(burst) {
      const reply = await ask({ kind: 'burst', burst });
      if (reply.kind === 'failed') throw new Error(reply.message);
      if (reply.kind !== 'timings') throw new Error(`unexpected reply from the Slack side: ${reply.kind}`);
      return reply.timings;
    },
    async close() {
      await ask({ kind: 'close' });
      await worker.terminate();
    },
  };
}

function startSlackSide(): Promise<SlackSide> {
  const script = path.join(__dirname, 'slackSide.js');
  return fs.existsSync(script) ? inWorker(script) : inThisThread();
}

export async function measureSlackLatency(options: SlackLatencyOptions): Promise<SlackLatencyResult> {
  const questions = options.questions.map((q) => q.trim()).filter(Boolean);
  if (!questions.length) throw new Error('measureSlackLatency: no questions');
  const count = Math.max(1, options.count ?? DEFAULT_EVENTS);
  const inFlight = Math.max(1, Math.min(count, options.inFlight ?? 1));
  const signingSecret = randomBytes(16).toString('hex');

  const slackSide = await startSlackSide();
  const config = loadConfig(
    {
      ...process.env,
      // Offline and quiet: this measures the Slack layer, not a remote model.
      OPENAI_API_KEY: '',
      LOG_LEVEL: 'error',
      SLACK_BOT_TOKEN: slackSide.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: slackSide.apiUrl,
    },
    { dataDir: options.kbDataDir },
  );
  const kb = await openKnowledgeBase({ dataDir: options.kbDataDir, config, log: () => {} });
  let worker: AskWorker | null = null;
  let slack: ReturnType<typeof createSlackApp> | null = null;
  try {
    if (!kb.listReports().length) {
      for (const file of fs.readdirSync(SAMPLES_DIR).sort()) await kb.ingestFile(path.join(SAMPLES_DIR, file));
    }
    // As `zhoubao serve` runs offline: answers in the answering process (src/workers), at its lower priority.
    if (options.answeringWorker ?? true) worker = await AskWorker.start(kb.config.dataDir);
    const answering = worker ? withAnsweringWorker(kb, worker) : kb;
    slack = createSlackApp({ kb: answering, config, logger: silentLogger, receiver: 'http' });
    // Warm: the first question loads the segmenter and builds the answer caches (about a second),
    // which would otherwise land on the first burst's acknowledgements; a running bot is warm.
    for (const question of questions) await answering.ask(question);
    const { port } = await slack.start(0, '127.0.0.1');
    const { acks, answers, busy } = await slackSide.burst({
      url: `http://127.0.0.1:${port}${EVENTS_PATH}`,
      signingSecret,
      questions,
      count,
      inFlight,
      // Event ids are claimed in the knowledge base for good: unique per run, so a rerun is not "a retry".
      runId: randomBytes(4).toString('hex'),
      busyMark: BUSY_MARK,
      warmup: WARMUP_MENTIONS,
    });
    return {
      ackP50: percentile(acks, 50),
      ackP95: percentile(acks, 95),
      ackMax: percentile(acks, 100),
      answerP50: percentile(answers, 50),
      answerP95: percentile(answers, 95),
      answerMax: percentile(answers, 100),
      n: count,
      inFlight,
      busy,
      slackInWorker: !slackSide.sharedThread,
      answeringWorker: worker !== null,
    };
  } finally {
    await slack?.stop();
    await worker?.close();
    kb.close();
    await slackSide.close();
  }
}
