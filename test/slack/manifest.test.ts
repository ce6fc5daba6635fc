/** slack/manifest.json agrees with the code: the events, command, endpoint and scopes the app relies on. */
import manifest from '../../slack/manifest.json';
import { EVENTS_PATH } from '../../src/slack/app';
import { COMMAND } from '../../src/slack/listeners/commands';

test('subscribes to the events the listeners handle', () => {
  // message.channels / message.groups: owners' replies in the thread under the compiled team report.
  expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im']);
});

test('the slash command, events and interactivity all point at the one Bolt endpoint', () => {
  expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
  for (const url of [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0].url]) {
    expect(url.endsWith(EVENTS_PATH)).toBe(true);
  }
  expect(manifest.settings.interactivity.is_enabled).toBe(true);
  expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
});

test('asks for the scopes of every Web API method the app calls, and no more', () => {
  // method → scope (views.* and auth.test need none)
  const used: Record<string, string> = {
    'app_mention event': 'app_mentions:read',
    'chat.postMessage / chat.update': 'chat:write',
    'conversations.replies (channels)': 'channels:history',
    'conversations.replies (private channels)': 'groups:history',
    'message.im event, conversations.replies (DMs)': 'im:history',
    'conversations.open': 'im:write',
    'reactions.add': 'reactions:write',
    'files.info, file download': 'files:read',
    '/zhoubao': 'commands',
    'users.info (member time zones)': 'users:read',
    'conversations.members (channels)': 'channels:read',
    'conversations.members (private channels)': 'groups:read',
  };
  expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.values(used).sort());
});
