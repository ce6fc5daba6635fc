/**
 * A process killed (SIGKILL, no cleanup) in the middle of saving a report leaves the database
 * readable with either the old report whole or the new one whole — never a mix.
 * The child runs the current store sources (fixtures/crashWriter.js, through requireTs.js): no build.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from './fixtures/makeReport';

const WRITER = path.join(__dirname, 'fixtures', 'crashWriter.js');

/** Runs the writer until it prints `marker`, then SIGKILLs it. */
function killAt(dbFile: string, mode: string, marker: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dbFile, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes(marker)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!out.includes(marker)) reject(new Error(`writer exited (${code ?? signal}) before ${marker}: ${err}`));
      else resolve(signal);
    });
  });
}

/**
 * The report the writer then replaces: week 47, 20 items. Stored here, with the same sources the
 * writer runs: only the save that is killed needs a process of its own.
 */
function seed(dbFile: string): void {
  const db = openDatabase(dbFile);
  try {
    const lines = Array.from({ length: 20 }, (_, i) => `旧事项${i}：光大备份通道联调进度正常`);
    new ReportStore(db).saveReport({ ...makeReport({}, lines), source: 'crash-test:旧' });
  } finally {
    db.close();
  }
}

/** The parent inspects with the same sources the child ran. */
function inspect(dbFile: string) {
  const db = openDatabase(dbFile);
  try {
    const store = new ReportStore(db);
    const integrity = db.pragma('integrity_check', { simple: true });
    const reports = store.listReports();
    const items = reports.length ? store.getItemsForReport(reports[0].id) : [];
    const ftsIds = (db.prepare('SELECT id FROM items_fts_docsize ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    const allItemIds = (db.prepare('SELECT id FROM items ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    return { integrity, reports, items, ftsIds, allItemIds, versions: reports.length ? store.reportVersions(reports[0].id) : [], generation: store.indexGeneration() };
  } finally {
    db.close();
  }
}

describe('a writer killed mid-save', () => {
  let dir: string;
  let dbFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-crash-'));
    dbFile = path.join(dir, 'zhoubao.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('killed inside the replacing transaction: the old report is there, whole', async () => {
    seed(dbFile);
    const before = inspect(dbFile);
    expect(before.items).toHaveLength(20);

    expect(await killAt(dbFile, 'hang-mid', 'IN_TRANSACTION')).toBe('SIGKILL');
    // The killed writer left uncommitted pages in the WAL (its page cache was too small to hold them).
    expect(fs.statSync(dbFile + '-wal').size).toBeGreaterThan(100_000);

    const after = inspect(dbFile);
    expect(after.integrity).toBe('ok');
    expect(after.reports).toHaveLength(1);
    expect(after.reports[0]).toMatchObject({ version: 1, itemCount: 20, source: 'crash-test:旧' });
    expect(after.items.map((i) => i.text)).toEqual(before.items.map((i) => i.text));
    expect(after.allItemIds).toEqual(before.allItemIds);
    expect(after.ftsIds).toEqual(before.allItemIds);
    expect(after.versions).toEqual([]);
    expect(after.generation).toBe(before.generation);
  });

  test('killed inside the transaction of a first report: nothing is stored', async () => {
    expect(await killAt(dbFile, 'hang-mid', 'IN_TRANSACTION')).toBe('SIGKILL');
    const after = inspect(dbFile);
    expect(after.integrity).toBe('ok');
    expect(after.reports).toEqual([]);
    expect(after.allItemIds).toEqual([]);
    expect(after.ftsIds).toEqual([]);
  });

  test('killed right after the commit: the new report is there, whole', async () => {
    seed(dbFile);
    expect(await killAt(dbFile, 'hang-after', 'COMMITTED')).toBe('SIGKILL');
    const after = inspect(dbFile);
    expect(after.integrity).toBe('ok');
    expect(after.reports[0]).toMatchObject({ version: 2, itemCount: 3000, source: 'crash-test:新' });
    expect(after.items).toHaveLength(3000);
    expect(after.items.every((i) => i.text.startsWith('新事项'))).toBe(true);
    expect(after.ftsIds).toEqual(after.allItemIds);
    expect(after.versions.map((v) => v.version)).toEqual([1]);
  });
});
