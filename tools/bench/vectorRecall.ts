/**
 * How good is approximate search over hashed n-gram vectors, and what does hybrid retrieval cost?
 *
 *   node .tools-build/tools/bench/vectorRecall.js [N,N,...] [--queries 200] [--dims 128,256,512] [--hnsw M:efC,...] [--ef 50,100,...]
 *                                   [--skip-embedder] [--skip-hnsw] [--skip-hybrid] [--hybrid-dims 128,256]
 *
 * For each N (default 1000,10000): N invented report items (tools/bench/syntheticItems.ts), 200 queries
 * made from some of them (a question about the item's subject, or a partial copy of its text), then
 *   - embedder: features/s, and how often exact search finds the source item in its top 10 (128 / 256 / 512 dims);
 *   - HNSW vs exact: recall@10 (overlap of the top-10 sets), source-in-top-10, build time, query latency,
 *     for a few M / efConstruction / efSearch settings [--hnsw-dims, default the embedder's];
 *   - hybrid: the real store + index + retriever on a temp directory: ingest rate, index load time,
 *     search latency (p50/p95) and source-in-top-10 for the keyword leg, the vector leg and the fusion.
 * Prints markdown tables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HierarchicalNSW } from 'hnswlib-node';
import { loadAliases } from '../../src/adapters/text/aliasesFile';
import { DEFAULT_HASH_DIMENSIONS, HashingEmbeddings, itemEmbeddingText } from '../../src/adapters/search/embedder';
import { HybridRetriever } from '../../src/adapters/search/hybridRetriever';
import { keywordSearch } from '../../src/adapters/search/keywordIndex';
import { VectorIndex } from '../../src/adapters/search/vectorIndex';
import { VectorLeg } from '../../src/adapters/search/vectorLeg';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { createRandom, pick, syntheticItems, syntheticReports, type SyntheticItem } from './syntheticItems';

const EVENT_WORDS: Record<string, string[]> = {
  上线: ['上线', '投产', '发布'],
  提测: ['提测', '送测'],
  评审: ['评审'],
  完成: ['完成', '做完'],
  开放: ['开放', '全量'],
  启动: ['启动', '开始'],
};
const QUESTION_FORMS = ['{s}什么时候{e}', '{s}哪天{e}的', '{s}{e}了吗', '{s}的{e}时间', '{s}进展怎么样'];

export interface BenchQuery {
  /** Index of the source item */
  source: number;
  text: string;
  kind: 'question' | 'partial';
}

/** Queries made from random items: half questions about the item's subject, half partial copies. */
export function makeQueries(items: SyntheticItem[], count: number, seed = 99): BenchQuery[] {
  const random = createRandom(seed);
  const queries: BenchQuery[] = [];
  for (let q = 0; q < count; q++) {
    const source = Math.floor(random() * items.length);
    const item = items[source];
    if (q % 2 === 0) {
      const form = pick(random, QUESTION_FORMS);
      const event = pick(random, EVENT_WORDS[item.event] ?? [item.event]);
      queries.push({ source, text: form.replace('{s}', item.subject).replace('{e}', event), kind: 'question' });
    } else {
      const chars = [...item.text];
      const length = Math.max(6, Math.floor(chars.length * (0.5 + random() * 0.2)));
      const start = Math.floor(random() * Math.max(1, chars.length - length));
      queries.push({ source, text: chars.slice(start, start + length).join(''), kind: 'partial' });
    }
  }
  return queries;
}

