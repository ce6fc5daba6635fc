/**
 * "Slack" for the latency benchmark: the Web API stand-in and the sender of signed mentions. Run
 * in a worker thread by measureSlackLatency (slackLatency.ts), so that Slack's own work (sending
 * 100 requests at once, reading the bot's Web API calls) does not run on the bot's event loop and
 * is not counted as the bot's latency, as it is not in production; run in the calling thread when
 * there is no compiled worker (under ts-jest).
 */
import { parentPort } from 'node:worker_threads';
import { FakeSlackApi } from '../../test/support/fakeSlackApi';
import { SlackRequestSender } from '../../test/support/slackRequests';

export interface MentionBurst {
  /** The bot's events URL */
  url: string;
  signingSecret: string;
  questions: string[];
  count: number;
  inFlight: number;
  /** Makes event ids unique per run (they are claimed in the knowledge base for good) */
  runId: string;
  /** Text that marks a "busy, try again" reply */
  busyMark: string;
}

export interface MentionTimings {
  /** ms from sending each mention until its HTTP acknowledgement */
  acks: number[];
  /** ms from sending each mention until its reply reached chat.postMessage */
  answers: number[];
  busy: number;
}

/**
 * Sends `count` mentions from `inFlight` senders, each sending its next mention once its previous
 * one has been answered, and times every acknowledgement and answer.
 */
export async function sendMentions(fake: FakeSlackApi, burst: MentionBurst): Promise<MentionTimings> {
  const sender = new SlackRequestSender({
    url: burst.url,
    signingSecret: burst.signingSecret,
    ids: { teamId: fake.teamId, appId: 'A0BENCH0001', botUserId: fake.botUserId },
  });
  const channel = 'C0BENCH0001';
  const timings: MentionTimings = { acks: [], answers: [], busy: 0 };
  const sendOne = async (i: number) => {
    const ts = `1701828000.${String(i).padStart(6, '0')}`;
    const answered = fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts && c.body.channel === channel, 120_000);
    const sentAt = performance.now();
    const text = `<@${fake.botUserId}> ${burst.questions[i % burst.questions.length]}`;
    const response = await sender.sendEvent({ type: 'app_mention', user: 'U0BENCH0001', text, ts, channel, event_ts: ts }, { eventId: `EvBench${burst.runId}${i}` });
    if (response.status !== 200) throw new Error(`event ${i} was answered with HTTP ${response.status}`);
    timings.acks.push(response.millis);
    const post = await answered;
    timings.answers.push(post.hrAt - sentAt);
    if (String(post.body.text ?? '').includes(burst.busyMark)) timings.busy += 1;
  };
  let next = 0;
  const oneSender = async () => {
    while (next < burst.count) await sendOne(next++);
  };
  await Promise.all(Array.from({ length: burst.inFlight }, oneSender));
  return timings;
}

/** Messages between the bot's thread and this worker. */
export type ToSlackSide = { kind: 'burst'; burst: MentionBurst } | { kind: 'close' };
export type FromSlackSide =
  | { kind: 'ready'; apiUrl: string; botToken: string }
  | { kind: 'timings'; timings: MentionTimings }
  | { kind: 'failed'; message: string }
  | { kind: 'closed' };

/** As a worker: start the stand-in, say where it is, run bursts when asked. */
async function serveAsWorker(port: NonNullable<typeof parentPort>): Promise<void> {
  const fake = await FakeSlackApi.start();
  const post = (message: FromSlackSide) => port.postMessage(message);
  port.on('message', (message: ToSlackSide) => {
    if (message.kind === 'close') {
      void fake.close().then(() => post({ kind: 'closed' }));
      return;
    }
    fake.reset();
    sendMentions(fake, message.burst).then(
      (timings) => post({ kind: 'timings', timings }),
      (error: Error) => post({ kind: 'failed', message: error.message }),
    );
  });
  post({ kind: 'ready', apiUrl: fake.apiUrl, botToken: fake.botToken });
}

if (parentPort) void serveAsWorker(parentPort);
