/**
 * More everyday wordings: who wrote, hosted or took the minutes of a report (周报谁写的, 谁主持,
 * 记录人是谁: named once in the header, not on a work line), who owns an item asked as 哪个同学负责 /
 * 谁拍板 / 找谁问, and 前后对比 with no team named. The reports are invented here; each mechanism has
 * a trap beside it.
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

/** Front matter names the author; the body has no 报告人 line. */
const OPS = [
  '---',
  'title: 网络运维组周报',
  'author: 柯远',
  'date: 2023-12-08T10:00:00.000Z',
  '---',
  '# 网络运维组 第49周 2023-12-08',
  '',
  '## 本周工作',
  '- 机房搬迁方案评审完成，预计12/22切换（负责人：葛青）。',
  '- 防火墙策略清理：进度60%。',
  '- 机房割接：两个机房割接完成，新增交换机 12 台。',
  '- 稳定性度量：本周健康分702分，排名中心第3。',
  '- 监控平台二期测试通过，等待运维验收，上线由12/12推迟至12/19。',
  '- 日志采集 Agent：周一 灰度 40 台；周三 采集失败 3 次，定位为磁盘满。',
  '',
  '## 下周计划',
  '- 机房搬迁演练',
  '',
].join('\n');

/** The week before, to compare a figure across two weeks. */
const OPS_EARLIER = [
  '# 网络运维组 第48周 2023-12-01',
  '',
  '## 本周工作',
  '- 机房搬迁方案初稿完成（负责人：葛青）。',
  '- 监控平台二期：因采集端接口变更，提测由11/30推迟至12/6。',
  '- 光纤专线扩容已于11/29上线。',
  '- 稳定性度量：本周健康分690分，排名中心第5。',
  '',
].join('\n');

/** Meeting minutes: host and recorder as blockquote labels, owners as @handles. */
const MINUTES = [
  '# 支付网关组周会 2023w49 (12.04 ~ 12.08)',
  '',
  '> **主持**: @qiaolin',
  '<br>',
  '> **记录**: @mushan',
  '',
  '> **ToDo**:',
  '',
  '@qiaolin:',
  '- [ ] Java SDK 2.1.0 发布，计划12/14',
  '',
  '@mushan:',
  '- [x] 限流规则热更新已于12/6上线',
  '',
].join('\n');

