/**
 * Resolving a question's time scope against the reports actually stored.
 * A team's week is identified by its report date (the Friday that closes it); labels such as 第47周
 * are the team's own and may differ from ISO weeks, so we never compute them here.
 */
import { addDays, daysBetween, formatMonthDay as monthDay, reportWeekFor, shiftReportWeek } from '../calendar';
import type { StoredReport } from '../records';
import { reportsOfTeams } from './reportIndex';
import type { TimeScope } from './question';

export interface ResolvedScope {
  /** Reports the answer may draw from; null = every report */
  reports: StoredReport[] | null;
  /** A human label for the scope: 第47周, 上周（第49周）... */
  label: string | null;
  /** When the scope names a week that has no report, why (shown to the user) */
  emptyReason: string | null;
  /**
   * Said before the answer when the asked week has no report yet and the newest report answers
   * instead (本周还没有周报；最近一份是第49周（2023-12-01）：). Only for found answers: it has a date.
   */
  notice?: string;
}

/** The first and last day a report covers: its stated period, else the week ending on its date. */
export function coveredDays(r: StoredReport): { start: string; end: string } {
  return r.period ? { start: r.period.start, end: r.period.end } : { start: addDays(r.reportDate, -6), end: r.reportDate };
}

/** Week numbers a report covers: a biweekly 第48周 report dated over 14 days covers 第47周 too. */
export function coveredWeekNumbers(r: StoredReport): number[] {
  const { start, end } = coveredDays(r);
  const weeks = Math.max(1, Math.ceil((daysBetween(start, end) + 1) / 7));
  return Array.from({ length: weeks }, (_, k) => r.weekNumber - k).filter((n) => n > 0);
}

function covers(r: StoredReport, iso: string): boolean {
  const { start, end } = coveredDays(r);
  return iso >= start && iso <= end;
}

