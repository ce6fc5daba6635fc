/**
 * Everyday wordings, third batch: words that point rather than name (那条, 那块, 日志里, 切过去, 是什么
 * 阶段, 收尾), a figure asked as 百分之几 / 到多少, a day inside the subject (11/27 那次中断), a word
 * the segmenter cut across two (收单首周), a report's writer in its title's brackets, and two traps that
 * used to borrow a neighbour's facts: a rate no line states (退货成功率) and a kind of the subject the
 * reports never name (图检索 beside 向量检索). The reports are invented here.
 */
import { composeAnswer } from '../../src/domain/answer/compose';
import { analyzeQuestion } from '../../src/domain/answer/question';
import type { StoredItem, StoredReport } from '../../src/domain/records';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const WEEK47 = [
  '# 仓储物流组 第47周 2023-11-24',
  '',
  '## 本周工作',
  '- 电子面单接入：与三家快递联调完成，覆盖下单、取消两条链路。',
  '- 冷链备份仓切换（华南仓→华东仓）：灰度30%，预计11/28全量切换。',
  '- 运单中心重构：方案评审通过。',
  '- 跨境收单：测试环境联调完成，覆盖扫码、退货、对账三条链路。',
  '- 出库扫描：扫描成功率99.1%。',
  '',
].join('\n');

const WEEK48 = [
  '# 仓储物流组 第48周 2023-12-01',
  '',
  '## 本周工作',
  '- 电子面单接入：已于11/29上线。',
  '- 电子面单打印：打印成功率99.6%。',
  '- 冷链备份仓切换（华南仓→华东仓）：已于11/28完成全量切换（负责人：韦朗）。',
  '- 路径规划引擎 v2.3：灰度完成，绕路率降至 4%。',
  'v2.3 上线前需要完成安全评审，韦朗负责出具评审报告。',
  '- 修复出库单重量单位错误（#412）。',
  '- 手持终端固件：12/6 灰度 120 台。',
  '- 分拣机器人调度：拣货准确率96.5%。',
  '- 跨境收单：已于11/20上线，首周交易1,050笔，交易成功率99.7%。',
  '- 运单中心重构：开发进度45%，预计12/15提测。',
  '- 新版商家后台已于12/1全量开放。',
  '- 向量检索服务全量，召回率提升3.1%。',
  '- 年终盘点完成，差异率0.2%。',
  '- 异常事件：11/27 09:10 仓库网络中断约15分钟，影响出库单约260单。',
  '- 集群 CPU 平均利用率提升至 41%。',
  '',
].join('\n');

/** One file, dated weeks, the writer named only in the title's brackets. */
const LOG = ['# 质检组 工作日志（林檎）', '', '### 2023-11-27 --- 2023-12-01', '- 来料抽检规则调整完成  100%', '- 质检看板开发  60%', ''].join('\n');

/** A bracketed word in the title that is not a person. */
const DRAFT = ['# 包装组工作周报（草稿）', '', '### 2023-11-27 --- 2023-12-01', '- 包材减量方案评审完成  100%', ''].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    ['仓储物流组-第47周-2023-11-24.md', WEEK47],
    ['仓储物流组-第48周-2023-12-01.md', WEEK48],
    ['质检组-工作日志.md', LOG, '质检组'],
    ['包装组-工作周报.md', DRAFT, '包装组'],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('words that point at the subject rather than name it', () => {
  it('那条 / 切过去 / 备用 for 备份: the switch and its date', () => {
    const a = ask('冷链那条备用仓切过去了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/28');
  });

  it('是什么阶段: where the work stands', () => {
    const a = ask('运单中心重构现在是什么阶段');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/45%|12\/15/);
  });

  it('收尾了吗: whether it is done', () => {
    const a = ask('年终盘点收尾了吗');
    expect(a.found).toBe(true);
    expect(a.citations[0]?.text).toContain('年终盘点');
  });

  it('对所有商家放开: the release by its everyday word', () => {
    const a = ask('新版商家后台什么时候对所有商家放开');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/1');
  });

  it('那周日志里有几项: the report named as 日志 is not a subject', () => {
    const a = ask('质检组12月1日那周日志里有几项任务');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/2\s*项|两项|共\s*2/);
  });
});

