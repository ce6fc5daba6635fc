/**
 * The command line: `zhoubao ingest|ask|reports|reindex|feedback|remind|export|serve|start`.
 * This contract is relied on by the bot and by checks outside the repo: keep names, flags and JSON shapes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { hasSlackCredentials, loadConfig, PROJECT_ROOT, SAMPLES_DIR } from '../config';
import { fixedClock, systemClock, type Clock } from '../clock';
import { KnowledgeBase } from '../services/knowledgeBase';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import type { OpenedKnowledgeBase } from '../services/replica/open';
import { ingestReportFiles, parseReportFile } from '../services/import/reportFiles';
import { CliUsageError, parseCliArgs, usageFor, type CliArgs } from './args';
import { answerToJson, formatAnswerText, formatIngestLine, formatParsedReport, formatReportsTable, parsedReportToJson } from './format';

const HELP = `zhoubao — 周报助手

用法：
  zhoubao ingest <文件|目录>... [--team 团队] [--date 日期]   导入周报（.md/.txt/.docx/.pdf/.html；每周一行：团队 周次 日期 条目数 new/replaced/unchanged）
  zhoubao parse <文件> [--team 团队] [--date 日期] [--json]   只解析不保存：会存成什么（每周一份）
  zhoubao import notion --database ID [--team 团队]           从 Notion 数据库导入（需要 NOTION_TOKEN）
  zhoubao import confluence --space KEY [--team 团队]         从 Confluence 空间导入（需要 CONFLUENCE_URL/USER/TOKEN）
  zhoubao import <Notion导出文件夹|文件>... [--team 团队]      导入 Notion 导出或文档
  zhoubao ask "问题" [--json] [--now ISO时间] [--chart 图.png]  提问；趋势问题可用 --chart 画出折线图
  zhoubao ask --questions 文件 --json                          批量提问：每行一个问题，每行输出一个 JSON
  zhoubao reports [--json]                                     列出已存的周报
  zhoubao reindex                                              从 SQLite 重建向量索引
  zhoubao feedback [--json]                                    列出 👍/👎 反馈
  zhoubao remind [--now ISO时间]                               执行一次周报提醒（供外部 cron 调用；需要 SLACK_BOT_TOKEN）
  zhoubao export [--team 团队] [--week 周]                     导出团队某周的周报（Markdown；周：48、第48周、2023-11-24、本周、上周）
  zhoubao changes --team 团队 [--week 周] [--json] [--chart 图.png]  本周相比上周的变化（上线、推迟、停滞、掉队、指标变化），--chart 画出变化的指标
  zhoubao migrate [--from-sqlite 数据目录]                     升级存储结构（设置 ZHOUBAO_DATABASE_URL 时为 PostgreSQL）；--from-sqlite 把 SQLite 数据复制到 PostgreSQL
  zhoubao serve                                                启动 Slack 机器人
  zhoubao start                                                有 Slack 凭据时启动机器人，否则打开本地控制台

--date YYYY-MM-DD：所报告那一周的任意一天；周报正文、标题和文件名都没有写日期时需要它，写了也以它为准。
所有命令都支持 --data-dir 目录（或环境变量 ZHOUBAO_DATA_DIR）。
退出码：0 成功；1 失败（什么也没存）；2 部分成功（有的文件没存，见错误输出）。`;

/** Exit codes: the batch commands (ingest, import) say "partial" apart from "failed". */
export const EXIT = { ok: 0, failed: 1, partial: 2 } as const;

