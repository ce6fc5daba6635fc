import * as fs from 'fs';
import * as path from 'path';
import { ReportParseError, type ReportItem, type WeeklyReport } from '../../src/domain/reports/model';
import { parseReportTitle, parseWeeklyReport } from '../../src/domain/reports/parse';

/** An invented report in the layout of a Notion weekly-report export. */
const CLEARING_REPORT = [
  '# 清结算中心 第48周 2023-11-24',
  '',
  'Created: 2023年12月1日 09:12',
  '',
  '# 清结算中心 第48周 2023/11/24',
  '',
  '## 【重点工作】',
  '',
  '- 【对账平台重构】',
  '    1. 银行流水自动对账联调完毕，差错处理模块开发中。',
  '    2. 多币种对账方案评审通过，研发按计划进行中，预计12/6提测。',
  '- 【代付通道扩容】',
  '项目组完成通道选型，并与两家银行完成技术交流，结论如下：',
  '    1. 招行代付通道已于11/22上线，运行平稳；',
  '    2. 中信代付通道已提测，计划11/29上线。',
  '',
  '## 【运行指标】',
  '',
  '对账成功率：',
  '',
  '- 日终对账有效成功率：99.987%',
  '- 差错自动处理率：92.5% ，人工介入率：7.5%',
  '',
  '## 【O2系统升级】',
  '',
  '- 清分引擎建设',
  '    1. 清分规则配置中心上线完成，**共计36个规则**迁移完毕。',
  '    2. 分账明细查询，前端开发完成，待联调后12/1完成提测。',
  '- 资金划拨，整体进度**45.5%**',
  '',
  '### 【生产事件】',
  '',
  '无',
  '',
  '---',
  '',
  '# 下周工作及目标',
  '',
  '1. 对账平台二期需求评审',
  '2. 代付通道压测',
].join('\n');

function itemWith(report: WeeklyReport, fragment: string): ReportItem {
  const found = report.items.find((i) => i.text.includes(fragment));
  if (!found) throw new Error(`no item containing ${fragment}: ${report.items.map((i) => i.text).join(' | ')}`);
  return found;
}

function parseError(run: () => unknown): ReportParseError {
  try {
    run();
  } catch (e) {
    if (e instanceof ReportParseError) return e;
    throw e;
  }
  throw new Error('expected a ReportParseError');
}

describe('parseWeeklyReport: the reference layout', () => {
  const report = parseWeeklyReport(CLEARING_REPORT);

  it('reads team, week label, week number and date from the title heading', () => {
    expect(report).toMatchObject({ team: '清结算中心', weekLabel: '第48周', weekNumber: 48, reportDate: '2023-11-24' });
    expect(report.title).toBe('清结算中心 第48周 2023-11-24');
  });

  it('skips the title, its Notion duplicate, the Created: property and horizontal rules', () => {
    const texts = report.items.map((i) => i.text);
    expect(texts.some((t) => t.includes('Created') || t.includes('第48周') || t === '---')).toBe(false);
  });

  it('files numbered lines under a bracket-only bullet, which is not an item itself', () => {
    expect(itemWith(report, '银行流水自动对账').sectionPath).toEqual(['重点工作', '对账平台重构']);
    expect(itemWith(report, '多币种对账').sectionPath).toEqual(['重点工作', '对账平台重构']);
    expect(report.items.some((i) => i.text.includes('对账平台重构'))).toBe(false);
    expect(report.sections).toContainEqual({ path: ['重点工作', '对账平台重构'], heading: '对账平台重构', level: 0 });
  });

  it('keeps a paragraph line under its bullet title as an item, and the numbered lines after it under the same title', () => {
    expect(itemWith(report, '项目组完成通道选型').sectionPath).toEqual(['重点工作', '代付通道扩容']);
    expect(itemWith(report, '招行代付通道').sectionPath).toEqual(['重点工作', '代付通道扩容']);
  });

  it('treats a plain "xx：" line as a pseudo-heading for the bullets below it', () => {
    expect(itemWith(report, '日终对账有效成功率').sectionPath).toEqual(['运行指标', '对账成功率']);
    expect(report.items.some((i) => i.text === '对账成功率：')).toBe(false);
  });

  it('makes a titled bullet both an item and the parent of its numbered children', () => {
    expect(itemWith(report, '清分引擎建设').sectionPath).toEqual(['O2系统升级']);
    expect(itemWith(report, '清分规则配置中心').sectionPath).toEqual(['O2系统升级', '清分引擎建设']);
    expect(itemWith(report, '分账明细查询').sectionPath).toEqual(['O2系统升级', '清分引擎建设']);
  });

  it('nests ### headings and keeps prose sections searchable', () => {
    expect(itemWith(report, '无').sectionPath).toEqual(['O2系统升级', '生产事件']);
    expect(itemWith(report, '代付通道压测').sectionPath).toEqual(['下周工作及目标']);
  });

  it('cleans text but keeps the raw line and its 1-based line number', () => {
    const item = itemWith(report, '资金划拨');
    expect(item.text).toBe('资金划拨，整体进度45.5%');
    expect(item.rawLine).toBe('- 资金划拨，整体进度**45.5%**');
    expect(CLEARING_REPORT.split('\n')[item.lineNo - 1]).toBe(item.rawLine);
    expect(itemWith(report, '银行流水').rawLine).toBe('    1. 银行流水自动对账联调完毕，差错处理模块开发中。');
    expect(itemWith(report, '银行流水').text).toBe('银行流水自动对账联调完毕，差错处理模块开发中。');
  });

  it('numbers items in order', () => {
    expect(report.items.map((i) => i.ordinal)).toEqual(report.items.map((_, n) => n));
  });

  it('attaches dates, metrics and status to items', () => {
    const launched = itemWith(report, '招行代付通道');
    expect(launched.status).toBe('launched');
    expect(launched.dates).toEqual([{ iso: '2023-11-22', text: '11/22', event: '上线', planned: false }]);

    const testing = itemWith(report, '中信代付通道');
    expect(testing.status).toBe('testing');
    expect(testing.dates[0]).toMatchObject({ iso: '2023-11-29', event: '上线', planned: true });

    expect(itemWith(report, '日终对账').metrics).toEqual([{ text: '99.987%', value: 99.987, unit: '%', label: '日终对账有效成功率' }]);
    expect(itemWith(report, '资金划拨').metrics[0]).toMatchObject({ value: 45.5, unit: '%', label: '整体进度' });
    expect(itemWith(report, '清分规则').metrics[0]).toMatchObject({ value: 36, unit: '个', label: '规则' });
  });

  it('marks everything under 下周工作 as planned', () => {
    expect(itemWith(report, '对账平台二期需求评审').status).toBe('planned');
  });
});

