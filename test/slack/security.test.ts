/** Request authenticity and secret hygiene: forged or stale requests do nothing; tokens never reach the logs. */
import { CHANNEL, SIGNING_SECRET, mentionEvent, startHarness, type Harness } from './harness';
import { signSlackRequest } from '../support/fakeSlackApi';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ samples: false, logLevel: 'debug' });
});

afterAll(async () => {
  await h?.close();
});

/** Send a valid mention and wait for its answer: everything sent before it has been dealt with. */
async function settle(): Promise<void> {
  const marker = mentionEvent(h, '支付成功率是多少');
  await h.sender.sendEvent(marker);
  await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === marker.ts);
}

const postsAbout = (ts: string) => h.fake.calls.filter((c) => c.body.thread_ts === ts || c.body.timestamp === ts);

test('a request with a forged signature gets 401 and the bot does nothing', async () => {
  const event = mentionEvent(h, '光大备份通道什么时候上线');
  const res = await h.sender.sendEvent(event, { signature: `v0=${'ab'.repeat(32)}` });
  expect(res.status).toBe(401);
  await settle();
  expect(postsAbout(event.ts)).toEqual([]);
});

test('a request signed with another secret gets 401', async () => {
  const event = mentionEvent(h, '光大备份通道什么时候上线');
  const body = JSON.stringify({ type: 'event_callback', team_id: h.fake.teamId, api_app_id: 'A0ZHOUBAO1', event_id: 'EvFORGED0001', event_time: 1, event });
  const forged = signSlackRequest('not-the-signing-secret', body);
  const res = await h.sender.post(body, 'application/json', { signature: forged['x-slack-signature'] });
  expect(res.status).toBe(401);
  await settle();
  expect(postsAbout(event.ts)).toEqual([]);
});

test('a correctly signed but stale request (timestamp 10 minutes old) gets 401', async () => {
  const event = mentionEvent(h, '光大备份通道什么时候上线');
  const res = await h.sender.sendEvent(event, { timestampSec: Math.floor(Date.now() / 1000) - 600 });
  expect(res.status).toBe(401);
  await settle();
  expect(postsAbout(event.ts)).toEqual([]);
});

test('a slash command with a forged signature gets 401 and no response', async () => {
  const responses = h.fake.callsOf('response_url').length;
  const res = await h.sender.sendCommand(
    { command: '/zhoubao', text: 'help', user_id: 'U0MEMBER01', channel_id: CHANNEL, response_url: h.fake.responseUrl('forged') },
    { signature: 'v0=deadbeef' },
  );
  expect(res.status).toBe(401);
  expect(res.body).toBe('');
  expect(h.fake.callsOf('response_url').length).toBe(responses);
});

test('tokens and the signing secret never appear in the logs, even at debug level', async () => {
  await settle();
  expect(h.logs.length).toBeGreaterThan(5);
  // The debug log does describe the Web API calls (so this test would see a leak)...
  expect(h.logs.some((l) => l.includes('chat.postMessage'))).toBe(true);
  const all = h.logs.join('\n');
  // ...but never the secrets.
  expect(all).not.toContain(h.fake.botToken);
  expect(all).not.toContain(SIGNING_SECRET);
  expect(all).not.toMatch(/xoxb-[A-Za-z0-9]/);
});