export async function main(argv: string[]): Promise<number> {
  loadDotenv({ path: path.join(PROJECT_ROOT, '.env'), quiet: true });
  let parsed: CliArgs;
  try {
    parsed = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${err.message}\n${usageFor(err.command)}\n`);
    return EXIT.failed;
  }
  const { command, args, values } = parsed;
  if (!command || values.help || command === 'help') {
    process.stdout.write(HELP + '\n');
    return command || values.help ? EXIT.ok : EXIT.failed;
  }
  if (command === 'parse') return parseCommand(args, values);
  const config = loadConfig(process.env, { dataDir: values['data-dir'] });
  const now = values.now ? parseNow(values.now) : undefined;
  // The one clock of this run: --now stops it (ask, remind, start), else the real one.
  const clock: Clock = now ? fixedClock(now) : systemClock;

  switch (command) {
    case 'ingest':
      return withStoreKb(config, clock, (kb) => ingest(kb, args, { team: values.team, date: values.date, json: values.json }));
    case 'import':
      return withStoreKb(config, clock, async (kb) => {
        const { runImportCommand } = await import('./importCommand');
        return runImportCommand(kb, args, { team: values.team, date: values.date, json: values.json, database: values.database, space: values.space }, config, (line) =>
          process.stdout.write(line + '\n'),
        );
      });
    case 'ask':
      return withStoreKb(config, clock, (kb) => ask(kb, args.join(' '), { json: values.json, questionsFile: values.questions, now, chart: values.chart }));
    case 'reports':
      return withStoreKb(config, clock, async (kb) => {
        const reports = kb.listReports();
        process.stdout.write(values.json ? reports.map((r) => JSON.stringify(r)).join('\n') + (reports.length ? '\n' : '') : formatReportsTable(reports) + '\n');
        return EXIT.ok;
      });
    case 'reindex':
      return withStoreKb(config, clock, async (kb) => {
        const { items, millis } = await kb.reindex();
        process.stdout.write(`已重建向量索引：${items} 条，用时 ${millis} ms\n`);
        return EXIT.ok;
      });
    case 'feedback':
      return withStoreKb(config, clock, async (kb) => {
        const rows = await kb.listFeedback();
        if (values.json) process.stdout.write(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
        else if (!rows.length) process.stdout.write('还没有反馈。\n');
        else for (const r of rows) process.stdout.write(`${r.createdAt}  ${r.verdict === 'up' ? '👍' : '👎'}  ${r.question}\n    → ${r.answer.split('\n')[0]}\n`);
        return EXIT.ok;
      });
    case 'remind':
      return withStoreKb(config, clock, (kb) => remind(kb, config, clock(), values.json));
    case 'export':
      return withStoreKb(config, clock, async (kb) => exportWeek(localCopy(kb), config, values.team ?? config.defaultTeam, values.week, clock()));
    case 'changes':
      return withStoreKb(config, clock, (kb) => changes(localCopy(kb), values.team ?? config.defaultTeam, values.week, { json: values.json, chart: values.chart }));
    case 'migrate': {
      const { runMigrateCommand } = await import('./migrateCommand');
      const print = (stream: NodeJS.WriteStream) => (line: string) => stream.write(line + '\n');
      return runMigrateCommand(config, args, { fromSqlite: values['from-sqlite'], json: values.json }, print(process.stdout), print(process.stderr));
    }
    case 'serve': {
      const { serveSlack } = await import('../slack/serve');
      await serveSlack(config, { clock });
      return EXIT.ok;
    }
    case 'start': {
      if (hasSlackCredentials(config)) {
        const { serveSlack } = await import('../slack/serve');
        await serveSlack(config, { clock });
        return EXIT.ok;
      }
      const { runConsole } = await import('./console');
      return withKb(config, clock, async (kb) => {
        if (kb.listReports().length === 0) await ingest(kb, [SAMPLES_DIR], { json: false });
        return runConsole(kb, { input: process.stdin, output: process.stdout, now });
      });
    }
    default:
      process.stderr.write(`未知命令「${command}」。\n\n${HELP}\n`);
      return EXIT.failed;
  }
}

async function withKb(config: ReturnType<typeof loadConfig>, clock: Clock, run: (kb: KnowledgeBase) => Promise<number>): Promise<number> {
  const kb = await KnowledgeBase.open({ config, clock });
  try {
    return await run(kb);
  } finally {
    kb.close();
  }
}

/**
 * The commands that store, answer or remind: with ZHOUBAO_DATABASE_URL on the shared PostgreSQL store
 * (this data directory's copy caught up first), else the SQLite knowledge base as withKb opens it.
 */
async function withStoreKb(config: ReturnType<typeof loadConfig>, clock: Clock, run: (kb: OpenedKnowledgeBase) => Promise<number>): Promise<number> {
  if (!config.databaseUrl) return withKb(config, clock, run);
  const { openKnowledgeBaseFor, closeKnowledgeBase } = await import('../services/replica/open');
  const kb = await openKnowledgeBaseFor(config, { clock, listen: false, pollMs: 0 });
  try {
    return await run(kb);
  } finally {
    await closeKnowledgeBase(kb);
  }
}

/** The SQLite knowledge base to read from: itself, or a replica's local copy (caught up when it opened). */
function localCopy(kb: OpenedKnowledgeBase): KnowledgeBase {
  return kb instanceof KnowledgeBase ? kb : kb.local;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Exit code of a batch: all stored, none stored, or some. */
function batchExit(stored: number, failed: number): number {
  if (!failed) return EXIT.ok;
  return stored ? EXIT.partial : EXIT.failed;
}

/**
 * Every file is tried: a missing or unreadable one is named on stderr and the others are still
 * stored; the exit code says whether all, some or none went in.
 */
async function ingest(kb: KnowledgeBaseApi, targets: string[], opts: { team?: string; date?: string; json: boolean }): Promise<number> {
  if (!targets.length) {
    process.stderr.write(`${usageFor('ingest')}\n`);
    return EXIT.failed;
  }
  const { stored, failed } = await ingestReportFiles(kb, targets, { team: opts.team, date: opts.date }, (outcome) => {
    const { file } = outcome;
    if ('error' in outcome) {
      if (opts.json) process.stdout.write(JSON.stringify({ file, outcome: 'error', error: outcome.error }) + '\n');
      process.stderr.write(`✗ ${file}：${outcome.error}\n`);
      return;
    }
    for (const result of outcome.results) {
      process.stdout.write(opts.json ? JSON.stringify({ file, outcome: result.outcome, ...result.report }) + '\n' : formatIngestLine(result) + '\n');
      for (const warning of result.parsed.warnings) process.stderr.write(`! ${path.basename(file)} ${result.report.weekLabel}：${warning}\n`);
    }
  });
  if (failed && !opts.json) process.stderr.write(stored ? `部分导入：${stored} 个文件已保存，${failed} 个失败。\n` : `没有导入任何周报（${failed} 个失败）。\n`);
  return batchExit(stored, failed);
}

/** `zhoubao parse FILE`: what would be stored, without opening the store. */
async function parseCommand(args: string[], values: CliArgs['values']): Promise<number> {
  if (args.length !== 1) {
    process.stderr.write(`${args.length ? '一次只能解析一个文件。' : '缺少要解析的文件。'}\n${usageFor('parse')}\n`);
    return EXIT.failed;
  }
  const file = args[0];
  try {
    const reports = await parseReportFile(file, {
      team: values.team,
      forceTeam: Boolean(values.team),
      date: values.date,
      now: values.now ? parseNow(values.now) : systemClock(),
    });
    for (const report of reports) process.stdout.write((values.json ? JSON.stringify(parsedReportToJson(report)) : formatParsedReport(report)) + '\n');
    return EXIT.ok;
  } catch (err) {
    process.stderr.write(`✗ ${file}：${errorMessage(err)}\n`);
    return EXIT.failed;
  }
}

async function ask(kb: KnowledgeBaseApi, question: string, opts: { json: boolean; questionsFile?: string; now?: Date; chart?: string }): Promise<number> {
  if (opts.questionsFile) {
    // One question per line in, one JSON object per line out, in order; the index is loaded once.
    const source = fs.statSync(opts.questionsFile, { throwIfNoEntry: false });
    if (!source?.isFile()) {
      process.stderr.write(`找不到问题文件「${opts.questionsFile}」：--questions 需要一个文本文件，每行一个问题。\n${usageFor('ask')}\n`);
      return EXIT.failed;
    }
    const lines = fs.readFileSync(opts.questionsFile, 'utf8').split(/\r?\n/).filter((l) => l.trim());
    for (const line of lines) {
      const answer = await kb.ask(line, { now: opts.now });
      process.stdout.write(opts.json ? JSON.stringify(answerToJson(answer)) + '\n' : formatAnswerText(answer) + '\n\n');
    }
    return 0;
  }
  if (!question.trim()) {
    process.stderr.write(`${usageFor('ask')}\n`);
    return EXIT.failed;
  }
  const answer = await kb.ask(question, { now: opts.now });
  process.stdout.write(opts.json ? JSON.stringify(answerToJson(answer)) + '\n' : formatAnswerText(answer) + '\n');
  if (opts.chart) return writeTrendChart(answer, opts.chart);
  return EXIT.ok;
}

function parseNow(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`--now 不是有效的时间：${value}（例如 2023-12-06T10:00:00+08:00）`);
  return d;
}

/** One reminder run: what was sent (one line each), and what failed (retried at the next run). */
async function remind(kb: OpenedKnowledgeBase, config: ReturnType<typeof loadConfig>, now: Date, json: boolean): Promise<number> {
  const { missingSlackCredentials, remindOnce } = await import('../slack/serve');
  const missing = missingSlackCredentials(config, 'web');
  if (missing.length) {
    process.stderr.write(`无法发送提醒：缺少 ${missing.join('、')}（机器人令牌 xoxb-…），请在 .env 中设置。\n`);
    return 1;
  }
  // On a replica, each reminder stage is claimed in PostgreSQL: `zhoubao remind` on several hosts sends it once.
  const { openFollowupsFor } = await import('../services/replica/followups');
  const run = await remindOnce(openFollowupsFor(kb, config, () => now), config, now);
  for (const r of run.sent) {
    const line = { team: r.team, week: r.week.weekLabel, reportDate: r.week.reportDate, stage: r.stage, user: r.userId || null };
    process.stdout.write(json ? JSON.stringify(line) + '\n' : `${r.team} ${r.week.weekLabel} ${r.stage}${r.userId ? ` → ${r.userId}` : ''}\n`);
  }
  for (const f of run.failed) process.stderr.write(`✗ ${f.reminder.team} ${f.reminder.stage} ${f.reminder.userId}：${f.error}\n`);
  if (!json && !run.sent.length && !run.failed.length) process.stdout.write('现在没有要发送的提醒。\n');
  return run.failed.length ? 1 : 0;
}

/** The team's report for a week as Markdown: the stored team report, else compiled from its members' submissions. */
async function exportWeek(kb: KnowledgeBase, config: ReturnType<typeof loadConfig>, team: string, week: string | undefined, now: Date): Promise<number> {
  const { openFollowups } = await import('../services/followups/index');
  const found = openFollowups(kb, config, () => now).exporter.exportMarkdown(team, week);
  if (!found) {
    process.stderr.write(`没有 ${team} ${week ?? '本周'} 的周报（也没有成员提交）。可以用 zhoubao reports 查看已存的周报。\n`);
    return 1;
  }
  process.stdout.write(found.markdown.endsWith('\n') ? found.markdown : found.markdown + '\n');
  return 0;
}

/** `zhoubao changes`: the week's changes for a team, cited; `--chart` draws the metrics that moved. */
async function changes(kb: KnowledgeBase, team: string, week: string | undefined, opts: { json: boolean; chart?: string }): Promise<number> {
  const { changesForTeamWeek } = await import('../services/changes/service');
  const { formatChangesDigest } = await import('../domain/changes/digest');
  const weekArg = week && /^\d+$/.test(week) ? Number(week) : week;
  const found = changesForTeamWeek(kb.store, team, weekArg);
  if (!found) {
    process.stderr.write(`没有 ${team} ${week ?? '最近一周'} 的周报。可以用 zhoubao reports 查看已存的周报。\n`);
    return EXIT.failed;
  }
  if (opts.json) process.stdout.write(JSON.stringify(found) + '\n');
  else {
    const digest = formatChangesDigest(found);
    process.stdout.write([digest.summary, ...digest.details.map((d) => `- ${d}`)].join('\n') + '\n');
  }
  if (opts.chart) {
    const metric = found.changes.find((c) => c.kind === 'metric');
    if (!metric || metric.kind !== 'metric') {
      process.stderr.write('这一周没有变化的指标，没有画图。\n');
      return EXIT.ok;
    }
    const { renderMetricChartPng } = await import('../services/changes/charts');
    fs.writeFileSync(opts.chart, renderMetricChartPng(metric, team).png);
    process.stderr.write(`已画出「${metric.subject}」的趋势图：${opts.chart}\n`);
  }
  return EXIT.ok;
}

/** `ask --chart FILE.png`: a trend answer's series as the same line chart Slack gets. */
async function writeTrendChart(answer: Awaited<ReturnType<KnowledgeBase['ask']>>, file: string): Promise<number> {
  const { trendSeriesOf } = await import('../services/changes/ask');
  const series = trendSeriesOf(answer);
  if (!series) {
    process.stderr.write('这个回答不是一组按周的数字（例如「健康分趋势」），没有画图。\n');
    return EXIT.ok;
  }
  const { renderSeriesChartPng } = await import('../services/changes/charts');
  fs.writeFileSync(file, renderSeriesChartPng(series.label, series.unit, series.points).png);
  process.stderr.write(`已画出「${series.label}」的趋势图：${file}\n`);
  return EXIT.ok;
}
