/**
 * Reading a whole document: decode it, set its front matter aside, cut it into weeks, settle each
 * week's date (dating.ts) and hand each week to the item parser (parse.ts) with that week, the line
 * offset of the week within the file and the lines that only carried the date.
 *
 * A file with one title is one report; a log that adds each week under its own line is one report per
 * week. Nothing here guesses silently: every guess is a warning on the report it concerns.
 */
import {
  fileNameStem,
  findDateLines,
  readDateText,
  readFrontMatterDate,
  resolveWeek,
  type DateLine,
  type DateSource,
} from './dating';
import { splitFrontMatter } from './frontMatter';
import { ReportParseError, type DocumentOptions, type ParseOptions, type ResolvedWeek, type WeeklyReport } from './model';
import { DEFAULT_MAX_BYTES, decodeReportInput, splitLines, stripInlineMarkup } from './normalize';
import { parseReportTitle, parseWeeklyReport } from './parse';
import { splitWeeks, type WeekChunk } from './splitWeeks';
import { addDays, daysBetween, isIsoCalendarDate } from '../calendar';

export const DOCUMENT_MESSAGES = {
  noWeek: '无法确定周报日期：标题、正文和文件名里都没有日期。请用 --date YYYY-MM-DD 指定（所报告那一周的任意一天）。',
  labelOnly: (label: string) =>
    `无法确定周报日期：周报只写了周次「${label}」，没有日期。请用 --date YYYY-MM-DD 指定（所报告那一周的任意一天）。`,
  badDate: (value: string) => `--date 的值「${value}」不是有效日期：请写成 YYYY-MM-DD，例如 2023-11-17。`,
} as const;

/**
 * Read a document that may hold one report or many weeks. Throws ReportParseError when the text cannot
 * be read, has no items, or gives no date and neither `date` nor `fallbackWeek` is given (code 'no_week').
 */
