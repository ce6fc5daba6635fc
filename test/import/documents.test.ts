import fs from 'node:fs';
import path from 'node:path';
import { readReportDocument } from '../../src/adapters/import/documents';
import { readImportFile } from '../../src/adapters/import/files';
import { importDocuments } from '../../src/services/import/service';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ReportParseError } from '../../src/domain/reports/model';
import { openTestKb, tempDir } from '../support/kb';
import { buildDocx, buildPdf } from './documents';

const TITLE = '研发效能组 第47周 2023-11-17';

async function weekDocx(): Promise<Buffer> {
  return buildDocx([
    { heading: 1, text: TITLE },
    { heading: 2, text: '本周完成' },
    { bullet: '流水线缓存改造 已上线，构建耗时下降 35%' },
    { bullet: '覆盖 12 个核心仓库', level: 1 },
    { bullet: '代码扫描规则升级 完成评审' },
    { heading: 2, text: '事项跟踪' },
    { table: [['事项', '负责人', '状态'], ['制品库迁移', '钱九', '进行中'], ['测试环境自助申请', '吴十', '已完成']] },
    { heading: 2, text: '下周计划' },
    { bullet: '单测覆盖率门禁 计划 11/24 上线' },
  ]);
}

const PDF_LINES = [`# ${TITLE}`, '## 本周完成', '- 流水线缓存改造 已上线', '- 代码扫描规则升级 完成评审', '## 下周计划', '- 单测覆盖率门禁 计划 11/24 上线'];

const HTML = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>周报</title><style>h1{color:red}</style></head><body>
<h1>${TITLE}</h1>
<h2>本周完成</h2><ul><li>流水线缓存改造 <b>已上线</b></li><li><s>旧构建机下线</s></li></ul>
<h2>事项跟踪</h2><table><thead><tr><th>事项</th><th>负责人</th></tr></thead><tbody><tr><td>制品库迁移</td><td>钱九</td></tr></tbody></table>
<h2>下周计划</h2><ol><li>单测覆盖率门禁 计划 11/24 上线</li></ol>
<p><a href="https://example.com/dashboard">看板</a></p></body></html>`;

describe('readReportDocument: documents → report text', () => {
  test('.docx: headings, nested bullets and tables (as pipe rows) survive', async () => {
    const { text, fileName } = await readReportDocument({ name: '周报.docx', bytes: await weekDocx() });
    expect(fileName).toBe('周报.docx');
    expect(String(text).split('\n')[0]).toBe(`# ${TITLE}`);
    expect(text).toContain('## 本周完成');
    expect(text).toMatch(/^- 流水线缓存改造 已上线，构建耗时下降 35%\n\s+- 覆盖 12 个核心仓库$/m);
    expect(text).toMatch(/^\| 事项 \| 负责人 \| 状态 \|\n\| --- \| --- \| --- \|\n\| 制品库迁移 \| 钱九 \| 进行中 \|$/m);
  });

  test('.pdf: one line per text line, Chinese intact', async () => {
    const { text } = await readReportDocument({ name: 'report.pdf', bytes: buildPdf(PDF_LINES) });
    expect(String(text).split('\n').map((l) => l.trim())).toEqual(PDF_LINES);
  });

  test('.html: headings, lists, struck items and tables; links keep their text, styles and titles dropped', async () => {
    const { text } = await readReportDocument({ name: 'week.HTML', bytes: Buffer.from(HTML) });
    expect(text).toBe(
      [`# ${TITLE}`, '', '## 本周完成', '- 流水线缓存改造 已上线', '- ~~旧构建机下线~~', '', '## 事项跟踪', '', '| 事项 | 负责人 |', '| --- | --- |', '| 制品库迁移 | 钱九 |', '', '## 下周计划', '1. 单测覆盖率门禁 计划 11/24 上线', '', '看板'].join('\n'),
    );
  });

  test('an .html file that declares GBK is decoded as GBK', async () => {
    // 周报 in GBK
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="gbk"></head><body><h1>'), Buffer.from([0xd6, 0xdc, 0xb1, 0xa8]), Buffer.from('</h1></body></html>')]);
    const { text } = await readReportDocument({ name: 'old.htm', bytes });
    expect(text).toBe('# 周报');
  });

  test('.md/.txt are passed on unchanged, as bytes', async () => {
    const bytes = Buffer.from('# 研发效能组 第47周 2023-11-17\n- 事项\n');
    const { text } = await readReportDocument({ name: 'a.md', bytes });
    expect(Buffer.isBuffer(text) && text.equals(bytes)).toBe(true);
  });

  test('a corrupt .docx, an empty PDF and an unknown type are refused with a clear message', async () => {
    const corrupt = readReportDocument({ name: '周报.docx', bytes: Buffer.from('这不是 zip 文件') });
    await expect(corrupt).rejects.toThrow(ReportParseError);
    await expect(corrupt).rejects.toThrow(/^无法读取 \.docx 文件「周报\.docx」：文件已损坏或不是 Word 文档/);
    await expect(readReportDocument({ name: 'scan.pdf', bytes: buildPdf([]) })).rejects.toThrow(/无法读取 \.pdf 文件「scan\.pdf」：文件里没有文字（扫描件/);
    // pdf.js warns about a broken file with console.log: that would land in `zhoubao import --json` output.
    const log = jest.spyOn(console, 'log');
    try {
      await expect(readReportDocument({ name: 'report.pdf', bytes: Buffer.from('%PDF-1.4 garbage') })).rejects.toThrow(/^无法读取 \.pdf 文件/);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
    const xlsx = readReportDocument({ name: '周报.xlsx', bytes: Buffer.from('x') });
    await expect(xlsx).rejects.toMatchObject({ code: 'unsupported' });
    await expect(xlsx).rejects.toThrow(/不支持的文件类型「\.xlsx」.*\.docx、\.pdf 或 \.html/);
  });
});

