/**
 * `zhoubao import …`:
 *   zhoubao import notion --database ID [--team T] [--date D]     NOTION_TOKEN, optional NOTION_API_URL
 *   zhoubao import confluence --space KEY [--team T] [--date D]   CONFLUENCE_URL, CONFLUENCE_USER, CONFLUENCE_TOKEN
 *   zhoubao import <folder|file>... [--team T] [--date D]         a Notion export folder, .md/.txt/.docx/.pdf/.html
 * One line per stored report (or JSON object with --json), then a summary. Exit code: 0 when every
 * document was stored (new, replaced or unchanged), 1 when none was, 2 when some failed.
 */
import { parseArgs } from 'node:util';
import type { ImportResult, IngestFunction } from '../services/import/service';
import { ImportSourceError, importFromSource, type ImportSettings, type ImportSource } from '../services/import/sources';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import { isIsoCalendarDate } from '../domain/calendar';

export interface ImportFlags {
  team?: string;
  date?: string;
  json?: boolean;
  /** `--database` / `--space`, when the caller parsed them; else they are read from `args` */
  database?: string;
  space?: string;
}

export const IMPORT_USAGE = `用法：
  zhoubao import notion --database 数据库ID [--team 团队] [--date 日期]      需要 NOTION_TOKEN（可选 NOTION_API_URL）
  zhoubao import confluence --space 空间标识 [--team 团队] [--date 日期]    需要 CONFLUENCE_URL、CONFLUENCE_USER、CONFLUENCE_TOKEN
  zhoubao import <目录|文件>... [--team 团队] [--date 日期]                  Notion 导出目录，或 .md/.txt/.docx/.pdf/.html 文件`;

/**
 * @param args what follows `import` on the command line: the source kind or paths, and possibly
 *   --database/--space/--team/--date/--json (flags already parsed may come in `flags` instead)
 */
export async function runImportCommand(
  kb: Pick<KnowledgeBaseApi, 'ingestText' | 'currentWeek' | 'ingestDocument'>,
  args: string[],
  flags: ImportFlags,
  settings: ImportSettings,
  out: (line: string) => void,
  options: { ingest?: IngestFunction } = {},
): Promise<number> {
  let parsed: ReturnType<typeof parseImportArgs>;
  try {
    parsed = parseImportArgs(args, flags);
  } catch (error) {
    out(`✗ ${(error as Error).message}\n${IMPORT_USAGE}`);
    return 1;
  }
  const { positionals, team, date, json } = parsed;
  if (date && !isIsoCalendarDate(date)) {
    out(`✗ --date「${date}」不是有效日期：请写成 YYYY-MM-DD（所报告那一周中的任意一天）。`);
    return 1;
  }
  if (!positionals.length) {
    out(IMPORT_USAGE);
    return 1;
  }

  let results: ImportResult[];
  try {
    results = await importFromSource(kb, describeSource(positionals, parsed), settings, { team, date, ingest: options.ingest });
  } catch (error) {
    if (!(error instanceof ImportSourceError)) throw error;
    out(`✗ ${error.message}`);
    return 1;
  }
  if (!results.length) {
    out('✗ 没有找到可导入的周报（页面为空，或目录里没有 .md/.txt/.docx/.pdf/.html 文件）。');
    return 1;
  }

  for (const r of results) {
    if (json) out(JSON.stringify(resultJson(r)));
    else formatResult(r).forEach((line) => out(line));
  }
  if (!json) out(summaryLine(results));
  const failed = results.filter((r) => r.outcome === 'error').length;
  if (failed === results.length) return 1;
  return failed ? 2 : 0;
}

function parseImportArgs(args: string[], flags: ImportFlags) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      database: { type: 'string' },
      space: { type: 'string' },
      team: { type: 'string' },
      date: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  return {
    positionals,
    database: values.database ?? flags.database,
    space: values.space ?? flags.space,
    team: values.team ?? flags.team,
    date: values.date ?? flags.date,
    json: values.json ?? flags.json ?? false,
  };
}

/** `notion` / `confluence` alone name a service (its id from --database / --space); anything else is paths. */
function describeSource(positionals: string[], parsed: { database?: string; space?: string }): ImportSource {
  const [kind, ...rest] = positionals;
  if (kind === 'notion' && !rest.length) return { kind: 'notion', databaseId: parsed.database };
  if (kind === 'confluence' && !rest.length) return { kind: 'confluence', spaceKey: parsed.space };
  return { kind: 'files', paths: positionals };
}

const OUTCOME_LABELS: Record<ImportResult['outcome'], string> = { new: '新增', replaced: '更新', unchanged: '未变', error: '失败' };

function formatResult(r: ImportResult): string[] {
  const name = r.title ? `「${r.title}」` : r.source;
  const head =
    r.outcome === 'error' || !r.report
      ? `✗ ${OUTCOME_LABELS.error} ${name}：${r.error ?? '未知错误'}`
      : `✓ ${OUTCOME_LABELS[r.outcome]} ${r.report.team} ${r.report.weekLabel} ${r.report.reportDate} ${r.report.itemCount} 条  ${name}`;
  return [head, ...r.warnings.map((w) => `    ⚠ ${w}`)];
}

function resultJson(r: ImportResult) {
  return {
    source: r.source,
    title: r.title,
    outcome: r.outcome,
    ...(r.report
      ? { team: r.report.team, week: r.report.weekLabel, date: r.report.reportDate, items: r.report.itemCount, version: r.report.version, reportId: r.report.id }
      : {}),
    ...(r.error ? { error: r.error } : {}),
    warnings: r.warnings,
  };
}

function summaryLine(results: ImportResult[]): string {
  const count = (o: ImportResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return `共 ${results.length} 份：新增 ${count('new')}，更新 ${count('replaced')}，未变 ${count('unchanged')}，失败 ${count('error')}`;
}
