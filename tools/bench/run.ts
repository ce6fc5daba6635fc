/**
 * `npm run bench`: measures the knowledge base and the Slack app on this machine and writes the
 * tables to BENCHMARKS.md. Not a test: nothing here passes or fails, it records numbers.
 *
 *   node --expose-gc .tools-build/tools/bench/run.js [--sizes 10000,100000,1000000] [--teams 500] [--out BENCHMARKS.md] [--quick]
 *                                                     [--only scale,slack,recall,matching,devset,eval,segmenters,pg]
 *
 * `--only` runs just those sections (e.g. `--only scale` while working on the growth table) and then
 * prints to stdout unless --out is given: a partial run never overwrites BENCHMARKS.md by default.
 * `--teams` is the growth table's company: 500 teams (issue 13's million items a year) by default,
 * `--teams 8` the first generator's eight teams of 125,000 items each at a million (syntheticItems.ts).
 * `--phase ingest|ask` is internal: one stage of the growth table in its own process (scale.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT, SAMPLES_DIR } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { segmenterReport } from './segmenters';
import { WARMUP_MENTIONS, measureSlackLatency, type SlackLatencyResult } from './slackLatency';
import { askPhase, ingestPhase, measureScale, scaleTable, type ScaleRow } from './scale';
import { DEFAULT_HNSW } from '../../src/adapters/search/vectorIndex';
import { HYBRID_HEADER, hnswTable, hybridRow } from './vectorRecall';

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const mem = (os.totalmem() / 1024 ** 3).toFixed(0);
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  } catch {
    commit = 'unknown';
  }
  return `${os.cpus().length} × ${cpu}, ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, commit ${commit}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      out: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      phase: { type: 'string' },
      items: { type: 'string' },
      teams: { type: 'string', default: '500' },
      dir: { type: 'string' },
    },
  });
  if (values.phase) {
    // One stage of the growth table, in its own process: its result is the last line of stdout.
    const result = values.phase === 'ingest' ? await ingestPhase(Number(values.items), values.dir!, Number(values.teams)) : await askPhase(values.dir!);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const sizes = values.sizes!.split(',').map(Number);
  const only = values.only ? new Set(values.only.split(',')) : null;
  const wanted = (section: string) => !only || only.has(section);
  const out = values.out ?? (only ? null : path.join(PROJECT_ROOT, 'BENCHMARKS.md'));
  const log = (s: string) => process.stderr.write(s + '\n');
  const sections: string[] = [];
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');

  if (wanted('scale')) sections.push(...scaleSection(sizes, Number(values.teams), log));
  if (wanted('slack')) sections.push(...(await slackSection(log)));
  if (wanted('recall')) sections.push(...(await recallSection(values.quick ? 10_000 : 100_000, log)));
  if (wanted('matching')) sections.push(...(await matchingSection()));
  if (wanted('devset')) {
    log('parser on the real reports…');
    sections.push(...(await devSetSection()));
  }
  if (wanted('eval')) {
    log('answer evaluation…');
    sections.push(...(await evaluationSection()));
  }
  if (wanted('pg')) {
    log('replicas on PostgreSQL beside SQLite…');
    const { measurePgScale, pgScaleSection } = await import('./pgScale');
    sections.push(...pgScaleSection(await measurePgScale(values.quick ? 10_000 : 100_000, log)));
  }
  if (wanted('segmenters')) {
    log('segmenters…');
    sections.push('## Chinese segmentation for keyword search', '', await segmenterReport(), '');
  }

  const teamsFlag = values.teams === '500' ? '' : ` --teams ${values.teams}`;
  const command = `node --expose-gc .tools-build/tools/bench/run.js --sizes ${values.sizes}${teamsFlag}${values.only ? ` --only ${values.only}` : ''}`;
  const doc = [
    '# Benchmarks',
    '',
    `Measured ${when} UTC with \`npm run bench\` (\`${command}\`) on ${machine()}.`,
    'The machine is shared and has 2 cores: expect a few percent of noise between runs.',
    '',
    ...sections,
  ].join('\n');
  if (out) {
    fs.writeFileSync(out, doc);
    log(`wrote ${out}`);
  } else {
    process.stdout.write(doc + '\n');
  }
}

/** The growth table (scale.ts): each size ingested, answered in process and asked cold, each stage in its own process. */
function scaleSection(sizes: number[], teams: number, log: (s: string) => void): string[] {
  const rows: ScaleRow[] = [];
  for (const n of sizes) {
    log(`knowledge base at ${n} items of ${teams} teams…`);
    rows.push(measureScale(n, teams, __filename, log));
  }
  const shape =
    teams === 500
      ? 'The company of issue 13: 500 teams (invented names, business line × function) each writing one report of 40 items a week, all teams\' reports of a week before the next week\'s, so 1,000,000 items are 50 weeks of the whole company (`--teams 8`: the first generator\'s eight teams, 125,000 items each at a million). Questions name the team and a subject of one of its lines, spread over the teams. '
      : `${teams} teams each writing one report of 40 items a week (\`--teams ${teams}\`; the default is issue 13's company of 500 teams). `;
  return [
    '## Scale: the knowledge base as it grows (offline, no API key)',
    '',
    shape +
      'Generated reports (40 items each, invented text), generated and ingested one at a time through `KnowledgeBase.ingestText` ' +
      '(parse → one SQLite transaction per report, FTS5 included; the offline vector index is not built at ingest: see README, "The vector leg"). ' +
      'Ask = `askSync` in process over 300 generated questions after 20 warm-up ones; "asked the vector fallback" = questions for which retrieval found no line holding every word. ' +
      'Cold CLI = `zhoubao ask … --json` as a new process (Node start, module loading, SQLite open, answer), 7 runs. ' +
      'Ingest, answering and the cold CLI each run in their own process, so each peak RSS is that stage\'s own. Disk = the SQLite file and its WAL after ingest.',
    '',
    scaleTable(rows),
    '',
    'Targets (issue 13, at 1,000,000 items): ingest ≥ 6,000 items/s, in-process ask p95 ≤ 25 ms, cold CLI ask p50 ≤ 800 ms, peak RSS ≤ 1 GB while ingesting and while answering.',
    '',
  ];
}

