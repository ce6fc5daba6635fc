/**
 * A count that carries its own noun (新增 8 台计算节点) is said once, with the line quoted: not
 * "台计算节点为 8 台计算节点", the noun made into a label and repeated.
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const ask = askingReports([
  ['算力组-第48周-2023-12-01.md', '# 算力组 第48周 2023-12-01\n\n## 本周工作\n- 推理集群扩容：新增 8 台计算节点，已投入使用，整体利用率由 91% 降至 64%，排队时长明显下降。\n'],
], NOW);

it('says the count with its noun once and quotes the line', () => {
  const a = ask('推理集群扩容新增了几台计算节点');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('8 台计算节点');
  expect(a.answer).not.toMatch(/计算节点为/);
  expect(a.answer).toContain('原文：');
});
