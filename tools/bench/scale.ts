/**
 * The growth table: the knowledge base at N generated items (40 per report), each stage in its own
 * process so that its peak RSS is its own (ingest; answering in process; cold CLI asks).
 *
 *   ingest  — reports generated one at a time (syntheticReportStream) and stored through
 *             KnowledgeBase.ingestText (parse → one SQLite transaction per report, FTS5 included);
 *             never all items in memory.
 *   ask     — KnowledgeBase.open, then askSync over 300 generated questions after 20 warm-up ones.
 *   cold    — `zhoubao ask … --json` as a new process (the CLI of the same build), 7 runs.
 *
 * Used by run.ts (`--only scale`); run.ts re-invokes itself with `--phase ingest|ask` for the stages.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { percentile } from './slackLatency';
import { benchTeams, syntheticReportStream, type SyntheticReport } from './syntheticItems';

export const ITEMS_PER_REPORT = 40;
const SEED = 7;
const QUESTIONS = 300;
const WARM_UP = 20;
const COLD_RUNS = 7;

export interface BenchQuestion {
  q: string;
  team: string;
  /** Words the first citation must contain (bank and product) */
  words: string[];
}

interface IngestResult {
  items: number;
  reports: number;
  seconds: number;
  /** User + system CPU seconds of the ingest loop: on a shared machine, what an idle one would take */
  cpuSeconds: number;
  peakRssMb: number;
}

interface AskResult {
  openMs: number;
  p50: number;
  p95: number;
  max: number;
  /** p50 and p95 of each ask's user + system CPU time (what it would take on an idle machine) */
  cpuP50: number;
  cpuP95: number;
  foundRate: number;
  /** Questions whose retrieval asked the offline vector fallback at least once */
  fallbackQuestions: number;
  /** Wall-clock ms of each question that asked the fallback (the first one loads or builds what it needs) */
  fallbackMs: number[];
  /** Whether the fallback index ended up loaded (built from SQLite) */
  indexLoaded: boolean;
  peakRssMb: number;
  questions: BenchQuestion[];
}

export interface ScaleRow {
  items: number;
  reports: number;
  itemsPerSecond: number;
  ingestSeconds: number;
  /** Items per CPU second of the ingest loop */
  itemsPerCpuSecond: number;
  ingestRssMb: number;
  diskMb: number;
  indexMb: number;
  ask: AskResult;
  coldP50: number;
  coldMax: number;
  coldRssMb: number | null;
  /** Median user + system CPU of a cold ask (GNU time), when available */
  coldCpuP50: number | null;
}

