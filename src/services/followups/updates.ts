/**
 * Owners' answers in their report for the week: each answer is a line in a block at the end of the
 * report (an HTML comment marks where it starts, and the parser skips it), so the answer is
 * answerable at once. A member who had not submitted gets a report made of their answers alone.
 */
import type { ReportWeek } from '../../domain/calendar';
import { answersOnlySource } from '../../domain/followup/compile';
import type { Team } from '../../domain/followup/team';
import type { StoredReport } from '../../domain/records';
import { SECTION_SEPARATOR } from '../../domain/reports/model';
import type { MemberReports } from './memberReports';
import type { EventClaims, FollowupReads, ReportReader, ReportWriter } from './ports';

/** Starts the block of answers appended to an owner's report (an HTML comment: the parser skips it). */
export const UPDATES_MARKER = '<!-- zhoubao:followup-updates -->';

/** The key that marks a report version as followed up already (each version is checked once). */
export function checkedKey(report: Pick<StoredReport, 'id' | 'version'>): string {
  return `followup:checked:${report.id}:${report.version}`;
}

export class OwnerUpdates {
  constructor(
    private readonly store: FollowupReads,
    private readonly reports: ReportReader,
    private readonly memberReports: MemberReports,
    private readonly writer: ReportWriter,
    private readonly events: EventClaims,
  ) {}

  /**
   * Put the owner's answers for the week into their report for the week, as a block at its end (the
   * report is created when they have none). Returns the report when it changed.
   */
  async materialize(team: Team, week: ReportWeek, userId: string): Promise<StoredReport | null> {
    const updates = this.store.updatesOf(team.name, week.reportDate, userId);
    if (!updates.length) return null;
    const existing = this.memberReports.ownerReportOf(team.name, userId, week.reportDate);
    const raw = existing ? (this.reports.rawText(existing.id) ?? '') : '';
    const base = existing ? withoutUpdates(raw) : `# ${team.name} ${week.weekLabel} ${week.reportDate}`;
    const text = `${base.trimEnd()}\n\n${renderUpdates(updates)}\n`;
    if (existing && text === raw) return null;
    const result = await this.writer.ingestText(text, {
      source: existing?.source ?? answersOnlySource(team.name, week.reportDate, userId),
      kind: existing?.kind ?? 'followup',
      team: team.name,
      forceTeam: true,
      submittedBy: userId,
      weekLabel: existing?.weekLabel ?? week.weekLabel,
      weekNumber: existing?.weekNumber ?? week.weekNumber,
      reportDate: existing?.reportDate ?? week.reportDate,
    });
    const stored = this.reports.getReport(result.report.id)!;
    // Our own write is not a new submission to follow up.
    await this.events.claimEvent(checkedKey(stored));
    return stored;
  }
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
