/**
 * Which team a member reports for, and the member's own time zone, from the follow-up teams and
 * the members' Slack profiles. Used for every DM and form submission, so channel member lists are
 * kept for a few minutes instead of being read from Slack each time.
 */
import type { Config } from '../../../config';
import type { KnowledgeBaseApi } from '../../../services/knowledgeBaseTypes';
import type { DirectoryUser, FollowupService, MemberDirectory } from '../../../services/followups/service';
import type { TeamResolver, TimeZoneResolver } from '../../context';
import type { SlackClient } from '../../types';
import { directoryFor, followupsFor } from './ports';

/** Long enough that a burst of submissions reads each channel once; short enough that a new member counts soon. */
export const CHANNEL_MEMBERS_TTL_MS = 5 * 60 * 1000;

/** A MemberDirectory whose channel member lists are remembered for `ttlMs`. */
export class CachedChannelDirectory implements MemberDirectory {
  private readonly channels = new Map<string, { at: number; members: Promise<string[]> }>();

  constructor(
    private readonly inner: MemberDirectory,
    private readonly ttlMs: number = CHANNEL_MEMBERS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  channelMembers(channel: string): Promise<string[]> {
    const cached = this.channels.get(channel);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.members;
    const members = this.inner.channelMembers(channel);
    this.channels.set(channel, { at: this.now(), members });
    // A failed read is not remembered: the next submission tries again.
    members.catch(() => {
      if (this.channels.get(channel)?.members === members) this.channels.delete(channel);
    });
    return members;
  }

  userInfo(userId: string): Promise<DirectoryUser | null> {
    return this.inner.userInfo(userId);
  }
}

/** The first team (by name) that counts the member, else `config.defaultTeam`. */
export function followupTeamResolver(service: FollowupService, directory: MemberDirectory, config: Config): TeamResolver {
  return async (userId) => (await service.teamOf(userId, directory))?.name ?? config.defaultTeam;
}

/** The member's Slack profile time zone, when it has one. */
export function profileTimeZoneResolver(directory: MemberDirectory): TimeZoneResolver {
  return async (userId) => (await directory.userInfo(userId).catch(() => null))?.timeZone;
}

/**
 * The app's resolvers over the follow-up service; null when the knowledge base is not the
 * SQLite-backed one (then everyone reports for the default team, in the install's time zone).
 */
export function memberResolvers(client: SlackClient, kb: KnowledgeBaseApi, config: Config, clock: () => Date): { teamFor: TeamResolver; timeZoneOf: TimeZoneResolver } | null {
  const service = followupsFor(kb, config, clock);
  if (!service) return null;
  const directory = new CachedChannelDirectory(directoryFor(client));
  return { teamFor: followupTeamResolver(service, directory, config), timeZoneOf: profileTimeZoneResolver(directory) };
}