/** A project report: 报告人 as a labelled bullet naming two people. */
const PROJECT = [
  '# 测试平台组项目周报',
  '',
  '- **报告人**：方舟 林溪',
  '- **报告周期**：2023年12月4日 - 2023年12月8日',
  '',
  '## 一、本周进展',
  '- 用例迁移完成，通过率 97%',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    ['网络运维组-第48周-2023-12-01.md', OPS_EARLIER],
    ['网络运维组-第49周-2023-12-08.md', OPS],
    ['支付网关组周会-2023w49.md', MINUTES, '支付网关组'],
    ['测试平台组项目周报-2023-12-08.md', PROJECT, '测试平台组'],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe("a report's writer, host and recorder", () => {
  it('reads the author from front matter and cites that line', () => {
    const a = ask('网络运维组周报是谁写的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('柯远');
    expect(a.answer).not.toContain('葛青');
    expect(a.citations[0]?.text).toContain('柯远');
  });

  it('names both people of a 报告人 line', () => {
    const a = ask('测试平台组周报的报告人是谁');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('方舟');
    expect(a.answer).toContain('林溪');
  });

  it('tells the host from the recorder in meeting minutes', () => {
    const host = ask('支付网关组周会谁主持的');
    expect(host.answer).toContain('qiaolin');
    expect(host.answer).not.toContain('mushan');
    const recorder = ask('支付网关组周会谁做的记录');
    expect(recorder.answer).toContain('mushan');
    expect(recorder.answer).not.toContain('qiaolin');
  });

  it('trap: a report with no host line has no host, rather than a summary of the week', () => {
    const a = ask('网络运维组周报谁主持');
    expect(a.found).toBe(false);
    expect(a.answer).toContain('没有写明主持人');
    expect(a.answer).not.toMatch(/12\/22|60%/);
  });

  it("trap: 谁写的 about an item is the item's owner, not the report's author", () => {
    const a = ask('机房搬迁方案是谁写的');
    expect(a.answer).toContain('葛青');
    expect(a.answer).not.toContain('柯远');
  });
});

describe('who, in everyday words', () => {
  it.each([
    ['Java SDK 2.1.0 是哪个同学负责的', 'qiaolin'],
    ['限流规则热更新是哪位同学完成的', 'mushan'],
    ['机房搬迁方案谁拍板', '葛青'],
    ['机房搬迁方案找谁问', '葛青'],
    ['机房搬迁方案谁弄的', '葛青'],
    ['机房搬迁方案归哪个同学', '葛青'],
    ['机房搬迁方案是谁的活', '葛青'],
    ['限流规则热更新谁接的', 'mushan'],
  ])('%s → %s', (q, owner) => {
    const a = ask(q);
    expect(a.found).toBe(true);
    expect(a.answer).toContain(owner);
  });

  it('trap: 谁在调研 a line with no owner says so, it names nobody', () => {
    const a = ask('防火墙策略清理谁在调研');
    expect(a.found).toBe(false);
    expect(a.answer).toContain('没有写明负责人');
    expect(a.answer).not.toContain('葛青');
  });

  it('trap: a version the reports do not have is not found', () => {
    const a = ask('Java SDK 3.0 是哪个同学负责');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('qiaolin');
  });
});

describe('status, in everyday words', () => {
  it('还卡着吗 / 跑通了吗 ask for the status, they name nothing', () => {
    expect(ask('防火墙策略清理还卡着吗').answer).toContain('60%');
    const a = ask('限流规则热更新跑通了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/6');
  });

  it('trap: an unknown subject asked the same way is not found', () => {
    const a = ask('防火墙日志审计还卡着吗');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('60%');
  });
});

describe('plans, two issues and a figure over time, in everyday words', () => {
  it('下周要干嘛 is the latest plan', () => {
    const a = ask('网络运维组下周要干嘛');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('机房搬迁演练');
    expect(a.answer).not.toContain('防火墙策略清理');
  });

  it('这一期跟上一期比 compares the two newest reports', () => {
    const a = ask('网络运维组这一期跟上一期比有什么不同');
    expect(a.answer).toMatch(/第48周.*与第49周.*相比/);
  });

  it('一路怎么涨的 is the figure week by week', () => {
    const a = ask('网络运维组健康分一路怎么涨的');
    expect(a.answer).toMatch(/690分.*702分/);
  });

  it('trap: 上一期 alone is still the previous report, not a comparison', () => {
    const a = ask('网络运维组上一期做了什么');
    expect(a.answer).toContain('第48周');
    expect(a.answer).not.toContain('相比');
  });
});

describe('前后对比 with no team named', () => {
  it('lists the teams to choose from instead of empty parentheses', () => {
    const a = ask('前后对比');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('（）');
    expect(a.answer).toContain('网络运维组');
  });
});

describe('figures asked together or spelled out', () => {
  it('a count written in Chinese numerals answers 几个, not the line’s other figure', () => {
    const a = ask('网络运维组割接了几个机房');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/共 两个/);
    expect(a.answer).not.toMatch(/共 12/);
  });

  it('trap: a count in digits on the same line is still read as written', () => {
    const a = ask('网络运维组新增了几台交换机');
    expect(a.answer).toContain('12 台');
    expect(a.answer).not.toMatch(/共 两个/);
  });

  it('a rank asked together with the score states both', () => {
    const a = ask('网络运维组第49周健康分多少，排名第几');
    expect(a.answer).toMatch(/健康分为 702分，排名第 3/);
  });

  it('two weeks joined by 比 compare the figure in each week', () => {
    const a = ask('网络运维组第49周比第48周健康分高了多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('690分');
    expect(a.answer).toContain('702分');
  });
});

describe('why it slipped', () => {
  it('two slips: without an event the newest answers, with its reason, and the earlier one is named', () => {
    const a = ask('监控平台二期为什么延期');
    expect(a.answer).toMatch(/上线由12\/12推迟至12\/19，原因：.*等待运维验收/);
    expect(a.answer).toContain('采集端接口变更');
    expect(a.citations[0]?.week).toBe('第49周');
  });

  it('two slips: the asked event picks its own slip and reason', () => {
    const a = ask('监控平台二期提测为什么推迟');
    expect(a.answer).toMatch(/提测由11\/30推迟至12\/6，原因：采集端接口变更/);
    expect(a.citations[0]?.week).toBe('第48周');
  });

  it('trap: a subject that never slipped gets its status, not a reason', () => {
    const a = ask('光纤专线扩容为什么延期');
    expect(a.answer).not.toContain('原因');
    expect(a.answer).toContain('11/29');
  });
});

describe('progress and meeting outcomes', () => {
  it('什么进度 is not answered with a count of failures', () => {
    const a = ask('日志采集 Agent 现在什么进度');
    expect(a.found).toBe(true);
    expect(a.answer).not.toMatch(/失败为 3 次/);
  });

  it('trap: 失败了几次 still answers the count', () => {
    const a = ask('日志采集 Agent 采集失败了几次');
    expect(a.answer).toContain('3 次');
  });

  it('周会定了什么 is a summary of the minutes, not an unknown word 定', () => {
    const a = ask('支付网关组周会定了什么');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('Java SDK 2.1.0');
  });
});