export function resolveScope(
  scope: TimeScope,
  reports: StoredReport[],
  teams: string[],
  now: Date,
  timeZone: string,
): ResolvedScope {
  // Through the list's per-team index: a question at 25,000 reports does not pass over all of them.
  const inTeams = reportsOfTeams(reports, teams);
  switch (scope.kind) {
    case 'latest':
    case 'all':
      return { reports: null, label: null, emptyReason: null };
    case 'previous': {
      // Each team's report before its latest: 上一期 is the team's own sequence, not the calendar.
      const byTeam = new Map<string, StoredReport[]>();
      for (const r of inTeams) byTeam.set(r.team, [...(byTeam.get(r.team) ?? []), r]);
      const dates = new Map<string, string>();
      for (const [team, rs] of byTeam) {
        const distinct = [...new Set(rs.map((r) => r.reportDate))].sort();
        if (distinct.length >= 2) dates.set(team, distinct[distinct.length - 2]);
      }
      const chosen = inTeams.filter((r) => dates.get(r.team) === r.reportDate);
      return chosen.length
        ? { reports: chosen, label: `上一期（${chosen[0].weekLabel}）`, emptyReason: null }
        : { reports: [], label: '上一期', emptyReason: `${teamPrefix(teams)}只有一期周报，没有上一期。` };
    }
    case 'lastTwo':
      return { reports: null, label: null, emptyReason: null };
    case 'issue': {
      const label = `第${scope.number}期`;
      const chosen = inTeams.filter((r) => r.weekLabel === label || new RegExp(`第\\s*${scope.number}\\s*期`).test(r.title ?? ''));
      return chosen.length
        ? { reports: chosen, label, emptyReason: null }
        : { reports: [], label, emptyReason: `没有${teamPrefix(teams)}${label}的周报。` };
    }
    case 'weeks': {
      const byNumber = inTeams.filter((r) => scope.weekNumbers.some((n) => coveredWeekNumbers(r).includes(n)));
      const byDate = inTeams.filter((r) => scope.isos.some((iso) => covers(r, iso)));
      const chosen = [...new Set([...byNumber, ...byDate])];
      const missing = [
        ...scope.weekNumbers.filter((n) => !byNumber.some((r) => coveredWeekNumbers(r).includes(n))).map((n) => `第${n}周`),
        ...scope.isos.filter((iso) => !byDate.some((r) => covers(r, iso))).map(() => '所问日期那周'),
      ];
      const label = [...scope.weekNumbers.map((n) => `第${n}周`), ...scope.isos.map((iso) => `${monthDay(iso)}那周`)].join('和');
      return missing.length
        ? { reports: [], label, emptyReason: `没有${teamPrefix(teams)}${missing.join('、')}的周报${availableWeeks(inTeams)}` }
        : { reports: chosen, label, emptyReason: null };
    }
    case 'week': {
      const exact = inTeams.filter((r) => r.weekNumber === scope.weekNumber && (!scope.year || r.reportDate.startsWith(String(scope.year))));
      // A week inside a longer report's period (a biweekly report) is answered by that report.
      const matching = exact.length ? exact : inTeams.filter((r) => coveredWeekNumbers(r).includes(scope.weekNumber) && (!scope.year || r.reportDate.startsWith(String(scope.year))));
      // The same week number can recur across years: take the most recent year's.
      const year = matching.map((r) => r.reportDate.slice(0, 4)).sort().pop();
      const chosen = matching.filter((r) => r.reportDate.startsWith(year ?? ''));
      const label = `第${scope.weekNumber}周`;
      return chosen.length
        ? { reports: chosen, label, emptyReason: null }
        : { reports: [], label, emptyReason: `没有${teamPrefix(teams)}${label}的周报${availableWeeks(inTeams)}` };
    }
    case 'date': {
      const chosen = inTeams.filter((r) => covers(r, scope.iso));
      const label = `${monthDay(scope.iso)} 所在的那周`;
      return chosen.length
        ? { reports: chosen, label: chosen[0].weekLabel, emptyReason: null }
        : { reports: [], label, emptyReason: `没有${teamPrefix(teams)}该日期所在那周的周报${availableWeeks(inTeams)}` };
    }
    case 'relative': {
      const current = reportWeekFor(now, timeZone, null);
      const target = shiftReportWeek(current, scope.offset).reportDate;
      // A report answers for the week when its date is near the week's Friday or its period covers the week.
      const chosen = inTeams.filter((r) => Math.abs(daysBetween(target, r.reportDate)) <= 3 || (r.period != null && covers(r, addDays(target, -2))));
      const word = scope.offset === 0 ? '本周' : scope.offset === -1 ? '上周' : `${-scope.offset}周前`;
      if (chosen.length) return { reports: chosen, label: `${word}（${chosen[0].weekLabel}）`, emptyReason: null };
      // An old store (no report for the asked week yet, or ever after it): answer from the newest
      // report, saying which one, rather than nothing.
      const newest = inTeams.reduce<string>((max, r) => (r.reportDate > max ? r.reportDate : max), '');
      if (newest && newest < target) {
        const latest = inTeams.filter((r) => r.reportDate === newest);
        return {
          reports: latest,
          label: latest[0].weekLabel,
          emptyReason: null,
          notice: `${word}${teamPrefix(teams)}还没有周报；最近一份是${latest[0].weekLabel}（${newest}）：`,
        };
      }
      return { reports: [], label: word, emptyReason: `${word}${teamPrefix(teams)}没有周报${availableWeeks(inTeams)}` };
    }
  }
}

function teamPrefix(teams: string[]): string {
  return teams.length ? teams.join('、') : '';
}

function availableWeeks(reports: StoredReport[]): string {
  if (!reports.length) return '。';
  const labels = [...new Set([...reports].sort((a, b) => a.reportDate.localeCompare(b.reportDate)).map((r) => r.weekLabel))];
  const shown = labels.length > 6 ? [labels[0], '…', ...labels.slice(-4)] : labels;
  return `（已有：${shown.join('、')}）。`;
}