/** A generated report as Markdown in the reference layout: sections as headings, items as bullets. */
export function toMarkdown(r: SyntheticReport): string {
  const lines = [`# ${r.report.title}`, ''];
  let section = '';
  for (const item of r.report.items) {
    const s = item.sectionPath[0] ?? '重点工作';
    if (s !== section) {
      lines.push('', `## 【${s}】`, '');
      section = s;
    }
    lines.push(`- ${item.text}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Which generated items the questions are about: question i asks about item i % 40 of report
 * (i × step) % reports, phrased as users ask. Computed up front so that the stream can collect them.
 */
function questionPlan(reports: number, count: number): Map<number, number[]> {
  const step = Math.max(1, Math.floor(reports / count));
  const plan = new Map<number, number[]>();
  for (let i = 0; i < count && i < reports * ITEMS_PER_REPORT; i++) {
    const r = (i * step) % reports;
    plan.set(r, [...(plan.get(r) ?? []), i]);
  }
  return plan;
}

function questionAbout(r: SyntheticReport, i: number): BenchQuestion {
  const s = r.synthetic[i % r.synthetic.length];
  const team = r.report.team ?? '';
  const forms = [`${team}的${s.subject}什么时候${s.event ?? '上线'}`, `${team}的${s.subject}进展如何`, `${team}${s.subject}${s.event ?? '上线'}了吗`];
  return { q: forms[i % forms.length], team, words: [s.bank, s.product] };
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Stage 1 (own process): ingest `items` generated items of `teams` teams (syntheticItems.ts, benchTeams)
 * into `dataDir`; writes the questions file.
 */
export async function ingestPhase(items: number, dataDir: string, teams?: number): Promise<IngestResult> {
  const reports = Math.ceil(items / ITEMS_PER_REPORT);
  const plan = questionPlan(reports, QUESTIONS);
  const questions: Array<[number, BenchQuestion]> = [];
  const kb = await KnowledgeBase.open({ config: loadConfig({}, { dataDir }), log: () => {}, llm: null });
  let stored = 0;
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let r = 0;
  for (const report of syntheticReportStream(reports, ITEMS_PER_REPORT, SEED, benchTeams(teams))) {
    for (const i of plan.get(r) ?? []) questions.push([i, questionAbout(report, i)]);
    const result = await kb.ingestText(toMarkdown(report), { source: `bench:${r}` });
    stored += result.report.itemCount;
    r++;
    if (r % 2500 === 0) process.stderr.write(`  ingested ${stored} items\n`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  kb.close();
  questions.sort((a, b) => a[0] - b[0]);
  fs.writeFileSync(questionsFile(dataDir), JSON.stringify(questions.map(([, q]) => q)));
  return { items: stored, reports, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: peakRssMb() };
}

function questionsFile(dataDir: string): string {
  return path.join(dataDir, 'bench-questions.json');
}

/** Stage 2 (own process): open the store and answer the questions in process. */
export async function askPhase(dataDir: string): Promise<AskResult> {
  const questions = JSON.parse(fs.readFileSync(questionsFile(dataDir), 'utf8')) as BenchQuestion[];
  const openStart = performance.now();
  const kb = await KnowledgeBase.open({ config: loadConfig({}, { dataDir }), log: () => {}, llm: null });
  const openMs = performance.now() - openStart;
  try {
    for (const q of questions.slice(0, WARM_UP)) kb.askSync(q.q); // the JIT and SQLite's page cache
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let found = 0;
    let fallbackQuestions = 0;
    const fallbackMs: number[] = [];
    const answers: unknown[] = [];
    for (const q of questions) {
      const before = kb.vectorIndex.fallbackSearches;
      const t = performance.now();
      const cpu = process.cpuUsage();
      const a = kb.askSync(q.q);
      const used = process.cpuUsage(cpu);
      times.push(performance.now() - t);
      answers.push(a);
      cpuTimes.push((used.user + used.system) / 1000);
      if (kb.vectorIndex.fallbackSearches > before) {
        fallbackQuestions++;
        fallbackMs.push(Math.round(times[times.length - 1]));
      }
      // Generated subjects repeat across weeks (and gain prefixes: 光大新版网银支付); a hit is an answer
      // whose first citation is that team's line naming the same bank and product.
      const cited = a.citations[0];
      if (a.found && cited?.team === q.team && q.words.every((w) => cited.text.includes(w))) found++;
    }
    // The answers themselves, one JSON line each, for checking that a speed-up changed none of them.
    const dump = process.env.ZHOUBAO_BENCH_ANSWERS;
    if (dump) fs.writeFileSync(`${dump}.${questions.length}q.${path.basename(dataDir)}.jsonl`, answers.map((x) => JSON.stringify(x)).join('\n') + '\n');
    return {
      openMs,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: Math.max(...times),
      cpuP50: percentile(cpuTimes, 50),
      cpuP95: percentile(cpuTimes, 95),
      foundRate: found / questions.length,
      fallbackQuestions,
      fallbackMs,
      indexLoaded: kb.vectorIndex.loaded() !== null,
      peakRssMb: peakRssMb(),
      questions,
    };
  } finally {
    kb.close();
  }
}

/** Bytes under a path (a file, or a directory's files, recursively). */
function sizeOf(p: string): number {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(p).reduce((sum, name) => sum + sizeOf(path.join(p, name)), 0);
}

/** Runs a stage of this script in a child process and returns the JSON it prints last. */
export function runPhase<T>(script: string, args: string[]): T {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench stage ${args.join(' ')} failed (${r.status})`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/**
 * A cold `zhoubao ask` of this build: a new Node process loading the compiled CLI (as bin/zhoubao
 * loads dist/). Peak RSS through GNU time when the machine has it.
 */
export function coldAsk(question: string, dataDir: string): { ms: number; rssMb: number | null; cpuMs: number | null } {
  const cli = path.join(__dirname, '..', '..', 'src', 'cli', 'main.js');
  const launcher = `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
  const nodeArgs = ['-e', launcher, 'ask', question, '--json', '--data-dir', dataDir];
  const gnuTime = fs.existsSync('/usr/bin/time');
  const [cmd, args] = gnuTime ? ['/usr/bin/time', ['-f', 'RSS_KB=%M CPU_S=%U+%S', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '', OPENAI_EMBEDDING_MODEL: '' } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`cold ask failed: ${r.stderr}`);
  const rss = /RSS_KB=(\d+)/.exec(r.stderr ?? '');
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { ms, rssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null };
}

/** All stages for one size, in a temporary data directory removed afterwards. */
export function measureScale(items: number, teams: number, script: string, log: (s: string) => void): ScaleRow {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zhoubao-bench-${items}-`));
  try {
    log(`  ingest ${items} items…`);
    const ingest = runPhase<IngestResult>(script, ['--phase', 'ingest', '--items', String(items), '--teams', String(teams), '--dir', dataDir]);
    const diskMb = (sizeOf(path.join(dataDir, 'zhoubao.db')) + sizeOf(path.join(dataDir, 'zhoubao.db-wal'))) / 1024 / 1024;
    log('  ask in process…');
    const ask = runPhase<AskResult>(script, ['--phase', 'ask', '--dir', dataDir]);
    log('  cold CLI asks…');
    const cold = Array.from({ length: COLD_RUNS }, (_, i) => coldAsk(ask.questions[i * 3].q, dataDir));
    const rss = cold.map((c) => c.rssMb).filter((x): x is number => x != null);
    const cpu = cold.map((c) => c.cpuMs).filter((x): x is number => x != null);
    return {
      items: ingest.items,
      reports: ingest.reports,
      itemsPerSecond: ingest.items / ingest.seconds,
      ingestSeconds: ingest.seconds,
      itemsPerCpuSecond: ingest.items / ingest.cpuSeconds,
      ingestRssMb: ingest.peakRssMb,
      diskMb,
      indexMb: sizeOf(path.join(dataDir, 'index')) / 1024 / 1024,
      ask,
      coldP50: percentile(
        cold.map((c) => c.ms),
        50,
      ),
      coldMax: Math.max(...cold.map((c) => c.ms)),
      coldRssMb: rss.length ? Math.max(...rss) : null,
      coldCpuP50: cpu.length ? percentile(cpu, 50) : null,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function scaleTable(rows: ScaleRow[]): string {
  return [
    '| items | reports | ingest items/s | per CPU second | ingest total | ingest peak RSS | disk (SQLite) | vector index on disk | open | ask p50 | ask p95 | ask max | ask CPU p95 | cites the asked subject | questions that asked the vector fallback | answering peak RSS | cold CLI ask p50 | cold CLI max | cold CLI CPU p50 | cold CLI peak RSS |',
    `|${' ---: |'.repeat(20)}`,
    ...rows.map(
      (r) =>
        `| ${int(r.items)} | ${int(r.reports)} | ${int(r.itemsPerSecond)} | ${int(r.itemsPerCpuSecond)} | ${r.ingestSeconds.toFixed(1)} s | ${int(r.ingestRssMb)} MB | ${int(r.diskMb)} MB | ` +
        `${r.indexMb ? `${int(r.indexMb)} MB` : 'none'} | ${int(r.ask.openMs)} ms | ${r.ask.p50.toFixed(1)} ms | ${r.ask.p95.toFixed(1)} ms | ${int(r.ask.max)} ms | ${r.ask.cpuP95.toFixed(1)} ms | ` +
        `${(r.ask.foundRate * 100).toFixed(0)}% | ${r.ask.fallbackQuestions} of ${r.ask.questions.length}${r.ask.indexLoaded ? ' (index built)' : ''} | ${int(r.ask.peakRssMb)} MB | ` +
        `${int(r.coldP50)} ms | ${int(r.coldMax)} ms | ${r.coldCpuP50 == null ? '-' : `${int(r.coldCpuP50)} ms`} | ${r.coldRssMb == null ? '-' : `${int(r.coldRssMb)} MB`} |`,
    ),
  ].join('\n');
}