describe('documents into the knowledge base', () => {
  let kb: KnowledgeBase;
  let dir: string;
  beforeEach(async () => {
    ({ kb } = await openTestKb({ samples: false }));
    dir = tempDir('zhoubao-import-docs-');
  });
  afterEach(() => kb.close());

  test.each([
    ['report.docx', weekDocx],
    ['report.pdf', async () => buildPdf(PDF_LINES)],
    ['report.html', async () => Buffer.from(HTML)],
  ])('%s is stored with its items, and importing it again changes nothing', async (name, build) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, await build());
    const [first] = await importDocuments(kb, [await readImportFile(file)]);
    expect(first).toMatchObject({ outcome: 'new', source: path.resolve(file), report: { team: '研发效能组', weekLabel: '第47周', reportDate: '2023-11-17' } });
    const items = kb.store.getItemsForReport(first.report!.id).map((i) => i.text).join('\n');
    expect(items).toContain('流水线缓存改造 已上线');
    expect(items).toContain('单测覆盖率门禁 计划 11/24 上线');
    const [again] = await importDocuments(kb, [await readImportFile(file)]);
    expect(again.outcome).toBe('unchanged');
  });

  test('a Word table: one item per row, its owner from the 负责人 column, the header row no item', async () => {
    const file = path.join(dir, 'table.docx');
    fs.writeFileSync(file, await weekDocx());
    const [result] = await importDocuments(kb, [await readImportFile(file)]);
    const rows = kb.store.getItemsForReport(result.report!.id).filter((i) => /制品库迁移|测试环境自助申请|^事项/.test(i.text));
    expect(rows.map((i) => [i.text.slice(0, 5), i.owner, i.status])).toEqual([
      ['制品库迁移', '钱九', 'in_progress'],
      ['测试环境自', '吴十', 'done'],
    ]);
  });

  test('a corrupt .docx is an error result and stores nothing', async () => {
    const file = path.join(dir, 'broken.docx');
    fs.writeFileSync(file, (await weekDocx()).subarray(0, 200));
    const results = await importDocuments(kb, [await readImportFile(file)]);
    expect(results).toEqual([expect.objectContaining({ outcome: 'error', error: expect.stringMatching(/^无法读取 \.docx 文件「broken\.docx」/) })]);
    expect(kb.listReports()).toEqual([]);
  });
});
