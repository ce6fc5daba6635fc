import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openWithSamples } from './samplesOnce';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SAMPLES = path.join(REPO_ROOT, 'data', 'samples');
/** The clock the evaluation set assumes: Wednesday after 第49周 (2023-12-01). */
export const EVAL_NOW = new Date('2023-12-06T10:00:00+08:00');

/**
 * A fresh temp directory. Under the suite's environment (test/support/shared/environment.js) it is
 * removed when the test file ends, after its own hooks have closed what they opened in it, so a
 * file that forgets its directories leaves nothing behind.
 */
export function tempDir(prefix = 'zhoubao-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  (globalThis as { __zhoubaoTempDirs?: string[] }).__zhoubaoTempDirs?.push(dir);
  return dir;
}

/** A knowledge base in a fresh temp dir, optionally loaded with data/samples. */
export async function openTestKb(options: { samples?: boolean; dataDir?: string; now?: Date } = {}): Promise<{ kb: KnowledgeBase; dataDir: string }> {
  const dataDir = options.dataDir ?? tempDir();
  const now = options.now ?? EVAL_NOW;
  const open = () => KnowledgeBase.open({ config: loadConfig({}, { dataDir }), clock: () => now, log: () => {} });
  // The samples are ingested once per jest worker and copied (samplesOnce.ts); default config, this clock.
  const kb = options.samples !== false ? await openWithSamples(dataDir, `openTestKb ${now.toISOString()}`, open) : await open();
  return { kb, dataDir };
}

/**
 * Writes each report into the data dir under its file name and ingests it (the file name carries the
 * team and week the way users name their files; `team` overrides it as `zhoubao ingest --team` does).
 */
export async function ingestReports(kb: KnowledgeBase, dataDir: string, reports: Array<[name: string, text: string, team?: string]>): Promise<void> {
  for (const [name, text, team] of reports) {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, text);
    await kb.ingestFile(file, team ? { team } : undefined);
  }
}

/**
 * For a test file asking questions of invented reports: opens a knowledge base with only these
 * reports before the file's tests and closes it after them. Returns `ask(question)` at `now`.
 */
export function askingReports(reports: Array<[name: string, text: string, team?: string]>, now: Date): (question: string) => ReturnType<KnowledgeBase['askSync']> {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    let dataDir: string;
    ({ kb, dataDir } = await openTestKb({ samples: false, now }));
    await ingestReports(kb, dataDir, reports);
  });
  afterAll(() => kb.close());
  return (question) => kb.askSync(question, { now });
}