export function parseReportDocument(input: string | Buffer, options: DocumentOptions): WeeklyReport[] {
  if (options.date !== undefined && !isIsoCalendarDate(options.date)) {
    throw new ReportParseError(DOCUMENT_MESSAGES.badDate(options.date), 'no_week');
  }
  const text = decodeReportInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const { frontMatter, body, bodyLineOffset } = splitFrontMatter(text);
  const lines = splitLines(body);
  const split = splitWeeks(lines);
  const now = options.now;
  const lineNo = (index: number) => bodyLineOffset + index + 1;

  const fileSources: DateSource[] = [];
  const fmDate = frontMatter?.date ? readFrontMatterDate(frontMatter.date) : null;
  if (fmDate) fileSources.push({ from: 'frontMatter', reading: readDateText(fmDate), where: 'front matter 的 date' });
  if (frontMatter?.title) fileSources.push({ from: 'frontMatter', reading: readDateText(frontMatter.title), where: 'front matter 的 title' });
  if (options.fileName) {
    const stem = fileNameStem(options.fileName);
    fileSources.push({ from: 'fileName', reading: readDateText(stem), where: `文件名「${stem}」` });
  }

  const documentWarnings: string[] = [];
  if (split.multiWeek && split.preamble.contentLines.length) {
    const first = lineNo(split.preamble.contentLines[0]);
    const last = lineNo(split.preamble.contentLines[split.preamble.contentLines.length - 1]);
    documentWarnings.push(`第${first === last ? first : `${first}–${last}`}行在第一周之前，不属于任何一周，未导入。`);
  }
  if (split.multiWeek && options.date) {
    documentWarnings.push(`文件里有 ${split.chunks.length} 周，各周按自己写的日期存入；--date ${options.date} 只用于没有写日期的周。`);
  }
  const preambleTeam = split.preamble.title ? parseReportTitle(split.preamble.title, options.knownTeams).team : null;

  const reports: WeeklyReport[] = [];
  let firstError: ReportParseError | null = null;
  for (const chunk of split.chunks) {
    const dateLines = findDateLines(lines, chunk.start, chunk.end);
    const textSources: DateSource[] = dateLines.map((d) => ({
      from: 'text',
      reading: d.reading,
      where: whereOf(d, lineNo(d.index)),
      line: d.index,
    }));
    const base = {
      sources: [...textSources, ...fileSources],
      yearHints: chunk.groupYear !== null ? [chunk.groupYear] : [],
      fileLevelDates: !split.multiWeek,
      now,
    };
    // In a multi-week file --date (or the submission's week) is for weeks that state no date of their own.
    let resolution = resolveWeek(split.multiWeek ? base : { ...base, explicitDate: options.date, fallbackWeek: options.fallbackWeek });
    if (!resolution.resolved && split.multiWeek && (options.date || options.fallbackWeek)) {
      resolution = resolveWeek({ ...base, explicitDate: options.date, fallbackWeek: options.fallbackWeek });
    }
    const resolved = resolution.resolved;
    if (!resolved) {
      const label = textSources.find((s) => s.reading.label)?.reading.label?.text ?? null;
      const error = new ReportParseError(label ? DOCUMENT_MESSAGES.labelOnly(label) : DOCUMENT_MESSAGES.noWeek, 'no_week');
      if (!split.multiWeek) throw error;
      documentWarnings.push(`${weekName(chunk, lines, lineNo)}这一周没有日期，未导入：请在该周的标题或末尾写明日期。`);
      firstError ??= error;
      continue;
    }

    const skip = skipLinesOf(chunk, dateLines, resolution.usedLines, split.multiWeek);
    const title = chunkTitle(chunk);
    // When the line that names the week is dropped, the parser cannot read the team from it: read it here.
    const titleLine = chunk.markers[0]?.line ?? dateLines.find((d) => d.role === 'title')?.index;
    // Only when something besides the date is left ("支付中心 2023-11-17"): "2016-3-7到2016-3-13" names no team.
    const titleReading = titleLine !== undefined ? readDateText(title ?? lines[titleLine]) : null;
    const droppedTitle = titleLine !== undefined && skip.has(titleLine) && titleReading?.rest ? title ?? lines[titleLine] : null;
    const team =
      options.forceTeam && options.team
        ? options.team
        : (droppedTitle ? parseReportTitle(droppedTitle, options.knownTeams).team : null) ?? options.team ?? preambleTeam ?? undefined;
    const parseOptions: ParseOptions = {
      team,
      forceTeam: options.forceTeam,
      knownTeams: options.knownTeams,
      maxBytes: options.maxBytes,
      resolved,
      lineOffset: bodyLineOffset + chunk.start,
      skipLines: new Set([...skip].map((i) => i - chunk.start)),
      warnings: resolution.warnings,
    };
    let report: WeeklyReport;
    try {
      report = parseWeeklyReport(lines.slice(chunk.start, chunk.end).join('\n'), parseOptions);
    } catch (e) {
      if (!(e instanceof ReportParseError) || !split.multiWeek || (e.code !== 'no_items' && e.code !== 'empty')) throw e;
      documentWarnings.push(`${weekName(chunk, lines, lineNo)}这一周没有条目，未导入。`);
      firstError ??= e;
      continue;
    }
    const author = soleAuthor(frontMatter?.authors ?? [], [split.preamble.title, title, report.title]);
    reports.push(withWeek(author ? ownedBy(report, author) : report, resolved, title, resolution.warnings));
  }
  if (!reports.length) throw firstError ?? new ReportParseError(DOCUMENT_MESSAGES.noWeek, 'no_week');
  const merged = mergeSameWeek(reports);
  merged[0].warnings.unshift(...documentWarnings);
  return merged;
}

function whereOf(d: DateLine, lineNumber: number): string {
  if (d.role === 'title') return '标题';
  if (d.role === 'signature') return `第${lineNumber}行的落款`;
  return `第${lineNumber}行`;
}

/** "第12行「## 第六周」" */
function weekName(chunk: WeekChunk, lines: readonly string[], lineNo: (i: number) => number): string {
  const first = chunk.markers[0]?.line ?? chunk.start;
  return `第${lineNo(first)}行「${lines[first].trim()}」`;
}

function chunkTitle(chunk: WeekChunk): string | null {
  const m = chunk.markers[0];
  return m ? stripInlineMarkup(m.text) : null;
}

/**
 * Lines of the chunk (indexes within the whole body) the parser must not store: the lines that open a
 * week in a multi-week file (except a table header row, which names the columns), grouping headings,
 * and lines that exist only to carry the date that was used (a **报告周期** line, a signature).
 * A single report's title heading stays: the parser reads it as the title, as it always has.
 */
function skipLinesOf(chunk: WeekChunk, dateLines: DateLine[], usedLines: number[], multiWeek: boolean): Set<number> {
  const skip = new Set<number>(chunk.groupingLines);
  if (multiWeek) {
    for (const m of chunk.markers) {
      if (!m.keepForParser) skip.add(m.line);
      for (const extra of m.extraLines) skip.add(extra);
    }
  }
  for (const d of dateLines) if (d.carrierOnly && usedLines.includes(d.index)) skip.add(d.index);
  return skip;
}

