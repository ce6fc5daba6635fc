/** Starting the Slack app: clear errors for missing or wrong credentials, mode selection. */
import { LogLevel, SocketModeReceiver } from '@slack/bolt';
import { loadConfig } from '../../src/config';
import type { KnowledgeBaseApi } from '../../src/services/knowledgeBaseTypes';
import { EVENTS_PATH, createSlackApp } from '../../src/slack/app';
import { serveSlack } from '../../src/slack/serve';
import { FakeSlackApi, SlackRequestSender } from '../support/fakeSlackApi';

// The app is only constructed or fails before touching the knowledge base in these tests.
const unusedKb = {} as KnowledgeBaseApi;

describe('serveSlack', () => {
  test('names a missing bot token and signing secret before opening anything', async () => {
    const config = loadConfig({}, { dataDir: '/nonexistent/should-not-be-created' });
    await expect(serveSlack(config, { handleSignals: false })).rejects.toThrow(/SLACK_BOT_TOKEN、SLACK_SIGNING_SECRET/);
  });

  test('names a missing signing secret when only the bot token is set', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3' }, { dataDir: '/nonexistent/should-not-be-created' });
    await expect(serveSlack(config, { handleSignals: false })).rejects.toThrow(/缺少 SLACK_SIGNING_SECRET/);
  });
});

describe('never silent', () => {
  test('when the knowledge base fails, a mention still gets a short reply saying what to do', async () => {
    const fake = await FakeSlackApi.start();
    const failingKb = {
      claimEvent: () => true,
      ask: async () => {
        throw new Error('database is locked');
      },
    } as unknown as KnowledgeBaseApi;
    const config = loadConfig({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: 'secret-123456', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'error' });
    const logged: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (...m: unknown[]) => logged.push(m.join(' ')), setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
    const slack = createSlackApp({ kb: failingKb, config, logger });
    try {
      const { port } = await slack.start(0, '127.0.0.1');
      const sender = new SlackRequestSender({
        url: `http://127.0.0.1:${port}${EVENTS_PATH}`,
        signingSecret: 'secret-123456',
        ids: { teamId: fake.teamId, appId: 'A1', botUserId: fake.botUserId },
      });
      await sender.sendEvent({ type: 'app_mention', user: 'U1', text: `<@${fake.botUserId}> 光大备份通道什么时候上线`, ts: '1701828000.000001', channel: 'C1', event_ts: '1701828000.000001' });
      const reply = await fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === '1701828000.000001');
      expect(reply.body.text).toContain('出错');
      expect(reply.body.text).toContain('稍后再试');
      expect(reply.body.text).not.toContain('database is locked');
      // The cause goes to the log, for whoever runs the bot.
      expect(logged.join('\n')).toContain('database is locked');
    } finally {
      await slack.stop();
      await fake.close();
    }
  });
});

describe('createSlackApp', () => {
  test('HTTP mode is the default without an app token', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret-123456' });
    const slack = createSlackApp({ kb: unusedKb, config });
    expect((slack.app as unknown as { receiver: object }).receiver.constructor.name).toBe('LeanHttpReceiver');
  });

  test('HTTP mode needs the signing secret', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3' });
    expect(() => createSlackApp({ kb: unusedKb, config, receiver: 'http' })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  test('Socket Mode is chosen when an app token is set (constructed, not connected)', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' });
    const slack = createSlackApp({ kb: unusedKb, config });
    // Bolt keeps the receiver private; its class is the only outward sign of the mode.
    expect((slack.app as unknown as { receiver: object }).receiver).toBeInstanceOf(SocketModeReceiver);
  });

  test('a token Slack rejects fails start() with a clear message', async () => {
    const fake = await FakeSlackApi.start({ botToken: 'xoxb-the-right-one' });
    try {
      const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-a-wrong-one', SLACK_SIGNING_SECRET: 'secret-123456', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'error' });
      const slack = createSlackApp({ kb: unusedKb, config });
      await expect(slack.start(0)).rejects.toThrow(/Slack 认证失败.*invalid_auth/);
      await slack.stop();
    } finally {
      await fake.close();
    }
  });
});
