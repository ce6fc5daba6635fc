/**
 * Every answer, in full, as JSON lines: the regression set over data/samples and the generalization
 * set's dev half over its reports. For checking that a speed-up changed no answer (diff two dumps);
 * the eval itself prints only misses and scores. Never the test half.
 *
 *   node .build-<name>/tools/bench/answerDump.js > answers.jsonl
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT, SAMPLES_DIR } from '../../src/config';
import { collectReportFiles } from '../../src/adapters/import/reportFiles';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { loadEvalQuestions, type EvalQuestion } from '../eval/evaluate';
import { questionFiles, reportSources, type ReportSource } from '../eval/runGeneralization';

async function dumpSet(label: string, sources: ReportSource[], questions: EvalQuestion[]): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-answer-dump-'));
  const kb = await KnowledgeBase.open({ config: loadConfig({}, { dataDir }), log: () => {} });
  try {
    for (const { file, team } of sources) {
      try {
        await kb.ingestFile(file, team ? { team } : {});
      } catch {
        // A refused file is refused the same way in both dumps.
      }
    }
    for (const q of questions) {
      const answer = kb.askSync(q.q, { now: q.now ? new Date(q.now) : undefined, previousQuestions: q.context });
      process.stdout.write(JSON.stringify({ set: label, id: q.id, answer }) + '\n');
    }
  } finally {
    kb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const regression = loadEvalQuestions(path.join(PROJECT_ROOT, 'data', 'eval', 'questions.jsonl'));
  await dumpSet('regression', collectReportFiles([SAMPLES_DIR]).files.map((file) => ({ file })), regression);
  await dumpSet('dev', reportSources(), questionFiles('dev').flatMap((f) => loadEvalQuestions(f)));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