/** The week as resolved, whatever the parser read from a title; the document's warnings first. */
function withWeek(report: WeeklyReport, resolved: ResolvedWeek, title: string | null, warnings: string[]): WeeklyReport {
  const own = report.warnings ?? [];
  const missing = warnings.filter((w) => !own.includes(w));
  return {
    ...report,
    title: report.title ?? title,
    weekLabel: resolved.weekLabel,
    weekNumber: resolved.weekNumber,
    reportDate: resolved.reportDate,
    period: resolved.period,
    warnings: [...missing, ...own],
  };
}

/** Monday-to-Sunday weeks since 2000-01-03, of the day that stands for the report's week. */
function weekKey(r: WeeklyReport): number {
  const day = r.period ? addDays(r.period.start, Math.floor(daysBetween(r.period.start, r.period.end) / 2)) : r.reportDate!;
  return Math.floor(daysBetween('2000-01-03', day) / 7);
}

/**
 * Two parts of a file that turn out to be the same week (a week written twice, day headings that were
 * cut apart) become one report, in file order, with a warning: nothing is dropped.
 */
function mergeSameWeek(reports: WeeklyReport[]): WeeklyReport[] {
  const groups = new Map<number, WeeklyReport[]>();
  for (const r of reports) {
    const key = weekKey(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((group) => (group.length === 1 ? group[0] : mergeGroup(group)));
}

/** Reports of one week, in file order, as one report: items renumbered, sections and warnings kept once. */
function mergeGroup(group: WeeklyReport[]): WeeklyReport {
  const first = group[0];
  const sectionKeys = new Set<string>();
  const sections = [];
  const items = [];
  const warnings: string[] = [];
  const seenWarnings = new Set<string>();
  let start = first.period?.start ?? null;
  let end = first.period?.end ?? null;
  let reportDate = first.reportDate!;
  for (const r of group) {
    for (const s of r.sections) {
      const key = s.path.join('\u0000');
      if (!sectionKeys.has(key)) {
        sectionKeys.add(key);
        sections.push(s);
      }
    }
    for (const item of r.items) items.push({ ...item, ordinal: items.length });
    for (const w of r.warnings) {
      if (!seenWarnings.has(w)) {
        seenWarnings.add(w);
        warnings.push(w);
      }
    }
    if (r.period) {
      if (start === null || r.period.start < start) start = r.period.start;
      if (end === null || r.period.end > end) end = r.period.end;
    }
    if (r.reportDate! > reportDate) reportDate = r.reportDate!;
  }
  const names =
    group
      .slice(0, 3)
      .map((r) => `「${r.title ?? r.weekLabel}」`)
      .join('、') + (group.length > 3 ? `等 ${group.length} 段` : '');
  warnings.push(`${names}是同一周（${first.weekLabel}），已合并为一份周报。`);
  const period = start !== null && end !== null ? { start, end } : null;
  return { ...first, period, reportDate: period ? period.end : reportDate, sections, items, warnings };
}

/** Words that stand in a title's parentheses without being a person: 草稿, 修订版 … */
const NOT_A_NAME = /^(?:草稿|初稿|终稿|定稿|修订|修订版|内部|公开|汇总|简版|详版|更新|补充|周报|日志|纪要|会议)$/;
/** 工作日志（罗毅）: a person named in the title's closing parentheses. */
const TITLE_AUTHOR = /[（(]\s*(\p{Script=Han}{2,3})\s*[)）]\s*$/u;

/**
 * The one person a report is by: the front matter's only author, or a name in the title's closing
 * parentheses (嵌入式固件组 工作日志（罗毅）). Null when there are several or none.
 */
export function soleAuthor(frontMatterAuthors: readonly string[], titles: ReadonlyArray<string | null | undefined>): string | null {
  const names = frontMatterAuthors.map((a) => a.trim()).filter(Boolean);
  if (names.length === 1 && /^(?:\p{Script=Han}{2,4}|[A-Za-z][\w.-]{1,19})$/u.test(names[0])) return names[0];
  if (names.length > 1) return null;
  for (const t of titles) {
    const m = t ? TITLE_AUTHOR.exec(t.replace(/^#+\s*/, '').trim()) : null;
    if (m && !NOT_A_NAME.test(m[1])) return m[1];
  }
  return null;
}

/**
 * A one-person report's lines are that person's work: when no line names an owner, the author owns
 * them all (张三本周做了什么 then finds them). A report that names owners anywhere keeps its own.
 */
function ownedBy(report: WeeklyReport, author: string): WeeklyReport {
  if (report.items.some((i) => i.owner)) return report;
  return { ...report, items: report.items.map((i) => ({ ...i, owner: author })) };
}
