/** Plain-text and JSON renderings of answers and reports for the CLI and the console. */
import type { Answer } from '../domain/answer/model';
import type { IngestResult, ReportSummary } from '../services/knowledgeBaseTypes';
import { SECTION_SEPARATOR, type WeeklyReport } from '../domain/reports/model';
import { addDays } from '../domain/calendar';
import { trendSparklineOf } from '../services/changes/ask';

/** A cited line longer than this is cut, with a visible marker: a 100,000-character line is not a citation. */
export const MAX_CITATION_CHARS = 500;

/** Cuts text to `max` characters (by code point, so no emoji is split) and says so. */
export function capText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}…（已截断，原文共 ${chars.length} 字）`;
}

/** The CLI's JSON contract: exactly these fields. */
export function answerToJson(answer: Answer) {
  return {
    question: answer.question,
    found: answer.found,
    answer: answer.answer,
    citations: answer.citations.map((c) => ({
      team: c.team,
      week: c.week,
      date: c.date,
      section: capText(c.section, MAX_CITATION_CHARS),
      text: capText(c.text, MAX_CITATION_CHARS),
    })),
  };
}

export function formatAnswerText(answer: Answer): string {
  const lines = [answer.answer];
  // A trend answer gets its sparkline on text surfaces (Slack gets a chart image instead).
  const spark = trendSparklineOf(answer);
  if (spark) lines.push(spark);
  for (const c of answer.citations) {
    lines.push(`来源：${c.team} ${c.week} ${c.date} · ${capText(c.section, MAX_CITATION_CHARS) || '（无标题）'} · "${capText(c.text, MAX_CITATION_CHARS)}"`);
  }
  return lines.join('\n');
}

/**
 * `zhoubao parse --json`: one object per report (week) found. Relied on by checks outside the repo:
 * keep the field names and shapes. `period` is the range the report states, else its week
 * (the six days before the report date, as report weeks end on the report's day).
 */
export function parsedReportToJson(report: WeeklyReport) {
  const period = report.period ?? (report.reportDate ? { start: addDays(report.reportDate, -6), end: report.reportDate } : null);
  return {
    team: report.team,
    week: report.weekLabel,
    date: report.reportDate,
    period: period ? [period.start, period.end] : null,
    items: report.items.map((item) => ({
      section: item.sectionPath.join(SECTION_SEPARATOR),
      text: item.text,
      owner: item.owner ?? null,
      status: item.status,
      dates: item.dates.map((d) => ({ event: d.event, date: d.iso })),
      metrics: item.metrics.map((m) => ({ label: m.label, value: m.value, unit: m.unit })),
    })),
    warnings: report.warnings,
  };
}

/** `zhoubao parse` without --json: a preview a person reads. */
export function formatParsedReport(report: WeeklyReport): string {
  const json = parsedReportToJson(report);
  const head = `${json.team ?? '（未知团队）'}  ${json.week ?? '（未知周次）'}  ${json.date ?? '（无日期）'}${json.period ? `  周期 ${json.period[0]} ~ ${json.period[1]}` : ''}  ${json.items.length} 条`;
  const lines = [head];
  let section: string | null = null;
  for (const item of json.items) {
    if (item.section !== section) {
      section = item.section;
      lines.push(`  【${section || '（无标题）'}】`);
    }
    const facts = [
      item.status !== 'unknown' ? item.status : '',
      item.owner ? `@${item.owner}` : '',
      ...item.dates.map((d) => `${d.event ?? '日期'} ${d.date}`),
      ...item.metrics.map((m) => `${m.label ?? ''}${m.value}${m.unit}`),
    ].filter(Boolean);
    lines.push(`    - ${capText(item.text, 200)}${facts.length ? `  [${facts.join('；')}]` : ''}`);
  }
  for (const w of json.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}

export function formatIngestLine(result: IngestResult): string {
  const r = result.report;
  return `${r.team}  ${r.weekLabel}  ${r.reportDate}  ${r.itemCount} items  ${result.outcome}`;
}

export function formatReportsTable(reports: ReportSummary[]): string {
  if (!reports.length) return '还没有周报。用 zhoubao ingest <文件|目录> 导入。';
  return reports
    .map((r) => `${r.team}  ${r.weekLabel}  ${r.reportDate}  ${r.itemCount} items  v${r.version}${r.submittedBy ? `  提交人 ${r.submittedBy}` : ''}  ${r.source}`)
    .join('\n');
}
