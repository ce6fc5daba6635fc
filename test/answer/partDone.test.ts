/**
 * A line about a release may report one part of it done (完成支付模块重构，进入测试): asked about that
 * part, the answer is that it is done, from that week — not the release's status, nor a later week
 * under the release's label alone (发版推迟). A share (翻译完成 60%) or another part (测试环境升级完成,
 * asked of 生产环境) is not the asked work done.
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const week = (n: number, date: string, lines: string[]) =>
  [`# 终端组 第${n}周 ${date}`, '', '## 本周工作', ...lines.map((l, k) => `${k + 1}、${l}`), ''].join('\n');

const ask = askingReports([
  ['终端组-第46周-2023-11-17.md', week(46, '2023-11-17', ['收银台App 3.2 版本：完成支付模块重构，进入测试，计划11/22发版（负责人：韦青）；', '帮助中心英文翻译完成 60%，预计12月底完成；'])],
  ['终端组-第47周-2023-11-24.md', week(47, '2023-11-24', ['收银台App 3.2 版本：因签名证书更换，发版由11/22推迟至11/28（负责人：韦青）；', 'Redis 集群升级至 7.2：测试环境升级完成，生产环境计划12/5升级；'])],
], NOW);


it('the part the release line reports done is done, from the week that says so', () => {
  const a = ask('收银台App 3.2 的支付模块重构弄完没');
  expect(a.found).toBe(true);
  expect(a.answer).toMatch(/^已完成/);
  expect(a.citations[0].week).toBe('第46周');
  expect(a.answer).not.toContain('11/28');
});

it('a share done is not the work done', () => {
  const a = ask('帮助中心英文翻译完成了吗');
  expect(a.answer).not.toMatch(/^已完成/);
});

it('another part done (测试环境) is not the asked part (生产环境)', () => {
  const a = ask('Redis 生产环境升级完成了吗');
  expect(a.answer).not.toMatch(/^已完成/);
});

it('the part a line says done (测试环境升级完成) answers when it is the one asked', () => {
  const a = ask('Redis 测试环境升级完成了吗');
  expect(a.found).toBe(true);
  expect(a.answer).toMatch(/^已完成/);
});