describe('parseWeeklyReport: input normalisation', () => {
  it('gives the same items for CRLF input, with raw lines free of \\r', () => {
    const lf = parseWeeklyReport(CLEARING_REPORT);
    const crlf = parseWeeklyReport(CLEARING_REPORT.replace(/\n/g, '\r\n'));
    expect(crlf.items.map((i) => [i.text, i.sectionPath, i.lineNo])).toEqual(lf.items.map((i) => [i.text, i.sectionPath, i.lineNo]));
    expect(crlf.items.every((i) => !i.rawLine.includes('\r'))).toBe(true);
  });

  it('strips a BOM and accepts a Buffer', () => {
    const report = parseWeeklyReport(Buffer.from('\ufeff# 清结算中心 第48周 2023-11-24\n- 对账文件按时下发'));
    expect(report.team).toBe('清结算中心');
    expect(report.items.map((i) => i.text)).toEqual(['对账文件按时下发']);
  });

  it('reads full-width digits, punctuation and spaces', () => {
    const report = parseWeeklyReport('# 第４８周　２０２３／１１／２４\n\n-　备付金通道预计１１／２９上线，对账成功率９９．９％');
    expect(report).toMatchObject({ weekLabel: '第48周', weekNumber: 48, reportDate: '2023-11-24' });
    const [item] = report.items;
    expect(item.text).toBe('备付金通道预计11/29上线，对账成功率99.9%');
    expect(item.dates).toEqual([{ iso: '2023-11-29', text: '11/29', event: '上线', planned: true }]);
    expect(item.metrics[0]).toMatchObject({ value: 99.9, unit: '%', label: '对账成功率' });
  });

  it('decodes GB18030/GBK and UTF-16 files', () => {
    const gbk = Buffer.from([0x2d, 0x20, 0xc4, 0xe3, 0xba, 0xc3]); // "- 你好" in GBK
    expect(parseWeeklyReport(gbk).items[0].text).toBe('你好');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('- 差错处理已完成', 'utf16le')]);
    expect(parseWeeklyReport(utf16).items[0]).toMatchObject({ text: '差错处理已完成', status: 'done' });
  });

  it('handles tab indentation and other bullet and number styles', () => {
    const report = parseWeeklyReport(
      ['## 清分', '* 清分引擎', '\t(1) 规则迁移完成', '\t② 性能压测中', '• 备付金核对', '1、日切任务优化'].join('\n'),
    );
    expect(report.items.map((i) => [i.text, i.sectionPath])).toEqual([
      ['清分引擎', ['清分']],
      ['规则迁移完成', ['清分', '清分引擎']],
      ['性能压测中', ['清分', '清分引擎']],
      ['备付金核对', ['清分']],
      ['日切任务优化', ['清分']],
    ]);
  });

  it('skips empty bullets and pure decoration', () => {
    const report = parseWeeklyReport('## 进展\n- \n1.\n***\n——\n- 对账差错清零');
    expect(report.items.map((i) => i.text)).toEqual(['对账差错清零']);
  });
});

