/**
 * 那一期 / 这一版 point at a phase or release the rest of the question describes; they name none. The
 * phase a line writes is its own: 一期（A）does not borrow B from the same report's 二期（B）line.
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const week = (n: number, date: string, lines: string[]) =>
  [`# 账务组 第${n}周 ${date}`, '', '## 重点工作', '- 核算平台升级', ...lines.map((l, k) => `    ${k + 1}、${l}`), ''].join('\n');

const ask = askingReports([
  ['账务组-第47周-2023-11-17.md', week(47, '2023-11-17', ['一期（凭证自动生成）已提测，预计11/24上线。', '二期（科目余额核对）需求梳理中。'])],
  ['账务组-第49周-2023-12-01.md', week(49, '2023-12-01', ['二期（科目余额核对）方案评审通过，预计12/21提测。'])],
], NOW);

it('the phase the question describes (余额核对那一期) is the 二期, not 一期', () => {
  const a = ask('核算平台做科目余额核对的那一期预计哪天提测');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('12/21');
  expect(a.answer).not.toContain('11/24');
  expect(a.answer).not.toContain('一期');
});

it('a phase named outright still has to match', () => {
  const a = ask('核算平台三期哪天提测');
  expect(a.found).toBe(false);
  expect(a.answer).not.toMatch(/\d+\/\d+/);
});
