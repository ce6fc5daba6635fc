/**
 * Naming a week in commands: "本周", "下周", "上周", "第48周", "48", "2023-11-24" (any day of it).
 * Weeks are identified by their report date (the Friday they end on).
 */
import { daysBetween, fridayOnOrAfter, parseWeekName, shiftReportWeek, type ReportWeek } from '../calendar';

/**
 * The week `spec` names; null when it names none. Relative words and bare numbers count from
 * `current` (the team's current week); a date is placed by `weekOfDate` (the team's numbering),
 * so that a date in another year gets that year's number.
 */
export function parseWeekSpec(spec: string | undefined, current: ReportWeek, weekOfDate?: (iso: string) => ReportWeek): ReportWeek | null {
  if (!(spec ?? '').trim()) return current;
  const named = parseWeekName(spec!);
  if (!named) return null;
  switch (named.kind) {
    case 'relative':
      return shiftReportWeek(current, named.offset);
    case 'number':
      return shiftReportWeek(current, named.weekNumber - current.weekNumber);
    case 'date': {
      const friday = fridayOnOrAfter(named.date);
      return weekOfDate ? weekOfDate(friday) : shiftReportWeek(current, Math.round(daysBetween(current.reportDate, friday) / 7));
    }
  }
}
