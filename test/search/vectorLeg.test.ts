/**
 * The vector leg's two roles (src/adapters/search/vectorLeg.ts). Offline, the hashed n-gram index is
 * a fallback: ingest does not build it, a question answered by lines holding every word does not
 * load it, and the first question that needs it loads it (built from SQLite), after which it is
 * kept current. With an embedding model it is a full partner, built at ingest, and finds paraphrases
 * the keyword leg cannot (through the embeddings stand-in, whose "model" knows synonyms).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadAliases } from '../../src/adapters/text/aliasesFile';
import { createEmbeddings } from '../../src/adapters/search/embedder';
import { HybridRetriever } from '../../src/adapters/search/hybridRetriever';
import { VectorIndex } from '../../src/adapters/search/vectorIndex';
import { VectorLeg } from '../../src/adapters/search/vectorLeg';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { makeReport } from '../store/fixtures/makeReport';

const WEEK_47 = [
  '光大备份通道测试中，计划12/8上线',
  '银联无感签约支付进入回归测试，整体预计12/2上线',
  '硬件加密机招标结束，计划采购6台',
  '亦庄机房与云上专线已开通，等新防火墙到货后投产',
  '账单异常恢复演练完成，补数工具线上化进度70%',
];
const WEEK_48 = ['光大备份通道已于12/8上线，运行平稳', '招行代扣通道因银行侧升级延期至12/18上线'];
const WEEK_49 = ['渤海银行资金归集上线', '电子发票系统与税控盘对接完成'];

/** No stored line holds 灾备 or 切换: the keyword leg has no line with every word, so the fallback is asked. */
const UNCONFIDENT = '光大灾备切换演练';
/** Every word is in one line: answered by the keyword leg alone. */
const CONFIDENT = '光大备份通道什么时候上线？';

function week(weekNumber: number, lines: string[]): { report: ReturnType<typeof makeReport>['report']; rawText: string } {
  return makeReport({ weekNumber, reportDate: `2023-${weekNumber === 47 ? '11-17' : weekNumber === 48 ? '11-24' : '12-01'}` }, lines);
}

function storedIds(kb: KnowledgeBase): number[] {
  return kb.db.prepare('SELECT id FROM items ORDER BY id').pluck().all() as number[];
}

describe('offline: the vector index is a fallback', () => {
  let dataDir: string;
  const logs: string[] = [];
  const open = () => KnowledgeBase.open({ config: loadConfig({}, { dataDir }), llm: null, log: (m) => logs.push(m) });

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-leg-'));
    logs.length = 0;
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('ingest does not build it, and a question answered by the keyword leg does not load it', async () => {
    const kb = await open();
    try {
      expect(kb.vectorIndex.role).toBe('fallback');
      await kb.ingestText(week(47, WEEK_47).rawText, { source: 'w47' });
      const answer = kb.askSync(CONFIDENT);
      expect(answer.found).toBe(true);
      expect(answer.citations[0].text).toContain('光大备份通道');
      const hits = kb.retriever.search(CONFIDENT);
      expect(hits[0].item.text).toContain('光大备份通道');
      expect(hits.every((h) => h.vectorRank === null)).toBe(true);
      expect(kb.vectorIndex.loaded()).toBeNull();
    } finally {
      kb.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'index'))).toBe(false);
  });

  test('the first question that needs it builds it from SQLite; then ingests add to it, and the next process catches it up', async () => {
    const kb = await open();
    try {
      await kb.ingestText(week(47, WEEK_47).rawText, { source: 'w47' });
      const hits = kb.retriever.search(UNCONFIDENT);
      expect(hits.some((h) => h.vectorRank !== null)).toBe(true);
      expect(kb.vectorIndex.loaded()!.itemIds()).toEqual(storedIds(kb));
      expect(logs.join('\n')).toMatch(/重建.*索引不存在/);

      // Loaded: this process keeps it current as it stores.
      await kb.ingestText(week(48, WEEK_48).rawText, { source: 'w48' });
      expect(kb.vectorIndex.loaded()!.itemIds()).toEqual(storedIds(kb));
    } finally {
      kb.close();
    }

    // Another process stores a week without loading the index: its file falls behind the store.
    const other = await open();
    await other.ingestText(week(49, WEEK_49).rawText, { source: 'w49' });
    expect(other.vectorIndex.loaded()).toBeNull();
    other.close();

    logs.length = 0;
    const later = await open();
    try {
      expect(later.vectorIndex.loaded()).toBeNull();
      later.retriever.search(UNCONFIDENT);
      // Loaded from disk and only the other process's items embedded, not rebuilt.
      expect(later.vectorIndex.loaded()!.itemIds()).toEqual(storedIds(later));
      expect(logs.join('\n')).toMatch(new RegExp(`补入 ${WEEK_49.length} 条`));
      expect(logs.join('\n')).not.toMatch(/重建/);
    } finally {
      later.close();
    }
  });

  test('`reindex` builds it in either role', async () => {
    const kb = await open();
    try {
      await kb.ingestText(week(47, WEEK_47).rawText, { source: 'w47' });
      expect((await kb.reindex()).items).toBe(WEEK_47.length);
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'index', 'meta.json'), 'utf8')).count).toBe(WEEK_47.length);
    } finally {
      kb.close();
    }
  });
});

