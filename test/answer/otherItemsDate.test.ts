/**
 * Whether an item went live is said by its own lines: another item of the team that shares a word
 * (浙东鉴权服务…补充监控告警 beside 浙东告警平台) and is dated in another week is not its launch. And
 * 做完了吗 asks 完成 of the whole subject (联调), leaving no 做 behind.
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const ask = askingReports([
  ['渠道组-第45周-2023-11-10.md', '# 渠道组 第45周 2023-11-10\n\n## 本周工作\n- 浙东告警平台完成压测，整理上线检查单。\n'],
  ['渠道组-第48周-2023-12-01.md', '# 渠道组 第48周 2023-12-01\n\n## 本周工作\n- 浙东鉴权服务已于11/29上线，成功率99.1%，补充监控告警。\n- 流失预警模型联调完成，仍按12/11上线。\n'],
], NOW);

it('another item dated in another week is not the asked item going live', () => {
  const a = ask('浙东告警平台上线了吗');
  expect(a.answer).not.toContain('11/29');
  expect(a.answer).not.toMatch(/^已上线/);
});

it('做完了吗 of a line saying 联调完成: done', () => {
  const a = ask('流失预警模型联调做完了吗');
  expect(a.found).toBe(true);
  expect(a.answer).toMatch(/^已完成/);
});
