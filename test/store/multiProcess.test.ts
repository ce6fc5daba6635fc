/**
 * Several processes on one data directory: the bot and a CLI ingest, two ingests, two bots. Each has
 * its own connection, its own report caches and its own copy of the vector index, and saves that copy
 * into the same directory. The children run the current sources (fixtures/kbWorker.js).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Answer } from '../../src/domain/answer/model';
import { syntheticReports, type SyntheticItem } from '../../tools/bench/syntheticItems';
import { loadConfig } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';

const WORKER = path.join(__dirname, 'fixtures', 'kbWorker.js');
/** As in kbWorker.js: the reports the workers ingest */
const ITEMS_PER_REPORT = 30;
const SEED = 7;

interface WorkerRun {
  /** Every line the worker printed after READY */
  lines: string[];
  stderr: string;
}

/** A running worker as `whileRunning` sees it: what it printed after READY so far, and its stdin. */
interface RunningWorker {
  lines(): string[];
  send(line: string): void;
}

/**
 * Starts the workers, waits until every one has loaded its code, then tells them all the same start
 * time (a moment ahead), so they really work at the same time. `whileRunning` runs once they are told;
 * their stdin is closed after it.
 */
async function runTogether(argsList: string[][], whileRunning?: (startAt: number, workers: RunningWorker[]) => Promise<void>): Promise<WorkerRun[]> {
  const children = argsList.map((args) => spawn(process.execPath, [WORKER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }));
  const readies: Array<Promise<void>> = [];
  const outputs: string[] = children.map(() => '');
  const results = children.map((child, i) => {
    let out = '';
    let stderr = '';
    let markReady: () => void = () => {};
    readies.push(new Promise<void>((resolve) => (markReady = resolve)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      outputs[i] = out;
      if (out.includes('READY\n')) markReady();
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    return new Promise<WorkerRun>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => {
        if (!out.includes('READY\n')) reject(new Error(`worker ${argsList[i].join(' ')} exited (${code}) before it was ready: ${stderr}`));
        else resolve({ lines: out.split('\n').slice(out.split('\n').indexOf('READY') + 1).filter(Boolean), stderr });
      });
    });
  });
  await Promise.race([Promise.all(readies), Promise.all(results)]);
  const startAt = Date.now() + 300;
  for (const child of children) child.stdin.write(`${startAt}\n`);
  const afterReady = (out: string) => out.split('\n').slice(out.split('\n').indexOf('READY') + 1).filter(Boolean);
  const workers = children.map((child, i) => ({ lines: () => afterReady(outputs[i]), send: (line: string) => void child.stdin.write(`${line}\n`) }));
  try {
    if (whileRunning) await whileRunning(startAt, workers);
  } finally {
    for (const child of children) child.stdin.end();
  }
  return Promise.all(results);
}

function openKb(dataDir: string, log: (m: string) => void = () => {}): Promise<KnowledgeBase> {
  return KnowledgeBase.open({ config: loadConfig({}, { dataDir }), log, llm: null, clock: () => new Date('2024-06-01T10:00:00+08:00') });
}

function storedItemIds(db: Database.Database): number[] {
  return (db.prepare('SELECT id FROM items ORDER BY id').pluck().all() as number[]).slice();
}

/** What a user sees of an answer: its text and the lines it cites. */
function visible(answer: Answer): { answer: string; cited: string[] } {
  return { answer: answer.answer, cited: answer.citations.map((c) => JSON.stringify(c)) };
}

// No warm-up child: the children signal READY once their code is loaded and only then start
// together (runTogether), so a first load that transpiles the sources (seconds, after an edit) delays
// the start without skewing the timing. The transpile cache is usually warm (the other tests that
// run the sources in a child fill it), and a warm-up child then only cost another start-up.

