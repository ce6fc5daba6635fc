/**
 * The command line: `zhoubao ingest|ask|reports|reindex|feedback|remind|export|serve|start`.
 * This contract is relied on by the bot and by checks outside the repo: keep names, flags and JSON shapes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { hasSlackCredentials, loadConfig, PROJECT_ROOT, SAMPLES_DIR } from '../config';
import { KnowledgeBase } from '../kb';
import { ReportParseError } from '../reports/model';
import { collectReportFiles } from '../reports/files';
import { answerToJson, formatAnswerText, formatIngestLine, formatReportsTable } from './format';

const HELP = `zhoubao — 周报助手

用法：
  zhoubao ingest <文件|目录>... [--team 团队]   导入 .md/.txt 周报（每份一行：团队 周次 日期 条目数 new/replaced/unchanged）
  zhoubao ask "问题" [--json] [--now ISO时间]     提问
  zhoubao ask --questions 文件 --json             批量提问：每行一个问题，每行输出一个 JSON
  zhoubao reports [--json]                        列出已存的周报
  zhoubao reindex                                 从 SQLite 重建向量索引
  zhoubao feedback [--json]                       列出 👍/👎 反馈
  zhoubao remind [--now ISO时间]                  执行一次周报提醒（供外部 cron 调用；需要 SLACK_BOT_TOKEN）
  zhoubao export [--team 团队] [--week 周]        导出团队某周的周报（Markdown；周：48、第48周、2023-11-24、本周、上周）
  zhoubao serve                                   启动 Slack 机器人
  zhoubao start                                   有 Slack 凭据时启动机器人，否则打开本地控制台

所有命令都支持 --data-dir 目录（或环境变量 ZHOUBAO_DATA_DIR）。`;

export async function main(argv: string[]): Promise<number> {
  loadDotenv({ path: path.join(PROJECT_ROOT, '.env'), quiet: true });
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      team: { type: 'string' },
      json: { type: 'boolean', default: false },
      questions: { type: 'string' },
      now: { type: 'string' },
      week: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (!command || values.help || command === 'help') {
    process.stdout.write(HELP + '\n');
    return command || values.help ? 0 : 1;
  }
  const config = loadConfig(process.env, { dataDir: values['data-dir'] });
  const now = values.now ? parseNow(values.now) : undefined;

  switch (command) {
    case 'ingest':
      return withKb(config, (kb) => ingest(kb, args, values.team, values.json));
    case 'ask':
      return withKb(config, (kb) => ask(kb, args.join(' '), { json: values.json, questionsFile: values.questions, now }));
    case 'reports':
      return withKb(config, async (kb) => {
        const reports = kb.listReports();
        process.stdout.write(values.json ? reports.map((r) => JSON.stringify(r)).join('\n') + (reports.length ? '\n' : '') : formatReportsTable(reports) + '\n');
        return 0;
      });
    case 'reindex':
      return withKb(config, async (kb) => {
        const { items, millis } = await kb.reindex();
        process.stdout.write(`已重建向量索引：${items} 条，用时 ${millis} ms\n`);
        return 0;
      });
    case 'feedback':
      return withKb(config, async (kb) => {
        const rows = kb.listFeedback();
        if (values.json) process.stdout.write(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
        else if (!rows.length) process.stdout.write('还没有反馈。\n');
        else for (const r of rows) process.stdout.write(`${r.createdAt}  ${r.verdict === 'up' ? '👍' : '👎'}  ${r.question}\n    → ${r.answer.split('\n')[0]}\n`);
        return 0;
      });
    case 'remind':
      return withKb(config, (kb) => remind(kb, config, now ?? new Date(), values.json));
    case 'export':
      return withKb(config, async (kb) => exportWeek(kb, config, values.team ?? config.defaultTeam, values.week, now ?? new Date()));
    case 'serve': {
      const { serveSlack } = await import('../slack/serve');
      await serveSlack(config);
      return 0;
    }
    case 'start': {
      if (hasSlackCredentials(config)) {
        const { serveSlack } = await import('../slack/serve');
        await serveSlack(config);
        return 0;
      }
      const { runConsole } = await import('./console');
      return withKb(config, async (kb) => {
        if (kb.listReports().length === 0) await ingest(kb, [SAMPLES_DIR], undefined, false);
        return runConsole(kb, { input: process.stdin, output: process.stdout, now });
      });
    }
    default:
      process.stderr.write(`未知命令「${command}」。\n\n${HELP}\n`);
      return 1;
  }
}

async function withKb(config: ReturnType<typeof loadConfig>, run: (kb: KnowledgeBase) => Promise<number>): Promise<number> {
  const kb = await KnowledgeBase.open({ config });
  try {
    return await run(kb);
  } finally {
    kb.close();
  }
}

async function ingest(kb: KnowledgeBase, targets: string[], team: string | undefined, json: boolean): Promise<number> {
  if (!targets.length) {
    process.stderr.write('用法：zhoubao ingest <文件|目录>... [--team 团队]\n');
    return 1;
  }
  let failures = 0;
  for (const file of collectReportFiles(targets)) {
    try {
      const result = await kb.ingestFile(file, team ? { team, forceTeam: true } : {});
      process.stdout.write(
        json ? JSON.stringify({ file, outcome: result.outcome, ...result.report }) + '\n' : formatIngestLine(result) + '\n',
      );
    } catch (err) {
      failures++;
      const message = err instanceof ReportParseError || err instanceof Error ? err.message : String(err);
      if (json) process.stdout.write(JSON.stringify({ file, outcome: 'error', error: message }) + '\n');
      process.stderr.write(`✗ ${file}：${message}\n`);
    }
  }
  return failures ? 1 : 0;
}

async function ask(kb: KnowledgeBase, question: string, opts: { json: boolean; questionsFile?: string; now?: Date }): Promise<number> {
  if (opts.questionsFile) {
    // One question per line in, one JSON object per line out, in order; the index is loaded once.
    const lines = fs.readFileSync(opts.questionsFile, 'utf8').split(/\r?\n/).filter((l) => l.trim());
    for (const line of lines) {
      const answer = await kb.ask(line, { now: opts.now });
      process.stdout.write(opts.json ? JSON.stringify(answerToJson(answer)) + '\n' : formatAnswerText(answer) + '\n\n');
    }
    return 0;
  }
  if (!question.trim()) {
    process.stderr.write('用法：zhoubao ask "问题" [--json]\n');
    return 1;
  }
  const answer = await kb.ask(question, { now: opts.now });
  process.stdout.write(opts.json ? JSON.stringify(answerToJson(answer)) + '\n' : formatAnswerText(answer) + '\n');
  return 0;
}

function parseNow(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`--now 不是有效的时间：${value}（例如 2023-12-06T10:00:00+08:00）`);
  return d;
}

/** One reminder run: what was sent (one line each), and what failed (retried at the next run). */
async function remind(kb: KnowledgeBase, config: ReturnType<typeof loadConfig>, now: Date, json: boolean): Promise<number> {
  if (!config.slack.botToken) {
    process.stderr.write('无法发送提醒：缺少 SLACK_BOT_TOKEN（机器人令牌 xoxb-…），请在 .env 中设置。\n');
    return 1;
  }
  const { remindOnce } = await import('../slack/listeners/followups');
  const run = await remindOnce(kb, config, now);
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
  const { FollowupService } = await import('../followup/service');
  const { teamDefaultsFrom } = await import('../followup/team');
  const service = new FollowupService(kb, teamDefaultsFrom(config), () => now);
  const found = service.exportMarkdown(team, week);
  if (!found) {
    process.stderr.write(`没有 ${team} ${week ?? '本周'} 的周报（也没有成员提交）。可以用 zhoubao reports 查看已存的周报。\n`);
    return 1;
  }
  process.stdout.write(found.markdown.endsWith('\n') ? found.markdown : found.markdown + '\n');
  return 0;
}
