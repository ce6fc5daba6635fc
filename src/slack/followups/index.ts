/**
 * The follow-ups on Slack's side: the follow-up service's ports over the Web API (the member
 * directory, the reminder sender), posting what the service decided (prompts, the compiled report,
 * the week's changes), the reminder schedule `zhoubao serve` runs, and which team and time zone a
 * member submits for. The decisions themselves are the service's (services/followups/).
 *
 * May import: slack, services, domain, kernel.
 */
export { CachedChannelDirectory, CHANNEL_MEMBERS_TTL_MS, PROFILE_TTL_MS, SlackDirectory } from './directory';
export { postPrompts, publishCompiled, refreshCompiledPost } from './publish';
export { nextDeadline, reminderSchedule, runReminderTick, SlackReminderSender } from './reminders';
export { followupTeamResolver, profileTimeZoneResolver } from './resolvers';
