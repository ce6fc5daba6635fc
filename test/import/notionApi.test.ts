import { importDocuments } from '../../src/services/import/service';
import { ReportParseError } from '../../src/domain/reports/model';
import { importNotionDatabase, notionDatabaseId, NotionImportError } from '../../src/adapters/import/notionApi';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { FakeNotionApi, type FakeBlock } from '../support/fakeNotionApi';
import { openTestKb } from '../support/kb';

const WEEK_47: FakeBlock[] = [
  { type: 'heading_2', text: '本周完成' },
  { type: 'bulleted_list_item', text: '对账文件生成改为增量，耗时从 40 分钟降到 6 分钟', children: [{ type: 'bulleted_list_item', text: '灰度两家渠道，无差错' }] },
  { type: 'to_do', text: '清分规则配置化 已上线', checked: true },
  { type: 'heading_2', text: '下周计划' },
  { type: 'numbered_list_item', text: '跨境结算通道 计划 11/28 提测' },
  { type: 'numbered_list_item', text: '差错处理平台需求评审' },
];

const WEEK_46: FakeBlock[] = [
  { type: 'heading_2', text: '本周完成' },
  { type: 'bulleted_list_item', text: '清分规则配置化 完成联调' },
  { type: 'bulleted_list_item', text: '对账文件增量方案评审通过' },
];

test('--database takes the id as Notion shows it: bare, dashed, or the database link with a view id', () => {
  const dashed = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
  expect(notionDatabaseId('1f2e3d4c5b6a47988a7b6c5d4e3f2a1b')).toBe(dashed);
  expect(notionDatabaseId(dashed.toUpperCase())).toBe(dashed);
  expect(notionDatabaseId(`https://www.notion.so/acme/Dec-weekly-1f2e3d4c5b6a47988a7b6c5d4e3f2a1b?v=0a0b0c0d0e0f40418a7b6c5d4e3f2a1b`)).toBe(dashed);
  expect(notionDatabaseId('weekly')).toBeNull();
});

