/**
 * What the held-out batch h777–h826 (written by a helper who never read the answer code, run once
 * untuned) missed, each on invented reports: a line borrowing a name from a sibling that lacks the
 * asked phase (the one invented fact: 二期 of another item's 方案), the thesaurus (新老, 双跑, 成交,
 * 砍掉), an input-method slip (借口 for 接口), 几个百分点 and 按什么粒度 as what is asked, 谁在跑,
 * a target named with its figure (离55%的目标), a target already passed, a prose line's date that
 * belongs to another sentence, 发出去 of a questionnaire (发放), a meeting's time from the minutes'
 * header, and the asker's verbs around a name (回归完, 自动出, 发群里).
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const LEDGER_45 = [
  '# 账务中心 第45周 2023-11-03',
  '',
  '## 【重点工作】',
  '',
  '- 【研发效能】',
  '    1、核心模块单元测试覆盖率40%，目标年底达到60%；',
  '- 【钱包收单】',
  '    1、钱包收单测试环境联调完成。',
  '',
].join('\n');

const LEDGER_47 = [
  '# 账务中心 第47周 2023-11-17',
  '',
  '## 【重点工作】',
  '',
  '- 【研发效能】',
  '    1、核心模块单元测试覆盖率46%；',
  '- 【钱包收单】',
  '    1、钱包收单已于11/15上线，首周交易1,204笔，交易成功率99.9%。',
  '',
  '## 【O3 降本增效】',
  '',
  '- 降本：合并冷门缓存实例，本周下线Redis实例4个。',
  '',
].join('\n');

const LEDGER_49 = [
  '# 账务中心 第49周 2023-12-01',
  '',
  '## 【重点工作】',
  '',
  '- 【研发效能】',
  '    1、核心模块单元测试覆盖率51%；',
  '- 【海外清算预研】',
  '    1、完成换汇清算流程梳理，输出清算方案初稿，预计12/14评审。',
  '',
  '## 【O2 系统升级】',
  '',
  '- 收款对账改造',
  '    1、二期（差错挂账）方案评审通过，预计12/20提测。',
  '- 账务引擎重构',
  '    1、新旧引擎并行比对环境搭建完成。',
  '',
  '# 下周工作及目标',
  '',
  '1、海外清算方案评审',
  '',
].join('\n');

/** Minutes with a member table and the meeting's time in the header. */
const SCRUM = (week: number, date: string, voice: [string, string], tester: [string, string]) =>
  [
    `# 语音助手项目组 第${week}周 Scrum 周会`,
    '',
    `会议时间：${date}（周一）14:30，地点：3楼小会议室`,
    '',
    '#### 成员任务',
    '',
    '| 成员 | 上周任务 | 本周任务 |',
    '| :---: | :---: | :---: |',
    `| 苏禾 | ${voice[0]} | ${voice[1]} |`,
    `| 林川 | ${tester[0]} | ${tester[1]} |`,
    '',
  ].join('\n');

const SURVEY_48 = [
  '# 门店运营组周报 2023-12-01',
  '',
  '本周门店回访问卷于11/28发放，截至本周五回收 800 份。下周继续推进促销招商。',
  '',
].join('\n');

const SURVEY_49 = [
  '# 门店运营组周报 2023-12-08',
  '',
  '门店风控模型联调完成，仍按12/11上线。门店回访问卷回收 1,500 份，综合满意度 85 分。',
  '',
].join('\n');

const CARDS = [
  '# 卡券运营组周报 2023-12-08',
  '',
  '卡券风控模型联调完成，仍按12/11上线。会员卡改版开发中，进度60%。',
  '',
].join('\n');

