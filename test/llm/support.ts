/**
 * A knowledge base with data/samples whose model is the loopback stand-in (test/support/fakeOpenAI.ts),
 * with short timeouts and retry delays so failure paths run in milliseconds, and helpers to read
 * what was sent to the model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { createLlmClient, type LlmClientOptions } from '../../src/adapters/llm/client';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { EVAL_NOW, SAMPLES, tempDir } from '../support/kb';
import { openWithSamples } from '../support/samplesOnce';

export const FAST_CLIENT: LlmClientOptions = { timeoutMs: 400, maxRetries: 1, backoffMs: 5, maxBackoffMs: 50 };

export interface ModelKb {
  kb: KnowledgeBase;
  config: Config;
  dataDir: string;
  /** Lines the knowledge base logged (usage lines among them) */
  logs: string[];
  close(): void;
}

export async function openModelKb(
  fake: FakeOpenAI,
  options: { client?: LlmClientOptions; embeddingModel?: string; samples?: boolean; baseUrl?: string } = {},
): Promise<ModelKb> {
  const dataDir = tempDir('zhoubao-llm-');
  const config = loadConfig({}, { dataDir });
  config.llm = { apiKey: 'test-key', baseUrl: options.baseUrl ?? fake.url, model: 'fake-model', embeddingModel: options.embeddingModel };
  const logs: string[] = [];
  const open = () =>
    KnowledgeBase.open({
      config,
      clock: () => EVAL_NOW,
      log: (line) => logs.push(line),
      llm: createLlmClient(config.llm, { ...FAST_CLIENT, ...options.client }),
    });
  let kb: KnowledgeBase;
  if (options.samples === false) kb = await open();
  else if (options.embeddingModel) {
    // Embeddings come from the stand-in while the samples are ingested: that is what the test watches.
    kb = await open();
    for (const f of fs.readdirSync(SAMPLES).sort()) await kb.ingestFile(path.join(SAMPLES, f));
  } else {
    // Storing reports never calls the model (only a free-form submission does) and the embedder is
    // the local one, so the samples are ingested once per jest worker and copied (samplesOnce.ts),
    // keyed by the clock and the configuration but for the data directory and the stand-in's address.
    const key = `openModelKb ${EVAL_NOW.toISOString()} ${JSON.stringify({ ...config, dataDir: undefined, llm: { ...config.llm, baseUrl: undefined } })}`;
    kb = await openWithSamples(dataDir, key, open);
  }
  return {
    kb,
    config,
    dataDir,
    logs,
    close() {
      kb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SentSource {
  n: number;
  /** team · week · date · section */
  header: string;
  text: string;
}

/** The fence in a user message: its nonce, what is inside, and the message outside it. */
export function fenceOf(user: string): { nonce: string; inside: string; outside: string } {
  const open = /<<<REPORT_DATA ([0-9a-f]+)>>>/.exec(user);
  if (!open) throw new Error('no fence in the user message');
  const close = `<<<END_REPORT_DATA ${open[1]}>>>`;
  const end = user.indexOf(close);
  if (end < 0) throw new Error('the fence is not closed');
  return {
    nonce: open[1],
    inside: user.slice(open.index + open[0].length, end),
    outside: user.slice(0, open.index) + user.slice(end + close.length),
  };
}

/** The numbered sources inside the fence. */
export function sourcesSent(user: string): SentSource[] {
  const lines = fenceOf(user).inside.split('\n');
  const out: SentSource[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\[(\d+)\] (.*)$/.exec(lines[i]);
    if (m) out.push({ n: Number(m[1]), header: m[2], text: (lines[i + 1] ?? '').replace(/^原文：/, '') });
  }
  return out;
}

/** The number of the first source whose text contains `needle`. */
export function sourceNumber(user: string, needle: string): number {
  const found = sourcesSent(user).find((s) => s.text.includes(needle));
  if (!found) throw new Error(`no source containing ${needle}`);
  return found.n;
}
