/**
 * slack/manifest.json (HTTP) and slack/manifest.socket.json (Socket Mode) can be installed as
 * shipped: every field within Slack's documented limits, and they ask for exactly what the code
 * needs: the scopes of the Web API methods it calls and the events its listeners are registered
 * for (src/slack/permissions.ts, itself checked against the source and the registrations).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from '@slack/bolt';
import { loadConfig, PROJECT_ROOT } from '../../src/config';
import { openKnowledgeBase } from '../../src/services/knowledgeBase';
import { EVENTS_PATH, createSlackApp } from '../../src/slack/app';
import { EVENT_NEEDS, WEB_API_SCOPES, requiredBotEvents, requiredBotScopes } from '../../src/slack/permissions';

type Manifest = Record<string, any>;
const read = (file: string): Manifest => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'slack', file), 'utf8'));
const manifests: Array<[string, Manifest]> = [
  ['manifest.json', read('manifest.json')],
  ['manifest.socket.json', read('manifest.socket.json')],
];

/** What the app registers with Bolt, by kind: read from one app built as `serve` builds it. */
interface Registrations {
  events: string[];
  commands: string[];
  /** Block actions and view submissions: what needs interactivity */
  interactive: string[];
}
let registered: Registrations;

beforeAll(async () => {
  const seen = { event: new Set<string>(), command: new Set<string>(), action: new Set<string>(), view: new Set<string>() };
  const spies = (Object.keys(seen) as Array<keyof typeof seen>).map((kind) =>
    jest.spyOn(App.prototype, kind).mockImplementation(function (this: App, id: unknown) {
      seen[kind].add(String(id));
      return this;
    } as never),
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-manifest-'));
  const config = loadConfig({ ZHOUBAO_TEAM: '支付中心', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-secret-0123456789', LOG_LEVEL: 'error' }, { dataDir });
  const kb = await openKnowledgeBase({ dataDir, config, log: () => {} });
  try {
    createSlackApp({ kb, config, receiver: 'http' });
  } finally {
    for (const spy of spies) spy.mockRestore();
    kb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  registered = { events: [...seen.event].sort(), commands: [...seen.command].sort(), interactive: [...seen.action, ...seen.view].sort() };
});

/** Slack counts characters, not UTF-16 units (Chinese text and emoji alike). */
const chars = (s: string) => [...s].length;

/**
 * Slack's limits on manifest fields, from the app manifest reference:
 * https://docs.slack.dev/reference/app-manifest (formerly https://api.slack.com/reference/manifests#fields).
 * A manifest that breaks one is refused when the app is created from it.
 */
const LIMITS = {
  name: { max: 35 },
  description: { max: 140 },
  longDescription: { min: 175, max: 4000 },
  /** A hex colour: #RGB or #RRGGBB */
  backgroundColor: /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/,
  botDisplayName: { max: 80 },
  /** Slash command: the command (with its slash), its description and usage hint */
  command: { max: 32, pattern: /^\/[a-z0-9_-]+$/ },
  commandDescription: { max: 2000 },
  usageHint: { max: 1000 },
  botScopes: { max: 255 },
  botEvents: { max: 100 },
};

describe.each(manifests)('%s', (_file, manifest) => {
  test('every field is within Slack’s documented limits', () => {
    const info = manifest.display_information;
    expect(chars(info.name)).toBeGreaterThan(0);
    expect(chars(info.name)).toBeLessThanOrEqual(LIMITS.name.max);
    expect(chars(info.description)).toBeLessThanOrEqual(LIMITS.description.max);
    expect(chars(info.long_description)).toBeGreaterThanOrEqual(LIMITS.longDescription.min);
    expect(chars(info.long_description)).toBeLessThanOrEqual(LIMITS.longDescription.max);
    expect(info.background_color).toMatch(LIMITS.backgroundColor);
    expect(chars(manifest.features.bot_user.display_name)).toBeLessThanOrEqual(LIMITS.botDisplayName.max);
    for (const command of manifest.features.slash_commands) {
      expect(command.command).toMatch(LIMITS.command.pattern);
      expect(chars(command.command)).toBeLessThanOrEqual(LIMITS.command.max);
      expect(chars(command.description)).toBeGreaterThan(0);
      expect(chars(command.description)).toBeLessThanOrEqual(LIMITS.commandDescription.max);
      expect(chars(command.usage_hint)).toBeLessThanOrEqual(LIMITS.usageHint.max);
    }
    expect(manifest.oauth_config.scopes.bot.length).toBeLessThanOrEqual(LIMITS.botScopes.max);
    expect(manifest.settings.event_subscriptions.bot_events.length).toBeLessThanOrEqual(LIMITS.botEvents.max);
    expect(manifest._metadata.major_version).toBe(1);
  });

  test('asks for exactly the bot scopes and events the code needs', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(requiredBotScopes());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(requiredBotEvents());
  });

  test('the command, App Home and interactivity the listeners rely on are on', () => {
    expect(registered.commands).toHaveLength(1); // the registrations were read
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command).sort()).toEqual(registered.commands);
    // Buttons and modals are handled: Slack must deliver their payloads.
    expect(registered.interactive.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    // An app_home_opened listener publishes the Home tab; DMs (message.im) are questions and submissions.
    expect(manifest.features.app_home.home_tab_enabled).toBe(registered.events.includes('app_home_opened'));
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(registered.events.includes('message'));
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });
});

test('HTTP: the slash command, events and interactivity all point at the one Bolt endpoint', () => {
  const [, manifest] = manifests[0];
  expect(manifest.settings.socket_mode_enabled).toBe(false);
  for (const url of [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0].url]) {
    expect(url).toMatch(/^https:\/\//);
    expect(url.endsWith(EVENTS_PATH)).toBe(true);
  }
});

test('Socket Mode: enabled, and no request URL anywhere (Slack refuses them with Socket Mode on)', () => {
  const [, manifest] = manifests[1];
  expect(manifest.settings.socket_mode_enabled).toBe(true);
  expect(JSON.stringify(manifest)).not.toMatch(/"(?:url|request_url)"/);
  // Otherwise the same app as the HTTP manifest.
  const [, http] = manifests[0];
  expect(manifest.display_information).toEqual(http.display_information);
  expect(manifest.oauth_config).toEqual(http.oauth_config);
});

/** Every `client.<namespace>.<method>(` call in src/ (the Slack stand-in excluded). */
function webApiMethodsCalled(): string[] {
  const methods = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing') walk(full);
      } else if (entry.name.endsWith('.ts')) {
        const source = fs.readFileSync(full, 'utf8');
        for (const m of source.matchAll(/\bclient\.(auth|chat|conversations|users|usergroups|reactions|files|views|team|pins|bookmarks|apps)\.([a-zA-Z]+)\(/g)) {
          methods.add(`${m[1]}.${m[2]}`);
        }
      }
    }
  };
  walk(path.join(PROJECT_ROOT, 'src'));
  return [...methods].sort();
}

test('the list of needs covers every Web API method the source calls', () => {
  const called = webApiMethodsCalled();
  expect(called.length).toBeGreaterThan(5); // the scan itself works
  for (const method of called) expect(Object.keys(WEB_API_SCOPES)).toContain(method);
});

test('the list of needs covers every event a listener is registered for, and nothing else', () => {
  expect(registered.events).toEqual(Object.keys(EVENT_NEEDS).sort());
});
