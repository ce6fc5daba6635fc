/**
 * The follow-up features over the knowledge base and SQLite, with no Slack in them: team settings,
 * the reminder run (dueReminders + the reminder log), follow-up prompts after a submission, owners'
 * replies stored as updates, and the compiled team report. Slack (or the CLI) supplies two ports:
 * a MemberDirectory (who is in a channel, a user's time zone) and a ReminderSender (deliver a
 * reminder); everything else is decided here.
 */
import type { KnowledgeBase } from '../knowledgeBase';
import { SECTION_SEPARATOR } from '../../domain/reports/model';
import { fridayOnOrAfter, reportWeekFor, type ReportWeek } from '../../domain/calendar';
import { FollowupStore, type PromptRow, type TeamPatch } from '../../adapters/store/followupStore';
import type { StoredItem, StoredReport } from '../../domain/records';
import { compiledSource, compileTeamReport, DEFAULT_LAYOUT, isCompiledSource, layoutFromMarkdown, type MemberSubmission } from '../../domain/followup/compile';
import { findMissingItems, followupKey, type FollowupItem, type MissingItem } from '../../domain/followup/missingItems';
import { readFollowupReply, updateLine, type AskedItem } from '../../domain/followup/replies';
import { dueReminders, type DueDeadline, type DueMemberReminder, type DueReminder, type Submission } from '../../domain/followup/schedule';
import { defaultTeam, derivedSchedule, type Member, type Team, type TeamDefaults, type TeamSection } from '../../domain/followup/team';
import { parseWeekSpec } from '../../domain/followup/weeks';

export interface DirectoryUser {
  id: string;
  name?: string;
  timeZone?: string;
  isBot: boolean;
  /** Workspace admin or owner */
  isAdmin: boolean;
}

export interface MemberDirectory {
  /** Members of a channel (bots may be included; they are filtered with userInfo) */
  channelMembers(channel: string): Promise<string[]>;
  userInfo(userId: string): Promise<DirectoryUser | null>;
}

export interface SentMessage {
  channel: string;
  ts?: string;
}

export interface ReminderSender {
  remindMember(reminder: DueMemberReminder, team: Team): Promise<SentMessage>;
  deadline(reminder: DueDeadline, team: Team): Promise<SentMessage>;
}

export interface ReminderRun {
  sent: DueReminder[];
  failed: Array<{ reminder: DueReminder; error: string }>;
}

export interface MissingOwner {
  userId: string;
  items: MissingItem[];
}

export interface CompiledWeek {
  team: Team;
  week: ReportWeek;
  markdown: string;
  /** The stored compiled report; null when nobody submitted (nothing to store) */
  reportId: number | null;
  submitted: string[];
  missing: MissingOwner[];
  away: string[];
}

export interface SubmissionFollowup {
  report: StoredReport;
  week: ReportWeek;
  /** Newly asked items, to post in the submission's thread */
  prompts: PromptRow[];
  /** The week's compiled report was re-made to include this submission */
  recompiled: CompiledWeek | null;
}

export type ReplyOutcome =
  | { kind: 'not_followup' }
  | { kind: 'question' }
  | { kind: 'unclear'; asked: PromptRow[] }
  | { kind: 'stored'; updates: Array<{ prompt: PromptRow; line: string }>; recompiled: CompiledWeek | null };

/** Earlier weeks a submission is compared with. */
const LOOKBACK_SUBMISSIONS = 4;
/** Reports made from follow-up answers alone (the owner had not submitted): not a submission. */
const FOLLOWUP_SOURCE_PREFIX = 'followup:';
/** "好的", "收到", "谢谢": polite, but not news about any item. */
const ACKNOWLEDGEMENT = /^(?:好的?|好嘞|收到|谢谢|多谢|感谢|明白|了解|嗯+|ok|okay|👌|👍|🙏)[\s!！。.~～]*$/i;
/** Starts the block of answers appended to an owner's report (an HTML comment: the parser skips it). */
export const UPDATES_MARKER = '<!-- zhoubao:followup-updates -->';

export class FollowupService {
  readonly store: FollowupStore;

  constructor(
    readonly kb: KnowledgeBase,
    private readonly defaults: TeamDefaults,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.store = new FollowupStore(kb.db, clock);
  }

  // ---- teams ------------------------------------------------------------------------------