describe('Notion database import (NotionAPILoader against a loopback Notion API)', () => {
  let api: FakeNotionApi;
  let kb: KnowledgeBase;

  beforeEach(async () => {
    api = await new FakeNotionApi().start();
    ({ kb } = await openTestKb({ samples: false }));
  });
  afterEach(async () => {
    kb.close();
    await api.stop();
  });

  const load = () => importNotionDatabase({ databaseId: api.databaseId.replace(/-/g, ''), token: api.token, baseUrl: api.baseUrl });

  test('each page of the database is one report, keyed by its page id; re-import is idempotent, an edit is a new version', async () => {
    const p46 = api.addPage({ title: '清结算组 第46周 2023-11-10', blocks: WEEK_46 });
    const p47 = api.addPage({ title: '清结算组 第47周 2023-11-17', blocks: WEEK_47 });
    const first = await importDocuments(kb, await load());

    expect(first.map((r) => [r.source, r.outcome])).toEqual([
      [`notion:${p46.id}`, 'new'],
      [`notion:${p47.id}`, 'new'],
    ]);
    const stored = kb.listReports().map((r) => [r.team, r.weekLabel, r.reportDate, r.source]);
    expect(stored).toEqual([
      ['清结算组', '第46周', '2023-11-10', `notion:${p46.id}`],
      ['清结算组', '第47周', '2023-11-17', `notion:${p47.id}`],
    ]);
    const week47 = kb.listReports().find((r) => r.weekLabel === '第47周')!;
    const items = kb.store.getItemsForReport(week47.id).map((i) => i.text);
    expect(items).toEqual(expect.arrayContaining([expect.stringContaining('对账文件生成改为增量'), expect.stringContaining('跨境结算通道 计划 11/28 提测')]));
    expect(items.join('\n')).toContain('灰度两家渠道');

    const again = await importDocuments(kb, await load());
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);

    api.editPage(p47.id, [...WEEK_47, { type: 'bulleted_list_item', text: '商户结算周期调整方案 已上线' }]);
    const edited = await importDocuments(kb, await load());
    expect(edited.map((r) => r.outcome)).toEqual(['unchanged', 'replaced']);
    expect(edited[1].report?.version).toBe(2);
    const after = kb.store.getItemsForReport(week47.id).map((i) => i.text);
    expect(after.join('\n')).toContain('商户结算周期调整方案');
    expect(kb.listReports()).toHaveLength(2);
  });

  test('the database is listed page by page through its data source (Notion API 2025-09-03)', async () => {
    for (let week = 44; week <= 48; week++) {
      const day = new Date(Date.UTC(2023, 10, 17 + (week - 47) * 7)).toISOString().slice(0, 10);
      api.addPage({ title: `清结算组 第${week}周 ${day}`, blocks: WEEK_46 });
    }
    const docs = await load();
    expect(docs).toHaveLength(5);
    const queries = api.requests.filter((r) => r.path.endsWith('/query'));
    expect(queries.length).toBe(3); // 5 pages, 2 per response
    expect(new Set(api.requests.map((r) => r.notionVersion))).toEqual(new Set(['2025-09-03']));
  });

  test('a page whose text states no date is dated by its date property, else by its last edit, with a warning', async () => {
    api.addPage({ title: '清结算组周报', date: '2023-11-17', blocks: WEEK_46 });
    api.addPage({ title: '清结算组 周报', blocks: WEEK_47, lastEditedTime: '2023-11-23T03:00:00.000Z' });
    const results = await importDocuments(kb, await load(), { team: '清结算组' });

    expect(results.map((r) => [r.outcome, r.report?.reportDate])).toEqual([
      ['new', '2023-11-17'],
      ['new', '2023-11-24'],
    ]);
    expect(results[0].warnings.join('\n')).toContain('「日期」属性');
    expect(results[1].warnings.join('\n')).toMatch(/最后编辑时间（2023-11-23）.*--date/);
  });

  test('with --date the page metadata is not used: the date goes to ingest, which decides', async () => {
    api.addPage({ title: '清结算组周报', date: '2023-11-17', blocks: WEEK_46 });
    const calls: Array<Record<string, unknown>> = [];
    const results = await importDocuments(kb, await load(), {
      team: '清结算组',
      date: '2023-12-01',
      ingest: async (_text, options) => {
        calls.push({ ...options });
        throw new ReportParseError('无法确定周次', 'no_week');
      },
    });
    expect(calls).toEqual([expect.objectContaining({ date: '2023-12-01', team: '清结算组', forceTeam: true })]);
    expect(calls[0]).not.toHaveProperty('reportDate');
    expect(results.map((r) => r.outcome)).toEqual(['error']);
  });

  test('the page text is Markdown with the title on top: headings, nested lists, to-dos and tables kept', async () => {
    api.addPage({
      title: '清结算组 第47周 2023-11-17',
      blocks: [...WEEK_47, { type: 'table', rows: [['事项', '负责人', '状态'], ['跨境结算通道', '王五', '进行中']] }],
    });
    const [doc] = await load();
    const text = String(doc.text);
    expect(text.split('\n')[0]).toBe('# 清结算组 第47周 2023-11-17');
    expect(text).toContain('## 本周完成');
    expect(text).toMatch(/^- 对账文件生成改为增量.*\n\s+- 灰度两家渠道/m);
    expect(text).toContain('- [x] 清分规则配置化 已上线');
    expect(text).toMatch(/^\|\s*跨境结算通道\s*\|\s*王五\s*\|\s*进行中\s*\|$/m);
  });

  test('a wrong token or an unshared database is refused with what to do, and nothing is stored', async () => {
    api.addPage({ title: '清结算组 第47周 2023-11-17', blocks: WEEK_47 });
    await expect(importNotionDatabase({ databaseId: api.databaseId, token: 'secret_wrong', baseUrl: api.baseUrl })).rejects.toThrow(
      new NotionImportError('Notion 拒绝了令牌：NOTION_TOKEN 无效或已失效，请在 Notion 的集成设置中重新复制。'),
    );
    const other = '0123456789abcdef0123456789abcdef';
    await expect(importNotionDatabase({ databaseId: other, token: api.token, baseUrl: api.baseUrl })).rejects.toThrow(/找不到.*分享给这个集成/);
    await expect(importNotionDatabase({ databaseId: 'not-an-id', token: api.token, baseUrl: api.baseUrl })).rejects.toThrow(/不是 Notion 数据库 ID/);
    expect(kb.listReports()).toEqual([]);
  });
});
