/**
 * Slack latency: the real Bolt app (HTTP mode) on loopback in front of a knowledge base, the Slack
 * stand-in behind it. Sends signed app_mention events one after another and measures
 *   ack:    request sent → Bolt's HTTP response (Slack wants it within 3 s; it must not wait for the answer)
 *   answer: request sent → the answer's chat.postMessage arriving at the stand-in
 * Timings include the loopback HTTP both ways, the signature check and the 👀 reaction call.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LogLevel, type Logger } from '@slack/bolt';
import { SAMPLES_DIR, loadConfig } from '../config';
import { openKnowledgeBase } from '../kb';
import { EVENTS_PATH, createSlackApp } from '../slack/app';
import { FakeSlackApi } from '../testing/fakeSlackApi';
import { SlackRequestSender } from '../testing/slackRequests';

export interface SlackLatencyResult {
  /** milliseconds */
  ackP50: number;
  ackP95: number;
  answerP50: number;
  answerP95: number;
  n: number;
}

export interface SlackLatencyOptions {
  questions: string[];
  /** Knowledge base to answer from; loaded with data/samples when it holds no reports */
  kbDataDir: string;
  /** Events to send (at least 200) */
  count?: number;
}

const MIN_EVENTS = 200;

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] * 100) / 100;
}

const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export async function measureSlackLatency(options: SlackLatencyOptions): Promise<SlackLatencyResult> {
  const questions = options.questions.map((q) => q.trim()).filter(Boolean);
  if (!questions.length) throw new Error('measureSlackLatency: no questions');
  const n = Math.max(MIN_EVENTS, options.count ?? MIN_EVENTS);
  const signingSecret = randomBytes(16).toString('hex');

  const fake = await FakeSlackApi.start();
  const config = loadConfig(
    {
      ...process.env,
      // Offline and quiet: this measures the Slack layer, not a remote model.
      OPENAI_API_KEY: '',
      LOG_LEVEL: 'error',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: fake.apiUrl,
    },
    { dataDir: options.kbDataDir },
  );
  const kb = await openKnowledgeBase({ dataDir: options.kbDataDir, config, log: () => {} });
  const slack = createSlackApp({ kb, config, logger: silentLogger, receiver: 'http' });
  try {
    if (!kb.listReports().length) {
      for (const file of fs.readdirSync(SAMPLES_DIR).sort()) await kb.ingestFile(path.join(SAMPLES_DIR, file));
    }
    const { port } = await slack.start(0, '127.0.0.1');
    const sender = new SlackRequestSender({
      url: `http://127.0.0.1:${port}${EVENTS_PATH}`,
      signingSecret,
      ids: { teamId: fake.teamId, appId: 'A0BENCH0001', botUserId: fake.botUserId },
    });
    // Event ids are claimed in the knowledge base for good: unique per run, so a rerun is not "a retry".
    const run = randomBytes(4).toString('hex');
    const acks: number[] = [];
    const answers: number[] = [];
    for (let i = 0; i < n; i++) {
      const ts = `1701828000.${String(i).padStart(6, '0')}`;
      const channel = 'C0BENCH0001';
      const answered = fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts && c.body.channel === channel, 30_000);
      const sentAt = performance.now();
      const response = await sender.sendEvent(
        { type: 'app_mention', user: 'U0BENCH0001', text: `<@${fake.botUserId}> ${questions[i % questions.length]}`, ts, channel, event_ts: ts },
        { eventId: `EvBench${run}${i}` },
      );
      if (response.status !== 200) throw new Error(`event ${i} was answered with HTTP ${response.status}`);
      acks.push(response.millis);
      const post = await answered;
      answers.push(post.hrAt - sentAt);
    }
    return {
      ackP50: percentile(acks, 50),
      ackP95: percentile(acks, 95),
      answerP50: percentile(answers, 50),
      answerP95: percentile(answers, 95),
      n,
    };
  } finally {
    await slack.stop();
    kb.close();
    await fake.close();
  }
}