describe('parseWeeklyReport: titles and teams', () => {
  it.each([
    ['# 清结算中心 第48周 2023-11-24', '清结算中心', '第48周', '2023-11-24'],
    ['# 支付中心周报 第48周（2023.11.24）', '支付中心', '第48周', '2023-11-24'],
    ['# 第47周 2023年11月17日', null, '第47周', '2023-11-17'],
    ['# 【风控中心】第四十七周 2023/11/17', '风控中心', '第47周', '2023-11-17'],
    ['# 第48周 账户中心周报 2023-11-24', '账户中心', '第48周', '2023-11-24'],
  ])('%s', (heading, team, weekLabel, reportDate) => {
    expect(parseWeeklyReport(`${heading}\n- 条目`)).toMatchObject({ team, weekLabel, reportDate });
  });

  it('does not take the Notion Created: date as the report date', () => {
    const report = parseWeeklyReport('# 清结算中心周报\n\nCreated: 2023年11月29日 20:54\n\n- 条目');
    expect(report.reportDate).toBeNull();
    expect(report.team).toBe('清结算中心');
    expect(report.weekLabel).toBeNull();
  });

  it('fills gaps from options, and only forceTeam overrides the heading', () => {
    const bare = parseWeeklyReport('- 对账平台上线', { team: '清结算中心', weekLabel: '第49周', reportDate: '2023-12-01' });
    expect(bare).toMatchObject({ team: '清结算中心', weekLabel: '第49周', weekNumber: 49, reportDate: '2023-12-01' });
    expect(parseWeeklyReport('# 支付中心 第48周 2023-11-24\n- 条目', { team: '清结算中心' }).team).toBe('支付中心');
    expect(parseWeeklyReport('# 支付中心 第48周 2023-11-24\n- 条目', { team: '清结算中心', forceTeam: true }).team).toBe('清结算中心');
    expect(parseWeeklyReport('# 第48周\n- 条目', { weekNumber: 50, reportDate: '2023-12-08' })).toMatchObject({ weekLabel: '第48周', weekNumber: 48 });
  });

  it('recognises a known team anywhere in the heading', () => {
    const report = parseWeeklyReport('# 2023年第48周 清结算中心工作汇总 2023-11-24\n- 条目', { knownTeams: ['支付中心', '清结算中心'] });
    expect(report.team).toBe('清结算中心');
  });

  it('exposes title parsing on its own', () => {
    expect(parseReportTitle('清结算中心 第48周 2023-11-24')).toEqual({ team: '清结算中心', weekLabel: '第48周', weekNumber: 48, reportDate: '2023-11-24' });
  });
});

describe('parseWeeklyReport: free text', () => {
  it('parses a DM with a "本周：" line and bullets', () => {
    const report = parseWeeklyReport('本周：\n- 光大备份通道已上线\n- POS APP 12/8 提测', { reportDate: '2023-12-08' });
    expect(report.team).toBeNull();
    expect(report.weekLabel).toBeNull();
    expect(report.items.map((i) => [i.text, i.sectionPath])).toEqual([
      ['光大备份通道已上线', ['本周']],
      ['POS APP 12/8 提测', ['本周']],
    ]);
    expect(report.items[0].status).toBe('launched');
    expect(report.items[1].dates[0]).toMatchObject({ iso: '2023-12-08', event: '提测' });
  });

  it('parses lines with no headings and no markers', () => {
    const report = parseWeeklyReport('对账平台灰度中\n\n代付通道压测完成');
    expect(report.items.map((i) => [i.text, i.sectionPath, i.status])).toEqual([
      ['对账平台灰度中', [], 'testing'],
      ['代付通道压测完成', [], 'done'],
    ]);
  });

  it('takes a plain first line with a week label as the title', () => {
    const report = parseWeeklyReport('清结算中心 第48周 2023-11-24\n- 日切任务优化完成');
    expect(report).toMatchObject({ team: '清结算中心', weekLabel: '第48周', reportDate: '2023-11-24' });
    expect(report.items.map((i) => i.text)).toEqual(['日切任务优化完成']);
  });

  it('files bullets under a short title line directly above them', () => {
    const report = parseWeeklyReport('## 系统建设\n\n备付金系统\n- 头寸预测上线完成\n- 调拨指令开发中');
    expect(itemWith(report, '头寸预测').sectionPath).toEqual(['系统建设', '备付金系统']);
    expect(itemWith(report, '备付金系统').sectionPath).toEqual(['系统建设']);
  });
});

