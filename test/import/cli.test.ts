import fs from 'node:fs';
import path from 'node:path';
import { runImportCommand } from '../../src/cli/importCommand';
import { loadConfig } from '../../src/config';
import { collectImportFiles, notionExportName, readImportFiles } from '../../src/adapters/import/files';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { FakeNotionApi } from '../support/fakeNotionApi';
import { openTestKb, tempDir } from '../support/kb';
import { buildDocx } from './documents';

/** The importers' settings as `zhoubao import` loads them from these environment variables. */
const settingsFrom = (env: Record<string, string>) => loadConfig(env);

const ID_46 = '1a2b3c4d5e6f40718293a4b5c6d7e8f9';
const ID_47 = '0f1e2d3c4b5a49687766554433221100';

const page = (title: string, lines: string[]) => [`# ${title}`, '', 'Created: 2023年11月29日 20:54', '', '## 本周完成', '', ...lines, ''].join('\n');

/** A Notion export, unzipped: pages named `Title <id>.md`, a database CSV, an image, a sub-folder. */
function notionExport(root: string): string {
  const dir = path.join(root, `数据中台周报 ${'ab'.repeat(16)}`);
  fs.mkdirSync(path.join(dir, '附件'), { recursive: true });
  fs.writeFileSync(path.join(dir, `数据中台 第46周 2023-11-10 ${ID_46}.md`), page('数据中台 第46周 2023-11-10', ['- 指标口径统一 完成评审', '- 埋点治理 进行中']));
  fs.writeFileSync(path.join(dir, `数据中台 第47周 2023-11-17 ${ID_47}.md`), page('数据中台 第47周 2023-11-17', ['- 实时数仓链路 已上线', '- 数据血缘图谱 完成 60%']));
  fs.writeFileSync(path.join(dir, `数据中台周报 ${'cd'.repeat(16)}.csv`), '名称,日期\n数据中台 第46周,2023-11-10\n');
  fs.writeFileSync(path.join(dir, '附件', 'chart.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  return dir;
}

describe('Notion export folders and report files', () => {
  test('a Notion export name gives the page id (dashed, as the API writes it) and the title', () => {
    expect(notionExportName(`数据中台 第47周 2023-11-17 ${ID_47}.md`)).toEqual({
      id: '0f1e2d3c-4b5a-4968-7766-554433221100',
      title: '数据中台 第47周 2023-11-17',
      fileName: '数据中台 第47周 2023-11-17.md',
    });
    expect(notionExportName('数据中台 第47周.md')).toBeNull();
  });

  test('the walk takes report files only, in name order, sub-folders included', () => {
    const dir = notionExport(tempDir('zhoubao-notion-export-'));
    expect(collectImportFiles([dir]).map((f) => path.basename(f))).toEqual([`数据中台 第46周 2023-11-10 ${ID_46}.md`, `数据中台 第47周 2023-11-17 ${ID_47}.md`]);
  });

  test('pages of an export are keyed notion:<page id>, like the API import', async () => {
    const dir = notionExport(tempDir('zhoubao-notion-export-'));
    const docs = await readImportFiles([dir]);
    expect(docs.map((d) => [d.source, d.title, d.fileName])).toEqual([
      ['notion:1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9', '数据中台 第46周 2023-11-10', '数据中台 第46周 2023-11-10.md'],
      ['notion:0f1e2d3c-4b5a-4968-7766-554433221100', '数据中台 第47周 2023-11-17', '数据中台 第47周 2023-11-17.md'],
    ]);
  });
});

describe('zhoubao import', () => {
  let kb: KnowledgeBase;
  let lines: string[];
  const out = (line: string) => lines.push(...line.split('\n'));
  beforeEach(async () => {
    ({ kb } = await openTestKb({ samples: false }));
    lines = [];
  });
  afterEach(() => kb.close());

  test('a Notion export folder: one line per page, a summary, exit 0; again: unchanged', async () => {
    const dir = notionExport(tempDir('zhoubao-notion-export-'));
    expect(await runImportCommand(kb, [dir], {}, settingsFrom({}), out)).toBe(0);
    expect(lines).toEqual([
      '✓ 新增 数据中台 第46周 2023-11-10 2 条  「数据中台 第46周 2023-11-10」',
      '✓ 新增 数据中台 第47周 2023-11-17 2 条  「数据中台 第47周 2023-11-17」',
      '共 2 份：新增 2，更新 0，未变 0，失败 0',
    ]);
    lines = [];
    expect(await runImportCommand(kb, [dir, '--json'], {}, settingsFrom({}), out)).toBe(0);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ source: `notion:1a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9`, outcome: 'unchanged', team: '数据中台', week: '第46周', date: '2023-11-10', items: 2 }),
      expect.objectContaining({ source: `notion:0f1e2d3c-4b5a-4968-7766-554433221100`, outcome: 'unchanged', week: '第47周', version: 1 }),
    ]);
  });

  test('a corrupt document among good ones: the good ones are stored, the bad one named, exit 2', async () => {
    const dir = tempDir('zhoubao-import-mixed-');
    fs.writeFileSync(path.join(dir, 'a.docx'), await buildDocx([{ heading: 1, text: '数据中台 第48周 2023-11-24' }, { bullet: '口径字典 已上线' }]));
    fs.writeFileSync(path.join(dir, 'b.docx'), Buffer.from('PK\u0003\u0004 truncated'));
    expect(await runImportCommand(kb, [dir], { team: '数据中台' }, settingsFrom({}), out)).toBe(2);
    expect(lines[0]).toBe('✓ 新增 数据中台 第48周 2023-11-24 1 条  「a.docx」');
    expect(lines[1]).toMatch(/^✗ 失败 「b\.docx」：无法读取 \.docx 文件「b\.docx」：/);
    expect(kb.listReports()).toHaveLength(1);
  });

  test('nothing importable, a missing path, a bad --date: exit 1 with the reason', async () => {
    const dir = tempDir('zhoubao-import-bad-');
    fs.writeFileSync(path.join(dir, 'x.docx'), 'not a zip');
    expect(await runImportCommand(kb, [dir], {}, settingsFrom({}), out)).toBe(1);
    expect(await runImportCommand(kb, [path.join(dir, 'missing')], {}, settingsFrom({}), out)).toBe(1);
    expect(lines).toContain(`✗ 找不到文件或目录：${path.join(dir, 'missing')}`);
    expect(await runImportCommand(kb, [dir], { date: '2023-02-30' }, settingsFrom({}), out)).toBe(1);
    expect(lines[lines.length - 1]).toMatch(/--date「2023-02-30」不是有效日期/);
    expect(kb.listReports()).toEqual([]);
  });

  test('notion: needs --database and NOTION_TOKEN; with them, reads NOTION_API_URL and stores the pages', async () => {
    expect(await runImportCommand(kb, ['notion'], {}, settingsFrom({ NOTION_TOKEN: 'x' }), out)).toBe(1);
    expect(lines.pop()).toMatch(/--database/);
    expect(await runImportCommand(kb, ['notion', '--database', ID_47], {}, settingsFrom({}), out)).toBe(1);
    expect(lines.pop()).toMatch(/缺少 NOTION_TOKEN/);

    const api = await new FakeNotionApi().start();
    try {
      api.addPage({ title: '数据中台 第47周 2023-11-17', blocks: [{ type: 'bulleted_list_item', text: '实时数仓链路 已上线' }] });
      const env = { NOTION_TOKEN: api.token, NOTION_API_URL: api.baseUrl };
      expect(await runImportCommand(kb, ['notion'], { database: api.databaseId, json: true }, settingsFrom(env), out)).toBe(0);
      expect(JSON.parse(lines.pop()!)).toMatchObject({ outcome: 'new', team: '数据中台', week: '第47周', items: 1 });
      expect(await runImportCommand(kb, ['notion', '--database', api.databaseId], {}, settingsFrom({ ...env, NOTION_TOKEN: 'secret_wrong' }), out)).toBe(1);
      expect(lines.pop()).toMatch(/NOTION_TOKEN 无效/);
    } finally {
      await api.stop();
    }
  });

  test('confluence: needs --space and its URL and token', async () => {
    expect(await runImportCommand(kb, ['confluence', '--space', 'OPS'], {}, settingsFrom({ CONFLUENCE_USER: 'a@b.c' }), out)).toBe(1);
    expect(lines.pop()).toBe('✗ 缺少 CONFLUENCE_URL、CONFLUENCE_TOKEN：请写入 .env（CONFLUENCE_USER 为账号邮箱，CONFLUENCE_TOKEN 为 API token）。');
    expect(await runImportCommand(kb, ['confluence'], {}, settingsFrom({}), out)).toBe(1);
    expect(lines.pop()).toMatch(/--space/);
  });
});
