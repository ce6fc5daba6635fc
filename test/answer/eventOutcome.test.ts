/**
 * 评审通过了吗 asks whether the review happened: 通过 goes with the event, it names nothing to look for.
 * A line that writes the event with its outcome (技术方案评审通过，研发启动) says it happened, whatever
 * the line's own status (the next step's) is.
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const ask = askingReports([
  ['资金组-第46周-2023-11-10.md', '# 资金组 第46周 2023-11-10\n\n## 本周工作\n- 头寸管理：技术方案评审通过，研发启动，首期覆盖两家银行。\n- 资金对账：方案编写中，重点明确银行、账务、清算三方流水口径。\n'],
  ['结算组-第49周-2023-12-01.md', '# 结算组 第49周 2023-12-01\n\n## 本周工作\n- 完成外币清算流程梳理，输出清算方案初稿，预计12/14评审。\n'],
], NOW);


it('通过 goes with 评审: the 清算方案 planned for review answers, not a line that only mentions 清算', () => {
  const a = ask('清算方案评审通过了吗');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('12/14');
  expect(a.citations[0].team).toBe('结算组');
});

it('a line writing 评审通过 says the review happened, though its status is the next step (研发启动)', () => {
  const a = ask('头寸管理评审了吗');
  expect(a.found).toBe(true);
  expect(a.answer).toMatch(/^已评审/);
});