  /** The team's settings: its stored row over the environment defaults. */
  team(name: string): Team {
    const base = defaultTeam(name, this.defaults);
    const row = this.store.teamRow(name);
    if (!row) return { ...base, weeksOff: this.store.weeksOff(name).map((w) => w.week) };
    const first = row.reminderCron ?? base.schedule.first;
    const derived = derivedSchedule(first);
    return {
      name,
      channel: row.channel === '' ? null : (row.channel ?? base.channel),
      timeZone: row.timeZone ?? base.timeZone,
      schedule: {
        first,
        nudge: row.nudgeCron === '' ? null : (row.nudgeCron ?? derived.nudge),
        deadline: row.deadlineCron === '' ? null : (row.deadlineCron ?? derived.deadline),
      },
      weekAnchor: row.weekAnchor,
      weeksOff: this.store.weeksOff(name).map((w) => w.week),
      admins: row.admins,
      sections: row.sections,
      stalledAfterWeeks: row.stalledAfterWeeks,
    };
  }

  /** Teams that collect reports: every configured team, and the install's own team when it has a channel. */
  teams(): Team[] {
    const names = new Set(this.store.teamNames());
    if (this.defaults.channel) names.add(this.defaults.team);
    return [...names].map((n) => this.team(n));
  }

  updateTeam(name: string, patch: TeamPatch): Team {
    this.store.updateTeam(name, patch);
    return this.team(name);
  }

  /** Team admins, and workspace admins (who can name the first team admins). */
  async isAdmin(team: Team, userId: string, directory: MemberDirectory): Promise<boolean> {
    if (team.admins.includes(userId)) return true;
    const info = await directory.userInfo(userId).catch(() => null);
    return Boolean(info?.isAdmin);
  }

  /** The team's members: the channel's humans, plus members added by hand, minus those excluded. */
  async members(team: Team, directory: MemberDirectory): Promise<Member[]> {
    const overrides = this.store.memberOverrides(team.name);
    const excluded = new Set(overrides.filter((o) => o.membership === 'excluded').map((o) => o.userId));
    const fromChannel = team.channel ? await directory.channelMembers(team.channel) : [];
    const ids = [...new Set([...fromChannel, ...overrides.filter((o) => o.membership === 'included').map((o) => o.userId)])].filter((id) => !excluded.has(id));
    const away = this.store.awayWeeks(team.name);
    const members: Member[] = [];
    for (const userId of ids) {
      const info = await directory.userInfo(userId);
      if (info?.isBot) continue;
      members.push({
        userId,
        name: info?.name,
        timeZone: info?.timeZone && info.timeZone !== team.timeZone ? info.timeZone : null,
        awayWeeks: away.filter((a) => a.userId === userId).map((a) => a.week),
      });
    }
    return members;
  }

  /**
   * Whether `userId` is one of the team's members (see members()) without looking up everyone else:
   * added by hand, or a human in the team's channel, and not excluded.
   */
  async isMember(team: Team, userId: string, directory: MemberDirectory): Promise<boolean> {
    const override = this.store.memberOverrides(team.name).find((o) => o.userId === userId);
    if (override?.membership === 'excluded') return false;
    const listed = override?.membership === 'included' || (team.channel ? (await directory.channelMembers(team.channel)).includes(userId) : false);
    if (!listed) return false;
    const info = await directory.userInfo(userId);
    return !info?.isBot;
  }

  /**
   * The team a member reports for: the first team (in teams() order, by name) that counts them as a
   * member; null when none does. A channel that cannot be read counts nobody.
   */
  async teamOf(userId: string, directory: MemberDirectory): Promise<Team | null> {
    for (const team of this.teams()) {
      const member = await this.isMember(team, userId, directory).catch(() => false);
      if (member) return team;
    }
    return null;
  }

  /** The team's report week at `now` in `timeZone` (default the team's), in the team's numbering. */
  weekFor(team: Team, now: Date = this.clock(), timeZone: string = team.timeZone): ReportWeek {
    return reportWeekFor(now, timeZone, this.anchorOf(team));
  }

  /** The week a command names ("本周", "第48周", "2023-11-24"), or null. */
  weekNamed(team: Team, spec: string | undefined, now: Date = this.clock()): ReportWeek | null {
    // 第48周 names the team's most recent stored week with that number, when there is one.
    const numbered = /^\s*(?:第\s*)?(\d{1,2})\s*周?\s*$/.exec(spec ?? '');
    if (numbered) {
      const stored = this.kb.store
        .listReports({ team: team.name })
        .filter((r) => r.weekNumber === Number(numbered[1]))
        .sort((a, b) => a.reportDate.localeCompare(b.reportDate))
        .pop();
      if (stored) return { weekLabel: stored.weekLabel, weekNumber: stored.weekNumber, reportDate: fridayOnOrAfter(stored.reportDate) };
    }
    const anchor = this.anchorOf(team);
    // A calendar date is its own local date: noon UTC falls on it in any zone's calendar arithmetic.
    return parseWeekSpec(spec, this.weekFor(team, now), (friday) => reportWeekFor(new Date(`${friday}T12:00:00Z`), 'UTC', anchor));
  }

