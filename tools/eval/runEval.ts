/**
 * `npm run eval`: ingest data/samples into a fresh store, ask every evaluation question, print accuracy and each miss.
 * `npm run eval -- --backend postgres`: whether PostgreSQL answers them as SQLite does (tools/eval/backendPostgres.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT, SAMPLES_DIR } from '../../src/config';
import { collectReportFiles } from '../../src/adapters/import/reportFiles';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { compareBackends, compareWithPostgres } from './backendPostgres';
import { evaluate, loadEvalQuestions } from './evaluate';
import { parseEvalArgs, questionFiles, reportSources, runGeneralization } from './runGeneralization';

async function run(): Promise<void> {
  // `--set generalization --half dev|test|all` runs the generalization set (tools/eval/runGeneralization.ts).
  const args = parseEvalArgs(process.argv.slice(2));
  if (args.set === 'generalization') {
    // With --backend postgres: only whether both backends answer alike (no scores, no misses listed).
    if (args.backend === 'postgres') await compareBackends(questionFiles(args.half).flatMap((f) => loadEvalQuestions(f)), reportSources());
    else await runGeneralization(args.half);
    return;
  }
  const file = args.file ?? path.join(PROJECT_ROOT, 'data', 'eval', 'questions.jsonl');
  // `--backend postgres`: the same questions on SQLite and on PostgreSQL, differences printed.
  if (args.backend === 'postgres') {
    await compareWithPostgres(file);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-eval-'));
  const kb = await KnowledgeBase.open({ config: loadConfig({}, { dataDir }), log: () => {} });
  try {
    for (const f of collectReportFiles([SAMPLES_DIR]).files) await kb.ingestFile(f);
    const questions = loadEvalQuestions(file);
    const { results, accuracy } = await evaluate((q, ctx) => kb.askSync(q, ctx), questions);
    for (const r of results.filter((x) => x.problems.length)) {
      console.log(`✗ ${r.question.id} ${r.question.q}`);
      console.log(`    答：${r.answer.answer.replace(/\n/g, ' / ')}`);
      if (r.answer.citations[0]) console.log(`    引：${r.answer.citations[0].team} ${r.answer.citations[0].week} · ${r.answer.citations[0].text}`);
      console.log(`    问题：${r.problems.join('; ')}`);
    }
    const byTag = new Map<string, { n: number; ok: number }>();
    for (const r of results) for (const t of r.question.tags ?? ['untagged']) {
      const s = byTag.get(t) ?? { n: 0, ok: 0 };
      s.n++;
      if (!r.problems.length) s.ok++;
      byTag.set(t, s);
    }
    console.log('\n' + [...byTag].map(([t, s]) => `${t} ${s.ok}/${s.n}`).join('  '));
    const passed = results.filter((r) => !r.problems.length).length;
    console.log(`accuracy: ${(accuracy * 100).toFixed(1)}% (${passed}/${results.length})`);
  } finally {
    kb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
