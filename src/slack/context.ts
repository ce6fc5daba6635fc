/**
 * What every listener gets: the knowledge base and configuration, plus the few pieces of Slack-side
 * state (conversation memory) and policy (which team a member reports for) the listeners share.
 */
import type { Logger } from '@slack/bolt';
import type { Config } from '../config';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
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
  clock: () => Date;
  teamFor: TeamResolver;
  /** Absent: every member is taken to be in `config.timeZone` */
  timeZoneOf?: TimeZoneResolver;
  conversations: ConversationMemory;
  logger: Logger;
  /** Answer work runs here, after the request has been acknowledged (see workQueue.ts) */
  work: WorkQueue;
}