describe('with an embedding model: the vector index is a partner', () => {
  // What the stand-in model "knows": 数据中心 is a 机房, a 链路 a 专线, 打通 is 开通.
  const SYNONYMS = [
    ['机房', '数据中心'],
    ['专线', '链路'],
    ['开通', '打通'],
  ];
  /** Not one word of it in the answering line (亦庄机房与云上专线已开通…), nor in any other. */
  const PARAPHRASE = '数据中心的链路打通了吗';
  let fake: FakeOpenAI;
  let dataDir: string;

  beforeAll(async () => {
    fake = await FakeOpenAI.start({ synonyms: SYNONYMS });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-leg-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const env = () => ({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url, OPENAI_EMBEDDING_MODEL: 'fake-embedding' });

  test('built at ingest, searched for every question: finds the paraphrase the keyword leg misses', async () => {
    const kb = await KnowledgeBase.open({ config: loadConfig(env(), { dataDir }), llm: null, log: () => {} });
    try {
      expect(kb.vectorIndex.role).toBe('partner');
      await kb.ingestText(week(47, WEEK_47).rawText, { source: 'w47' });
      await kb.ingestText(week(48, WEEK_48).rawText, { source: 'w48' });
      expect(kb.vectorIndex.loaded()!.itemIds()).toEqual(storedIds(kb));
      expect(fake.embeddingRequests().length).toBeGreaterThan(0);

      const hits = await kb.retriever.searchAsync(PARAPHRASE);
      expect(hits[0].item.text).toContain('亦庄机房与云上专线已开通');
      expect(hits[0]).toMatchObject({ keywordRank: null, vectorRank: 1 });
      // Without the model's vectors (the synchronous search has only the keyword leg) it is not found.
      expect(kb.retriever.search(PARAPHRASE).some((h) => h.item.text.includes('专线'))).toBe(false);
    } finally {
      kb.close();
    }
  });

  test('through the HNSW graph itself (no exact scan), the paraphrase still comes first', async () => {
    const db = openDatabase(path.join(dataDir, 'zhoubao.db'));
    try {
      const store = new ReportStore(db);
      for (const [n, lines] of [[47, WEEK_47], [48, WEEK_48], [49, WEEK_49]] as const) {
        store.saveReport({ ...week(n, [...lines]), source: `w${n}` });
      }
      const embedder = createEmbeddings({ openaiApiKey: fake.apiKey, openaiBaseUrl: fake.url, embeddingModel: 'fake-embedding' });
      const index = await VectorIndex.open({ dir: path.join(dataDir, 'index'), embedder, store, exactSearchMaxItems: 0 });
      expect(index.count).toBe(WEEK_47.length + WEEK_48.length + WEEK_49.length);
      const retriever = new HybridRetriever({ db, store, vectorLeg: VectorLeg.partner(index), embedder, aliases: loadAliases() });
      const hits = await retriever.searchAsync(PARAPHRASE);
      expect(hits[0].item.text).toContain('亦庄机房与云上专线已开通');
      expect(hits[0]).toMatchObject({ keywordRank: null, vectorRank: 1 });
    } finally {
      db.close();
    }
  });
});
