/**
 * HTTP mode's receiver (src/slack/httpReceiver.ts) in front of a stand-in app: events are answered
 * 200 before the app sees them, commands and interactions wait for the listener's ack(), and the
 * refusals Slack's documentation asks for (forged, stale, replayed, malformed, oversized) hold.
 */
import http from 'node:http';
import type { App, ReceiverEvent } from '@slack/bolt';
import { BODY_LIMIT_BYTES, LeanHttpReceiver } from '../../src/slack/httpReceiver';
import { signSlackRequest, silentSlackLogger } from '../support/slackRequests';

const SECRET = 'receiver-test-secret';
const PATH = '/slack/events';

const quiet = silentSlackLogger;

interface Reply {
  status: number;
  body: string;
}

let receiver: LeanHttpReceiver;
let server: http.Server;
let port: number;
/** What the stand-in app does with each event; replaced per test */
let processEvent: (event: ReceiverEvent) => Promise<void>;
const seen: ReceiverEvent[] = [];

beforeEach(async () => {
  seen.length = 0;
  processEvent = async (event) => {
    seen.push(event);
  };
  receiver = new LeanHttpReceiver({ signingSecret: SECRET, logger: quiet, path: PATH });
  receiver.init({ processEvent: (event: ReceiverEvent) => processEvent(event) } as unknown as App);
  server = await receiver.start({ port: 0, host: '127.0.0.1' });
  port = (server.address() as { port: number }).port;
});

afterEach(async () => {
  await receiver.stop();
});

function send(body: string, options: { path?: string; method?: string; contentType?: string; headers?: Record<string, string>; sign?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string | number> = {
    'content-type': options.contentType ?? 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(options.sign === false ? {} : signSlackRequest(SECRET, body)),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: options.path ?? PATH, method: options.method ?? 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const envelope = (eventId: string) => JSON.stringify({ type: 'event_callback', event_id: eventId, team_id: 'T1', event: { type: 'app_mention', text: 'hi', ts: '1.1', channel: 'C1', user: 'U1' } });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

test('an event is answered 200 even when its listener never finishes, and the app still gets it', async () => {
  let release!: () => void;
  processEvent = (event) => {
    seen.push(event);
    return new Promise<void>((resolve) => (release = resolve));
  };
  const reply = await send(envelope('Ev1'));
  expect(reply).toEqual({ status: 200, body: '' });
  await until(() => seen.length === 1);
  expect(seen[0].body.event_id).toBe('Ev1');
  release();
});

test('every event of a burst is acknowledged before the app starts on it', async () => {
  let finished = 0;
  server.on('request', (_req, res: http.ServerResponse) => res.on('finish', () => (finished += 1)));
  const acknowledgedWhenSeen: number[] = [];
  processEvent = async (event) => {
    acknowledgedWhenSeen.push(finished);
    seen.push(event);
    // A listener's synchronous work (classifying, claiming the event): the next request waits for the event loop.
    const end = performance.now() + 15;
    while (performance.now() < end);
  };
  const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => send(envelope(`EvBurst${i}`))));
  expect(replies.map((r) => r.status)).toEqual(Array(12).fill(200));
  await until(() => seen.length === 12);
  // The n-th event reached the app only after at least n responses had gone out.
  acknowledgedWhenSeen.forEach((acked, n) => expect(acked).toBeGreaterThanOrEqual(n + 1));
});

test("Slack's app_rate_limited notice is answered 200 at once like any Events API delivery", async () => {
  const reply = await send(JSON.stringify({ type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1518467820, api_app_id: 'A1' }));
  expect(reply.status).toBe(200);
});

test('a redelivery keeps its retry number and reason', async () => {
  await send(envelope('EvRetry'), { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
  await until(() => seen.length === 1);
  expect(seen[0]).toMatchObject({ retryNum: 2, retryReason: 'http_timeout' });
});

test('a slash command waits for the listener, whose ack body is the response', async () => {
  processEvent = async (event) => {
    await new Promise((r) => setTimeout(r, 30));
    await event.ack({ response_type: 'ephemeral', text: '好的' });
  };
  const reply = await send('command=%2Fzhoubao&text=help&user_id=U1', { contentType: 'application/x-www-form-urlencoded' });
  expect(reply.status).toBe(200);
  expect(JSON.parse(reply.body)).toEqual({ response_type: 'ephemeral', text: '好的' });
});

test('an interaction is read from its payload field, and acknowledging twice is an error', async () => {
  let second: unknown = null;
  processEvent = async (event) => {
    seen.push(event);
    await event.ack();
    second = await event.ack().catch((e: Error) => e);
  };
  const payload = JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'a' }] });
  const reply = await send(`payload=${encodeURIComponent(payload)}`, { contentType: 'application/x-www-form-urlencoded' });
  expect(reply).toEqual({ status: 200, body: '' });
  expect(seen[0].body).toMatchObject({ type: 'block_actions' });
  expect(second).toBeInstanceOf(Error);
});

