/**
 * The follow-up service's two ports over the Slack Web API — who is in a channel and what a user's
 * profile says (MemberDirectory), and delivering reminders (ReminderSender) — plus the posting of
 * prompts and compiled reports that the listeners, the schedule and `zhoubao remind` share.
 */
import type { Logger } from '@slack/bolt';
import { Cron } from 'croner';
import type { Config } from '../../../config';
import { KnowledgeBase } from '../../../services/knowledgeBase';
import type { KnowledgeBaseApi } from '../../../services/knowledgeBaseTypes';
import type { DueDeadline, DueMemberReminder } from '../../../domain/followup/schedule';
import { FollowupService, type CompiledWeek, type DirectoryUser, type MemberDirectory, type ReminderSender, type SentMessage } from '../../../services/followups/service';
import { teamDefaultsFrom, type Team } from '../../../domain/followup/team';
import type { PromptRow } from '../../../adapters/store/followupStore';
import { compiledReportMessage, missingOwnerMessage } from '../../blocks/compiled';
import { followupPromptMessage } from '../../blocks/followup';
import { deadlineSummaryMessage, reminderMessage } from '../../blocks/reminder';
import { postChangesDigestOnce } from '../../changesDigest';
import { openDirectMessage, postMessage } from '../../reply';
import type { SlackClient } from '../../types';

const services = new WeakMap<object, FollowupService>();

/**
 * The follow-up service of a knowledge base (one per open store). Null when the knowledge base is
 * not the SQLite-backed one (a stand-in in a test), so the follow-up features switch themselves off.
 */
export function followupsFor(kb: KnowledgeBaseApi, config: Config, clock: () => Date): FollowupService | null {
  if (!(kb instanceof KnowledgeBase)) return null;
  let service = services.get(kb);
  if (!service) {
    service = new FollowupService(kb, teamDefaultsFrom(config), clock);
    services.set(kb, service);
  }
  return service;
}

const directories = new WeakMap<object, SlackDirectory>();

/** The app's one directory over `client`, so the reminders and the submissions share its profile cache. */
export function directoryFor(client: SlackClient): SlackDirectory {
  let directory = directories.get(client);
  if (!directory) {
    directory = new SlackDirectory(client);
    directories.set(client, directory);
  }
  return directory;
}

/** Profiles change rarely; a run of reminders should not look up every member every 15 minutes. */
const PROFILE_TTL_MS = 6 * 60 * 60 * 1000;

export class SlackDirectory implements MemberDirectory {
  private readonly profiles = new Map<string, { at: number; user: DirectoryUser | null }>();
  /** Every time zone seen in a profile (the schedule fires in each). */
  readonly timeZones = new Set<string>();

  constructor(
    private readonly client: SlackClient,
    private readonly now: () => number = Date.now,
  ) {}

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

  async userInfo(userId: string): Promise<DirectoryUser | null> {
    const cached = this.profiles.get(userId);
    if (cached && this.now() - cached.at < PROFILE_TTL_MS) return cached.user;
    let user: DirectoryUser | null = null;
    try {
      const result = await this.client.users.info({ user: userId });
      const u = result.user;
      if (u) {
        user = {
          id: userId,
          name: u.profile?.display_name || u.real_name || u.name || undefined,
          timeZone: u.tz || undefined,
          // Slackbot, apps and deactivated accounts are not members who write reports.
          isBot: Boolean(u.is_bot || u.deleted || userId === 'USLACKBOT'),
          isAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner),
        };
        if (user.timeZone) this.timeZones.add(user.timeZone);
      }
    } catch {
      user = null;
    }
    this.profiles.set(userId, { at: this.now(), user });
    return user;
  }
}

/** The next deadline after `from` in the team's time zone (for "19:00 截止" in a reminder). */
export function nextDeadline(team: Team, from: Date): Date | null {
  if (!team.schedule.deadline) return null;
  try {
    return new Cron(team.schedule.deadline, { timezone: team.timeZone, paused: true }).nextRun(from);
  } catch {
    return null;
  }
}

export class SlackReminderSender implements ReminderSender {
  constructor(
    private readonly client: SlackClient,
    private readonly service: FollowupService,
    private readonly directory: MemberDirectory,
    private readonly logger?: Pick<Logger, 'error' | 'info'>,
  ) {}

