/**
 * A version the reports never wrote is not found, and the answer names the item they do write, without
 * its version (a version reads like a date, and a not-found answer carries none).
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const ask = askingReports([
  ['终端组-第49周-2023-12-08.md', '# 终端组 第49周 2023-12-08\n\n## 本周工作\n- 收银台固件 v2.3 灰度 300 台，计划12/15全量。\n'],
], NOW);

it('names the item the reports have, not its version, and states no date', () => {
  const a = ask('收银台固件 v2.4 什么时候全量');
  expect(a.found).toBe(false);
  expect(a.answer).toContain('「收银台固件」的其他版本');
  expect(a.answer).not.toMatch(/\d+[./]\d+/);
});