describe('figures asked in other words', () => {
  it('到多少了 and 百分之几 ask for the figure', () => {
    expect(ask('分拣机器人调度的拣货准确率到多少了').answer).toContain('96.5%');
    expect(ask('拣货准确率百分之几').answer).toContain('96.5%');
  });

  it('使用率 is the line’s 利用率', () => {
    expect(ask('集群CPU平均使用率多少').answer).toContain('41%');
  });

  it('收单首周: the words the store knows, not the segmenter’s 单首', () => {
    const a = ask('跨境收单首周交易成功率多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('99.7%');
  });

  it('a day inside the subject (11/27 那次中断) matches the line that names it, written with a time after it', () => {
    const a = ask('11/27 仓库网络中断影响了多少单');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('260');
  });

  it('trap: another day is not that event', () => {
    const a = ask('11/29 仓库网络中断影响了多少单');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('260');
  });

  it('trap: a rate no line states (退货成功率) is not found, and no nearby date or figure stands in for it', () => {
    const a = ask('退货成功率是多少');
    expect(a.found).toBe(false);
    expect(a.answer).not.toMatch(/\d+(?:\.\d+)?%|\d{1,2}\/\d{1,2}/);
  });

  it('trap: a kind of the subject the reports never name (图检索 beside 向量检索)', () => {
    const a = ask('图检索服务全量了吗');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('3.1%');
  });
});

describe('short forms and everyday nouns', () => {
  it('v2.3 in a prose line stands for the item another line names with it; the person who opens the clause owns it', () => {
    const a = ask('路径规划引擎 v2.3 上线前的评审报告找谁要');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('韦朗');
  });

  it('trap: another version of it is not that line', () => {
    const a = ask('路径规划引擎 v2.4 上线前的评审报告找谁要');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('韦朗');
  });

  it('搞错的 bug: the line that fixes the 错误', () => {
    const a = ask('出库单重量单位搞错的bug修了没');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('#412');
  });

  it('多少台设备: 设备 is what is counted, the line writes 120 台', () => {
    const a = ask('手持终端固件灰度推了多少台设备');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('120');
  });
});

describe("a report's writer in its title", () => {
  it('reads the name in the title’s brackets', () => {
    const a = ask('质检组的工作日志是谁写的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('林檎');
  });

  it('trap: a bracketed word that is not a name (草稿) names nobody', () => {
    const a = ask('包装组周报是谁写的');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('草稿：');
  });
});

describe('a rate the matched line does not state', () => {
  /** A line reached through its item's other weeks: it names 退货, and states no figure. */
  const line: StoredItem = {
    id: 1,
    reportId: 1,
    team: '仓储物流组',
    weekLabel: '第47周',
    weekNumber: 47,
    reportDate: '2023-11-24',
    ordinal: 0,
    sectionPath: ['本周工作'],
    text: '跨境收单：测试环境联调完成，覆盖扫码、退货、对账三条链路。',
    rawLine: '- 跨境收单：测试环境联调完成，覆盖扫码、退货、对账三条链路。',
    lineNo: 4,
    dates: [],
    metrics: [],
    status: 'done',
    owner: null,
  };
  const report = { id: 1, team: '仓储物流组', weekLabel: '第47周', weekNumber: 47, reportDate: '2023-11-24' } as StoredReport;
  const compose = (question: string) =>
    composeAnswer({
      analysis: { ...analyzeQuestion(question, { knownTeams: ['仓储物流组'], referenceYear: 2023 }), question },
      matches: [line],
      timeline: [line],
      latestReportByTeam: new Map([['仓储物流组', report]]),
      scopeLabel: null,
      itemsOfReport: () => [line],
    });

  it('trap: 退货成功率是多少 is not answered with the line’s status and week', () => {
    const a = compose('退货成功率是多少');
    expect(a.found).toBe(false);
    expect(a.answer).toContain('退货成功率');
    expect(a.answer).not.toMatch(/11\/24|已完成/);
  });

  it('a question naming no rate still gets the status when no figure is there', () => {
    expect(compose('跨境收单联调进度多少').found).toBe(true);
  });
});