describe('parseWeeklyReport: rejected input', () => {
  it.each([[''], ['   \n\t\n　\n']])('rejects empty input %j', (text) => {
    expect(parseError(() => parseWeeklyReport(text)).code).toBe('empty');
  });

  it('rejects binary input with a message saying what to do', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const error = parseError(() => parseWeeklyReport(png));
    expect(error.code).toBe('binary');
    expect(error.message).toMatch(/\.md/);
    expect(parseError(() => parseWeeklyReport(Buffer.from([0xff, 0x80, 0xfe, 0x81, 0x90, 0xff, 0x41]))).code).toBe('binary');
    expect(parseError(() => parseWeeklyReport('- a\u0001\u0002\u0003\u0004\u0005\u0006')).code).toBe('binary');
  });

  it('rejects input over the size limit before doing any work', () => {
    const tenMegabytes = '- 条目\n'.repeat(1_300_000);
    const error = parseError(() => parseWeeklyReport(tenMegabytes));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/2\.0 MB/);
    expect(parseError(() => parseWeeklyReport(Buffer.alloc(10 * 1024 * 1024, 0x41))).code).toBe('too_large');
    expect(parseError(() => parseWeeklyReport('- 对账完成', { maxBytes: 8 })).code).toBe('too_large');
  });

  it('rejects a report with a title but no items', () => {
    const error = parseError(() => parseWeeklyReport('# 清结算中心 第48周 2023-11-24\n\nCreated: 2023年12月1日\n\n## 【重点工作】\n\n---\n'));
    expect(error.code).toBe('no_items');
    expect(error.message).toMatch(/条目/);
  });
});

/** A committed sample in the reference export's layout (Notion export: title, Created line, 【】 sections, nested lists). */
const EXPORT_SAMPLE = path.resolve(__dirname, '../../data/samples/支付中心-第47周-2023-11-17.md');

describe('parseWeeklyReport: a Notion export in the reference layout (structure only)', () => {
  it('reads its week, date and items', () => {
    const report = parseWeeklyReport(fs.readFileSync(EXPORT_SAMPLE));
    expect(report).toMatchObject({ weekLabel: '第47周', weekNumber: 47, reportDate: '2023-11-17' });
    expect(report.items.length).toBeGreaterThanOrEqual(35);
    const underPos = report.items.filter((i) => i.sectionPath.join('/') === 'O2 系统升级/POS收单系统建设');
    expect(underPos.length).toBeGreaterThanOrEqual(3);
    expect(report.items.every((i) => !i.text.startsWith('Created'))).toBe(true);
  });
});

describe('parseWeeklyReport: lists written without indentation', () => {
  it('keeps unindented numbered lines under a bracket-only bullet until the next bullet', () => {
    const report = parseWeeklyReport(
      ['## 重点工作', '- 【对账平台】', '1. 流水对账上线完成', '2. 差错处理开发中', '- 【代付通道】', '1. 招行通道压测通过'].join('\n'),
    );
    expect(report.items.map((i) => [i.text, i.sectionPath.join('/')])).toEqual([
      ['流水对账上线完成', '重点工作/对账平台'],
      ['差错处理开发中', '重点工作/对账平台'],
      ['招行通道压测通过', '重点工作/代付通道'],
    ]);
  });

  it('nests (1) under 1. and 1. under 一、 at the same indentation', () => {
    const report = parseWeeklyReport(['一、清分系统', '1. 规则中心', '(1) 规则迁移完成', '二、对账系统', '1. 日终对账稳定'].join('\n'));
    expect(report.items.map((i) => [i.text, i.sectionPath.join('/')])).toEqual([
      ['清分系统', ''],
      ['规则中心', '清分系统'],
      ['规则迁移完成', '清分系统/规则中心'],
      ['对账系统', ''],
      ['日终对账稳定', '对账系统'],
    ]);
  });

  it('does not read a sentence mentioning 周报 as the title', () => {
    const report = parseWeeklyReport('以下是本周周报\n- 对账完成');
    expect(report.title).toBeNull();
    expect(report.team).toBeNull();
    expect(report.items.map((i) => i.text)).toEqual(['以下是本周周报', '对账完成']);
  });
});

describe('parseWeeklyReport: a Slack message', () => {
  it('reads *bold* titles and • bullets', () => {
    const report = parseWeeklyReport('*本周：*\n• 光大备份通道 *已上线*\n• 对账平台 3*4 台服务器扩容', { reportDate: '2023-12-08' });
    expect(report.items.map((i) => [i.text, i.sectionPath, i.status])).toEqual([
      ['光大备份通道 已上线', ['本周'], 'launched'],
      ['对账平台 3*4 台服务器扩容', ['本周'], 'unknown'],
    ]);
  });
});