function exactTopK(data: Float32Array, dims: number, query: Float32Array, k: number): number[] {
  const n = data.length / dims;
  const best: Array<{ i: number; s: number }> = [];
  for (let row = 0; row < n; row++) {
    let dot = 0;
    const base = row * dims;
    for (let d = 0; d < dims; d++) dot += data[base + d] * query[d];
    if (best.length < k || dot > best[best.length - 1].s) {
      let at = best.length < k ? best.length : best.length - 1;
      best[at] = { i: row, s: dot };
      while (at > 0 && best[at - 1].s < best[at].s) {
        [best[at - 1], best[at]] = [best[at], best[at - 1]];
        at--;
      }
    }
  }
  return best.map((b) => b.i);
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const num = (x: number) => Math.round(x).toLocaleString('en-US');

function embedAll(embedder: HashingEmbeddings, texts: string[]): { data: Float32Array; millis: number } {
  const started = performance.now();
  const data = new Float32Array(texts.length * embedder.dimensions);
  texts.forEach((t, i) => data.set(embedder.embedSync(t), i * embedder.dimensions));
  return { data, millis: performance.now() - started };
}

export function embedderTable(n: number, dimsList: number[], queryCount: number): string {
  const items = syntheticItems(n, 42);
  const texts = items.map(itemEmbeddingText);
  const queries = makeQueries(items, queryCount);
  const rows: string[] = [];
  for (const dims of dimsList) {
    const embedder = new HashingEmbeddings({ dimensions: dims });
    const { data, millis } = embedAll(embedder, texts);
    let found = 0;
    let queryMillis = 0;
    for (const q of queries) {
      const started = performance.now();
      const top = exactTopK(data, dims, embedder.embedSync(q.text), 10);
      queryMillis += performance.now() - started;
      if (top.includes(q.source)) found++;
    }
    rows.push(
      `| ${embedder.id} | ${num(n)} | ${num((n / millis) * 1000)} | ${pct(found / queries.length)} | ${ms(queryMillis / queries.length)} |`,
    );
  }
  return [
    `| embedder | items | items embedded/s | exact search: source in top 10 | exact search ms/query |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

export interface HnswSetting {
  m: number;
  efConstruction: number;
}

export function hnswTable(n: number, settings: HnswSetting[], efSearches: number[], queryCount: number, dims = DEFAULT_HASH_DIMENSIONS): string {
  const items = syntheticItems(n, 42);
  const embedder = new HashingEmbeddings({ dimensions: dims });
  const { data } = embedAll(embedder, items.map(itemEmbeddingText));
  const queries = makeQueries(items, queryCount);
  const queryVectors = queries.map((q) => embedder.embedSync(q.text));
  const exact = queryVectors.map((v) => exactTopK(data, dims, v, 10));
  const exactFound = queries.filter((q, i) => exact[i].includes(q.source)).length / queries.length;
  const rows: string[] = [];
  for (const setting of settings) {
    const index = new HierarchicalNSW('ip', dims);
    index.initIndex({ maxElements: n, m: setting.m, efConstruction: setting.efConstruction, randomSeed: 100, allowReplaceDeleted: true });
    const started = performance.now();
    for (let i = 0; i < n; i++) index.addPoint(Array.from(data.subarray(i * dims, (i + 1) * dims)), i);
    const buildMillis = performance.now() - started;
    for (const ef of efSearches) {
      index.setEf(Math.max(ef, 10));
      let overlap = 0;
      let found = 0;
      const latencies: number[] = [];
      queryVectors.forEach((v, qi) => {
        const t0 = performance.now();
        const result = index.searchKnn(Array.from(v), 10);
        latencies.push(performance.now() - t0);
        const got = new Set(result.neighbors);
        overlap += exact[qi].filter((id) => got.has(id)).length / exact[qi].length;
        if (got.has(queries[qi].source)) found++;
      });
      rows.push(
        `| ${num(n)} | ${setting.m} | ${setting.efConstruction} | ${ef} | ${(buildMillis / 1000).toFixed(1)} s (${num((n / buildMillis) * 1000)}/s) | ` +
          `${pct(overlap / queries.length)} | ${pct(found / queries.length)} | ${pct(exactFound)} | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 95))} |`,
      );
    }
  }
  return [
    `| items | M | efConstruction | efSearch | build | recall@10 vs exact | source in top 10 (HNSW) | source in top 10 (exact) | query p50 ms | query p95 ms |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

export const HYBRID_HEADER = [
  `| items | embedder | ingest items/s (store only) | index save | index load (cold open) | search p50 ms | search p95 ms | source in top 10: keyword | vector (HNSW) | hybrid |`,
  '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
].join('\n');

