/**
 * The local console (`npm start` without Slack credentials): ask questions, paste a report.
 * The third front door onto the same core as the CLI and the Slack app.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { systemClock, type Clock } from '../clock';
import type { KnowledgeBase } from '../services/knowledgeBase';
import { submitReport, type SubmissionDeps } from '../services/submissions';
import { ReportParseError } from '../domain/reports/model';
import { formatAnswerText, formatIngestLine, formatReportsTable } from './format';

const CONSOLE_HELP = `直接输入问题并回车，例如：光大备份通道什么时候上线
  /paste [团队]  粘贴一份周报，以单独一行 /end 结束
  /reports       列出已存的周报
  /new           开始新话题（不再沿用上一个问题的上下文）
  /help          帮助
  /quit          退出`;

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** A fixed time (tests, `--now`); otherwise the clock */
  now?: Date;
  clock?: Clock;
}

export async function runConsole(kb: KnowledgeBase, options: ConsoleOptions): Promise<number> {
  const out = (s: string) => options.output.write(s + '\n');
  const clock: Clock = options.now ? () => options.now! : (options.clock ?? systemClock);
  // A pasted report is the team's own (no member): nothing to follow up.
  const submissions: SubmissionDeps = { kb, followups: null, defaultTeam: kb.config.defaultTeam, timeZone: kb.config.timeZone };
  const rl = readline.createInterface({ input: options.input, output: options.output, terminal: false });
  const reports = kb.listReports();
  out(`周报助手 · 本地控制台（离线模式）。已载入 ${reports.length} 份周报，团队：${kb.teams().join('、') || '无'}。`);
  out(CONSOLE_HELP);
  out('');

  let history: string[] = [];
  let pasting: { team?: string; lines: string[] } | null = null;
  const prompt = () => options.output.write(pasting ? '' : '问 > ');
  prompt();

  for await (const rawLine of rl) {
    const line = rawLine.replace(/\r$/, '');
    if (pasting) {
      if (line.trim() === '/end') {
        const text = pasting.lines.join('\n');
        const team = pasting.team;
        pasting = null;
        await submitPasted(submissions, text, team, clock(), out);
      } else pasting.lines.push(line);
      prompt();
      continue;
    }
    const input = line.trim();
    if (!input) {
      prompt();
      continue;
    }
    if (input === '/quit' || input === '/exit') break;
    if (input === '/help') out(CONSOLE_HELP);
    else if (input === '/reports') out(formatReportsTable(kb.listReports()));
    else if (input === '/new') {
      history = [];
      out('好的，开始新话题。');
    } else if (input.startsWith('/paste')) {
      const team = input.slice('/paste'.length).trim() || undefined;
      pasting = { team, lines: [] };
      out('请粘贴周报，以单独一行 /end 结束：');
    } else if (input.startsWith('/')) out(`未知命令 ${input}。\n${CONSOLE_HELP}`);
    else {
      const answer = await kb.ask(input, { previousQuestions: history, now: options.now });
      history = [...history.slice(-4), input];
      out(formatAnswerText(answer));
      out('');
    }
    prompt();
  }
  rl.close();
  out('再见。');
  return 0;
}

async function submitPasted(submissions: SubmissionDeps, text: string, team: string | undefined, at: Date, out: (s: string) => void): Promise<void> {
  try {
    const submitted = await submitReport(submissions, { member: null, team, text, source: `console:${at.toISOString()}`, at });
    out(`已保存：${formatIngestLine(submitted.result)}`);
    for (const item of submitted.items.slice(0, 20)) {
      const dates = item.dates.map((d) => `${d.planned ? '计划' : ''}${d.text}${d.event ?? ''}`).join('，');
      out(`  · ${[...item.sectionPath, item.text].join(' › ')}${dates ? `（${dates}）` : ''}`);
    }
    if (submitted.items.length > 20) out(`  … 共 ${submitted.items.length} 条`);
  } catch (err) {
    out(err instanceof ReportParseError ? `没有保存：${err.message}` : `没有保存：${(err as Error).message}`);
  }
}
