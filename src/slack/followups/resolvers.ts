/**
 * Which team a member reports for, and the member's own time zone, from the follow-up teams and the
 * members' Slack profiles: used for every DM and form submission (over a directory that keeps
 * channel member lists for a few minutes).
 */
import type { Followups, MemberDirectory } from '../../services/followups/index';
import type { TeamResolver, TimeZoneResolver } from '../context';

/** The first team (by name) that counts the member, else `defaultTeam`. */
export function followupTeamResolver(followups: Followups, directory: MemberDirectory, defaultTeam: string): TeamResolver {
  return async (userId) => (await followups.teams.teamOf(userId, directory))?.name ?? defaultTeam;
}

/** The member's Slack profile time zone, when it has one. */
export function profileTimeZoneResolver(directory: MemberDirectory): TimeZoneResolver {
  return async (userId) => (await directory.userInfo(userId).catch(() => null))?.timeZone;
}
