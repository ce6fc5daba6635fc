/**
 * Resolving a question's time scope against the reports actually stored.
 * A team's week is identified by its report date (the Friday that closes it); labels such as 第47周
 * are the team's own and may differ from ISO weeks, so we never compute them here.
 */
import { daysBetween, formatMonthDay as monthDay, reportWeekFor, shiftReportWeek } from '../reports/week';
import type { StoredReport } from '../store/types';
import type { TimeScope } from './question';

export interface ResolvedScope {
  /** Reports the answer may draw from; null = every report */
  reports: StoredReport[] | null;
  /** A human label for the scope: 第47周, 上周（第49周）... */
  label: string | null;
  /** When the scope names a week that has no report, why (shown to the user) */
  emptyReason: string | null;
}

export function resolveScope(
  scope: TimeScope,
  reports: StoredReport[],
  teams: string[],
  now: Date,
  timeZone: string,
): ResolvedScope {
  const inTeams = teams.length ? reports.filter((r) => teams.includes(r.team)) : reports;
  switch (scope.kind) {
    case 'latest':
    case 'all':
      return { reports: null, label: null, emptyReason: null };
    case 'week': {
      const matching = inTeams.filter((r) => r.weekNumber === scope.weekNumber && (!scope.year || r.reportDate.startsWith(String(scope.year))));
      // The same week number can recur across years: take the most recent year's.
      const year = matching.map((r) => r.reportDate.slice(0, 4)).sort().pop();
      const chosen = matching.filter((r) => r.reportDate.startsWith(year ?? ''));
      const label = `第${scope.weekNumber}周`;
      return chosen.length
        ? { reports: chosen, label, emptyReason: null }
        : { reports: [], label, emptyReason: `没有${teamPrefix(teams)}${label}的周报${availableWeeks(inTeams)}` };
    }
    case 'date': {
      const chosen = inTeams.filter((r) => daysBetween(scope.iso, r.reportDate) >= 0 && daysBetween(scope.iso, r.reportDate) <= 6);
      const label = `${monthDay(scope.iso)} 所在的那周`;
      return chosen.length
        ? { reports: chosen, label: chosen[0].weekLabel, emptyReason: null }
        : { reports: [], label, emptyReason: `没有${teamPrefix(teams)}${label}的周报${availableWeeks(inTeams)}` };
    }
    case 'relative': {
      const current = reportWeekFor(now, timeZone, null);
      const target = shiftReportWeek(current, scope.offset).reportDate;
      const chosen = inTeams.filter((r) => Math.abs(daysBetween(target, r.reportDate)) <= 3);
      const word = scope.offset === 0 ? '本周' : scope.offset === -1 ? '上周' : `${-scope.offset}周前`;
      return chosen.length
        ? { reports: chosen, label: `${word}（${chosen[0].weekLabel}）`, emptyReason: null }
        : {
            reports: [],
            label: word,
            emptyReason: `${word}（截至 ${monthDay(target)}）${teamPrefix(teams)}还没有周报${availableWeeks(inTeams)}`,
          };
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
