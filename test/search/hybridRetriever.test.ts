import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { loadAliases } from '../../src/adapters/text/aliasesFile';
import { HashingEmbeddings } from '../../src/adapters/search/embedder';
import { HybridRetriever } from '../../src/adapters/search/hybridRetriever';
import { keywordSearch } from '../../src/adapters/search/keywordIndex';
import { VectorIndex } from '../../src/adapters/search/vectorIndex';
import { VectorLeg } from '../../src/adapters/search/vectorLeg';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { makeReport } from '../store/fixtures/makeReport';

describe('hybrid retrieval (vector leg as a partner)', () => {
  let dir: string;
  let db: Database.Database;
  let store: ReportStore;
  let retriever: HybridRetriever;
  let vectorIndex: VectorIndex;
  const embedder = new HashingEmbeddings();
  const id: Record<string, number> = {};

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-hybrid-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    store = new ReportStore(db);
    const save = (head: Parameters<typeof makeReport>[0], lines: Array<[string, string, string[]?]>) => {
      const saved = store.saveReport({ ...makeReport(head, lines.map(([, text, section]) => ({ text, section }))), source: 't' });
      lines.forEach(([key], i) => (id[key] = saved.addedItemIds[i]));
    };
    save({ team: '支付中心', weekNumber: 47, reportDate: '2023-11-17' }, [
      ['gd47', '定期转账：光大备份通道测试中，计划12/8上线', ['O1 服务业务']],
      ['up47', '银联无感签约支付进入回归测试，整体预计12/2上线', ['O1 服务业务']],
      ['hsm', '硬件加密机招标结束，计划采购6台', ['O2 系统升级', 'POS收单系统建设']],
      ['line', '亦庄机房与云上专线已开通，等新防火墙到货后投产', ['O2 系统升级', '支付系统双活']],
      ['rate47', '本周入金成功率99.991%', ['系统运行数据']],
    ]);
    save({ team: '支付中心', weekNumber: 48, reportDate: '2023-11-24' }, [
      ['gd48', '光大备份通道已于12/8上线，运行平稳', ['O1 服务业务']],
      ['cmb', '招行代扣通道因银行侧升级延期至12/18上线', ['风险与问题']],
    ]);
    save({ team: '清结算中心', weekNumber: 48, reportDate: '2023-11-24' }, [
      ['recon', '光大银行对账文件格式变更，清算差错处理方案评审通过', ['重点工作']],
      ['inv', '推进电子发票系统与税控盘对接', ['下周计划']],
    ]);
    vectorIndex = await VectorIndex.open({ dir: path.join(dir, 'index'), embedder, store });
    retriever = new HybridRetriever({ db, store, vectorLeg: VectorLeg.partner(vectorIndex), embedder, aliases: loadAliases() });
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a colloquial question finds the line, with both legs contributing', () => {
    const hits = retriever.search('光大那个备份通道哪天上的', { limit: 5 });
    expect([id.gd47, id.gd48]).toContain(hits[0].item.id);
    expect(hits.slice(0, 2).map((h) => h.item.id).sort()).toEqual([id.gd47, id.gd48].sort());
    expect(hits[0].keywordRank).not.toBeNull();
    expect(hits[0].vectorRank).not.toBeNull();
    expect(hits[0].item).toMatchObject({ team: '支付中心', weekLabel: expect.stringMatching(/^第4[78]周$/) });
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
  });

  test('aliases bridge wording: 招商银行 … 推迟 finds 招行 … 延期, 送测/投产 find 提测/上线', () => {
    expect(retriever.search('招商银行代扣为什么推迟')[0].item.id).toBe(id.cmb);
    expect(retriever.search('双活专线什么时候投产')[0].item.id).toBe(id.line);
  });

  test('team and week filters restrict both legs', () => {
    const team = retriever.search('光大', { teams: ['清结算中心'] });
    expect(team.map((h) => h.item.id)).toEqual([id.recon]);
    const week = retriever.search('光大备份通道', { weekNumbers: [47] });
    expect(week.every((h) => h.item.weekNumber === 47)).toBe(true);
    expect(week[0].item.id).toBe(id.gd47);
    expect(retriever.search('光大', { teams: ['没有这个团队'] })).toEqual([]);
  });

  test('extra token groups add terms to the keyword leg', () => {
    const plain = retriever.search('税控', { limit: 3 }).map((h) => h.item.id);
    expect(plain[0]).toBe(id.inv);
    const withExtra = retriever.search('对接', { limit: 3, extraTokenGroups: [['税控盘']] }).map((h) => h.item.id);
    expect(withExtra[0]).toBe(id.inv);
  });

  test('limit is respected; a question with no subject finds nothing; hostile input is harmless', async () => {
    expect(retriever.search('上线', { limit: 2 })).toHaveLength(2);
    expect(retriever.search('什么时候？')).toEqual([]);
    for (const q of ['"', 'AND OR NOT', 'NEAR(光大 备份)', '光大" OR "', '*', '((', '😀', '']) {
      expect(() => retriever.search(q)).not.toThrow();
    }
    await expect(retriever.searchAsync('光大备份通道')).resolves.toEqual(retriever.search('光大备份通道'));
  });

  test('an item deleted from the store is never returned, even while the index still has it', () => {
    const extra = store.saveReport({ ...makeReport({ team: '资金中心', weekNumber: 49, reportDate: '2023-12-01' }, ['渤海银行资金归集上线']), source: 't' });
    return vectorIndex.add(store.getItemsByIds(extra.addedItemIds)).then(() => {
      expect(retriever.search('渤海银行资金归集')[0].item.id).toBe(extra.addedItemIds[0]);
      store.deleteReport(extra.report.id); // the index is not told
      expect(retriever.search('渤海银行资金归集').map((h) => h.item.id)).not.toContain(extra.addedItemIds[0]);
    });
  });
});

