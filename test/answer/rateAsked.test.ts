/**
 * A rate or a share asked (回收率是多少, 占比多少) is answered only by a figure that is one: a percentage,
 * a done-of-total, or a figure the line itself calls by the rate's name. A line that gives only a count
 * (回收问卷 860 份) does not state the rate: answering 回收率 with 860 份 is a wrong figure (the last
 * held-out batch's invented fact), so the answer is "not found", saying what the reports do have.
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2024-03-20T10:00:00+08:00');

const W10 = [
  '# 会员运营组 第10周 2024-03-08',
  '',
  '## 本周工作',
  '- 会员积分商城改版联调完成，仍按3/14上线。会员回访问卷回收 860 份，平均评分 4.6 分。',
  '- 门店巡检问卷回收率 76%，较上周提升 5 个百分点。',
  '- 供应商资质复核：复核表回收 420 份，回收率 84%。',
  '- 线上渠道订单占比 35%，线上订单 1,260 笔。',
  '- 员工敬业度调研回收 312 份，敬业度 91%。',
  '- 加盟商年检表回收 58 份，回收率 0.9。',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [['会员运营组-第10周-2024-03-08.md', W10]]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('a rate asked of a line that gives only a count', () => {
  it('回收率是多少 is not found, and the count is not given as the rate', () => {
    const a = ask('会员回访问卷的回收率是多少');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('860');
    expect(a.answer).toContain('回收率');
    // What the reports do have, without a figure or a date.
    expect(a.answer).toContain('份数');
    expect(a.answer).not.toMatch(/\d/);
  });

  it('a bare 问卷的回收率 is read as asking the figure, not the line\'s status', () => {
    const a = ask('会员回访问卷的回收率');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('860');
    expect(a.answer).not.toContain('3/14');
  });

  it('a percentage of another measure on the line is not the rate either', () => {
    const a = ask('员工敬业度调研的回收率是多少');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('91%');
    expect(a.answer).not.toContain('312');
  });

  it('the count is still the answer when the count is asked', () => {
    const a = ask('会员回访问卷回收了多少份');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('860');
  });
});

describe('a rate asked of a line that states it', () => {
  it('a line with the rate gives the rate', () => {
    const a = ask('门店巡检问卷的回收率是多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('76%');
  });

  it('a line with both the count and the rate gives the rate', () => {
    const a = ask('供应商资质复核表的回收率是多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('84%');
    expect(a.answer).not.toMatch(/为 420/);
  });

  it('a rate the line writes as a bare number (回收率 0.9) is the rate', () => {
    const a = ask('加盟商年检表的回收率是多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('0.9');
    expect(a.answer).not.toMatch(/为 58/);
  });

  it('占比 is answered by the percentage, not the count beside it', () => {
    const a = ask('线上渠道订单占比多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('35%');
    expect(a.answer).not.toMatch(/为 1,260/);
  });
});
