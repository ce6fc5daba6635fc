/**
 * GET /healthz for a load balancer in front of several replicas: 200 while the store answers and
 * Slack accepts the token; 503 with the failing part named when either does not.
 */
import type { KnowledgeBaseApi } from '../../src/services/knowledgeBaseTypes';
import { loadConfig } from '../../src/config';
import { createSlackApp } from '../../src/slack/app';
import { FakeSlackApi, silentSlackLogger } from '../support/fakeSlackApi';


async function get(url: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method });
  return { status: res.status, body: await res.text() };
}

describe('GET /healthz', () => {
  let fake: FakeSlackApi;
  let storeBroken = false;
  let nowMs = Date.parse('2026-12-04T09:00:00Z');
  const kb = {
    teams: () => {
      if (storeBroken) throw new Error('The database connection is not open');
      return ['支付中心'];
    },
  } as unknown as KnowledgeBaseApi;
  let slack: ReturnType<typeof createSlackApp>;
  let base: string;

  beforeAll(async () => {
    fake = await FakeSlackApi.start();
    const config = loadConfig({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: 'secret-123456', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'error' });
    slack = createSlackApp({ kb, config, logger: silentSlackLogger, clock: () => new Date(nowMs), receiver: 'http' });
    const { port } = await slack.start(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await slack.stop();
    await fake.close();
  });

  test('200 with both parts ok; probes within a minute cost Slack no further auth.test', async () => {
    const first = await get(`${base}/healthz`);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ ok: true, store: 'ok', slack: 'ok' });
    const calls = fake.calls.filter((c) => c.method === 'auth.test').length;
    nowMs += 30_000;
    expect((await get(`${base}/healthz`)).status).toBe(200);
    expect((await get(`${base}/healthz`, 'HEAD')).status).toBe(200);
    expect(fake.calls.filter((c) => c.method === 'auth.test').length).toBe(calls);
  });

  test('503 naming the store when the store cannot be read', async () => {
    storeBroken = true;
    try {
      const res = await get(`${base}/healthz`);
      expect(res.status).toBe(503);
      const body = JSON.parse(res.body);
      expect(body.ok).toBe(false);
      expect(body.store).toMatch(/not open/);
      expect(body.slack).toBe('ok');
    } finally {
      storeBroken = false;
    }
  });

  test('503 naming Slack once the token is refused, back to 200 when it is accepted again', async () => {
    nowMs += 61_000; // past the cached success
    fake.failNext('auth.test', 'token_revoked', 1);
    const res = await get(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body).slack).toMatch(/token_revoked/);
    expect(res.body).not.toContain(fake.botToken);
    nowMs += 6_000; // a failure is re-checked after a few seconds
    expect((await get(`${base}/healthz`)).status).toBe(200);
  });

  test('other paths and methods are still not served', async () => {
    expect((await get(`${base}/healthz`, 'POST')).status).toBe(404);
    expect((await get(`${base}/status`)).status).toBe(404);
  });
});
