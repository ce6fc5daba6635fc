/**
 * A team named by its stem as the one acting (上周清结算做了什么) is the team; against an old store the
 * answer says the asked week has no report and gives the newest one, named by week and date.
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2026-12-02T10:00:00+08:00');

const ask = askingReports([
  ['资金运营中心-第49周-2023-12-01.md', '# 资金运营中心 第49周 2023-12-01\n\n## 本周工作\n- 头寸预测模型已于11/29上线，预测偏差 3.2%。\n'],
  ['支付中心-第49周-2023-12-01.md', '# 支付中心 第49周 2023-12-01\n\n## 本周工作\n- 资金运营对账文件格式对齐完成。\n'],
], NOW);

it('上周 + the stem + 做了什么 asks for that team', () => {
  const a = ask('上周资金运营做了什么');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('资金运营中心');
  expect(a.answer).toContain('第49周');
  expect(a.answer).toContain('头寸预测模型');
});
