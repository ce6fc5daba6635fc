/**
 * The configuration is checked once, at load: a value that cannot work is refused there, with a
 * message naming the variable, instead of surfacing later as a reminder that never fires or a
 * Slack call that fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig, PROJECT_ROOT } from '../src/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { dataDir: '/nonexistent/config-test' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig rejects values that cannot work, naming the variable', () => {
  test.each([
    ['ZHOUBAO_TZ', 'Mars/Olympus_Mons', '时区'],
    ['ZHOUBAO_TZ', 'GMT+8:00', '时区'],
    ['ZHOUBAO_REMINDER_CRON', '0 16 * *', 'cron'],
    ['ZHOUBAO_REMINDER_CRON', '0 25 * * 5', 'cron'],
    ['ZHOUBAO_REMINDER_CRON', '每周五下午四点', 'cron'],
    ['LOG_LEVEL', 'verbose', '日志级别'],
    ['LOG_LEVEL', 'toString', '日志级别'],
    ['PORT', 'eighty', '端口'],
    ['PORT', '70000', '端口'],
    ['SLACK_API_URL', 'slack.example.com/api', '网址'],
    ['OPENAI_BASE_URL', 'ftp://models.example.com/v1', '网址'],
    ['NOTION_API_URL', 'not a url', '网址'],
    ['CONFLUENCE_URL', 'example.atlassian.net/wiki', '网址'],
  ])('%s=%s', (name, value, what) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain(value);
    expect(problems[0]).toContain(what);
  });

  test('every bad variable is reported at once, in a message that lists them', () => {
    let message = '';
    try {
      loadConfig({ ZHOUBAO_TZ: 'Nowhere/Land', LOG_LEVEL: 'loud', ZHOUBAO_REMINDER_CRON: '* *' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^配置有误/);
    for (const name of ['ZHOUBAO_TZ', 'LOG_LEVEL', 'ZHOUBAO_REMINDER_CRON']) expect(message).toContain(name);
  });
});

describe('loadConfig accepts what the README documents', () => {
  test('defaults without any variable', () => {
    const config = loadConfig({}, { dataDir: '/tmp/zhoubao-config-test' });
    expect(config.timeZone).toBe('Asia/Shanghai');
    expect(config.reminderCron).toBe('0 16 * * 5');
    expect(config.logLevel).toBe('info');
    expect(config.slack.port).toBe(3000);
    expect(config.notion).toEqual({ token: undefined, apiUrl: undefined });
    expect(config.confluence).toEqual({ url: undefined, user: undefined, token: undefined });
  });

  test('valid zones, cron patterns, levels and the importers’ settings', () => {
    const config = loadConfig({
      ZHOUBAO_TZ: 'America/Los_Angeles',
      ZHOUBAO_REMINDER_CRON: '30 9 * * 1-5',
      LOG_LEVEL: 'WARNING',
      PORT: '8080',
      NOTION_TOKEN: ' secret_abc ',
      NOTION_API_URL: 'http://127.0.0.1:9999',
      CONFLUENCE_URL: 'https://example.atlassian.net/wiki',
      CONFLUENCE_USER: 'a@example.com',
      CONFLUENCE_TOKEN: 'tok',
    });
    expect(config.timeZone).toBe('America/Los_Angeles');
    expect(config.reminderCron).toBe('30 9 * * 1-5');
    expect(config.logLevel).toBe('warn');
    expect(config.slack.port).toBe(8080);
    expect(config.notion).toEqual({ token: 'secret_abc', apiUrl: 'http://127.0.0.1:9999' });
    expect(config.confluence).toEqual({ url: 'https://example.atlassian.net/wiki', user: 'a@example.com', token: 'tok' });
  });

  test('an empty variable counts as unset, not as invalid', () => {
    const config = loadConfig({ ZHOUBAO_TZ: '', LOG_LEVEL: '  ', PORT: '' });
    expect(config.timeZone).toBe('Asia/Shanghai');
    expect(config.logLevel).toBe('info');
    expect(config.slack.port).toBe(3000);
  });
});

test('.env.example documents every variable the configuration reads', () => {
  const example = fs.readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  expect(CONFIG_VARIABLES.length).toBeGreaterThan(20);
});