  async remindMember(reminder: DueMemberReminder, team: Team): Promise<SentMessage> {
    const channel = await openDirectMessage(this.client, reminder.userId);
    const deadline = nextDeadline(team, reminder.scheduledFor);
    const ts = await postMessage(this.client, channel, reminderMessage(reminder, team, deadline));
    return { channel, ts };
  }

  /** The summary first (that is the stage); then the compiled report and the questions to the missing. */
  async deadline(reminder: DueDeadline, team: Team): Promise<SentMessage> {
    const channel = team.channel!;
    const ts = await postMessage(this.client, channel, deadlineSummaryMessage(reminder, team));
    try {
      const compiled = await this.service.compile(team, reminder.week, this.directory);
      await publishCompiled(this.client, this.service, compiled, channel, ts ?? null, this.logger);
    } catch (error) {
      this.logger?.error(`compiling ${team.name} ${reminder.week.weekLabel} at the deadline failed:`, error);
    }
    return { channel, ts };
  }
}

/**
 * Posts the compiled report to `channel` (or updates the message posted before for that week), then
 * asks each owner who has not submitted about their open items in its thread — each item once.
 * Without a compiled report (nobody submitted) the questions go under `fallbackThreadTs`.
 * Returns the compiled message's ts, or null when there was nothing to post.
 */
export async function publishCompiled(
  client: SlackClient,
  service: FollowupService,
  compiled: CompiledWeek,
  channel: string,
  fallbackThreadTs: string | null = null,
  logger?: Pick<Logger, 'error'>,
): Promise<string | null> {
  const { team, week } = compiled;
  let threadTs = fallbackThreadTs;
  let messageTs: string | null = null;
  if (compiled.reportId !== null) {
    const message = compiledReportMessage(compiled);
    const before = service.compiledPost(team.name, week.reportDate);
    if (before && before.channel === channel) {
      await client.chat.update({ channel, ts: before.messageTs, text: message.text, blocks: message.blocks });
      messageTs = before.messageTs;
    } else {
      messageTs = (await postMessage(client, channel, message)) ?? null;
      if (messageTs) service.saveCompiledPost(team.name, week.reportDate, channel, messageTs);
    }
    threadTs = messageTs;
  }
  if (!threadTs) return messageTs;
  for (const owner of compiled.missing) {
    const prompts = service.claimMissingOwnerPrompts(team, week, owner);
    // An owner with nothing open is asked to submit, once per week.
    if (!prompts.length && (owner.items.length || !service.kb.claimEvent(`followup:ask-submit:${team.name}:${week.reportDate}:${owner.userId}`))) continue;
    try {
      const ts = await postMessage(client, channel, missingOwnerMessage(owner.userId, week.weekLabel, prompts), threadTs);
      if (prompts.length) service.promptsPosted(prompts, channel, threadTs, ts ?? null);
    } catch (error) {
      service.promptsNotPosted(prompts);
      logger?.error(`asking ${owner.userId} in the compiled report's thread failed:`, error);
    }
  }
  // The week's changes follow the compiled report, once per team and week. Also without one (nobody
  // submitted by DM): a team report ingested another way still has its week's changes.
  try {
    await postChangesDigestOnce(client, service, team.name, week.reportDate, channel, logger);
  } catch (error) {
    logger?.error(`posting ${team.name} ${week.weekLabel}'s changes failed:`, error);
  }
  return messageTs;
}

/** After a recompile (an answer or a late submission), the posted compiled report shows the new text. */
export async function refreshCompiledPost(client: SlackClient, service: FollowupService, compiled: CompiledWeek): Promise<void> {
  const posted = service.compiledPost(compiled.team.name, compiled.week.reportDate);
  if (!posted || compiled.reportId === null) return;
  const message = compiledReportMessage(compiled);
  await client.chat.update({ channel: posted.channel, ts: posted.messageTs, text: message.text, blocks: message.blocks });
}

/** Posts newly asked items in a thread and records where; releases them when the post fails. */
export async function postPrompts(client: SlackClient, service: FollowupService, userId: string, prompts: PromptRow[], channel: string, threadTs: string | null): Promise<void> {
  if (!prompts.length) return;
  try {
    const ts = (await postMessage(client, channel, followupPromptMessage(userId, prompts), threadTs ?? undefined)) ?? null;
    service.promptsPosted(prompts, channel, threadTs ?? ts ?? '', ts);
  } catch (error) {
    service.promptsNotPosted(prompts);
    throw error;
  }
}