async function slackSection(log: (s: string) => void): Promise<string[]> {
  const sections: string[] = [];
  log('Slack app latency…');
  const slackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-bench-slack-'));
  try {
    // 300 mentions at each load: one after another, 25 and 100 in flight (issue 11: a burst must not delay acknowledgements).
    const loads = [1, 25, 100];
    const runs: SlackLatencyResult[] = [];
    for (const inFlight of loads) {
      runs.push(
        await measureSlackLatency({
          questions: ['光大备份通道什么时候上线', 'POS APP与应用市场什么时候上线', '第47周入金有效成功率是多少', '资金安全数据一致性什么时候提测', '清结算中心健康分多少'],
          kbDataDir: slackDir,
          count: 300,
          inFlight,
        }),
      );
    }
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const row = (label: string, pick: (r: SlackLatencyResult) => string) => `| ${label} | ${runs.map(pick).join(' | ')} |`;
    sections.push(
      '## Slack app (real Bolt app over loopback, offline mode)',
      '',
      `${runs[0].n} signed \`app_mention\` events per column, sent to the app's HTTP receiver (src/slack/httpReceiver.ts) by K senders over connections opened beforehand (K in flight: each sends its next mention when its previous one is answered). ` +
        `"Slack" (the sender and the Web API stand-in) runs in ${runs[0].slackInWorker ? 'a worker thread, so its own work is not counted as the bot\'s' : 'the bot\'s thread'}. ` +
        'Ack = from the request being on the wire until its HTTP 200 is read, timed by the sender; answer = from the same moment until the reply reaches `chat.postMessage` at the stand-in. ' +
        `Knowledge base: data/samples, warmed with each question once; ${WARMUP_MENTIONS} untimed mentions before each column warm both sides' request paths. ` +
        `Answers ${runs[0].answeringWorker ? 'in the answering process at a lower priority (niceness 10), as `zhoubao serve` runs offline' : 'on the main thread (no compiled worker)'}.`,
      '',
      `| | ${loads.map((k) => `${k} in flight`).join(' | ')} |`,
      `| --- | ${loads.map(() => '---:').join(' | ')} |`,
      row('ack p50', (r) => ms(r.ackP50)),
      row('ack p95', (r) => ms(r.ackP95)),
      row('ack max', (r) => ms(r.ackMax)),
      row('answer p50', (r) => ms(r.answerP50)),
      row('answer p95', (r) => ms(r.answerP95)),
      row('answer max', (r) => ms(r.answerMax)),
      row('"busy, try again" replies', (r) => String(r.busy)),
      '',
      'Targets: answer p50 ≤ 150 ms, p95 ≤ 400 ms one after another (issue 4); ack p95 ≤ 50 ms at every load, answer p95 ≤ 1 s with 100 in flight (issue 11).',
      '',
    );
  } finally {
    fs.rmSync(slackDir, { recursive: true, force: true });
  }

  return sections;
}

async function recallSection(recallN: number, log: (s: string) => void): Promise<string[]> {
  const sections: string[] = [];
  log('vector recall…');
  sections.push(
    `## Approximate vs exact vector search (hashed n-gram embedder, ${recallN} items)`,
    '',
    `The index's own settings (M ${DEFAULT_HNSW.m}, efConstruction ${DEFAULT_HNSW.efConstruction}; efSearch ${DEFAULT_HNSW.efSearch} in use). ` +
      'recall@10 = share of the exact top 10 (brute-force cosine) that HNSW also returns; "source in top 10" = the line a generated query was made from.',
    '',
    hnswTable(recallN, [{ m: DEFAULT_HNSW.m, efConstruction: DEFAULT_HNSW.efConstruction }], [50, 100, 200, 400], 200),
    '',
    'The same through the real store and retriever (keyword leg, vector leg, fused):',
    '',
    [HYBRID_HEADER, await hybridRow(recallN, 200)].join('\n'),
    '',
  );

  return sections;
}

