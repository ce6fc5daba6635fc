/**
 * Answers do not depend on the backend: the regression questions (data/eval/questions.jsonl) asked of
 * data/samples stored in plain SQLite, stored through a replica on PostgreSQL, and copied from that
 * SQLite store into PostgreSQL with `migrate --from-sqlite` (then read by a fresh replica) give the
 * same answer text and the same first citation (team, week, line, report and item ids).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import type { Answer } from '../../src/domain/answer/model';
import { copySqliteIntoPostgres } from '../../src/adapters/pg/fromSqlite';
import { createPool } from '../../src/adapters/pg/pgStore';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import type { KnowledgeBaseApi } from '../../src/services/knowledgeBaseTypes';
import { ReplicaKnowledgeBase } from '../../src/services/replica/replicaKnowledgeBase';
import { usePostgres } from '../support/postgres';
import { EVAL_NOW, REPO_ROOT, SAMPLES, tempDir } from '../support/kb';

const postgres = usePostgres();

interface EvalQuestion {
  id: string;
  q: string;
  now?: string;
}

const QUESTIONS: EvalQuestion[] = fs
  .readFileSync(path.join(REPO_ROOT, 'data', 'eval', 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

const dirs: string[] = [];
const open: Array<KnowledgeBase | ReplicaKnowledgeBase> = [];
afterAll(async () => {
  for (const kb of open) kb instanceof ReplicaKnowledgeBase ? await kb.closeAsync() : kb.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = tempDir('zhoubao-replica-eval-');
  dirs.push(dir);
  return dir;
}

const options = (dir: string) => ({ config: loadConfig({}, { dataDir: dir }), dataDir: dir, clock: () => EVAL_NOW, log: () => {}, llm: null });

async function ingestSamples(kb: KnowledgeBaseApi): Promise<void> {
  for (const f of fs.readdirSync(SAMPLES).sort()) await kb.ingestFile(path.join(SAMPLES, f));
}

/** What must be the same: the answer's text and its first citation. */
function gist(answer: Answer) {
  return { found: answer.found, answer: answer.answer, first: answer.citations[0] ?? null };
}

async function answersOf(kb: KnowledgeBaseApi): Promise<Map<string, ReturnType<typeof gist>>> {
  const out = new Map<string, ReturnType<typeof gist>>();
  for (const q of QUESTIONS) out.set(q.id, gist(await kb.ask(q.q, q.now ? { now: new Date(q.now) } : {})));
  return out;
}

/** The questions whose answers differ, with both answers: empty when the backends agree. */
function differences(expected: Map<string, ReturnType<typeof gist>>, actual: Map<string, ReturnType<typeof gist>>) {
  return QUESTIONS.filter((q) => JSON.stringify(expected.get(q.id)) !== JSON.stringify(actual.get(q.id))).map((q) => ({
    id: q.id,
    q: q.q,
    sqlite: expected.get(q.id),
    postgres: actual.get(q.id),
  }));
}

test(`the ${QUESTIONS.length} regression questions are answered the same on SQLite and on PostgreSQL`, async () => {
  const sqliteDir = dataDir();
  const sqlite = await KnowledgeBase.open(options(sqliteDir));
  open.push(sqlite);
  await ingestSamples(sqlite);
  const expected = await answersOf(sqlite);
  expect([...expected.values()].filter((a) => a.found).length).toBeGreaterThan(QUESTIONS.length / 2);

  // Stored through a replica: parsed there, saved in PostgreSQL, answered from the local copy.
  const replica = await ReplicaKnowledgeBase.open({ ...options(dataDir()), databaseUrl: await postgres.server().createDatabase(), pollMs: 0 });
  open.push(replica);
  await ingestSamples(replica);
  expect(differences(expected, await answersOf(replica))).toEqual([]);

  // The SQLite store moved into PostgreSQL, read by a replica that never saw it: a snapshot copy.
  const url = await postgres.server().createDatabase();
  const pool = createPool(url);
  try {
    await copySqliteIntoPostgres(sqliteDir, pool);
  } finally {
    await pool.end();
  }
  const moved = await ReplicaKnowledgeBase.open({ ...options(dataDir()), databaseUrl: url, pollMs: 0 });
  open.push(moved);
  expect(differences(expected, await answersOf(moved))).toEqual([]);
}, 180_000);
