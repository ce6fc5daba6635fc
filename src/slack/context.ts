/**
 * What every listener gets — the app's dependencies, built in one place (app.ts) and given to
 * registerListeners: the services (knowledge base, follow-ups, submissions) and configuration, plus
 * the few pieces of Slack-side state (conversation memory, the member directory) and policy (which
 * team a member reports for) the listeners share.
 */
import type { Logger } from '@slack/bolt';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Followups, MemberDirectory } from '../services/followups/index';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import type { SubmissionDeps } from '../services/submissions';
import type { ConversationMemory } from './threadContext';
import type { WorkQueue } from './workQueue';

/**
 * The team a member's submissions are stored under. A single-team install maps everyone to
 * `config.defaultTeam`; a member→team mapping (user groups, a roster) can replace it without
 * touching the listeners.
 */
export type TeamResolver = (userId: string) => string | Promise<string>;

/**
 * A member's own time zone (their Slack profile), so a submission is filed under the week it is in
 * where they are; undefined when unknown (the install's time zone applies).
 */
export type TimeZoneResolver = (userId: string) => Promise<string | undefined>;

export function defaultTeamResolver(config: Config): TeamResolver {
  return () => config.defaultTeam;
}

export interface SlackContext {
  kb: KnowledgeBaseApi;
  config: Config;
  clock: Clock;
  /** Null when the app was built without follow-ups (logged once at start): no prompts, no team settings */
  followups: Followups | null;
  /** Slack's member directory (channel members, profiles), shared by submissions, commands and reminders */
  directory: MemberDirectory;
  /** How a submission is stored and followed up (services/submissions.ts) */
  submissions: SubmissionDeps;
  /** A team's schedule or time zone changed: rebuild the reminder jobs */
  onScheduleChange: () => void;
  teamFor: TeamResolver;
  /** Absent: every member is taken to be in `config.timeZone` */
  timeZoneOf?: TimeZoneResolver;
  conversations: ConversationMemory;
  logger: Logger;
  /** Answer work runs here, after the request has been acknowledged (see workQueue.ts) */
  work: WorkQueue;
}
