/**
 * The offline fallback on a store too big to build its index on the ask path (src/adapters/search/
 * vectorLeg.ts): a small scope is searched exactly over its own items, embedded on the spot, with
 * no index loaded or built; an unscoped (or too wide) question without a saved index is answered
 * by the keyword leg alone and the log says once how to build it; a saved index is loaded, never
 * rebuilt; within the bound nothing changes. The bounds are injected small, so the stores are tiny.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { loadAliases } from '../../src/adapters/text/aliasesFile';
import { createEmbeddings } from '../../src/adapters/search/embedder';
import { HybridRetriever } from '../../src/adapters/search/hybridRetriever';
import { VectorIndex } from '../../src/adapters/search/vectorIndex';
import { VectorLeg, type VectorLegOptions } from '../../src/adapters/search/vectorLeg';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

const PAY = '支付中心';
const OPS = '运维组';
const PAY_LINES = [
  '光大备份通道测试中，计划12/8上线',
  '银联无感签约支付进入回归测试，整体预计12/2上线',
  '硬件加密机招标结束，计划采购6台',
  '账单异常恢复演练完成，补数工具线上化进度70%',
];
const OPS_LINES = ['光大专线扩容完成', '亦庄机房与云上专线已开通，等新防火墙到货后投产', '监控告警规则梳理完成', '值班手册更新'];
/** No line holds 灾备 or 切换, so no keyword hit has every word and the fallback is asked; the answer is 光大备份通道…. */
const PARAPHRASE = '光大灾备切换演练';

describe('the offline fallback above the build bound', () => {
  let dir: string;
  let db: Database.Database;
  let store: ReportStore;
  const logs: string[] = [];
  const embedder = createEmbeddings({});
  const aliases = loadAliases();
  const indexDir = () => path.join(dir, 'index');
  const teamOf = (id: number) => db.prepare('SELECT r.team FROM items i JOIN reports r ON r.id = i.report_id WHERE i.id = ?').pluck().get(id);

  async function retriever(bounds: Pick<VectorLegOptions, 'buildMaxItems' | 'scopedExactMaxItems'>): Promise<{ leg: VectorLeg; retriever: HybridRetriever }> {
    const leg = await VectorLeg.open({ role: 'fallback', dir: indexDir(), embedder, store, log: (m) => logs.push(m), ...bounds });
    return { leg, retriever: new HybridRetriever({ db, store, vectorLeg: leg, embedder, aliases }) };
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-bounds-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    store = new ReportStore(db);
    store.saveReport({ ...makeReport({ team: PAY, weekNumber: 47 }, PAY_LINES), source: 'pay47' });
    store.saveReport({ ...makeReport({ team: OPS, weekNumber: 47 }, OPS_LINES), source: 'ops47' });
    logs.length = 0;
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a small scope is searched over its own items: the paraphrase is found through the vector leg, and no index is loaded or built", async () => {
    // 8 items > the build bound of 4; the team's 4 ≤ the scoped bound of 5.
    const { leg, retriever: r } = await retriever({ buildMaxItems: 4, scopedExactMaxItems: 5 });
    const hits = r.search(PARAPHRASE, { teams: [PAY] });
    expect(hits[0].item.text).toContain('光大备份通道');
    expect(hits[0].vectorRank).toBe(1);
    expect(hits.every((h) => teamOf(h.item.id) === PAY)).toBe(true);
    expect(leg.fallbackSearches).toBe(1);
    expect(leg.loaded()).toBeNull();
    expect(fs.existsSync(indexDir())).toBe(false);
    expect(logs).toEqual([]);
  });

  test("the scope's exact search ranks exactly as the index would among the scope's items", async () => {
    const { leg } = await retriever({ buildMaxItems: 4, scopedExactMaxItems: 5 });
    const reference = VectorIndex.openSync({ dir: path.join(dir, 'reference'), embedder, store });
    const payIds = new Set(db.prepare('SELECT i.id FROM items i JOIN reports r ON r.id = i.report_id WHERE r.team = ?').pluck().all(PAY) as number[]);
    const vector = embedder.embedSync!('光大 灾备 切换 演练');
    const expected = reference.exactSearch(vector, 10, (id) => payIds.has(id));
    const scoped = leg.fallbackSearch(vector, 10, { teams: [PAY] });
    expect(scoped.map((h) => h.id)).toEqual(expected.map((h) => h.id));
    scoped.forEach((h, k) => expect(h.score).toBeCloseTo(expected[k].score, 5));
    expect(leg.loaded()).toBeNull();
  });

  test('unscoped without a saved index: the keyword leg answers alone, and the log says once to run reindex', async () => {
    const { leg, retriever: r } = await retriever({ buildMaxItems: 4, scopedExactMaxItems: 5 });
    const first = r.search(PARAPHRASE);
    r.search(PARAPHRASE);
    expect(first.length).toBeGreaterThan(0); // the keyword leg's partial matches (光大…)
    expect(first.every((h) => h.vectorRank === null)).toBe(true);
    expect(leg.fallbackSearches).toBe(2);
    expect(leg.loaded()).toBeNull();
    expect(fs.existsSync(indexDir())).toBe(false);
    expect(logs.filter((m) => m.includes('zhoubao reindex'))).toHaveLength(1);
  });

  test('a scope wider than the scoped bound is treated as unscoped: no index is built', async () => {
    const { leg, retriever: r } = await retriever({ buildMaxItems: 4, scopedExactMaxItems: 3 });
    const hits = r.search(PARAPHRASE, { teams: [PAY] });
    expect(hits.every((h) => h.vectorRank === null)).toBe(true);
    expect(leg.loaded()).toBeNull();
    expect(fs.existsSync(indexDir())).toBe(false);
    expect(logs.join('\n')).toMatch(/zhoubao reindex/);
  });

  test('an index saved by reindex is loaded above the bound (not rebuilt) and searched', async () => {
    const built = await retriever({ buildMaxItems: 4, scopedExactMaxItems: 5 });
    expect(await built.leg.rebuild()).toBe(PAY_LINES.length + OPS_LINES.length);
    logs.length = 0;
    const { leg, retriever: r } = await retriever({ buildMaxItems: 4, scopedExactMaxItems: 5 });
    const hits = r.search(PARAPHRASE);
    expect(hits.find((h) => h.item.text.includes('光大备份通道'))?.vectorRank).toEqual(expect.any(Number));
    expect(leg.loaded()!.count).toBe(PAY_LINES.length + OPS_LINES.length);
    expect(logs.join('\n')).not.toMatch(/重建|reindex/);
  });

  test('within the bound, as before: an unscoped question builds the index from SQLite and searches it', async () => {
    const { leg, retriever: r } = await retriever({ buildMaxItems: 8, scopedExactMaxItems: 5 });
    const hits = r.search(PARAPHRASE);
    expect(hits.find((h) => h.item.text.includes('光大备份通道'))?.vectorRank).toEqual(expect.any(Number));
    expect(leg.loaded()!.count).toBe(PAY_LINES.length + OPS_LINES.length);
    expect(logs.join('\n')).toMatch(/重建.*索引不存在/);
    expect(fs.existsSync(path.join(indexDir(), 'meta.json'))).toBe(true);
  });
});
