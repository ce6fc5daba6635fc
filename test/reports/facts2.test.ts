/**
 * Item facts the parser reads beyond the first pass (issue 9, part 4): owners and deadlines given on
 * field lines under a task, inline owners, progress fractions, past-tense statuses, project names
 * that contain 计划, scrum-table columns, and lines that are only a name, a date or a label.
 * All sample text here is written for the tests.
 */
import { detectStatus, extractMetrics } from '../../src/domain/reports/extract';
import { ownerInText } from '../../src/domain/reports/owners';
import { parseWeeklyReport } from '../../src/domain/reports/parse';
import type { WeeklyReport } from '../../src/domain/reports/model';

const TITLE = '# 平台组 第52周 2023-12-22';

function parse(lines: string[]): WeeklyReport {
  return parseWeeklyReport([TITLE, ...lines].join('\n'));
}

function item(report: WeeklyReport, text: string) {
  const found = report.items.find((i) => i.text.includes(text));
  if (!found) throw new Error(`no item with "${text}" in ${JSON.stringify(report.items.map((i) => i.text))}`);
  return found;
}

describe('owner and deadline on field lines under a task', () => {
  it('makes a heading with only 负责人 / 截止日期 one task owned by that person, due that day', () => {
    const report = parse([
      '## 下周计划',
      '### 2. 接口联调',
      '- **负责人**：王五',
      '- **截止日期**：2023年12月29日',
      '### 3. 灰度发布',
      '- **负责人**：赵六',
      '- **截止日期**：2024年1月5日',
    ]);
    expect(report.items.map((i) => [i.text, i.owner])).toEqual([
      ['接口联调（截止日期：2023年12月29日）', '王五'],
      ['灰度发布（截止日期：2024年1月5日）', '赵六'],
    ]);
    expect(report.items[0].dates.map((d) => d.iso)).toEqual(['2023-12-29']);
    expect(report.items.some((i) => /负责人|^截止/.test(i.text))).toBe(false);
  });

  it('gives the task bullets beside the field lines their owner and deadline, before and after them', () => {
    const report = parse([
      '## 本周进展',
      '### 对账优化',
      '- 完成对账文件解析',
      '- **负责人**：王五',
      '- **截止日期**：2023年12月29日',
      '- 差错处理开发中',
      '### 日志平台',
      '- 日志采集接入',
    ]);
    expect(report.items.map((i) => i.text)).toEqual(['完成对账文件解析', '差错处理开发中', '日志采集接入']);
    for (const text of ['完成对账文件解析', '差错处理开发中']) {
      const it = item(report, text);
      expect(it.owner).toBe('王五');
      expect(it.dates).toEqual([expect.objectContaining({ iso: '2023-12-29', event: '完成', planned: true })]);
    }
    // The next task block is not covered by them.
    expect(item(report, '日志采集接入')).toMatchObject({ owner: null, dates: [] });
  });

  it('puts a field line nested under a task bullet on that bullet and its sub-bullets', () => {
    const report = parse([
      '## 本周',
      '- 支付网关限流改造',
      '  - 令牌桶算法替换完成',
      '  - 负责人：李四',
      '  - 截止：2023-12-27',
      '- 清算文件归档',
    ]);
    expect(report.items.map((i) => i.text)).toEqual(['支付网关限流改造', '令牌桶算法替换完成', '清算文件归档']);
    expect(item(report, '支付网关限流改造')).toMatchObject({ owner: '李四' });
    expect(item(report, '支付网关限流改造').dates.map((d) => d.iso)).toEqual(['2023-12-27']);
    expect(item(report, '令牌桶算法替换完成').owner).toBe('李四');
    expect(item(report, '清算文件归档').owner).toBeNull();
  });

  it('keeps an owner the item names itself over the one of its block', () => {
    const report = parse(['## 联调', '- 退款接口联调（负责人：孙七）', '- 支付接口联调', '- 负责人：王五']);
    expect(item(report, '退款接口联调').owner).toBe('孙七');
    expect(item(report, '支付接口联调').owner).toBe('王五');
  });
});

describe('owners named inside an item', () => {
  it.each([
    ['完成清算接口改造 负责人：王五', '王五'],
    ['清算接口改造完成，负责人：王五', '王五'],
    ['风控规则迁移进行中（负责人：王五、赵六）', '王五、赵六'],
    ['风控规则迁移进行中（负责人：王五, 赵六）', '王五、赵六'],
    ['日志平台接入完成 @wangwu', 'wangwu'],
    ['@wangwu 完成日志平台接入', 'wangwu'],
  ])('%s', (text, owner) => {
    expect(ownerInText(text)).toBe(owner);
  });

  it('does not read a mention inside the sentence as the owner', () => {
    expect(ownerInText('和 @wangwu 对齐了接口字段')).toBeNull();
  });
});

