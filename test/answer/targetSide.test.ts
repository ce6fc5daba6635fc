/**
 * A figure past its target is said by the side it passed on: a duration brought under its target is
 * 低于目标 (better), a rate above its target 高于目标 — never 超过, which reads as worse for a duration.
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const ask = askingReports([
  ['账务组-第45周-2023-11-03.md', '# 账务组 第45周 2023-11-03\n\n## 系统运行数据\n- 月结批处理耗时150分钟，目标年底压降至90分钟以内。\n'],
  ['账务组-第49周-2023-12-01.md', '# 账务组 第49周 2023-12-01\n\n## 系统运行数据\n- 月结批处理耗时84分钟，提前达成年底目标。\n'],
], NOW);

it('a duration under its target is 低于目标, with the gap', () => {
  const a = ask('月结批处理耗时离90分钟目标还差多少');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('84分钟');
  expect(a.answer).toContain('低于目标 6分钟');
  expect(a.answer).not.toContain('超过');
});
