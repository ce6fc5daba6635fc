/**
 * Socket Mode over loopback: the real Bolt app connects to a WebSocket stand-in (the URL the Web
 * API stand-in hands out from apps.connections.open). It must survive an outage far longer than a
 * 5-retry budget and answer again when Slack is back; a wrong SLACK_APP_TOKEN must stop it at once
 * with a Chinese message that names the variable, not be retried forever.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogLevel, type Logger } from '@slack/bolt';
import { loadConfig } from '../../src/config';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/services/knowledgeBase';
import { SlackConfigError, createSlackApp, type SlackAppHandle } from '../../src/slack/app';
import { appTokenProblem, reconnectDelay } from '../../src/slack/socketMode';
import { serveSlack } from '../../src/slack/serve';
import { FakeSocketModeServer } from '../support/fakeSocketMode';
import { eventEnvelope } from '../support/slackRequests';
import { FakeSlackApi } from '../support/fakeSlackApi';
import { waitUntil } from './harness';

/**
 * Short waits so that many attempts fit in a test; the shape of the policy is the production one.
 * (10–40 ms, was 20–80: the outage tests count attempts, not time, so they prove the same in half the wait.)
 */
const FAST_RECONNECT = { minDelayMs: 10, maxDelayMs: 40, attemptTimeoutMs: 3000 };

interface Setup {
  fake: FakeSlackApi;
  sockets: FakeSocketModeServer;
  kb: KnowledgeBase;
  slack: SlackAppHandle;
  logs: string[];
  dataDir: string;
  fatal: Error[];
  close(): Promise<void>;
}

function captureLogger(lines: string[]): Logger {
  const push = (...msg: unknown[]) => lines.push(msg.map(String).join(' '));
  return { debug: () => {}, info: push, warn: push, error: push, setLevel: () => {}, getLevel: () => LogLevel.INFO, setName: () => {} };
}