describe('several processes on one data directory', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-mp-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('two ingests at once: reopened, the index holds exactly the stored items and answers as a freshly rebuilt one', async () => {
    // 10 reports (300 items) each: the two start at the same moment, so their writes interleave
    // whatever the count (40 reports took twice the time and proved nothing more).
    const total = 20;
    const dataDir = path.join(root, 'data');
    const runs = await runTogether([
      ['ingest', dataDir, '0', String(total / 2), String(total)],
      ['ingest', dataDir, String(total / 2), String(total), String(total)],
    ]);
    expect(runs.map((r) => r.lines)).toEqual([[`OK stored ${total / 2}`], [`OK stored ${total / 2}`]]);

    const logs: string[] = [];
    const kb = await openKb(dataDir, (m) => logs.push(m));
    const rebuiltDir = path.join(root, 'rebuilt');
    try {
      const ids = storedItemIds(kb.db);
      expect(ids).toHaveLength(total * ITEMS_PER_REPORT);
      expect(kb.vectorIndex.searchIndex()!.itemIds()).toEqual(ids);
      // The saved copy held one process's view; it was caught up, not rebuilt from scratch.
      expect(logs.join('\n')).not.toMatch(/重建/);

      // A copy of the same store whose index is built from scratch must answer the same.
      fs.mkdirSync(rebuiltDir);
      kb.db.pragma('wal_checkpoint(TRUNCATE)');
      fs.copyFileSync(path.join(dataDir, 'zhoubao.db'), path.join(rebuiltDir, 'zhoubao.db'));
      const fresh = await openKb(rebuiltDir);
      try {
        expect(fresh.vectorIndex.searchIndex()!.itemIds()).toEqual(ids);
        // Exact subjects (the keyword leg decides) and looser questions (the vector leg breaks ties).
        const forms = [
          (s: SyntheticItem) => `${s.subject}什么时候${s.event}？`,
          (s: SyntheticItem) => `${s.product}的进展怎么样？`,
          (s: SyntheticItem) => `${s.bank}最近有什么${s.event}计划？`,
          (s: SyntheticItem) => `${s.team}的${s.product}${s.event}了吗？`,
        ];
        const reports = syntheticReports(total, ITEMS_PER_REPORT, SEED);
        // Every report: both processes' halves, each form five times.
        const questions = reports.map((r, j) => forms[j % forms.length](r.synthetic[(j * 14) % ITEMS_PER_REPORT]));
        for (const question of questions) expect(visible(await kb.ask(question))).toEqual(visible(await fresh.ask(question)));
      } finally {
        fresh.close();
      }
    } finally {
      kb.close();
    }
  }, 180_000);

  test('a running process answers about a report another process stored a moment ago, and forgets a deleted one', async () => {
    const dataDir = path.join(root, 'data');
    const bot = await openKb(dataDir);
    const cli = await openKb(dataDir);
    // The bot holds its vector index (offline it is loaded when a question first needs it).
    bot.vectorIndex.searchIndex();
    try {
      const [first, second] = syntheticReports(2, 12, 11);
      await bot.ingestText(first.rawText, { source: 'bot' });
      const question = `${second.synthetic[3].subject}什么时候${second.synthetic[3].event}？`;
      const before = await bot.ask(question);
      expect(before.citations.some((c) => c.text.includes(second.synthetic[3].text))).toBe(false);
      expect(bot.listReports().map((r) => r.team)).toEqual([first.report.team]);

      const stored = await cli.ingestText(second.rawText, { source: 'cli' });
      const after = await bot.ask(question);
      expect(after.found).toBe(true);
      expect(after.citations.some((c) => c.text.includes(second.synthetic[3].text))).toBe(true);
      expect(bot.listReports().map((r) => r.id)).toContain(stored.report.id);
      // The vector leg sees it too: the index caught up with the other process's items.
      expect(bot.vectorIndex.loaded()!.itemIds()).toEqual(storedItemIds(bot.db));
      expect(bot.askSync(question).citations.some((c) => c.text.includes(second.synthetic[3].text))).toBe(true);

      expect(cli.deleteReport(stored.report.id)).toBe(true);
      const gone = await bot.ask(question);
      expect(gone.citations.some((c) => c.text.includes(second.synthetic[3].text))).toBe(false);
      expect(bot.listReports().map((r) => r.id)).not.toContain(stored.report.id);
      expect(bot.vectorIndex.loaded()!.itemIds()).toEqual(storedItemIds(bot.db));
    } finally {
      cli.close();
      bot.close();
    }
  });

  test('opening a fresh data directory that another process is still creating waits for it instead of failing', async () => {
    const prefix = path.join(root, 'fresh');
    const dbFile = `${prefix}-0/zhoubao.db`;
    fs.mkdirSync(path.dirname(dbFile));
    // Another process has just created the file and holds its write lock while setting it up.
    const other = new Database(dbFile);
    other.exec('BEGIN IMMEDIATE');
    try {
      const [run] = await runTogether([['open', prefix, '1', '0']], async (startAt) => {
        // Held 300 ms past the child's start (was 600): the child tries to open at its start, within
        // milliseconds (its code is loaded and it spins to the moment), so it meets the lock and
        // waits for most of that; its default wait (5 s) is far longer.
        await new Promise((resolve) => setTimeout(resolve, startAt - Date.now() + 300));
        other.exec('ROLLBACK');
      });
      expect(run.lines).toEqual(['OK round 0']);
    } finally {
      other.close();
    }
  }, 60_000);

  test('a data directory locked for longer than the wait is reported in Chinese, without a stack trace', async () => {
    const prefix = path.join(root, 'held');
    const dbFile = `${prefix}-0/zhoubao.db`;
    fs.mkdirSync(path.dirname(dbFile));
    const other = new Database(dbFile);
    other.exec('BEGIN IMMEDIATE');
    try {
      // A 0.25 s wait instead of the default 5 s: the same path (timeout, then the Chinese message).
      const [run] = await runTogether([['open', prefix, '1', '0', '250']]);
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toMatch(/^ERR round 0: 数据库正被另一个 zhoubao 进程占用.*请稍后重试/);
      expect(run.stderr).toBe('');
    } finally {
      other.close();
    }
  }, 60_000);

  test('two processes opening fresh data directories at the same moment both succeed, every time', async () => {
    const prefix = path.join(root, 'fresh');
    const rounds = 5;
    // Each round starts at one moment for both, told once both finished the round before (was a
    // fixed 400 ms apart, most of it idle): the rounds are as simultaneous, whatever a round takes.
    const runs = await runTogether(
      [
        ['open', prefix, String(rounds), 'stdin'],
        ['open', prefix, String(rounds), 'stdin'],
      ],
      async (_startAt, workers) => {
        for (let r = 1; r < rounds; r++) {
          const deadline = Date.now() + 30_000;
          while (!workers.every((w) => w.lines().length >= r)) {
            if (Date.now() > deadline) throw new Error(`round ${r - 1} did not finish: ${JSON.stringify(workers.map((w) => w.lines()))}`);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          // 50 ms ahead: both have the line before the moment comes (the children spin to it).
          const at = Date.now() + 50;
          for (const w of workers) w.send(String(at));
        }
      },
    );
    const expected = Array.from({ length: rounds }, (_, r) => `OK round ${r}`);
    expect(runs.map((r) => r.lines)).toEqual([expected, expected]);
    expect(runs.map((r) => r.stderr)).toEqual(['', '']);
  }, 60_000);

  test('a plain file where the index directory belongs is moved aside and the index rebuilt', async () => {
    const dataDir = path.join(root, 'data');
    const kb = await openKb(dataDir);
    const [report] = syntheticReports(1, 5, 3);
    await kb.ingestText(report.rawText, { source: 't' });
    kb.close();
    const indexDir = path.join(dataDir, 'index');
    // (Offline the index is built when a question first needs it: there may be none yet.)
    fs.rmSync(indexDir, { recursive: true, force: true });
    fs.writeFileSync(indexDir, 'not an index');

    const logs: string[] = [];
    const again = await openKb(dataDir, (m) => logs.push(m));
    try {
      expect(again.vectorIndex.searchIndex()!.itemIds()).toEqual(storedItemIds(again.db));
      const answer = await again.ask(`${report.synthetic[0].subject}什么时候${report.synthetic[0].event}？`);
      expect(answer.citations.some((c) => c.text.includes(report.synthetic[0].text))).toBe(true);
      expect(fs.statSync(indexDir).isDirectory()).toBe(true);
      const aside = fs.readdirSync(dataDir).filter((name) => name.startsWith('index.damaged-'));
      expect(aside).toHaveLength(1);
      expect(fs.readFileSync(path.join(dataDir, aside[0]), 'utf8')).toBe('not an index');
      expect(logs.join('\n')).toMatch(/不是目录/);
    } finally {
      again.close();
    }
  });
});