const QA = [
  '# 测试平台组项目周报',
  '',
  '## 项目基本信息',
  '- **报告周期**：2023年12月4日 - 2023年12月8日',
  '',
  '## 一、本周进展',
  '',
  '### 1. 接口覆盖',
  '- **覆盖率提升**：核心接口自动化覆盖率由 55% 提升至 68%',
  '',
  '### 2. 网关鉴权',
  '- **网关鉴权策略**：按租户维度鉴权',
  '',
  '## 二、下周计划',
  '',
  '### 1. 冒烟报告自动生成',
  '- **任务描述**：每次冒烟结束后自动生成报告并发到群里',
  '- **负责人**：江鹭',
  '- **截止日期**：2023年12月15日',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    ['账务中心-第45周-2023-11-03.md', LEDGER_45],
    ['账务中心-第47周-2023-11-17.md', LEDGER_47],
    ['账务中心-第49周-2023-12-01.md', LEDGER_49],
    ['语音助手项目组-第47周Scrum周会.md', SCRUM(47, '2023年11月13日', ['唤醒词识别模型首轮训练，识别准确率 86.5%', '唤醒词识别模型调参，目标识别准确率 90%'], ['接口联调', '压测']), '语音助手项目组'],
    ['语音助手项目组-第48周Scrum周会.md', SCRUM(48, '2023年11月20日', ['唤醒词识别模型调参，识别准确率提升至 88.9%', '唤醒词识别模型 v2 提测'], ['压测中', '压测']), '语音助手项目组'],
    ['语音助手项目组-第49周Scrum周会.md', SCRUM(49, '2023年11月27日', ['唤醒词识别模型 v2 已于11/23提测，识别准确率 90.4%', '唤醒词识别模型 v2 上线（计划11/30）'], ['压测完成：单机 QPS 300 次/秒', '冒烟测试']), '语音助手项目组'],
    ['门店运营组周报-2023-12-01.md', SURVEY_48, '门店运营组'],
    ['门店运营组周报-2023-12-08.md', SURVEY_49, '门店运营组'],
    ['测试平台组项目周报-2023-12-08.md', QA, '测试平台组'],
    ['卡券运营组周报-2023-12-08.md', CARDS, '卡券运营组'],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string, now = NOW) => kb.askSync(q, { now });

describe('a line borrows a name only from a sibling of the same phase', () => {
  it('海外清算方案二期: 二期 of another item\'s 方案 is not the plan the report names without a phase', () => {
    const a = ask('海外清算方案二期哪天评审');
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
    expect(a.answer).not.toContain('12/20');
  });

  it('the plan itself, asked without a phase, still answers', () => {
    const a = ask('海外清算方案哪天评审');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/14');
  });
});

describe('the thesaurus', () => {
  it('新老 is 新旧 and 双跑 is 并行比对', () => {
    const a = ask('新老账务引擎双跑对比的环境弄好没');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('并行比对环境搭建完成');
  });

  it('成交 is 交易', () => {
    const a = ask('钱包收单第一周成交了多少笔');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('1,204');
  });

  it('砍掉 is also 下线', () => {
    const a = ask('合并冷门缓存一共砍掉了几个Redis实例');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/4\s?个/);
  });
});

describe('words that ask rather than name', () => {
  it('借口 typed for 接口 (an input-method slip no report line has)', () => {
    const a = ask('核心借口自动化覆盖率是多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('68%');
  });

  it('几个百分点 asks a figure\'s unit, not a word the line must have', () => {
    const a = ask('核心接口自动化覆盖率涨了几个百分点');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('68%');
  });

  it('按什么粒度 asks the kind of answer: the line says 按租户维度', () => {
    const a = ask('网关鉴权是按什么粒度做的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('租户维度');
  });

  it('谁在跑 asks who: the table row\'s person', () => {
    const a = ask('语音助手那边冒烟测试谁在跑');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('林川');
  });

  it('回归完 / 自动出 / 发群里: the asker\'s verbs around the words the line has (发到群里)', () => {
    const a = ask('冒烟完自动出报告发群里那个做好没');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/15');
  });
});

describe('a target named with its figure', () => {
  it('离年底60%的目标还差几个点: the newest figure, the target an earlier week stated, the gap in points', () => {
    const a = ask('单测覆盖率离年底60%的目标还差几个点');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('51%');
    expect(a.answer).toContain('60%');
    expect(a.answer).toContain('9 个百分点');
  });

  it('a figure already past its target says so', () => {
    const a = ask('唤醒词识别准确率离90%目标还差多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('90.4%');
    expect(a.answer).toContain('已达成（高于目标');
  });
});

describe('a prose line of several sentences', () => {
  it('发出去没 of a questionnaire: its 发放 day, not the date another sentence gives another item', () => {
    const a = ask('回访问卷发出去没');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^已发放（11\/28/);
    expect(a.answer).not.toMatch(/尚未|计划 12\/11/);
    expect(a.citations[0].week).toBe('第48周');
  });
});

describe('a prose line of several sentences, dated in another sentence', () => {
  it('上线了吗 of work the line has no date for: not the plan another sentence states for other work', () => {
    const a = ask('会员卡改版上线了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^尚未上线/);
    expect(a.answer).not.toMatch(/计划 12\/11/);
  });
});

describe('the minutes\' header', () => {
  it('周会一般几点开: the meeting time the header states', () => {
    const a = ask('语音助手的周会一般几点开');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('14:30');
  });
});
