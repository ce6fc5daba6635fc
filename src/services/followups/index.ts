/**
 * Follow-ups, as parts with one job each: team settings and membership (teams.ts), the reminder run
 * (reminders.ts), prompts after a submission (afterSubmission.ts), owners' replies (replies.ts), the
 * compiled team report (compiling.ts) and its Markdown export (export.ts). Each part takes narrow
 * ports (ports.ts) instead of the knowledge base; `createFollowups` wires them in one place.
 *
 * May import: services, adapters (the follow-up store), domain, kernel. Never Slack: the directory
 * of members and the reminder sender are ports a front door supplies.
 */
import type { Clock } from '../../clock';
import { systemClock } from '../../clock';
import type { Config } from '../../config';
import { FollowupStore } from '../../adapters/store/followupStore';
import type { WeekChanges } from '../../domain/changes/types';
import { teamDefaultsFrom } from '../../domain/followup/team';
import { changesForTeamWeek } from '../changes/service';
import type { KnowledgeBase } from '../knowledgeBase';
import { SubmissionPrompts } from './afterSubmission';
import { TeamCompiler } from './compiling';
import { WeekExport } from './export';
import { MemberReports } from './memberReports';
import type { FollowupDeps, FollowupState, ReportReader } from './ports';
import { FollowupReplies } from './replies';
import { Reminders } from './reminders';
import { TeamSettings } from './teams';
import { OwnerUpdates } from './updates';

export type { CompiledWeek, MissingOwner } from './compiling';
export type { SubmissionFollowup } from './afterSubmission';
export type { ReplyOutcome, ReplyPreview } from './replies';
export type { ReminderRun } from './reminders';
export type { DirectoryUser, FollowupState, MemberDirectory, ReminderSender, ReportReader, SentMessage } from './ports';
export { renderUpdates, UPDATES_MARKER, withoutUpdates } from './updates';

export interface Followups {
  teams: TeamSettings;
  reminders: Reminders;
  prompts: SubmissionPrompts;
  replies: FollowupReplies;
  compiler: TeamCompiler;
  exporter: WeekExport;
  /** The stored reports the parts read (App Home's changes read them too) */
  reports: ReportReader;
  /** The team's changes in the week ending `reportDate`; null without two weeks to compare */
  changesOf(team: string, reportDate: string): WeekChanges | null;
  /** One-time claims (a digest or an "ask to submit" posted once) */
  claimEvent(key: string): boolean | Promise<boolean>;
  /** The follow-up state, for the few writes no part owns (the changes digest's claim) */
  store: FollowupState;
}

export function createFollowups(deps: FollowupDeps): Followups {
  const memberReports = new MemberReports(deps.reports);
  const teams = new TeamSettings(deps.store, deps.reports, memberReports, deps.defaults, deps.clock);
  const updates = new OwnerUpdates(deps.store, deps.reports, memberReports, deps.writer, deps.events);
  const compiler = new TeamCompiler(deps.store, teams, memberReports, deps.writer);
  return {
    teams,
    reminders: new Reminders(deps.store, teams, deps.reminderClaims),
    prompts: new SubmissionPrompts(deps.store, deps.reports, deps.events, teams, memberReports, updates, compiler),
    replies: new FollowupReplies(deps.store, teams, updates, compiler),
    compiler,
    exporter: new WeekExport(deps.reports, teams, memberReports),
    reports: deps.reports,
    changesOf: (team, reportDate) => deps.changes?.(team, reportDate) ?? null,
    claimEvent: (key) => deps.events.claimEvent(key),
    store: deps.store,
  };
}

/** The follow-ups over an open knowledge base: its report store, its writes, its event log. */
export function openFollowups(kb: KnowledgeBase, config: Config, clock: Clock = systemClock): Followups {
  return createFollowups({
    reports: kb.store,
    writer: kb,
    events: kb,
    store: new FollowupStore(kb.db, clock),
    defaults: teamDefaultsFrom(config),
    clock,
    changes: (team, reportDate) => changesForTeamWeek(kb.store, team, reportDate),
  });
}