/** One row (see HYBRID_HEADER) for the real pipeline on disk: store, vector index, retriever. */
export async function hybridRow(n: number, queryCount: number, dims = DEFAULT_HASH_DIMENSIONS): Promise<string> {
  const itemsPerReport = 100;
  const reports = syntheticReports(Math.ceil(n / itemsPerReport), itemsPerReport, 42);
  // Queries are made from the stored items, in storage order (ids[i] is flat[i]'s item id).
  const flat: SyntheticItem[] = reports.flatMap((r) => r.synthetic);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-bench-'));
  try {
    const db = openDatabase(path.join(dir, 'zhoubao.db'));
    const store = new ReportStore(db);
    const embedder = new HashingEmbeddings({ dimensions: dims });
    const vectorIndex = await VectorIndex.open({ dir: path.join(dir, 'index'), embedder, store });
    const started = performance.now();
    let storeMillis = 0;
    const ids: number[] = [];
    for (const r of reports) {
      const t0 = performance.now();
      const saved = store.saveReport({ report: r.report, rawText: r.rawText, source: 'bench' });
      storeMillis += performance.now() - t0;
      ids.push(...saved.addedItemIds);
      vectorIndex.remove(saved.removedItemIds);
      await vectorIndex.add(store.getItemsByIds(saved.addedItemIds));
    }
    const t1 = performance.now();
    vectorIndex.save();
    const ingestMillis = performance.now() - started;
    const saveMillis = performance.now() - t1;

    const t2 = performance.now();
    const reopened = await VectorIndex.open({ dir: path.join(dir, 'index'), embedder, store });
    const loadMillis = performance.now() - t2;

    const retriever = new HybridRetriever({ db, store, vectorLeg: VectorLeg.partner(reopened), embedder, aliases: loadAliases() });
    const queries = makeQueries(flat, queryCount, 5);
    retriever.search(queries[0].text); // segmenter and statements warm
    const latencies: number[] = [];
    let fused = 0;
    let keywordFound = 0;
    let vectorFound = 0;
    for (const q of queries) {
      const target = ids[q.source];
      const t0 = performance.now();
      const hits = retriever.search(q.text, { limit: 10 });
      latencies.push(performance.now() - t0);
      if (hits.some((h) => h.item.id === target)) fused++;
      const words = retriever.queryWords(q.text);
      if (keywordSearch(db, loadAliases().expand(words), { limit: 10 }).some((h) => h.id === target)) keywordFound++;
      if (reopened.search(embedder.embedSync(words.join(' ')), 10).some((h) => h.id === target)) vectorFound++;
    }
    db.close();
    return (
      `| ${num(flat.length)} | ${embedder.id} | ${num((flat.length / ingestMillis) * 1000)} (${num((flat.length / storeMillis) * 1000)}) | ${num(saveMillis)} ms | ${num(loadMillis)} ms | ` +
        `${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 95))} | ${pct(keywordFound / queries.length)} | ${pct(vectorFound / queries.length)} | ${pct(fused / queries.length)} |`
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const sizes = (args[0] && !args[0].startsWith('--') ? args[0] : '1000,10000').split(',').map(Number).filter((x) => x > 0);
  const queryCount = Number(argValue(args, '--queries') ?? 200);
  const dimsList = (argValue(args, '--dims') ?? '128,256,512').split(',').map(Number);
  const settings: HnswSetting[] = (argValue(args, '--hnsw') ?? '12:40,16:64,16:100').split(',').map((s) => {
    const [m, efConstruction] = s.split(':').map(Number);
    return { m, efConstruction };
  });
  const efSearches = (argValue(args, '--ef') ?? '50,100,200,400').split(',').map(Number);
  const out: string[] = [];
  if (!args.includes('--skip-embedder')) {
    out.push(`### Hashed n-gram embedder (${queryCount} queries: half questions about an item's subject, half partial copies of its text)`, '');
    for (const n of sizes) out.push(embedderTable(n, dimsList, queryCount), '');
  }
  if (!args.includes('--skip-hnsw')) {
    const hnswDims = Number(argValue(args, '--hnsw-dims') ?? DEFAULT_HASH_DIMENSIONS);
    out.push(`### HNSW (hnswlib-node, inner product, ${hnswDims} dims) vs exact search`, '');
    for (const n of sizes) out.push(hnswTable(n, settings, efSearches, queryCount, hnswDims), '');
  }
  if (!args.includes('--skip-hybrid')) {
    out.push('### The real pipeline (SQLite + FTS5 + HNSW with default settings, on disk)', '');
    const hybridDims = (argValue(args, '--hybrid-dims') ?? String(DEFAULT_HASH_DIMENSIONS)).split(',').map(Number);
    out.push(HYBRID_HEADER);
    for (const n of sizes) for (const d of hybridDims) out.push(await hybridRow(n, queryCount, d));
    out.push('');
  }
  process.stdout.write(out.join('\n') + '\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    process.exitCode = 1;
  });
}
