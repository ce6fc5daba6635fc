/**
 * "Slack" for the latency benchmark: the Web API stand-in and the sender of signed mentions. Run
 * in a worker thread by measureSlackLatency (slackLatency.ts), so that Slack's own work (sending
 * 100 requests at once, reading the bot's Web API calls) does not run on the bot's event loop and
 * is not counted as the bot's latency, as it is not in production; run in the calling thread when
 * there is no compiled worker (under ts-jest).
 *
 * Mentions go out over plain `http.request` on keep-alive connections (as `fetch` used): with
 * `fetch` this thread took nearly three times as long to send an opening burst of 100 (0.6 s
 * against 0.22 s on a busy 2-core machine, after fetch's first call had loaded it), and the time a
 * mention waited to leave the sender was counted as the bot's acknowledgement time. Before the timed mentions a few untimed ones warm both
 * sides (the sender's connections and code paths, the bot's request path), as a running bot and
 * Slack are warm, and one connection per sender is opened beforehand (openConnections).
 */
import http from 'node:http';
import { parentPort } from 'node:worker_threads';
import { FakeSlackApi } from '../../test/support/fakeSlackApi';
import { eventEnvelope, signSlackRequest, type WorkspaceIds } from '../../test/support/slackRequests';

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
  /** Untimed mentions sent one after another before the timed ones (warm-up) */
  warmup?: number;
}

export interface MentionTimings {
  /** ms from each mention being on the wire until its HTTP acknowledgement was read */
  acks: number[];
  /** ms from each mention being on the wire until its reply reached chat.postMessage */
  answers: number[];
  busy: number;
}

/**
 * One signed event delivery: the bot's HTTP status, when the request was on the wire (its last byte
 * handed to the OS: the clock starts there, not while this thread was still building the other
 * requests of a burst) and the milliseconds from then until the response was read whole.
 */
async function deliver(agent: http.Agent, url: URL, signingSecret: string, envelope: Record<string, unknown>): Promise<{ status: number; millis: number; sentAt: number }> {
  const body = JSON.stringify(envelope);
  let sentAt = 0;
  const post = () =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
            ...signSlackRequest(signingSecret, body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      request.on('finish', () => (sentAt ||= performance.now()));
      request.end(body);
    });
  let status: number;
  try {
    status = await post();
  } catch (error) {
    // A kept-alive connection the bot closed just as it was reused: send again (Node's documented
    // remedy), still timed from the first attempt.
    const failed = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
    if (!failed.reusedSocket || failed.code !== 'ECONNRESET') throw error;
    status = await post();
  }
  return { status, millis: performance.now() - sentAt, sentAt };
}

/**
 * Opens `count` keep-alive connections to the bot (signed url_verification requests, answered by
 * the receiver alone, sent together), as Slack's delivery keeps its connections open. Without
 * them the opening burst's acknowledgements timed this thread opening 100 connections (on a busy
 * 2-core machine about 0.2 s before the last request was on the wire) rather than the bot.
 */
async function openConnections(agent: http.Agent, url: URL, signingSecret: string, count: number): Promise<void> {
  const check = { type: 'url_verification', token: 'deprecated-verification-token', challenge: 'warm' };
  const replies = await Promise.all(Array.from({ length: count }, () => deliver(agent, url, signingSecret, check)));
  const refused = replies.find((r) => r.status !== 200);
  if (refused) throw new Error(`opening connections: url_verification was answered with HTTP ${refused.status}`);
}

/**
 * Sends `count` mentions from `inFlight` senders, each sending its next mention once its previous
 * one has been answered, and times every acknowledgement and answer (after `warmup` untimed ones).
 */
export async function sendMentions(fake: FakeSlackApi, burst: MentionBurst): Promise<MentionTimings> {
  const url = new URL(burst.url);
  const ids: WorkspaceIds = { teamId: fake.teamId, appId: 'A0BENCH0001', botUserId: fake.botUserId };
  const agent = new http.Agent({ keepAlive: true });
  const channel = 'C0BENCH0001';
  /** One mention, answered: its acknowledgement and answer times (ms). */
  const mention = async (i: number, warm: boolean) => {
    // Distinct message timestamps for the warm-up, so that no answer is taken for another's.
    const ts = `${warm ? 1701827000 : 1701828000}.${String(i).padStart(6, '0')}`;
    const answered = fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts && c.body.channel === channel, 120_000);
    const text = `<@${fake.botUserId}> ${burst.questions[i % burst.questions.length]}`;
    const event = { type: 'app_mention', user: 'U0BENCH0001', text, ts, channel, event_ts: ts };
    const envelope = eventEnvelope(event, ids, `EvBench${burst.runId}${warm ? 'w' : ''}${i}`);
    const response = await deliver(agent, url, burst.signingSecret, envelope);
    if (response.status !== 200) throw new Error(`event ${i} was answered with HTTP ${response.status}`);
    const post = await answered;
    return { ack: response.millis, answer: post.hrAt - response.sentAt, busy: String(post.body.text ?? '').includes(burst.busyMark) };
  };
  try {
    await openConnections(agent, url, burst.signingSecret, burst.inFlight);
    for (let i = 0; i < (burst.warmup ?? 0); i++) await mention(i, true);
    const timings: MentionTimings = { acks: [], answers: [], busy: 0 };
    let next = 0;
    const oneSender = async () => {
      while (next < burst.count) {
        const { ack, answer, busy } = await mention(next++, false);
        timings.acks.push(ack);
        timings.answers.push(answer);
        if (busy) timings.busy += 1;
      }
    };
    await Promise.all(Array.from({ length: burst.inFlight }, oneSender));
    return timings;
  } finally {
    agent.destroy();
  }
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
