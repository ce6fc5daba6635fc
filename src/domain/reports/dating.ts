/**
 * Where a report's week and date come from.
 *
 * Reports state their week in many ways: a week label (第47周, 第十二周, W47), an ISO week code
 * (2023W47, 2019w16), a period (2023.11.13-2023.11.17, 2016-3-7到2016-3-13, 11月13日-17日, 5.23 - 6.05),
 * or one day (2023年11月17日, 20231117期, April 21, 2019). They put it in the title, in a bold label line
 * (**报告周期**：…), in prose (会议时间为2019.12.3), in a centred HTML line, in a signature at the end
 * (xx写于2022.4.2), in YAML front matter or only in the file name.
 *
 * Three modules, all of which only read: `readDateText` (dateText.ts) says what one piece of text
 * states, `findDateLines` (dateLines.ts) picks the lines of a report (or of one week of a multi-week
 * file) that may state it, and `resolveWeek` (resolveWeek.ts) weighs the sources in order and turns
 * them into a ResolvedWeek plus the warnings a user should see for every guess. Everything is pure:
 * "today" is passed in. This file names them all, so importers need not know which holds what.
 *
 * A wrong date is worse than none: a bare M.D (12.24) is only read as part of a range, a day-only
 * number (15周报) is never a week number, and dates inside list items or far into the text are not
 * taken as the report's date.
 */
export { type WrittenDay, type DateClaim, type WeekLabel, type DateReading, chineseNumeral, MAX_PERIOD_DAYS, readDateText } from './dateText';
export { readFrontMatterDate, fileNameStem, type DateLineRole, type DateLine, FIRST_LINES, htmlLineText, tableHeaderFirstCell, headingText, isWeekTitle, findDateLines } from './dateLines';
export { type DateSource, type WeekInputs, type WeekResolution, isoWeekMonday, resolveWeek } from './resolveWeek';