  private anchorOf(team: Team): { weekNumber: number; reportDate: string } | null {
    if (team.weekAnchor) return team.weekAnchor;
    const latest = this.kb.store.latestReport(team.name);
    return latest ? { weekNumber: latest.weekNumber, reportDate: latest.reportDate } : null;
  }

  /** Members' submissions of the team, by week (answers-only reports do not count). */
  submissions(teamName: string): Submission[] {
    return this.memberReports(teamName).map((r) => ({ userId: r.submittedBy!, week: fridayOnOrAfter(r.reportDate) }));
  }

  // ---- reminders --------------------------------------------------------------------------

  /** One reminder run: what is due now is claimed in the log, then sent; a failed send is released. */
  async runReminders(now: Date, directory: MemberDirectory, sender: ReminderSender): Promise<ReminderRun> {
    const run: ReminderRun = { sent: [], failed: [] };
    for (const team of this.teams()) {
      const hasMembers = team.channel || this.store.memberOverrides(team.name).some((o) => o.membership === 'included');
      if (!hasMembers) continue;
      const members = await this.members(team, directory);
      const weeks = new Set([team.timeZone, ...members.map((m) => m.timeZone ?? team.timeZone)].map((tz) => this.weekFor(team, now, tz).reportDate));
      const sent = this.store.sentReminders(team.name, [...weeks]);
      const due = dueReminders(now, team, members, sent, this.submissions(team.name));
      for (const reminder of due) {
        const key = { week: reminder.week.reportDate, userId: reminder.userId, stage: reminder.stage };
        if (!this.store.claimReminder(team.name, key, reminder.scheduledFor)) continue;
        try {
          const message = reminder.stage === 'deadline' ? await sender.deadline(reminder, team) : await sender.remindMember(reminder, team);
          this.store.recordReminderMessage(team.name, key, message.channel, message.ts ?? null);
          run.sent.push(reminder);
        } catch (error) {
          this.store.releaseReminder(team.name, key);
          run.failed.push({ reminder, error: (error as Error)?.message ?? String(error) });
        }
      }
    }
    return run;
  }

  // ---- after a submission -----------------------------------------------------------------

  /**
   * A member's report was stored (new, replaced or edited): re-apply the week's answers if the new
   * text dropped them, find what earlier items it leaves open, and keep a compiled report of the
   * week current. Runs once per report version; null when there is nothing to do.
   */
  async afterSubmission(reportId: number): Promise<SubmissionFollowup | null> {
    let report = this.kb.store.getReport(reportId);
    if (!report?.submittedBy || isCompiledSource(report.source) || isAnswersOnly(report)) return null;
    if (!this.kb.claimEvent(checkedKey(report))) return null;
    const userId = report.submittedBy;
    const team = this.team(report.team);
    const week = weekOfReport(report);

    const reapplied = await this.materializeUpdates(team, week, userId);
    if (reapplied) report = reapplied;

    const current = this.kb.store.getItemsForReport(report.id).map(toFollowupItem);
    const missing = findMissingItems(this.earlierItems(team.name, userId, week.reportDate), current, week.reportDate);
    const prompts = this.store.claimPrompts(team.name, week.reportDate, userId, missing.map(toNewPrompt));
    const recompiled = this.store.compiledPost(team.name, week.reportDate) || this.hasCompiledReport(team.name, week) ? await this.compile(team, week) : null;
    return { report, week, prompts, recompiled };
  }

  /** Record where prompts were posted (their thread is where answers are read). */
  promptsPosted(prompts: readonly PromptRow[], channel: string, threadTs: string, messageTs: string | null): void {
    this.store.markPromptsPosted(
      prompts.map((p) => p.id),
      channel,
      threadTs,
      messageTs,
    );
  }

  /** Prompts that could not be posted are forgotten, so they are asked next time. */
  promptsNotPosted(prompts: readonly PromptRow[]): void {
    this.store.releasePrompts(prompts.map((p) => p.id));
  }

