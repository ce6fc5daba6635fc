/** Plain-text and JSON renderings of answers and reports for the CLI and the console. */
import type { Answer } from '../answer/model';
import type { IngestResult, ReportSummary } from '../kbTypes';

/** The CLI's JSON contract: exactly these fields. */
export function answerToJson(answer: Answer) {
  return {
    question: answer.question,
    found: answer.found,
    answer: answer.answer,
    citations: answer.citations.map((c) => ({ team: c.team, week: c.week, date: c.date, section: c.section, text: c.text })),
  };
}

export function formatAnswerText(answer: Answer): string {
  const lines = [answer.answer];
  for (const c of answer.citations) {
    lines.push(`来源：${c.team} ${c.week} ${c.date} · ${c.section || '（无标题）'} · "${c.text}"`);
  }
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