describe('progress fractions', () => {
  it.each([
    ['用例迁移 310/520', '310/520', 310, '/520'],
    ['已转换测试 2000/12370 个', '2000/12370', 2000, '/12370'],
    ['任务迁移完成 455/520 个任务', '455/520', 455, '/520'],
  ])('%s reads the done count of the total, not the total', (text, shown, value, unit) => {
    const metrics = extractMetrics(text);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ text: shown, value, unit });
  });

  it('keeps a figure with a unit beside a fraction', () => {
    expect(extractMetrics('已迁移 310/520，成功率 99.5%').map((m) => m.text)).toEqual(['310/520', '99.5%']);
  });

  it('does not read a date as a fraction', () => {
    expect(extractMetrics('12/29 完成联调')).toEqual([]);
  });
});

describe('statuses in the past tense', () => {
  it.each([
    ['修复了登录超时问题', 'done'],
    ['新增了对账差错报表', 'done'],
    ['完成了压测报告', 'done'],
    ['已与银行网关对接', 'done'],
    ['新版本已于12/20发版', 'launched'],
    ['资料已提交，预计12/28提测', 'planned'],
    ['已修复一半，剩余部分排查中', 'in_progress'],
    ['学习了解分布式事务', 'unknown'],
    ['串口设备模拟', 'unknown'],
    ['已知问题：偶发超时', 'unknown'],
  ])('%s -> %s', (text, status) => {
    expect(detectStatus(text)).toBe(status);
  });
});

describe('a plan word inside a project name', () => {
  it('lets the heading that states a status decide, not 计划 in the project name', () => {
    const report = parse(['## 开源编译器支持计划', '### 本月截至今日完成了', '- 串口设备模拟', '- 中断控制器适配']);
    expect(report.items.map((i) => i.status)).toEqual(['done', 'done']);
  });

  it('does not make the items of a project named …计划 plans', () => {
    const report = parse(['## 开源编译器支持计划', '- 串口设备模拟']);
    expect(item(report, '串口设备模拟').status).toBe('unknown');
  });

  it('still makes the items of a plan heading plans', () => {
    for (const heading of ['下月计划', '工作安排', '本周工作及目标', '研发目标']) {
      const report = parse([`## ${heading}`, '- 串口设备模拟']);
      expect([heading, item(report, '串口设备模拟').status]).toEqual([heading, 'planned']);
    }
  });
});

describe('a scrum table with last week and this week columns', () => {
  const report = parse([
    '## 例会记录',
    '| 成员 | 上周任务 | 本周任务 |',
    '| --- | --- | --- |',
    '| 张三 | 网关限流设计 | 网关限流开发 |',
    '| 李四 | 对账脚本 | 差错处理阻塞，等待银行回复 |',
  ]);

  it('files each cell under its column, owned by the row member, with the column as its status', () => {
    expect(report.items.map((i) => [i.sectionPath.join('/'), i.text, i.owner, i.status])).toEqual([
      ['例会记录/上周任务', '网关限流设计', '张三', 'done'],
      ['例会记录/本周任务', '网关限流开发', '张三', 'in_progress'],
      ['例会记录/上周任务', '对账脚本', '李四', 'done'],
      ['例会记录/本周任务', '差错处理阻塞，等待银行回复', '李四', 'blocked'],
    ]);
  });
});

describe('lines that are never items', () => {
  it('drops a line that is only a name, a date or a label, and gives a name line its list', () => {
    const report = parse([
      '## 本周',
      '李四',
      '- 对账脚本重构完成',
      '- 差错处理开发中',
      '## 备注',
      '2023-12-20',
      '',
      '负责人：张三',
    ]);
    expect(report.items.map((i) => [i.text, i.owner])).toEqual([
      ['对账脚本重构完成', '李四'],
      ['差错处理开发中', '李四'],
    ]);
  });

  it('drops a bullet that is only a name and keeps a short task that starts with a rarer surname', () => {
    const report = parse(['## 本周', '- 王五', '- 查攻略', '- 周会']);
    expect(report.items.map((i) => i.text)).toEqual(['查攻略', '周会']);
  });
});

describe('field lines written as paragraphs', () => {
  it('gives a field line wrapped under its bullet to that bullet only', () => {
    const report = parse(['## 本周', '- 支付网关限流改造', '  负责人：李四', '- 清算文件归档']);
    expect(report.items.map((i) => [i.text, i.owner])).toEqual([
      ['支付网关限流改造', '李四'],
      ['清算文件归档', null],
    ]);
  });

  it('gives a field line after the list to the whole block', () => {
    const report = parse(['### 接口联调', '- 支付接口', '- 退款接口', '', '负责人：王五', '截止日期：2023-12-29']);
    expect(report.items.map((i) => [i.text, i.owner, i.dates.map((d) => d.iso).join()])).toEqual([
      ['支付接口', '王五', '2023-12-29'],
      ['退款接口', '王五', '2023-12-29'],
    ]);
  });
});
