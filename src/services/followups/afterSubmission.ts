/**
 * After a member's report is stored (new, replaced or edited): re-apply the week's answers if the
 * new text dropped them, find what earlier items it leaves open, claim those items as prompts to
 * ask in the submission's thread, and keep a compiled report of the week current. Also where the
 * prompts were posted (their thread is where answers are read) and the prompts of an owner who has
 * not submitted (asked under the compiled report).
 */
import type { ReportWeek } from '../../domain/calendar';
import { findMissingItems } from '../../domain/followup/missingItems';
import type { PromptRow } from '../../domain/followup/records';
import type { Team } from '../../domain/followup/team';
import type { StoredReport } from '../../domain/records';
import type { CompiledWeek, MissingOwner, TeamCompiler } from './compiling';
import { toFollowupItem, toNewPrompt, weekOfReport, type MemberReports } from './memberReports';
import type { EventClaims, FollowupState, ReportReader } from './ports';
import type { TeamSettings } from './teams';
import { checkedKey, type OwnerUpdates } from './updates';

export interface SubmissionFollowup {
  report: StoredReport;
  week: ReportWeek;
  /** Newly asked items, to post in the submission's thread */
  prompts: PromptRow[];
  /** The week's compiled report was re-made to include this submission */
  recompiled: CompiledWeek | null;
}

export class SubmissionPrompts {
  constructor(
    private readonly store: FollowupState,
    private readonly reports: ReportReader,
    private readonly events: EventClaims,
    private readonly teams: TeamSettings,
    private readonly memberReports: MemberReports,
    private readonly updates: OwnerUpdates,
    private readonly compiler: TeamCompiler,
  ) {}

  /**
   * A member's report was stored: what it leaves open, claimed as prompts, and the week's compiled
   * report re-made. Runs once per report version; null when there is nothing to do (not a member's
   * submission, or this version was followed up already).
   */
  async afterSubmission(reportId: number): Promise<SubmissionFollowup | null> {
    let report = this.reports.getReport(reportId);
    if (!report?.submittedBy || report.kind !== 'submission') return null;
    if (!(await this.events.claimEvent(checkedKey(report)))) return null;
    const userId = report.submittedBy;
    const team = this.teams.team(report.team);
    const week = weekOfReport(report);

    const reapplied = await this.updates.materialize(team, week, userId);
    if (reapplied) report = reapplied;

    const current = this.memberReports.items(report.id).map(toFollowupItem);
    const missing = findMissingItems(this.memberReports.earlierItems(team.name, userId, week.reportDate), current, week.reportDate);
    const prompts = await this.store.claimPrompts(team.name, week.reportDate, userId, missing.map(toNewPrompt));
    const recompiled = await this.compiler.recompileIfCompiled(team, week);
    return { report, week, prompts, recompiled };
  }

  /** Record where prompts were posted (their thread is where answers are read). */
  async promptsPosted(prompts: readonly PromptRow[], channel: string, threadTs: string, messageTs: string | null): Promise<void> {
    await this.store.markPromptsPosted(
      prompts.map((p) => p.id),
      channel,
      threadTs,
      messageTs,
    );
  }

  /** Prompts that could not be posted are forgotten, so they are asked next time. */
  async promptsNotPosted(prompts: readonly PromptRow[]): Promise<void> {
    await this.store.releasePrompts(prompts.map((p) => p.id));
  }

  /** Claim the not-yet-asked items of an owner who has not submitted (for the compiled report's thread). */
  async claimMissingOwnerPrompts(team: Team, week: ReportWeek, owner: MissingOwner): Promise<PromptRow[]> {
    return this.store.claimPrompts(team.name, week.reportDate, owner.userId, owner.items.map(toNewPrompt));
  }
}