async function matchingSection(): Promise<string[]> {
  const sections: string[] = [];
  const { measureItemMatching } = await import('./itemMatching');
  const m = measureItemMatching();
  const sweep = [0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8].map((threshold) => measureItemMatching({ threshold }));
  sections.push(
    '## Matching an item across weeks (follow-ups)',
    '',
    `Labelled pairs in data/eval/item-pairs.jsonl (${m.n} pairs), threshold ${m.threshold} (set before the pairs were written; too few pairs to tune it on).`,
    '',
    '| threshold | precision | recall | F1 |',
    '| ---: | ---: | ---: | ---: |',
    ...sweep.map(
      (r) =>
        `| ${r.threshold === m.threshold ? `**${r.threshold}**` : r.threshold} | ${(r.precision * 100).toFixed(1)}% | ${(r.recall * 100).toFixed(1)}% | ${(r.f1 * 100).toFixed(1)}% |`,
    ),
    '',
  );

  return sections;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/** `npm run devset`'s table: the parser on other teams' real reports (kept outside the repo). */
async function devSetSection(): Promise<string[]> {
  const { DEV_SET_DIR, evaluateDevSet, formatDevSetTable } = await import('../eval/devSet');
  const head = ['## Parser on real reports (dev set)', ''];
  if (!fs.existsSync(path.join(DEV_SET_DIR, 'README.md'))) return [...head, `The dev set (${DEV_SET_DIR}) is not on this machine: skipped.`, ''];
  return [
    ...head,
    '12 public reports by other teams in 12 layouts (`../shared/reference/real-reports/`, not in the repo), each read as ' +
      '`zhoubao ingest FILE --team 开发集` would read it (`--date` only for the file that states no date anywhere). ' +
      'Items are compared with the count in that folder\'s README; "junk" counts items that look like headings, links, front matter, placeholders or date lines (`tools/eval/devSet.ts`).',
    '',
    formatDevSetTable(evaluateDevSet()),
    '',
  ];
}

/** The regression set and both halves of the generalization set, offline, per question type. */
async function evaluationSection(): Promise<string[]> {
  const { runGeneralization } = await import('../eval/runGeneralization');
  const { tagScores } = await import('../eval/runGeneralization');
  const { loadEvalQuestions, evaluate } = await import('../eval/evaluate');
  const quiet = () => {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-bench-eval-'));
  let regression: { passed: number; n: number };
  try {
    const kb = await KnowledgeBase.open({ config: loadConfig({}, { dataDir: dir }), log: quiet });
    try {
      const { collectReportFiles } = await import('../../src/adapters/import/reportFiles');
      for (const f of collectReportFiles([SAMPLES_DIR]).files) await kb.ingestFile(f);
      const questions = loadEvalQuestions(path.join(PROJECT_ROOT, 'data', 'eval', 'questions.jsonl'));
      const { results } = await evaluate((q, ctx) => kb.askSync(q, ctx), questions);
      regression = { passed: results.filter((r) => !r.problems.length).length, n: results.length };
    } finally {
      kb.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const dev = await runGeneralization('dev', quiet);
  const test = await runGeneralization('test', quiet);
  const pct = (ok: number, n: number) => (n ? `${((ok / n) * 100).toFixed(1)}%` : '-');
  const passed = (r: typeof dev) => r.results.filter((x) => !x.problems.length).length;
  const devTags = new Map(tagScores(dev.results).map((t) => [t.tag, t]));
  const testTags = new Map(tagScores(test.results).map((t) => [t.tag, t]));
  const tags = [...new Set([...devTags.keys(), ...testTags.keys()])];
  return [
    '## Answers (offline): regression set and generalization set',
    '',
    '`npm run eval` (regression set `data/eval/questions.jsonl`, written against data/samples and tuned on) and ' +
      '`npm run eval -- --set generalization --half dev|test` (`data/eval/generalization/`: 13 teams in 12 layouts, questions written by a helper who had not read the answer code, before tuning; ' +
      'the answer layer is tuned on the dev half only, the test half is only measured). "Invented facts" = a not-found question answered found, or with a date or a figure.',
    '',
    '| set | accuracy | invented facts on not-found |',
    '| --- | ---: | ---: |',
    `| regression (tuned on) | ${pct(regression.passed, regression.n)} (${regression.passed}/${regression.n}) | |`,
    `| generalization dev half (tuned on) | ${pct(passed(dev), dev.results.length)} (${passed(dev)}/${dev.results.length}) | ${dev.invented.length} |`,
    `| generalization test half (never tuned on) | ${pct(passed(test), test.results.length)} (${passed(test)}/${test.results.length}) | ${test.invented.length} |`,
    '',
    '| question type | dev | test |',
    '| --- | ---: | ---: |',
    ...tags.map((tag) => {
      const d = devTags.get(tag);
      const t = testTags.get(tag);
      return `| ${tag} | ${d ? `${d.ok}/${d.n}` : ''} | ${t ? `${t.ok}/${t.n}` : ''} |`;
    }),
    '',
    'Targets (issue 10): test half ≥ 95%, 0 invented facts on both halves.',
    '',
  ];
}
