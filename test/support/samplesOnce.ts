/**
 * A data directory holding data/samples, ingested once: ingesting the 22 samples costs ~0.5 s, and
 * most Slack and answer test files start from them. The first caller for a key ingests them through
 * the real knowledge base; every caller (that one included) gets a copy of the result and a
 * knowledge base freshly opened on it, so each file still has its own store.
 *
 * The result is kept for the jest worker's life, and between runs in
 * node_modules/.cache/zhoubao-samples, named by the key and by a hash of everything else an ingest
 * depends on (the sources, prompts and data files, the locked package versions: see
 * shared/workerState.js): after any change to them the samples are ingested afresh, never copied
 * stale. A fresh clone fills the cache on its first run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';

const SAMPLES = path.join(__dirname, '..', '..', 'data', 'samples');
const PERSISTED = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'zhoubao-samples');
/** Cached samples of other sources are removed once this old: a day of edits leaves no pile behind. */
const STALE_MS = 60 * 60 * 1000;

interface Templates {
  /** key → a data directory holding the samples */
  known: Map<string, string>;
  /** Where this worker makes its own copies when the cache cannot be written */
  prefix: string;
  /** The hash of what an ingest depends on; null without the suite's environment (no cache then) */
  fingerprint: (() => string) | null;
}

/** Templates kept for the worker's life (test/support/shared/workerState.js), or for this file when run without that environment. */
function templates(): Templates {
  const workerRequire = (globalThis as { __zhoubaoWorkerRequire?: NodeRequire }).__zhoubaoWorkerRequire;
  if (workerRequire) {
    const state = workerRequire('./workerState.js') as { samplesTemplates: Map<string, string>; templateRoot: () => string; ingestFingerprint: () => string };
    return { known: state.samplesTemplates, prefix: state.templateRoot(), fingerprint: state.ingestFingerprint };
  }
  const local = globalThis as { __zhoubaoSamplesTemplates?: Map<string, string> };
  return { known: (local.__zhoubaoSamplesTemplates ??= new Map()), prefix: path.join(os.tmpdir(), 'zhoubao-samples-'), fingerprint: null };
}

function persistedDir(fingerprint: string, key: string): string {
  return path.join(PERSISTED, `${fingerprint}-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
}

/** Removes cached samples of other sources that nobody wrote for a while. */
function removeStale(fingerprint: string): void {
  for (const name of fs.readdirSync(PERSISTED)) {
    const dir = path.join(PERSISTED, name);
    if (name.startsWith(`${fingerprint}-`) || Date.now() - fs.statSync(dir).mtimeMs < STALE_MS) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Copies the freshly ingested `dataDir` into the cache, whole or not at all (copied aside, then
 * renamed: a run reading the cache meanwhile sees nothing yet). Returns where, or null when the
 * cache cannot be written.
 */
function persist(dataDir: string, dir: string, fingerprint: string): string | null {
  const building = `${dir}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(PERSISTED, { recursive: true });
    removeStale(fingerprint);
    fs.cpSync(dataDir, building, { recursive: true });
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
  }
  // Renaming fails when another run cached the same samples first: theirs is as good.
  return fs.existsSync(dir) ? dir : null;
}

/**
 * Fills the empty `dataDir` with data/samples as `open` (a knowledge base on `dataDir`) would store
 * them, then returns `open()`. `key` must name everything the ingest depends on that the
 * fingerprint does not: the clock and the configuration `open` uses.
 */
export async function openWithSamples(dataDir: string, key: string, open: () => Promise<KnowledgeBase>): Promise<KnowledgeBase> {
  const { known, prefix, fingerprint } = templates();
  const cached = fingerprint ? persistedDir(fingerprint(), key) : null;
  const template = known.get(key) ?? (cached && fs.existsSync(cached) ? cached : undefined);
  if (template) {
    known.set(key, template);
    fs.cpSync(template, dataDir, { recursive: true });
    return open();
  }
  const kb = await open();
  try {
    for (const f of fs.readdirSync(SAMPLES).sort()) await kb.ingestFile(path.join(SAMPLES, f));
  } finally {
    kb.close();
  }
  let kept = cached && fingerprint ? persist(dataDir, cached, fingerprint()) : null;
  if (!kept) {
    kept = fs.mkdtempSync(prefix);
    fs.cpSync(dataDir, kept, { recursive: true });
  }
  known.set(key, kept);
  return open();
}
