/**
 * What the bot needs from Slack, in one place: the Web API methods it calls with the bot scopes
 * each needs, and the events its listeners are registered for with the subscriptions and scopes
 * they need. slack/manifest.json and slack/manifest.socket.json must ask for exactly this
 * (test/slack/manifest.test.ts checks both, and checks this list against the calls in src/ and
 * the listeners' registrations, so a new call or listener cannot be forgotten here).
 */

/** Web API method → the bot scopes it needs (none: views.*, auth.test). */
export const WEB_API_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  // Earlier questions in a thread, in public channels, private channels and DMs.
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  // A DM to a member (receipts of form submissions, follow-up questions).
  'conversations.open': ['im:write'],
  // The members of a team's channel (public or private), for follow-ups.
  'conversations.members': ['channels:read', 'groups:read'],
  'reactions.add': ['reactions:write'],
  // files.info and the download of url_private_download with the bot token.
  'files.info': ['files:read'],
  // A member's time zone, so a submission is filed under their week.
  'users.info': ['users:read'],
  'views.open': [],
  'views.publish': [],
};

/**
 * Event a listener is registered for (`app.event(name)`) → the event subscriptions and scopes it
 * needs. `message` is subscribed in three kinds of conversation: DMs (questions and submissions),
 * and public and private channels, where the follow-up middleware reads members' replies in the
 * thread under the compiled team report (Slack sends app_mention only when the bot is mentioned).
 */
export const EVENT_NEEDS: Readonly<Record<string, { subscriptions: readonly string[]; scopes: readonly string[] }>> = {
  app_mention: { subscriptions: ['app_mention'], scopes: ['app_mentions:read'] },
  app_home_opened: { subscriptions: ['app_home_opened'], scopes: [] },
  message: { subscriptions: ['message.im', 'message.channels', 'message.groups'], scopes: ['im:history', 'channels:history', 'groups:history'] },
};

/** A slash command needs this scope. */
export const COMMAND_SCOPE = 'commands';

/** Every bot scope the manifest must request, sorted. */
export function requiredBotScopes(): string[] {
  const scopes = new Set<string>([COMMAND_SCOPE]);
  for (const needed of Object.values(WEB_API_SCOPES)) for (const s of needed) scopes.add(s);
  for (const { scopes: needed } of Object.values(EVENT_NEEDS)) for (const s of needed) scopes.add(s);
  return [...scopes].sort();
}

/** Every bot event subscription the manifest must list, sorted. */
export function requiredBotEvents(): string[] {
  return Object.values(EVENT_NEEDS)
    .flatMap((e) => e.subscriptions)
    .sort();
}