describe('keywordSearch', () => {
  let db: Database.Database;
  let store: ReportStore;
  beforeAll(() => {
    db = openDatabase(':memory:');
    store = new ReportStore(db);
  });
  afterAll(() => db.close());

  test('items containing every word rank above items containing some, and only the rarest words drive the partial matches', () => {
    const saved = store.saveReport({
      ...makeReport({ team: 'A', weekNumber: 1, reportDate: '2024-01-05' }, ['光大代扣通道联调中', '光大备份通道已上线', '民生备份通道已上线', '备份数据库扩容']),
      source: 't',
    }).addedItemIds;
    const hits = keywordSearch(db, [['光大'], ['备份通道']], { limit: 10 }).map((h) => h.id);
    expect(hits[0]).toBe(saved[1]);
    expect(hits).toEqual(expect.arrayContaining([saved[0], saved[2]]));
  });

  test('filters: teams, weeks and reports; an empty filter list selects nothing', () => {
    const b = store.saveReport({ ...makeReport({ team: 'B', weekNumber: 2, reportDate: '2024-01-12' }, ['光大备份通道回归测试']), source: 't' });
    const groups = [['光大'], ['备份通道']];
    expect(keywordSearch(db, groups, { limit: 10, teams: ['B'] }).map((h) => h.id)).toEqual(b.addedItemIds);
    expect(keywordSearch(db, groups, { limit: 10, weekNumbers: [2] }).map((h) => h.id)).toEqual(b.addedItemIds);
    expect(keywordSearch(db, groups, { limit: 10, reportIds: [b.report.id] }).map((h) => h.id)).toEqual(b.addedItemIds);
    expect(keywordSearch(db, groups, { limit: 10, teams: [] })).toEqual([]);
    expect(keywordSearch(db, [], { limit: 10 })).toEqual([]);
    expect(keywordSearch(db, groups, { limit: 0 })).toEqual([]);
  });

  test('a word with a common part is matched by its rare parts, and still only where the whole word is', () => {
    // 数据 is in more rows than bm25 ranks quickly: 数据仓库 is looked up by 据仓 alone.
    const common = store.saveReport({
      ...makeReport({ team: 'D', weekNumber: 4, reportDate: '2024-01-26' }, Array.from({ length: 1600 }, (_, i) => `数据治理事项${i}`)),
      source: 'common',
    }).addedItemIds;
    const lines = store.saveReport({
      ...makeReport({ team: 'D', weekNumber: 5, reportDate: '2024-02-02' }, ['数据仓库扩容完成', '仓库数据迁移', '光大数据仓库上线']),
      source: 'lines',
    }).addedItemIds;
    const strict = keywordSearch(db, [['数据仓库']], { limit: 10 }).filter((h) => h.allGroups);
    expect(strict.map((h) => h.id).sort()).toEqual([lines[0], lines[2]].sort());
    const both = keywordSearch(db, [['光大'], ['数据仓库']], { limit: 10 });
    expect(both[0]).toMatchObject({ id: lines[2], allGroups: true });
    expect(both.filter((h) => h.allGroups).map((h) => h.id)).toEqual([lines[2]]);
    expect(common).toHaveLength(1600);
  });

  test('a word too common to rank by bm25 quickly still returns results, newest first', () => {
    const many = store.saveReport({
      ...makeReport({ team: 'C', weekNumber: 3, reportDate: '2024-01-19' }, Array.from({ length: 1600 }, (_, i) => `支付事项${i}`)),
      source: 'many',
    }).addedItemIds;
    const hits = keywordSearch(db, [['支付']], { limit: 5 });
    expect(hits.map((h) => h.id)).toEqual(many.slice(-5).reverse());
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThan(hits[i].score);
  });
});
