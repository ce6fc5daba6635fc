/**
 * A development aid: ingest the generalization reports (data/samples + data/eval/generalization/
 * reports) once and answer questions given on the command line or one per line on stdin, printing
 * the answer and its first citation. `--now 2023-12-08T20:00:00+08:00` sets the clock.
 *
 *   node .tools-build/tools/eval/askGeneralization.js [--now ISO] [question …]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { reportSources } from './runGeneralization';

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  let now = new Date('2023-12-20T10:00:00+08:00');
  const questions: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--now') now = new Date(argv[++i]);
    else questions.push(argv[i]);
  }
  if (!questions.length) questions.push(...fs.readFileSync(0, 'utf8').split(/\r?\n/).filter((l) => l.trim()));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-ask-'));
  const kb = await KnowledgeBase.open({ config: loadConfig({}, { dataDir }), log: () => {} });
  try {
    for (const { file, team } of reportSources()) {
      try {
        await kb.ingestFile(file, team ? { team } : {});
      } catch (err) {
        console.log(`refused ${path.relative(PROJECT_ROOT, file)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    for (const q of questions) {
      const a = kb.askSync(q, { now });
      const c = a.citations[0];
      console.log(`? ${q}\n  ${a.found ? '✓' : '✗'} ${a.answer.replace(/\n/g, ' / ')}${c ? `\n  引：${c.team} ${c.week} · ${c.text}` : ''}`);
    }
  } finally {
    kb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