  /** Claim the not-yet-asked items of an owner who has not submitted (for the compiled report's thread). */
  claimMissingOwnerPrompts(team: Team, week: ReportWeek, owner: MissingOwner): PromptRow[] {
    return this.store.claimPrompts(team.name, week.reportDate, owner.userId, owner.items.map(toNewPrompt));
  }

  // ---- replies in follow-up threads -------------------------------------------------------

  /** Whether a message in this thread may be an answer to a follow-up (cheap check before reading it). */
  isFollowupThread(channel: string, threadTs: string): boolean {
    return this.store.isFollowupThread(channel, threadTs);
  }

  /**
   * What a message by `userId` in a thread would be, without storing anything: not about a
   * follow-up (nobody asked them here), a question (for question answering), a bare
   * acknowledgement ("好的", nothing to record), or an answer to read with readReply.
   */
  previewReply(channel: string, threadTs: string, userId: string, text: string): 'not_followup' | 'question' | 'acknowledgement' | 'answer' {
    const prompts = this.store.promptsInThread(channel, threadTs, userId);
    if (!prompts.length) return 'not_followup';
    if (ACKNOWLEDGEMENT.test(text.trim())) return 'acknowledgement';
    // A whole report pasted in the thread (headings, or more lines than items asked) is a submission.
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (lines.some((l) => /^\s*#{1,6}\s/.test(l)) || lines.length > prompts.length + 1) return 'not_followup';
    const asked = prompts.map((p) => ({ id: p.id, ordinal: p.ordinal, previous: p.previous, answered: p.answeredAt !== null }));
    return readFollowupReply(text, asked).kind === 'question' ? 'question' : 'answer';
  }

  /**
   * A message by `userId` in a thread: when that thread asked them about items, store what the
   * message says about each as the item's update for that week (in their report, so it is
   * answerable at once), and re-make the week's compiled report if there is one.
   */
  async readReply(channel: string, threadTs: string, userId: string, text: string, replyTs?: string): Promise<ReplyOutcome> {
    const prompts = this.store.promptsInThread(channel, threadTs, userId);
    if (!prompts.length) return { kind: 'not_followup' };
    const asked: AskedItem[] = prompts.map((p) => ({ id: p.id, ordinal: p.ordinal, previous: p.previous, answered: p.answeredAt !== null }));
    const reading = readFollowupReply(text, asked);
    if (reading.kind === 'question') return { kind: 'question' };
    if (reading.kind === 'unclear') return { kind: 'unclear', asked: prompts };

    const byId = new Map(prompts.map((p) => [p.id, p]));
    const updates: Array<{ prompt: PromptRow; line: string }> = [];
    for (const part of reading.parts) {
      const prompt = byId.get(part.promptId)!;
      const line = updateLine(prompt.previous, part.text);
      this.store.saveUpdate({
        team: prompt.team,
        week: prompt.week,
        userId,
        itemKey: prompt.itemKey,
        promptId: prompt.id,
        sectionPath: prompt.previous.sectionPath,
        line,
        replyText: part.text,
        replyTs: replyTs ?? null,
      });
      this.store.markAnswered(prompt.id);
      updates.push({ prompt, line });
    }
    // One thread is one owner's week; answers for several weeks (rare) are applied week by week.
    let recompiled: CompiledWeek | null = null;
    for (const weekDate of new Set(updates.map((u) => u.prompt.week))) {
      const team = this.team(updates[0].prompt.team);
      const week = this.weekEnding(team, weekDate);
      await this.materializeUpdates(team, week, userId);
      if (this.store.compiledPost(team.name, weekDate) || this.hasCompiledReport(team.name, week)) recompiled = await this.compile(team, week);
    }
    return { kind: 'stored', updates, recompiled };
  }

  // ---- the compiled report ----------------------------------------------------------------

  /**
   * The team's report for `week` from its members' submissions, stored as the team's report (source
   * `compiled:<team>:<date>`, no submitter). With a directory, also who is missing (with their open
   * items to ask about) and who is away.
   */
  async compile(team: Team, week: ReportWeek, directory?: MemberDirectory): Promise<CompiledWeek> {
    // Answers given in a thread by an owner who has not submitted are part of the week too.
    const reports = this.memberWeekReports(team.name).filter((r) => fridayOnOrAfter(r.reportDate) === week.reportDate);
    const submissions: MemberSubmission[] = reports.map((r) => ({ userId: r.submittedBy!, items: this.kb.store.getItemsForReport(r.id) }));
    const markdown = compileTeamReport(submissions, team, week, this.layoutOf(team));
    let reportId: number | null = null;
    if (submissions.some((s) => s.items.length)) {
      const result = await this.kb.ingestText(markdown, {
        source: compiledSource(team.name, week.reportDate),
        team: team.name,
        forceTeam: true,
        weekLabel: week.weekLabel,
        weekNumber: week.weekNumber,
        reportDate: week.reportDate,
      });
      reportId = result.report.id;
    }
    const submitted = [...new Set(reports.filter((r) => !isAnswersOnly(r)).map((r) => r.submittedBy!))];
    const missing: MissingOwner[] = [];
    const away: string[] = [];
    // In a week off (国庆, 春节) nobody is missing.
    if (directory && !team.weeksOff.includes(week.reportDate)) {
      for (const member of await this.members(team, directory)) {
        if (member.awayWeeks.includes(week.reportDate)) away.push(member.userId);
        else if (!submitted.includes(member.userId)) {
          missing.push({ userId: member.userId, items: findMissingItems(this.earlierItems(team.name, member.userId, week.reportDate), [], week.reportDate) });
        }
      }
    }
    return { team, week, markdown, reportId, submitted, missing, away };
  }

  compiledPost(team: string, week: string) {
    return this.store.compiledPost(team, week);
  }

  saveCompiledPost(team: string, week: string, channel: string, ts: string): void {
    this.store.saveCompiledPost(team, week, channel, ts);
  }

  /**
   * The team's report for the week as Markdown: the stored team report (compiled or ingested) when
   * there is one, else compiled from the members' submissions without storing it; null when the
   * week has neither.
   */
  exportMarkdown(teamName: string, weekSpec: string | undefined): { week: ReportWeek; markdown: string } | null {
    const team = this.team(teamName);
    const week = this.weekNamed(team, weekSpec);
    if (!week) return null;
    const stored = this.teamReportOf(teamName, week);
    if (stored) return { week: { weekLabel: stored.weekLabel, weekNumber: stored.weekNumber, reportDate: week.reportDate }, markdown: this.kb.store.rawText(stored.id) ?? '' };
    const reports = this.memberWeekReports(teamName).filter((r) => fridayOnOrAfter(r.reportDate) === week.reportDate);
    if (!reports.length) return null;
    const submissions = reports.map((r) => ({ userId: r.submittedBy!, items: this.kb.store.getItemsForReport(r.id) }));
    return { week, markdown: compileTeamReport(submissions, team, week, this.layoutOf(team)) };
  }

  // ---- internals --------------------------------------------------------------------------

  /** Member submissions of a team, oldest first (reports with a submitter, not made from answers alone). */
  private memberReports(teamName: string): StoredReport[] {
    return this.memberWeekReports(teamName).filter((r) => !isAnswersOnly(r));
  }

  /** Every member's report of a team, oldest first, including those made from follow-up answers alone. */
  private memberWeekReports(teamName: string): StoredReport[] {
    return this.kb.store
      .listReports({ team: teamName })
      .filter((r) => r.submittedBy && !isCompiledSource(r.source))
      .sort((a, b) => a.reportDate.localeCompare(b.reportDate) || a.id - b.id);
  }

  /** The owner's items of their last few reports before `reportDate` (answers-only reports included). */
  private earlierItems(teamName: string, userId: string, reportDate: string): FollowupItem[] {
    const mine = this.kb.store
      .listReports({ team: teamName })
      .filter((r) => r.submittedBy === userId && !isCompiledSource(r.source) && fridayOnOrAfter(r.reportDate) < reportDate)
      .sort((a, b) => a.reportDate.localeCompare(b.reportDate))
      .slice(-LOOKBACK_SUBMISSIONS);
    return mine.flatMap((r) => this.kb.store.getItemsForReport(r.id).map(toFollowupItem));
  }

  private teamReportOf(teamName: string, week: ReportWeek): StoredReport | null {
    const candidates = this.kb.store
      .listReports({ team: teamName })
      .filter((r) => !r.submittedBy && fridayOnOrAfter(r.reportDate) === week.reportDate);
    return candidates.find((r) => isCompiledSource(r.source)) ?? candidates[candidates.length - 1] ?? null;
  }

  private hasCompiledReport(teamName: string, week: ReportWeek): boolean {
    return this.kb.store.listReports({ team: teamName }).some((r) => isCompiledSource(r.source) && fridayOnOrAfter(r.reportDate) === week.reportDate);
  }

  /** The team's layout: configured, else the headings of its latest team report, else the default. */
  private layoutOf(team: Team): readonly TeamSection[] {
    if (team.sections?.length) return team.sections;
    const teamReports = this.kb.store.listReports({ team: team.name }).filter((r) => !r.submittedBy);
    for (let i = teamReports.length - 1; i >= 0; i--) {
      const layout = layoutFromMarkdown(this.kb.store.rawText(teamReports[i].id) ?? '');
      if (layout.length >= 2) return layout;
    }
    return DEFAULT_LAYOUT;
  }

  private weekEnding(team: Team, reportDate: string): ReportWeek {
    return this.weekNamed(team, reportDate) ?? { weekLabel: '', weekNumber: 0, reportDate };
  }

  /**
   * Put the owner's answers for the week into their report for the week, as a block at its end (the
   * report is created when they have none). Returns the report when it changed.
   */
  private async materializeUpdates(team: Team, week: ReportWeek, userId: string): Promise<StoredReport | null> {
    const updates = this.store.updatesOf(team.name, week.reportDate, userId);
    if (!updates.length) return null;
    const existing = this.kb.store
      .listReports({ team: team.name })
      .filter((r) => r.submittedBy === userId && !isCompiledSource(r.source) && fridayOnOrAfter(r.reportDate) === week.reportDate)
      .pop();
    const raw = existing ? (this.kb.store.rawText(existing.id) ?? '') : '';
    const base = existing ? withoutUpdates(raw) : `# ${team.name} ${week.weekLabel} ${week.reportDate}`;
    const text = `${base.trimEnd()}\n\n${renderUpdates(updates)}\n`;
    if (existing && text === raw) return null;
    const result = await this.kb.ingestText(text, {
      source: existing?.source ?? `${FOLLOWUP_SOURCE_PREFIX}${team.name}:${week.reportDate}:${userId}`,
      team: team.name,
      forceTeam: true,
      submittedBy: userId,
      weekLabel: existing?.weekLabel ?? week.weekLabel,
      weekNumber: existing?.weekNumber ?? week.weekNumber,
      reportDate: existing?.reportDate ?? week.reportDate,
    });
    const stored = this.kb.store.getReport(result.report.id)!;
    // Our own write is not a new submission to follow up.
    this.kb.claimEvent(checkedKey(stored));
    return stored;
  }
}

function isAnswersOnly(report: Pick<StoredReport, 'source'>): boolean {
  return report.source.startsWith(FOLLOWUP_SOURCE_PREFIX);
}

function checkedKey(report: StoredReport): string {
  return `followup:checked:${report.id}:${report.version}`;
}

function weekOfReport(report: StoredReport): ReportWeek {
  return { weekLabel: report.weekLabel, weekNumber: report.weekNumber, reportDate: fridayOnOrAfter(report.reportDate) };
}

export function toFollowupItem(item: StoredItem): FollowupItem {
  return {
    text: item.text,
    sectionPath: item.sectionPath,
    status: item.status,
    dates: item.dates,
    weekLabel: item.weekLabel,
    reportDate: fridayOnOrAfter(item.reportDate),
    ordinal: item.ordinal,
  };
}

function toNewPrompt(m: MissingItem) {
  return { key: m.key || followupKey(m.previous), reason: m.reason, prompt: m.prompt, previous: m.previous };
}

/** The report text without the answers block (it is always last). */
export function withoutUpdates(raw: string): string {
  const at = raw.indexOf(UPDATES_MARKER);
  return at === -1 ? raw : raw.slice(0, at).trimEnd();
}

/** The answers block: one line per answer under its item's section. */
export function renderUpdates(updates: ReadonlyArray<{ sectionPath: string[]; line: string }>): string {
  const out: string[] = [UPDATES_MARKER];
  const bySection = new Map<string, Array<{ sectionPath: string[]; line: string }>>();
  for (const u of updates) {
    const key = u.sectionPath.join(SECTION_SEPARATOR);
    bySection.set(key, [...(bySection.get(key) ?? []), u]);
  }
  for (const group of bySection.values()) {
    const [top, ...rest] = group[0].sectionPath;
    out.push('', `## ${top ? `【${top}】` : '【跟进更新】'}`, '');
    if (rest.length) {
      out.push(`- 【${rest.join(' · ')}】`);
      group.forEach((u, i) => out.push(`    ${i + 1}. ${u.line}`));
    } else {
      for (const u of group) out.push(`- ${u.line}`);
    }
  }
  return out.join('\n');
}