async function setUp(appToken?: (fake: FakeSlackApi) => string): Promise<Setup> {
  const fake = await FakeSlackApi.start();
  const sockets = await FakeSocketModeServer.start();
  fake.socketModeUrl = sockets.url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-socket-'));
  const config = loadConfig(
    {
      ZHOUBAO_TEAM: '支付中心',
      ZHOUBAO_TZ: 'Asia/Shanghai',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: appToken ? appToken(fake) : fake.appToken,
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
    },
    { dataDir },
  );
  const kb = await openKnowledgeBase({ dataDir, config, log: () => {} });
  const logs: string[] = [];
  const fatal: Error[] = [];
  const slack = createSlackApp({ kb, config, logger: captureLogger(logs), socketReconnect: FAST_RECONNECT, onFatal: (e) => fatal.push(e) });
  return {
    fake,
    sockets,
    kb,
    slack,
    logs,
    dataDir,
    fatal,
    async close() {
      await slack.stop().catch(() => {});
      kb.close();
      await sockets.close();
      await fake.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function mention(s: Setup, text: string, ts: string) {
  return eventEnvelope(
    { type: 'app_mention', user: 'U0MEMBER01', text: `<@${s.fake.botUserId}> ${text}`, ts, channel: 'C0GENERAL1', event_ts: ts },
    { teamId: s.fake.teamId, appId: 'A0ZHOUBAO1', botUserId: s.fake.botUserId },
  );
}

/** Deliver a mention over the socket; resolves with the reply posted in its thread. */
async function mentionAnswered(s: Setup, ts: string) {
  const envelopeId = s.sockets.sendEvent(mention(s, '光大备份通道什么时候上线', ts));
  await s.sockets.waitForAck(envelopeId);
  return s.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts, 5000);
}

describe('Socket Mode through an outage', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  test('keeps trying while Slack is unreachable, reconnects when it is back, and answers again', async () => {
    const s = await setUp();
    try {
      await s.slack.start();
      expect(s.sockets.openConnections).toBe(1);
      await mentionAnswered(s, '1701828000.000001');

      // Slack goes away: the socket drops and apps.connections.open cannot be reached.
      s.fake.setUnreachable(true);
      s.sockets.setDown(true);
      const attemptsDuringOutage = () => s.fake.callsOf('apps.connections.open').filter((c) => c.status === 0).length;
      // Far more attempts than the 5 retries after which the process used to exit.
      await waitUntil(() => attemptsDuringOutage() >= 12 || null, 15_000, '12 connection attempts during the outage');
      expect(s.sockets.openConnections).toBe(0);

      s.fake.setUnreachable(false);
      s.sockets.setDown(false);
      await s.sockets.waitForConnections(2);
      await mentionAnswered(s, '1701828000.000002');

      expect(unhandled).toEqual([]);
      expect(s.fatal).toEqual([]);
      expect(s.logs.some((l) => l.includes('Socket Mode 连接已断开'))).toBe(true);
      expect(s.logs.some((l) => l.includes('Socket Mode 已重新连接'))).toBe(true);
    } finally {
      await s.close();
    }
  }, 30_000);

  test('a start-up while Slack is unreachable waits for Slack instead of exiting', async () => {
    const s = await setUp();
    try {
      s.sockets.setDown(true);
      let started = false;
      const starting = s.slack.start().then(() => (started = true));
      await waitUntil(() => s.fake.callsOf('apps.connections.open').length >= 8 || null, 15_000, '8 attempts');
      expect(started).toBe(false);
      s.sockets.setDown(false);
      await starting;
      expect(s.sockets.openConnections).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      await s.close();
    }
  }, 30_000);

  test('stop() returns once Slack has answered the close frame, so what is torn down next cannot cut the handshake', async () => {
    // Cut short, the handshake left a 30-second timer of @slack/socket-mode running: a process
    // (the CLI, a jest worker) that should have ended stayed alive for 30 s.
    const s = await setUp();
    try {
      await s.slack.start();
      await s.slack.stop();
      expect(s.sockets.closeFramesReceived).toBe(1);
      expect(s.logs.filter((l) => /WebSocket error/.test(l))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  test('the wait between attempts doubles up to its cap, with jitter', () => {
    const policy = { minDelayMs: 1000, maxDelayMs: 30_000, attemptTimeoutMs: 30_000 };
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => reconnectDelay(n, policy, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(reconnectDelay(1, policy, () => 0)).toBe(800);
    expect(reconnectDelay(1, policy, () => 1)).toBe(1200);
  });
});

describe('a wrong SLACK_APP_TOKEN', () => {
  test.each([
    ['a bot token pasted in', (f: FakeSlackApi) => f.botToken, null, 'not_allowed_token_type', /xapp-.*不是机器人令牌/],
    ['a token without connections:write', (f: FakeSlackApi) => f.appToken, 'missing_scope', 'missing_scope', /connections:write/],
    ['a token that is not valid', () => 'xapp-1-not-the-right-one', null, 'invalid_auth', /无效/],
  ])('%s: named, explained in Chinese, not retried', async (_what, token, failWith, reason, explanation) => {
    const s = await setUp(token);
    try {
      if (failWith) s.fake.failNext('apps.connections.open', failWith, 100);
      const error = await s.slack.start().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SlackConfigError);
      const message = (error as Error).message;
      expect(message).toContain('SLACK_APP_TOKEN');
      expect(message).toContain(reason);
      expect(message).toMatch(explanation);
      expect(s.fake.callsOf('apps.connections.open')).toHaveLength(1);
      expect(s.sockets.connectionCount).toBe(0);
    } finally {
      await s.close();
    }
  });

  test('`zhoubao serve` fails with that message (the CLI exits non-zero on it)', async () => {
    const fake = await FakeSlackApi.start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-socket-serve-'));
    try {
      const config = loadConfig(
        { ZHOUBAO_TEAM: '支付中心', SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: fake.botToken, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'error' },
        { dataDir },
      );
      await expect(serveSlack(config, { handleSignals: false })).rejects.toThrow(/SLACK_APP_TOKEN 的类型不对/);
      expect(fake.callsOf('apps.connections.open')).toHaveLength(1);
    } finally {
      await fake.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('only answers that say the token is wrong are final; network trouble and server errors are retried', () => {
    const platform = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
    expect(appTokenProblem(platform('not_allowed_token_type'))).toMatch(/SLACK_APP_TOKEN/);
    expect(appTokenProblem(platform('internal_error'))).toBeNull();
    expect(appTokenProblem(Object.assign(new Error('ECONNREFUSED'), { code: 'slack_webapi_request_error' }))).toBeNull();
    expect(appTokenProblem(new Error('socket hang up'))).toBeNull();
  });
});
