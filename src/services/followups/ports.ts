/**
 * What the follow-up parts need from outside, as narrow interfaces: reading stored reports, writing
 * a report (a member's week with their answers, the compiled team report), claiming a one-time
 * event, and — supplied by a front door (Slack, the CLI) — who is in a channel and how a reminder
 * is delivered. The knowledge base and the report store satisfy the first three as they are.
 */
import type { Clock } from '../../clock';
import type { FollowupStore } from '../../adapters/store/followupStore';
import type { StoredItem, StoredReport } from '../../domain/records';
import type { DueDeadline, DueMemberReminder, SentReminder } from '../../domain/followup/schedule';
import type { Team, TeamDefaults } from '../../domain/followup/team';
import type { WeekChanges } from '../../domain/changes/types';
import type { IngestResult, IngestTextOptions } from '../knowledgeBaseTypes';

/** Stored reports, read-only (the report store). */
export interface ReportReader {
  listReports(filter?: { team?: string }): StoredReport[];
  getReport(id: number): StoredReport | null;
  getItemsForReport(reportId: number): StoredItem[];
  rawText(reportId: number): string | null;
  latestReport(team?: string): StoredReport | null;
}

/** Stores a report's text (the knowledge base: parsed, stored, indexed). */
export interface ReportWriter {
  ingestText(text: string | Buffer, options: IngestTextOptions): Promise<IngestResult>;
}

/** True the first time a key is claimed, false ever after (the knowledge base's event log). */
export interface EventClaims {
  claimEvent(key: string): boolean | Promise<boolean>;
}

export interface DirectoryUser {
  id: string;
  name?: string;
  timeZone?: string;
  isBot: boolean;
  /** Workspace admin or owner */
  isAdmin: boolean;
}

/** Who is in a channel and what a user's profile says (Slack's Web API, or a stand-in). */
export interface MemberDirectory {
  /** Members of a channel (bots may be included; they are filtered with userInfo) */
  channelMembers(channel: string): Promise<string[]>;
  userInfo(userId: string): Promise<DirectoryUser | null>;
}

export interface SentMessage {
  channel: string;
  ts?: string;
}

/** Delivers reminders (Slack DMs and the channel's deadline summary). */
export interface ReminderSender {
  remindMember(reminder: DueMemberReminder, team: Team): Promise<SentMessage>;
  deadline(reminder: DueDeadline, team: Team): Promise<SentMessage>;
}

/**
 * Where a reminder stage is claimed before it is sent, at most once per member and week: the
 * follow-up store's reminder log (one install), or the store replicas share (services/replica).
 */
export interface ReminderClaims {
  claim(team: string, key: SentReminder, scheduledFor: Date): boolean | Promise<boolean>;
  release(team: string, key: SentReminder): void | Promise<void>;
}

/** Everything the follow-up parts are built from (services/followups/index.ts builds it in one place). */
export interface FollowupDeps {
  reports: ReportReader;
  writer: ReportWriter;
  events: EventClaims;
  store: FollowupStore;
  defaults: TeamDefaults;
  clock: Clock;
  /** Where reminder stages are claimed; default the follow-up store's reminder log */
  reminderClaims?: ReminderClaims;
  /** The team's changes in the week ending `reportDate` (services/changes), for the digest after the compiled report */
  changes?: (team: string, reportDate: string) => WeekChanges | null;
}
