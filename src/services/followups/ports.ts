/**
 * What the follow-up parts need from outside, as narrow interfaces: reading stored reports, writing
 * a report (a member's week with their answers, the compiled team report), claiming a one-time
 * event, the follow-up state (FollowupState), and — supplied by a front door (Slack, the CLI) — who
 * is in a channel and how a reminder is delivered. The knowledge base and the report store satisfy
 * the first three as they are.
 */
import type { Clock } from '../../clock';
import type { FollowupStore } from '../../adapters/store/followupStore';
import type { Membership, NewPrompt, PromptRow, TeamPatch, UpdateRow } from '../../domain/followup/records';
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
 * Where a reminder stage is claimed before it is sent, at most once per member and week. Default:
 * the follow-up state's reminder log (SQLite on one install, PostgreSQL shared by replicas).
 */
export interface ReminderClaims {
  claim(team: string, key: SentReminder, scheduledFor: Date): boolean | Promise<boolean>;
  release(team: string, key: SentReminder): void | Promise<void>;
}

type MaybePromise<T> = T | Promise<T>;

/** The follow-up tables as the parts read them: synchronously, from SQLite (one install's, or a replica's copy). */
export type FollowupReads = Pick<
  FollowupStore,
  | 'teamRow'
  | 'teamNames'
  | 'memberOverrides'
  | 'awayWeeks'
  | 'weeksOff'
  | 'sentReminders'
  | 'reminderLog'
  | 'promptsInThread'
  | 'isFollowupThread'
  | 'promptsOf'
  | 'updatesOf'
  | 'compiledPost'
  | 'changesDigestPost'
>;

/**
 * Writes to the follow-up state, and the claims that must happen once (true for exactly one
 * caller). One install: the SQLite store, done when the call returns. A replica: the shared
 * PostgreSQL tables, then the local copy catches up before the promise settles, so what was
 * written is read back at once (services/replica/followupState.ts).
 */
export interface FollowupWrites {
  updateTeam(name: string, patch: TeamPatch): MaybePromise<unknown>;
  setMembership(team: string, userId: string, membership: Membership | null): MaybePromise<void>;
  setAway(team: string, userId: string, week: string, away: boolean): MaybePromise<void>;
  setWeekOff(team: string, week: string, off: boolean, reason?: string | null): MaybePromise<void>;
  claimReminder(team: string, r: SentReminder, scheduledFor: Date): MaybePromise<boolean>;
  recordReminderMessage(team: string, r: SentReminder, channel: string | null, ts: string | null): MaybePromise<void>;
  releaseReminder(team: string, r: SentReminder): MaybePromise<void>;
  claimPrompts(team: string, week: string, userId: string, prompts: readonly NewPrompt[]): MaybePromise<PromptRow[]>;
  markPromptsPosted(ids: readonly number[], channel: string, threadTs: string, messageTs: string | null): MaybePromise<void>;
  releasePrompts(ids: readonly number[]): MaybePromise<void>;
  markAnswered(id: number): MaybePromise<void>;
  saveUpdate(u: Omit<UpdateRow, 'id' | 'createdAt'>): MaybePromise<void>;
  claimCompiledPost(team: string, week: string, channel: string): MaybePromise<boolean>;
  releaseCompiledPost(team: string, week: string): MaybePromise<void>;
  saveCompiledPost(team: string, week: string, channel: string, messageTs: string): MaybePromise<void>;
  claimChangesDigest(team: string, week: string): MaybePromise<boolean>;
  recordChangesDigest(team: string, week: string, channel: string, messageTs: string | null): MaybePromise<void>;
  releaseChangesDigest(team: string, week: string): MaybePromise<void>;
}

/** The follow-up state: FollowupStore on one install, the replica's shared state on several. */
export interface FollowupState extends FollowupReads, FollowupWrites {}

/** Everything the follow-up parts are built from (services/followups/index.ts builds it in one place). */
export interface FollowupDeps {
  reports: ReportReader;
  writer: ReportWriter;
  events: EventClaims;
  store: FollowupState;
  defaults: TeamDefaults;
  clock: Clock;
  /** Where reminder stages are claimed; default the follow-up state's reminder log */
  reminderClaims?: ReminderClaims;
  /** The team's changes in the week ending `reportDate` (services/changes), for the digest after the compiled report */
  changes?: (team: string, reportDate: string) => WeekChanges | null;
}
