/**
 * `npm run eval -- --backend postgres`: the regression questions asked three ways, as
 * test/replica/evalAnswers.test.ts asks a spread subset of them — of data/samples stored in plain
 * SQLite, stored through a replica on PostgreSQL, and copied from that SQLite store into
 * PostgreSQL with `migrate --from-sqlite` (read by a fresh replica). Prints every question whose
 * answer text or first citation differs from SQLite's; exits 1 when any does. PostgreSQL is a
 * server on loopback started as the tests start it (test/support/postgres.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, SAMPLES_DIR } from '../../src/config';
import { collectReportFiles } from '../../src/adapters/import/reportFiles';
import { copySqliteIntoPostgres } from '../../src/adapters/pg/fromSqlite';
import { createPool } from '../../src/adapters/pg/pgStore';
import type { Answer } from '../../src/domain/answer/model';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import type { KnowledgeBaseApi } from '../../src/services/knowledgeBaseTypes';
import { ReplicaKnowledgeBase } from '../../src/services/replica/replicaKnowledgeBase';
import { startPostgres } from '../../test/support/postgres';
import { loadEvalQuestions, type EvalQuestion } from './evaluate';

/** The clock every store is written and asked with (the regression set's "now"). */
const EVAL_NOW = new Date('2023-12-06T10:00:00+08:00');

type Gist = { found: boolean; answer: string; first: Answer['citations'][number] | null };

/** What must be the same on every backend: the answer's text and its first citation. */
function gist(answer: Answer): Gist {
  return { found: answer.found, answer: answer.answer, first: answer.citations[0] ?? null };
}

async function answersOf(kb: KnowledgeBaseApi, questions: readonly EvalQuestion[]): Promise<Map<string, Gist>> {
  const out = new Map<string, Gist>();
  for (const q of questions) out.set(q.id, gist(await kb.ask(q.q, q.now ? { now: new Date(q.now) } : {})));
  return out;
}

function printDifferences(label: string, questions: readonly EvalQuestion[], expected: Map<string, Gist>, actual: Map<string, Gist>): number {
  const differing = questions.filter((q) => JSON.stringify(expected.get(q.id)) !== JSON.stringify(actual.get(q.id)));
  for (const q of differing) {
    console.log(`✗ [${label}] ${q.id} ${q.q}`);
    console.log(`    SQLite：${JSON.stringify(expected.get(q.id))}`);
    console.log(`    ${label}：${JSON.stringify(actual.get(q.id))}`);
  }
  console.log(`${label}：${questions.length - differing.length}/${questions.length} 个问题的回答与 SQLite 相同`);
  return differing.length;
}

/** The regression set: its questions about data/samples. */
export function compareWithPostgres(questionsFile: string): Promise<void> {
  return compareBackends(
    loadEvalQuestions(questionsFile),
    collectReportFiles([SAMPLES_DIR]).files.map((file) => ({ file })),
  );
}

/**
 * Any question set over any report files (`--set generalization --backend postgres` gives the
 * generalization set's reports, each folder's files with its team). Only differences are printed.
 */
export async function compareBackends(questions: readonly EvalQuestion[], samples: ReadonlyArray<{ file: string; team?: string }>): Promise<void> {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-eval-pg-'));
    dirs.push(dir);
    return dir;
  };
  const options = (dir: string) => ({ config: loadConfig({}, { dataDir: dir }), dataDir: dir, clock: () => EVAL_NOW, log: () => {}, llm: null });
  const server = await startPostgres();
  const open: Array<{ close(): Promise<void> | void }> = [];
  try {
    const sqliteDir = dataDir();
    const sqlite = await KnowledgeBase.open(options(sqliteDir));
    open.push({ close: () => sqlite.close() });
    for (const { file, team } of samples) await sqlite.ingestFile(file, team ? { team } : {});
    const expected = await answersOf(sqlite, questions);

    // Stored through a replica: parsed there, saved in PostgreSQL, answered from the local copy.
    const replica = await ReplicaKnowledgeBase.open({ ...options(dataDir()), databaseUrl: await server.createDatabase('zhoubao_eval'), pollMs: 0 });
    open.push({ close: () => replica.closeAsync() });
    for (const { file, team } of samples) await replica.ingestFile(file, team ? { team } : {});
    let differing = printDifferences('副本（写入 PostgreSQL）', questions, expected, await answersOf(replica, questions));

    // The SQLite store moved into PostgreSQL, read by a replica that never saw it.
    const url = await server.createDatabase('zhoubao_eval_moved');
    const pool = createPool(url);
    try {
      await copySqliteIntoPostgres(sqliteDir, pool);
    } finally {
      await pool.end();
    }
    const moved = await ReplicaKnowledgeBase.open({ ...options(dataDir()), databaseUrl: url, pollMs: 0 });
    open.push({ close: () => moved.closeAsync() });
    differing += printDifferences('migrate --from-sqlite 的副本', questions, expected, await answersOf(moved, questions));
    if (differing) process.exitCode = 1;
  } finally {
    for (const kb of open) await kb.close();
    await server.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}
