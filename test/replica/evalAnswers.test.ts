/**
 * Answers do not depend on the backend: data/samples stored in plain SQLite, stored through a
 * replica on PostgreSQL, and copied from that SQLite store into PostgreSQL with `migrate
 * --from-sqlite` (then read by a fresh replica) leave the same rows in every local store — reports,
 * items and keyword-index entries, row by row: what answers are computed from — and a spread
 * subset of the regression questions (data/eval/questions.jsonl) gets the same answer text and the
 * same first citation (team, week, line, report and item ids) from all three.
 * The full comparison, all regression questions asked three ways, is `npm run eval -- --backend
 * postgres` (tools/eval/backendPostgres.ts; its result is in BENCHMARKS.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config';
import type { Answer } from '../../src/domain/answer/model';
import { copySqliteIntoPostgres } from '../../src/adapters/pg/fromSqlite';
import { createPool } from '../../src/adapters/pg/pgStore';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import type { KnowledgeBaseApi } from '../../src/services/knowledgeBaseTypes';
import { ReplicaKnowledgeBase } from '../../src/services/replica/replicaKnowledgeBase';
import { usePostgres } from '../support/postgres';
import { EVAL_NOW, openTestKb, REPO_ROOT, SAMPLES, tempDir } from '../support/kb';

const postgres = usePostgres();

interface EvalQuestion {
  id: string;
  q: string;
  now?: string;
}

const ALL_QUESTIONS: EvalQuestion[] = fs
  .readFileSync(path.join(REPO_ROOT, 'data', 'eval', 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
/** Every tenth question: spread over the whole file (dates, figures, status, owners, trends, unknown projects). */
const QUESTIONS = ALL_QUESTIONS.filter((_, i) => i % 10 === 0);

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

/**
 * The rows answers are computed from, in a data directory's local SQLite store: reports, items,
 * and every keyword-index entry (term, item, column, position; the index is contentless, so its
 * entries are read through fts5vocab).
 */
function storedRows(dir: string) {
  const db = new Database(path.join(dir, 'zhoubao.db'), { readonly: true, fileMustExist: true });
  try {
    db.exec(`CREATE VIRTUAL TABLE temp.keyword_entries USING fts5vocab(main, items_fts, 'instance')`);
    return {
      reports: db.prepare('SELECT * FROM reports ORDER BY id').all(),
      items: db.prepare('SELECT * FROM items ORDER BY id').all(),
      keywordEntries: db.prepare('SELECT term, doc, col, "offset" FROM temp.keyword_entries ORDER BY doc, col, "offset", term').all(),
    };
  } finally {
    db.close();
  }
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

test(`data/samples leave the same rows, and ${QUESTIONS.length} of the ${ALL_QUESTIONS.length} regression questions get the same answers, on SQLite and on PostgreSQL`, async () => {
  // The samples as plain SQLite stores them (ingested once per jest worker, test/support/samplesOnce.ts).
  const sqliteDir = dataDir();
  const { kb: sqlite } = await openTestKb({ dataDir: sqliteDir, now: EVAL_NOW });
  open.push(sqlite);
  const expectedRows = storedRows(sqliteDir);
  expect(expectedRows.reports.length).toBe(fs.readdirSync(SAMPLES).length);
  expect(expectedRows.keywordEntries.length).toBeGreaterThan(expectedRows.items.length);
  const expected = await answersOf(sqlite);
  expect([...expected.values()].filter((a) => a.found).length).toBeGreaterThan(QUESTIONS.length / 2);

  // Stored through a replica: parsed there, saved in PostgreSQL, answered from the local copy.
  const replicaDir = dataDir();
  const replica = await ReplicaKnowledgeBase.open({ ...options(replicaDir), databaseUrl: await postgres.server().createDatabase(), pollMs: 0 });
  open.push(replica);
  await ingestSamples(replica);
  expect(storedRows(replicaDir)).toEqual(expectedRows);
  expect(differences(expected, await answersOf(replica))).toEqual([]);

  // The SQLite store moved into PostgreSQL, read by a replica that never saw it: a snapshot copy.
  const url = await postgres.server().createDatabase();
  const pool = createPool(url);
  try {
    await copySqliteIntoPostgres(sqliteDir, pool);
  } finally {
    await pool.end();
  }
  const movedDir = dataDir();
  const moved = await ReplicaKnowledgeBase.open({ ...options(movedDir), databaseUrl: url, pollMs: 0 });
  open.push(moved);
  expect(storedRows(movedDir)).toEqual(expectedRows);
  expect(differences(expected, await answersOf(moved))).toEqual([]);
}, 180_000);
