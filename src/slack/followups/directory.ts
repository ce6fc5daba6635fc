/**
 * The follow-ups' MemberDirectory over the Slack Web API: who is in a channel
 * (conversations.members) and what a user's profile says (users.info). Profiles are kept for hours
 * and channel member lists for minutes (lru-cache, fetched on a miss); a lookup that fails is never
 * kept, so the next call asks Slack again instead of taking the user for unknown.
 */
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../../clock';
import type { DirectoryUser, MemberDirectory } from '../../services/followups/index';
import type { SlackClient } from '../types';

/** Profiles change rarely; a run of reminders should not look up every member every 15 minutes. */
export const PROFILE_TTL_MS = 6 * 60 * 60 * 1000;
/** Long enough that a burst of submissions reads each channel once; short enough that a new member counts soon. */
export const CHANNEL_MEMBERS_TTL_MS = 5 * 60 * 1000;
/** Workspaces of a few thousand people: every profile fits. */
const MAX_PROFILES = 5000;
const MAX_CHANNELS = 500;

/** lru-cache keeps non-null values only: a user Slack does not know is kept as `{ user: null }`. */
interface Profile {
  user: DirectoryUser | null;
}

function timeSource(clock: Clock) {
  return { now: () => clock().getTime() };
}

export class SlackDirectory implements MemberDirectory {
  /** Every time zone seen in a profile (the schedule fires in each). */
  readonly timeZones = new Set<string>();
  private readonly profiles: LRUCache<string, Profile>;

  constructor(
    private readonly client: SlackClient,
    clock: Clock = systemClock,
  ) {
    this.profiles = new LRUCache<string, Profile>({
      max: MAX_PROFILES,
      ttl: PROFILE_TTL_MS,
      perf: timeSource(clock),
      ttlResolution: 0,
      // A rejected fetch is not stored (and the stale value is not served): users.info runs again next time.
      fetchMethod: (userId) => this.fetchProfile(userId),
    });
  }

  async channelMembers(channel: string): Promise<string[]> {
    const members: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
      members.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return members;
  }

  /** The user's profile; null when Slack does not know them, or cannot be asked right now. */
  async userInfo(userId: string): Promise<DirectoryUser | null> {
    try {
      return (await this.profiles.fetch(userId))?.user ?? null;
    } catch {
      return null;
    }
  }

  private async fetchProfile(userId: string): Promise<Profile> {
    const result = await this.client.users.info({ user: userId });
    const u = result.user;
    if (!u) return { user: null };
    const user: DirectoryUser = {
      id: userId,
      name: u.profile?.display_name || u.real_name || u.name || undefined,
      timeZone: u.tz || undefined,
      // Slackbot, apps and deactivated accounts are not members who write reports.
      isBot: Boolean(u.is_bot || u.deleted || userId === 'USLACKBOT'),
      isAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner),
    };
    if (user.timeZone) this.timeZones.add(user.timeZone);
    return { user };
  }
}

/** A MemberDirectory whose channel member lists are remembered for `ttlMs` (a failed read is not). */
export class CachedChannelDirectory implements MemberDirectory {
  private readonly channels: LRUCache<string, string[]>;

  constructor(
    private readonly inner: MemberDirectory,
    ttlMs: number = CHANNEL_MEMBERS_TTL_MS,
    clock: Clock = systemClock,
  ) {
    this.channels = new LRUCache<string, string[]>({
      max: MAX_CHANNELS,
      ttl: ttlMs,
      perf: timeSource(clock),
      ttlResolution: 0,
      fetchMethod: (channel) => this.inner.channelMembers(channel),
    });
  }

  async channelMembers(channel: string): Promise<string[]> {
    // Concurrent misses share one read; a rejection reaches every caller and is not stored.
    return (await this.channels.fetch(channel)) ?? [];
  }

  userInfo(userId: string): Promise<DirectoryUser | null> {
    return this.inner.userInfo(userId);
  }
}