test('a failing listener before ack() gets 500', async () => {
  processEvent = async () => {
    throw new Error('boom');
  };
  const reply = await send('command=%2Fzhoubao&text=help', { contentType: 'application/x-www-form-urlencoded' });
  expect(reply.status).toBe(500);
});

test('url_verification gets its challenge back; ssl_check needs no signature and smuggles nothing in', async () => {
  const challenge = await send(JSON.stringify({ type: 'url_verification', challenge: 'c-123' }));
  expect(challenge.status).toBe(200);
  expect(JSON.parse(challenge.body)).toEqual({ challenge: 'c-123' });
  const ssl = await send('ssl_check=1&command=%2Fzhoubao&text=help', { contentType: 'application/x-www-form-urlencoded', sign: false });
  expect(ssl.status).toBe(200);
  await new Promise((r) => setTimeout(r, 20));
  expect(seen).toEqual([]);
});

test('forged, unsigned, stale and future-dated requests get 401 and reach nothing', async () => {
  const body = envelope('EvForged');
  const now = Math.floor(Date.now() / 1000);
  const replies = await Promise.all([
    send(body, { headers: { 'x-slack-signature': `v0=${'ab'.repeat(32)}` } }),
    send(body, { headers: { 'x-slack-signature': 'v0=zz' } }),
    send(body, { headers: { 'x-slack-signature': signSlackRequest(SECRET, body)['x-slack-signature'].replace('v0=', 'v1=') } }),
    send(body, { sign: false }),
    send(body, { headers: signSlackRequest(SECRET, body, now - 301) as unknown as Record<string, string> }),
    send(body, { headers: signSlackRequest(SECRET, body, now + 600) as unknown as Record<string, string> }),
    send(body, { headers: { ...signSlackRequest(SECRET, body), 'x-slack-request-timestamp': 'abc' } }),
  ]);
  expect(replies.map((r) => r.status)).toEqual(Array(7).fill(401));
  await new Promise((r) => setTimeout(r, 20));
  expect(seen).toEqual([]);
});

test('a malformed body gets 400, an oversized one 413', async () => {
  expect((await send('{not json')).status).toBe(400);
  expect((await send('null')).status).toBe(400);
  expect((await send('payload=%5B1%5D', { contentType: 'application/x-www-form-urlencoded' })).status).toBe(400);
  const big = 'x'.repeat(BODY_LIMIT_BYTES + 1);
  expect((await send(big, { sign: false })).status).toBe(413);
  expect(seen).toEqual([]);
});

test('only POST to the events path is served', async () => {
  expect((await send(envelope('EvGet'), { method: 'GET' })).status).toBe(404);
  expect((await send(envelope('EvElsewhere'), { path: '/other' })).status).toBe(404);
  expect((await send(envelope('EvQuery'), { path: `${PATH}?x=1` })).status).toBe(200);
});

test('stop() waits until every acknowledged event has been through the app', async () => {
  let finishedListeners = 0;
  processEvent = async () => {
    await new Promise((r) => setTimeout(r, 40));
    finishedListeners += 1;
  };
  await Promise.all([send(envelope('EvStop1')), send(envelope('EvStop2'))]);
  await receiver.stop();
  expect(finishedListeners).toBe(2);
  // afterEach stops it again: start a fresh one for it.
  server = await receiver.start({ port: 0, host: '127.0.0.1' });
});
