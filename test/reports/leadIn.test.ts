import { parseWeeklyReport } from '../../src/domain/reports/parse';

const resolved = { weekLabel: '第47周', weekNumber: 47, reportDate: '2023-11-17', period: null };

test('a one-clause line ending with a colon, followed by a list or a label, is a section, not an item', () => {
  const report = parseWeeklyReport(
    ['## 编译器', '', '李雷向上游仓库提交了以下补丁：', '', 'Merged:', '', '- 修复寄存器分配的越界问题', '- 补充向量指令的单元测试', ''].join('\n'),
    { team: '工具链组', resolved },
  );
  expect(report.items.map((i) => i.text)).toEqual(['修复寄存器分配的越界问题', '补充向量指令的单元测试']);
  expect(report.items[0].sectionPath[0]).toBe('编译器');
  expect(report.items[0].sectionPath).toContain('Merged');
});

test('a statement that ends with a colon stays an item, and so does work followed only by its links', () => {
  const report = parseWeeklyReport(
    [
      '## 立项',
      '',
      '项目组完成立项评审，结合评审意见有以下思考：',
      '1. 先做通用能力',
      '',
      '## 其他',
      '',
      '入门教程视频已经全部录制完成：',
      '',
      '- 第一集：https://example.com/v/1',
      '- 第二集：https://example.com/v/2',
      '',
    ].join('\n'),
    { team: '工具链组', resolved },
  );
  const texts = report.items.map((i) => i.text);
  expect(texts).toContain('项目组完成立项评审，结合评审意见有以下思考：');
  expect(texts).toContain('入门教程视频已经全部录制完成：');
});
