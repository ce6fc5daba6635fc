/**
 * A unit or kind of figure asked (花了多少人天, 花了多少钱, 几台, 多久) is answered only by a figure of a
 * compatible unit. A line that gives a count of another thing (迁移 1,150 条用例) does not say how many
 * person-days the work took: answering 多少人天 with 1,150 条 was the held-out batch's invented fact.
 * The answer is then "not found", saying what the reports do have, with no figure and no date.
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2024-03-20T10:00:00+08:00');

const W10 = [
  '# 测试平台组 第10周 2024-03-08',
  '',
  '## 本周工作',
  '- 接口用例迁移完成：860 条接口用例全部迁移到新平台，迁移后通过率 97.2%。',
  '- 夜间构建提速：单次构建耗时由 35 分钟降至 22 分钟。',
  '- 压测环境扩容：新增压测机 6 台，已全部接入调度。',
  '- 缺陷看板改版：投入 12 人天，看板已上线。',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [['测试平台组-第10周-2024-03-08.md', W10]]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('a unit asked of a line that states another kind of figure', () => {
  it('person-days asked of a count line is not found, and the count is not given', () => {
    const a = ask('接口用例迁移一共花了多少人天');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('860');
    expect(a.answer).toContain('人天');
    // What the reports do have, without a figure or a date.
    expect(a.answer).toContain('条数');
    expect(a.answer).not.toMatch(/\d/);
  });

  it('money asked of a duration line is not found', () => {
    const a = ask('夜间构建提速花了多少钱');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('22');
    expect(a.answer).not.toContain('35');
  });
});

describe('a unit asked of a line that states it', () => {
  it('几台 of a line with 台 gives the figure', () => {
    const a = ask('压测环境扩容新增了几台压测机');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('6 台');
  });

  it('多久 of a 由…降至 line gives the duration', () => {
    const a = ask('夜间构建现在要多久');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('22 分钟');
  });

  it('person-days asked of a line with 人天 gives them', () => {
    const a = ask('缺陷看板改版投入了多少人天');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12 人天');
  });

  it('a count asked with its counter still gives the count', () => {
    const a = ask('接口用例迁移了多少条');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('860');
  });
});
