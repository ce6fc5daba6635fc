/**
 * `npm run devset`: how the parser does on real reports written by other teams, kept outside the
 * repo in ../shared/reference/real-reports/ (their text is never copied into the project). For
 * each file: stored or refused, the weeks found, items against the count its README gives, and
 * items that look like junk (headings, links, front matter, placeholders, date lines).
 *
 * Each file is read as `zhoubao ingest FILE --team 开发集` would read it; `--date` is given only to
 * a file that states no date anywhere (listed below, with the date its source history gives).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';
import { parseReportDocument } from '../../src/domain/reports/document';
import { ReportParseError, type ReportItem, type WeeklyReport } from '../../src/domain/reports/model';

export const DEV_SET_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'reference', 'real-reports');

/** Files that state no date anywhere, and the day their source history dates them (README of the dev set). */
const DATE_FOR_UNDATED: Record<string, string> = { '12-no-date-subproject-sections.md': '2026-04-24' };

/** The expected item counts: the bold number in the last column of the README's table. */
export function readmeItemCounts(readme: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readme.split('\n')) {
    const file = /^\|\s*`([^`]+\.md)`\s*\|/.exec(line)?.[1];
    if (!file) continue;
    const cells = line.split('|').map((c) => c.trim()).filter(Boolean);
    const count = /\*\*(\d+)\*\*/.exec(cells[cells.length - 1])?.[1];
    if (count) counts.set(file, Number(count));
  }
  return counts;
}

const JUNK_RULES: Array<[string, RegExp]> = [
  ['link or image only', /^(?:!?\[[^\]]*\]\([^)]*\)|<?https?:\/\/\S+>?|\[\d+\]\s*\S*https?:\/\/\S+)$/i],
  ['front matter', /^(?:title|slug|date|updated|tags|keywords|categories|author|authors|description|draft|layout)\s*:/i],
  ['table markup', /^\|?\s*:?-{3,}|\s\|\s.*\s\|\s/],
  ['html', /^<\/?[a-z][^>]*>$|^<!--/i],
  ['placeholder', /^(?:无|暂无|没有|TODO|TBD|N\/?A|—+|-+|本期没有更新|没有其他新增内容)[。.]?$/i],
  ['date line only', /^[\d\s.\-~～—/年月日号到至()（）wW]+$/],
  ['meeting frame', /^(?:moderator|attendees?|agenda|notes|comments|questions?(?:\s*\(q\/a\))?|time|主持人?|参会人员?|会议时间|议程|记录人?)\s*[:：]?\s*$/i],
];

/** Why an item looks like something a reader would not count as work, or null. */
export function junkReason(item: ReportItem): string | null {
  const text = item.text.trim();
  if (Array.from(text).length <= 1) return 'too short';
  for (const [reason, re] of JUNK_RULES) if (re.test(text)) return reason;
  if (item.sectionPath.length && item.sectionPath[item.sectionPath.length - 1] === text) return 'repeats its heading';
  return null;
}

export interface DevSetRow {
  file: string;
  outcome: 'stored' | 'refused';
  usedDate: string | null;
  weeks: number;
  firstWeek: string | null;
  lastWeek: string | null;
  items: number;
  expected: number | null;
  /** items / expected - 1 */
  deviation: number | null;
  junk: Array<{ text: string; reason: string }>;
  warnings: number;
  error?: string;
}

export function evaluateDevSet(dir: string = DEV_SET_DIR, now: Date = new Date()): DevSetRow[] {
  const expected = readmeItemCounts(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'));
  const rows: DevSetRow[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort()) {
    const bytes = fs.readFileSync(path.join(dir, file));
    const date = DATE_FOR_UNDATED[file];
    const want = expected.get(file) ?? null;
    let reports: WeeklyReport[];
    try {
      reports = parseReportDocument(bytes, { team: '开发集', forceTeam: true, fileName: file, date, now });
    } catch (err) {
      const message = err instanceof ReportParseError || err instanceof Error ? err.message : String(err);
      rows.push({ file, outcome: 'refused', usedDate: date ?? null, weeks: 0, firstWeek: null, lastWeek: null, items: 0, expected: want, deviation: null, junk: [], warnings: 0, error: message });
      continue;
    }
    const items = reports.flatMap((r) => r.items);
    const junk = items.flatMap((item) => {
      const reason = junkReason(item);
      return reason ? [{ text: item.text, reason }] : [];
    });
    const dates = reports.map((r) => `${r.weekLabel} ${r.reportDate}`);
    rows.push({
      file,
      outcome: 'stored',
      usedDate: date ?? null,
      weeks: reports.length,
      firstWeek: dates[0] ?? null,
      lastWeek: dates[dates.length - 1] ?? null,
      items: items.length,
      expected: want,
      deviation: want ? items.length / want - 1 : null,
      junk,
      warnings: reports.reduce((n, r) => n + r.warnings.length, 0),
    });
  }
  return rows;
}

export function formatDevSetTable(rows: DevSetRow[]): string {
  const lines = [
    '| file | result | weeks | first … last week | items | README | Δ | junk |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const result = r.outcome === 'stored' ? (r.usedDate ? `stored (--date ${r.usedDate})` : 'stored') : `refused: ${r.error}`;
    const span = r.firstWeek ? (r.weeks > 1 ? `${r.firstWeek} … ${r.lastWeek}` : r.firstWeek) : '';
    const delta = r.deviation === null ? '' : `${r.deviation >= 0 ? '+' : ''}${Math.round(r.deviation * 100)}%`;
    lines.push(`| ${r.file} | ${result} | ${r.weeks} | ${span} | ${r.items} | ${r.expected ?? ''} | ${delta} | ${r.junk.length} |`);
  }
  const stored = rows.filter((r) => r.outcome === 'stored');
  const within = stored.filter((r) => r.deviation !== null && Math.abs(r.deviation) <= 0.15).length;
  const junk = rows.reduce((n, r) => n + r.junk.length, 0);
  lines.push('', `${stored.length}/${rows.length} stored; ${within}/${rows.length} within ±15% of the README's count; ${junk} junk items.`);
  return lines.join('\n');
}

function main(): void {
  if (!fs.existsSync(path.join(DEV_SET_DIR, 'README.md'))) {
    process.stdout.write(`开发集不在这里（${DEV_SET_DIR}）：跳过。\n`);
    return;
  }
  const rows = evaluateDevSet();
  process.stdout.write(formatDevSetTable(rows) + '\n');
  if (process.argv.includes('--verbose')) {
    for (const r of rows) for (const j of r.junk) process.stdout.write(`junk  ${r.file}  [${j.reason}]  ${j.text}\n`);
  }
}

if (require.main === module) main();
