/**
 * A data directory holding data/samples, ingested once per jest worker: ingesting the 22 samples
 * costs ~0.4 s, and most Slack and answer test files start from them. The first caller for a key
 * ingests them through the real knowledge base into a template directory; every caller (that one
 * included) gets a copy of the template's files and a knowledge base freshly opened on it, so each
 * file still has its own store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';

const SAMPLES = path.join(__dirname, '..', '..', 'data', 'samples');

/** Templates kept for the worker's life (test/support/shared/workerState.js), or for this file when run without that environment. */
function templates(): { known: Map<string, string>; prefix: string } {
  const workerRequire = (globalThis as { __zhoubaoWorkerRequire?: NodeRequire }).__zhoubaoWorkerRequire;
  if (workerRequire) {
    const state = workerRequire('./workerState.js') as { samplesTemplates: Map<string, string>; templateRoot: () => string };
    return { known: state.samplesTemplates, prefix: state.templateRoot() };
  }
  const local = globalThis as { __zhoubaoSamplesTemplates?: Map<string, string> };
  return { known: (local.__zhoubaoSamplesTemplates ??= new Map()), prefix: path.join(os.tmpdir(), 'zhoubao-samples-') };
}

/**
 * Fills the empty `dataDir` with data/samples as `open` (a knowledge base on `dataDir`) would store
 * them, then returns `open()`. `key` must name everything the ingest depends on: the clock and the
 * configuration `open` uses.
 */
export async function openWithSamples(dataDir: string, key: string, open: () => Promise<KnowledgeBase>): Promise<KnowledgeBase> {
  const { known, prefix } = templates();
  let template = known.get(key);
  if (!template) {
    const kb = await open();
    try {
      for (const f of fs.readdirSync(SAMPLES).sort()) await kb.ingestFile(path.join(SAMPLES, f));
    } finally {
      kb.close();
    }
    template = fs.mkdtempSync(prefix);
    fs.cpSync(dataDir, template, { recursive: true });
    known.set(key, template);
    return open();
  }
  fs.cpSync(template, dataDir, { recursive: true });
  return open();
}
