/**
 * Naming a week in commands: "本周", "下周", "上周", "第48周", "48", "2023-11-24" (any day of it).
 * Weeks are identified by their report date (the Friday they end on).
 */
import { fridayOnOrAfter, shiftReportWeek, type ReportWeek } from '../calendar';

const RELATIVE: Record<string, number> = { 本周: 0, this: 0, 这周: 0, 下周: 1, next: 1, 上周: -1, last: -1, 上上周: -2 };

/**
 * The week `spec` names; null when it names none. Relative words and bare numbers count from
 * `current` (the team's current week); a date is placed by `weekOfDate` (the team's numbering),
 * so that a date in another year gets that year's number.
 */
export function parseWeekSpec(spec: string | undefined, current: ReportWeek, weekOfDate?: (iso: string) => ReportWeek): ReportWeek | null {
  const s = (spec ?? '').trim().toLowerCase();
  if (!s) return current;
  if (s in RELATIVE) return shiftReportWeek(current, RELATIVE[s]);
  const date = /^(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (date) {
    const iso = `${date[1]}-${date[2].padStart(2, '0')}-${date[3].padStart(2, '0')}`;
    if (Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) return null;
    const friday = fridayOnOrAfter(iso);
    if (weekOfDate) return weekOfDate(friday);
    const offset = Math.round((Date.parse(`${friday}T00:00:00Z`) - Date.parse(`${current.reportDate}T00:00:00Z`)) / (7 * 86_400_000));
    return shiftReportWeek(current, offset);
  }
  const numbered = /^(?:第\s*)?(\d{1,2})\s*(?:周)?$|^w(?:eek)?\s*(\d{1,2})$/.exec(s);
  if (numbered) {
    const n = Number(numbered[1] ?? numbered[2]);
    if (n < 1 || n > 53) return null;
    return shiftReportWeek(current, n - current.weekNumber);
  }
  return null;
}
