import type { WeeklyReport } from '../../src/domain/reports/model';
import { parseWeeklyReport } from '../../src/domain/reports/parse';
import { tableItems } from '../../src/domain/reports/tables';

const parse = (lines: string[]) => parseWeeklyReport(lines.join('\n'), { team: '测试组', reportDate: '2024-03-15' });
const rows = (report: WeeklyReport) => report.items.map((i) => [i.sectionPath.join('/'), i.text, i.owner, i.status]);

describe('Markdown tables', () => {
  it('makes one item per row of a task table, with owner, status, progress and dates from the header', () => {
    const report = parse([
      '## 重点事项',
      '| 事项 | 负责人 | 状态 | 进度 | 预计完成时间 |',
      '|:---|:---:|---|---|---|',
      '| 账单导出改造 | 陈晨 | 进行中 | 60% | 3/22 |',
      '| 退款对账 | 林一 | 已完成 | 100% | |',
      '|---|---|---|---|---|',
    ]);
    expect(rows(report)).toEqual([
      ['重点事项', '账单导出改造（状态：进行中；进度：60%；预计完成时间：3/22）', '陈晨', 'in_progress'],
      ['重点事项', '退款对账（状态：已完成；进度：100%）', '林一', 'done'],
    ]);
    const first = report.items[0];
    expect(first.metrics[0]).toMatchObject({ value: 60, unit: '%', label: '进度' });
    expect(first.dates[0]).toMatchObject({ iso: '2024-03-22', planned: true });
    expect(first.rawLine).toBe('| 账单导出改造 | 陈晨 | 进行中 | 60% | 3/22 |');
    expect(first.lineNo).toBe(4);
  });

  it('takes the status from the 状态 column over the progress column and the text', () => {
    const report = parse([
      '| 事项 | 状态 | 进度 |',
      '|---|---|---|',
      '| 监控大盘 | 已上线 | 100% |',
      '| 名单同步 | 待排期 | 0% |',
      '| 图计算 | 方案设计 | 20% |',
      '| 评分卡 | 已取消（需求撤回） | - |',
    ]);
    expect(report.items.map((i) => i.status)).toEqual(['launched', 'planned', 'in_progress', 'cancelled']);
  });

  it('makes one item per non-empty cell of a member table, filed under the column header', () => {
    const report = parse([
      '#### 成员任务',
      '| 小组成员 | 上周任务 | 本周任务 |',
      '| :---: | :---: | :---: |',
      '| 吴桐 | 登录页样式https://example.com/issues/7 | 注册页校验 |',
      '| 郑好 | 接口联调 | |',
    ]);
    expect(rows(report)).toEqual([
      // The column says when: last week's work is done, this week's under way (issue 9, part 4).
      ['成员任务/上周任务', '登录页样式 https://example.com/issues/7', '吴桐', 'done'],
      ['成员任务/本周任务', '注册页校验', '吴桐', 'in_progress'],
      ['成员任务/上周任务', '接口联调', '郑好', 'done'],
    ]);
  });

  it('reads a weekday grid as one item per task with the days joined as its progress', () => {
    const report = parse([
      '| 2024-3-11 | 周一 | 周二 | 周三 | 周四 | 周五 |',
      '| :---: | :---: | :---: | :---: | :---: | :---: |',
      '| 样本清洗 | 100/800 | 400/800 | # | | 800/800 |',
      '| 模型蒸馏 | # | # | # | # | # |',
    ]);
    expect(report.items.map((i) => i.text)).toEqual(['样本清洗：周一 100/800；周二 400/800；周五 800/800', '模型蒸馏']);
    expect(report.items[0].metrics.map((m) => [m.text, m.value, m.unit])).toEqual([
      ['100/800', 100, '/800'],
      ['400/800', 400, '/800'],
      ['800/800', 800, '/800'],
    ]);
  });

  it('makes no items of a data table (figures, not work)', () => {
    const report = parse(['## 指标', '|指标|值|', '|---|---|', '|召回率|91.2%|', '|准确率|88.0%|', '- 新增评测集']);
    expect(report.items.map((i) => i.text)).toEqual(['新增评测集']);
  });

  it('never makes an item of the header or a rule row', () => {
    const items = tableItems(['| 任务 | 状态 |', '| --- | --- |', '| 任务 | 状态 |', '|---|---|', '| 压测 | 完成 |']);
    expect(items).toEqual([{ text: '压测（状态：完成）', owner: null, section: null, line: 4, status: 'done' }]);
  });
});
