/**
 * Item identity across weeks (issue 10): a team's log holds several items of one bank and phase
 * (北京银行一期清结算系统, 北京银行一期消息中心), written in the same words week after week. The
 * question about one is answered from its own lines and dates, never from a sibling's: not one the
 * cross-week chain reached through the team's name (清结算 of 清结算中心) or a kind noun (平台), not
 * one the matcher took for it because the rest of the line is worded alike (联调中，预计…完成，整理上线
 * 检查单), and not the same name's line from years before (another round of the work). The scale
 * bench's generated questions found these; the reports here are invented.
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-06T10:00:00+08:00');

const report = (team: string, week: number, date: string, section: string, lines: string[]) =>
  [`# ${team} 第${week}周 ${date}`, '', `## ${section}`, ...lines.map((l) => `- ${l}`), ''].join('\n');

/** A report a week, 第30–47周 of 2023, each with one line about something else. */
const weekly = (team: string, line: string): Array<[string, string]> =>
  Array.from({ length: 18 }, (_, k) => {
    const date = new Date(Date.UTC(2023, 6, 28 + 7 * k)).toISOString().slice(0, 10);
    return [`${team}-第${30 + k}周-${date}.md`, report(team, 30 + k, date, '重点工作', [line])];
  });

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    // 清结算 is in the team's name; 系统 in the next week's heading.
    ['清结算中心-第47周-2023-11-24.md', report('清结算中心', 47, '2023-11-24', 'O2 系统升级', ['北京银行一期清结算系统开发完成，待11/30送测，进度56%。', '光大备份通道联调中。'])],
    ['清结算中心-第48周-2023-12-01.md', report('清结算中心', 48, '2023-12-01', 'O2 系统升级', ['北京银行一期消息中心灰度中，12月21日全量开放，覆盖率65%。', '光大备份通道已提测。'])],
    // Two banks' items of the first phase, worded alike.
    ['资金中心-第47周-2023-11-24.md', report('资金中心', 47, '2023-11-24', '重点工作', ['北京银行一期出金链路联调中，预计12/8完成，整理上线检查单。'])],
    ['资金中心-第48周-2023-12-01.md', report('资金中心', 48, '2023-12-01', '重点工作', ['邮储一期监控大盘联调中，预计12/11完成，整理上线检查单。'])],
    // 开放平台 and the bank's next item.
    ['数据平台部-第47周-2023-11-24.md', report('数据平台部', 47, '2023-11-24', '重点工作', ['江苏银行开放平台已提测，计划12/15上线，接入商户866家。'])],
    ['数据平台部-第48周-2023-12-01.md', report('数据平台部', 48, '2023-12-01', '重点工作', ['江苏银行扫码支付需求评审通过，12月23日启动开发。'])],
    // The same name two years apart: the old round's test date is not this round's, whether a work line
    // (beyond the weeks the chain reaches: the team reported every week since) or a plan line.
    ['风控中心-第10周-2021-03-12.md', report('风控中心', 10, '2021-03-12', '重点工作', ['浙商意向金托管开发完成，待3/20送测，与产品确认交互细节。'])],
    ...weekly('风控中心', '光大备份通道联调中。'),
    ['风控中心-第48周-2023-12-01.md', report('风控中心', 48, '2023-12-01', '重点工作', ['浙商意向金托管灰度中，12/17全量开放，成功率99.15%。'])],
    ['账户中心-第10周-2021-03-12.md', report('账户中心', 10, '2021-03-12', '下周计划', ['浙商意向金托管开发完成，待3/20送测，与产品确认交互细节。'])],
    ['账户中心-第48周-2023-12-01.md', report('账户中心', 48, '2023-12-01', '重点工作', ['浙商意向金托管灰度中，12/17全量开放，成功率99.15%。'])],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('a sibling item of the same bank and phase is not the asked one', () => {
  it('the team name standing for 清结算 does not make 北京银行一期消息中心 the clearing system', () => {
    const a = ask('清结算中心的北京银行一期清结算系统进展如何');
    expect(a.found).toBe(true);
    expect(a.citations[0]?.text).toContain('北京银行一期清结算系统');
    expect(a.citations.every((c) => c.text.includes('清结算系统'))).toBe(true);
    expect(a.answer).not.toContain('消息中心');
    expect(a.answer).not.toContain('12/21');
  });

  it("another bank's first-phase line worded alike is not the dashboard's earlier week", () => {
    const a = ask('资金中心的邮储一期监控大盘什么时候完成');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/11');
    expect(a.answer).not.toContain('12/8');
    expect(a.citations.every((c) => c.text.includes('邮储'))).toBe(true);
  });

  it('开放平台 is not the bank\'s 扫码支付 (开放 there names the platform)', () => {
    const a = ask('数据平台部江苏银行开放平台上线了吗');
    expect(a.found).toBe(true);
    expect(a.citations[0]?.text).toContain('江苏银行开放平台');
    expect(a.answer).toContain('12/15');
    expect(a.answer).not.toContain('扫码支付');
  });
});

describe('the same name years before is another round of the work', () => {
  it("a when-question does not take the test date of the item's line from two years earlier", () => {
    const a = ask('风控中心的浙商意向金托管什么时候提测');
    expect(a.found).toBe(true);
    expect(a.citations[0]?.date).toBe('2023-12-01');
    expect(a.citations.every((c) => c.date === '2023-12-01')).toBe(true);
    expect(a.answer).not.toContain('3/20');
  });

  it('nor the plan a next-week line made for it two years earlier', () => {
    const a = ask('账户中心的浙商意向金托管什么时候提测');
    expect(a.found).toBe(true);
    expect(a.citations.every((c) => c.date === '2023-12-01')).toBe(true);
    expect(a.answer).not.toContain('3/20');
  });
});
