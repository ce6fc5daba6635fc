/**
 * What a held-out batch of questions (h517–h566, written by someone who never read the answer code,
 * run once untuned) found, each on invented reports: chat that asks nothing (收到🙏) answered with a
 * line and its date, everyday question words left in the subject (还剩几项没做, 放到多少, 拿到了没,
 * 手上, 负责哪块, 待处理笔数, case), a day named inside a weekday grid's week (12月5日那天), the gap to
 * a target stated in an earlier week (离目标还差多少), a level asked beside a change (打了多少分, not
 * 较上次提升 3 分), two weeks set against each other with 比涨了多少, a clause that says the asked part
 * is still to come (…全部完成，审计报告待出具), and 告警降噪 for 告警收敛, 每天 for 日均.
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { isContentFree } from '../../src/domain/answer/chitChat';
import { FakeOpenAI } from '../support/fakeOpenAI';
import { EVAL_NOW, ingestReports, openTestKb } from '../support/kb';
import { openModelKb } from '../llm/support';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const W47 = [
  '# 仓配运维组 第47周 2023-11-17',
  '',
  '## 本周工作',
  '- 网关性能优化：网关 P95 延迟 420ms，目标 200ms。',
  '- 告警收敛：日均告警由 900 次降至 600 次。',
  '- 合规整改：整改项共 9 项。',
  '- 问卷调研：门店问卷于11/14发放，回收问卷 800 份。',
  '- 历史退款挂账清理：待处理 310 笔。',
  '- 核心应用单元测试覆盖率40%。',
  '',
].join('\n');

const W48 = [
  '# 仓配运维组 第48周 2023-11-24',
  '',
  '## 本周工作',
  '- 网关性能优化：网关 P95 延迟降至 300ms。',
  '- 告警收敛：日均告警降至 450 次。',
  '- 合规整改：整改项完成 6 项，剩余 3 项。',
  '- 门店门户升级：新版门店门户灰度扩大至40%门店，计划12/6全量。',
  '- 历史退款挂账清理：待处理 200 笔。',
  '- 核心应用单元测试覆盖率43%。',
  '- 客诉处理：本周收到投诉 23 起，已处理 20 起。',
  '- 服务评价：好的评价占比 92%。',
  '',
].join('\n');

const W49 = [
  '# 仓配运维组 第49周 2023-12-01',
  '',
  '## 本周工作',
  '- 告警收敛：日均告警降至 320 次。',
  '- 合规整改：整改项全部完成，审计报告待出具。',
  '- 历史退款挂账清理：待处理 90 笔。',
  '- 核心应用单元测试覆盖率47%。',
  '- 门店满意度调研回收问卷 1,200 份，综合满意度 88 分，较上次调研提升 4 分。',
  '- 回归用例迁移：860 条回归用例全部迁移到新平台。',
  '- 巡检脚本改造（负责人：符离）：完成 12 个脚本改造。',
  '- 证书巡检自动化（负责人：符离）：已上线。',
  '',
].join('\n');

/** A weekday grid, one table a week, as a work log writes it. */
const GRID = [
  '# 硬件组 工作日志',
  '',
  '#### 2023-12-04 ~ 2023-12-08',
  '',
  '| 2023-12-04 | 周一 | 周二 | 周三 | 周四 | 周五 |',
  '| :---: | :---: | :---: | :---: | :---: | :---: |',
  '| 休眠模式 | 方案评审 | 待机电流 12mA | 待机电流 9mA | # | # |',
  '| 固件打包 | 脚本编写 | # | 打包通过 | # | # |',
  '',
].join('\n');

/** A project report whose plan lists each task under its own heading, with fields below it. */
const PROJECT = [
  '# 质检平台组项目周报',
  '',
  '## 项目基本信息',
  '- **项目名称**：质检平台三期',
  '- **报告周期**：2023年12月4日 - 2023年12月8日',
  '- **报告人**：苏禾',
  '',
  '## 一、本周进展',
  '',
  '### 1. 网关全量',
  '- **已完成**：网关全量后峰值 QPS 3,100 次/秒',
  '',
  '### 2. 安卓组人力',
  '- **风险**：安卓组开发人力不足，需从测试组借调 1 人',
  '',
  '### 3. 成本治理',
  '- **已完成**：下线闲置节点 14 台',
  '',
  '### 4. 社区运营',
  '- **本期**：新增贡献者 6 位',
  '',
  '## 二、下周计划',
  '',
  '### 1. 巡检报表自动生成',
  '- **任务描述**：每次巡检结束后自动生成报表并发到群里',
  '- **负责人**：苏禾',
  '- **截止日期**：2023年12月15日',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    ['仓配运维组-第47周-2023-11-17.md', W47],
    ['仓配运维组-第48周-2023-11-24.md', W48],
    ['仓配运维组-第49周-2023-12-01.md', W49],
    ['硬件组-工作日志.md', GRID, '硬件组'],
    ['质检平台组项目周报-2023-12-08.md', PROJECT, '质检平台组'],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });
const DATE_OR_FIGURE = /\d{1,2}\/\d{1,2}|\d+\s*(?:份|笔|次|%|ms)/;

describe('chat that asks nothing', () => {
  it.each(['收到🙏', '好的，谢谢👍', '辛苦了！', '收到收到', 'ok', 'thanks!', '哈哈哈', '👍👍'])('%s → not found, the help text, no date or figure', (q) => {
    const a = ask(q);
    expect(a.found).toBe(false);
    expect(a.answer).toContain('可以这样问');
    expect(a.answer).not.toMatch(DATE_OR_FIGURE);
    expect(a.citations).toHaveLength(0);
  });

  it('a question with such a word in it is still a question', () => {
    const complaints = ask('收到的投诉有多少');
    expect(complaints.found).toBe(true);
    expect(complaints.answer).toContain('23');
    const praise = ask('好的评价占比多少');
    expect(praise.found).toBe(true);
    expect(praise.answer).toContain('92%');
  });

  it('isContentFree: nothing left once the chat words, emoji and punctuation are gone', () => {
    expect(isContentFree('收到🙏')).toBe(true);
    expect(isContentFree('OK 👌')).toBe(true);
    expect(isContentFree('收到的投诉有多少')).toBe(false);
    expect(isContentFree('okr 完成了吗')).toBe(false);
    // 好了吗 / 可以了吗 ask: a follow-up about the previous question's subject.
    expect(isContentFree('好了吗')).toBe(false);
    expect(isContentFree('可以了吗？')).toBe(false);
  });
});

describe('chat in LLM mode', () => {
  it('is not sent to the model (not even to be translated): the help text, one usage line', async () => {
    const fake = await FakeOpenAI.start();
    const m = await openModelKb(fake);
    try {
      for (const q of ['收到🙏', 'thanks!']) {
        const a = await m.kb.ask(q, { now: EVAL_NOW });
        expect(a.found).toBe(false);
        expect(a.answer).toContain('可以这样问');
      }
      expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);
      expect(m.logs.filter((l) => l.startsWith('llm usage'))).toHaveLength(2);
    } finally {
      m.close();
      await fake.close();
    }
  });
});

describe('everyday question words are not subject words', () => {
  it('还剩几项没做', () => {
    const a = ask('合规整改第48周还剩几项没做');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/剩余.{0,4}3\s*项/);
  });

  it('灰度放到多少', () => {
    const a = ask('新版门店门户第48周灰度放到多少门店了');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('40%');
  });

  it('手上有哪些事 / 负责哪块: the person’s lines', () => {
    for (const q of ['符离手上现在有哪些事', '符离负责哪块']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.answer).toContain('巡检脚本');
    }
  });

  it('待处理笔数这几周怎么变的: every week’s figure', () => {
    const a = ask('历史退款挂账待处理笔数这几周怎么变的');
    expect(a.found).toBe(true);
    for (const n of ['310', '200', '90']) expect(a.answer).toContain(n);
  });

  it('case in a Chinese question is a test case (用例)', () => {
    const a = ask('回归case搬到新平台搬完了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('860');
  });

  it('告警降噪 is 告警收敛, and 每天 is the daily average (日均)', () => {
    const a = ask('告警降噪现在做到每天多少条了');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('320');
  });
});

describe('figures', () => {
  it('12月5日那天: in a weekday grid, that day’s column (a Tuesday)', () => {
    const a = ask('休眠模式12月5日那天待机电流多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12mA');
    expect(a.answer).not.toMatch(/为 9mA/);
  });

  it('离目标还差多少: the figure, the target an earlier week stated, and the gap', () => {
    const a = ask('网关第48周的P95离目标还差多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('300ms');
    expect(a.answer).toContain('200ms');
    expect(a.answer).toContain('100ms');
    // The week that states the target: the figure is still that week's own, not the target.
    const first = ask('网关第47周的P95离目标还差多少');
    expect(first.answer).toContain('420ms');
    expect(first.answer).toContain('220ms');
  });

  it('打了多少分 asks the level, not the change beside it', () => {
    const a = ask('门店调研最后打了多少分');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('88');
    expect(a.answer).not.toMatch(/为 4 分/);
    // …and 比上次提升了多少 still asks the change.
    expect(ask('门店满意度比上次调研提升了多少').answer).toContain('4 分');
  });

  it('第47周和第49周比涨了多少: the two weeks set against each other', () => {
    const a = ask('单测覆盖率第47周和第49周比涨了多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('40%');
    expect(a.answer).toContain('47%');
  });
});

describe('status', () => {
  it('a done line whose clause about the asked part is still to come: not done', () => {
    const a = ask('审计报告拿到了没');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('待出具');
    expect(a.answer).not.toMatch(/^已完成/);
  });
});

describe('the ten written after the fixes (h567–h576)', () => {
  it('a planned task under its own heading, its fields folded in, is not an empty heading', () => {
    const a = ask('巡检报表自动生成做完了吗');
    expect(a.found).toBe(true);
    expect(a.answer).not.toMatch(/^没有/);
    expect(a.answer).not.toContain('没有列出事项');
    expect(a.answer).toContain('12/15');
  });

  it('everyday words for the report’s: 高峰 (峰值), 关掉 / 闲着 (下线 / 闲置), 缺人 (人力不足), 新来 (新增), 这期', () => {
    const peak = ask('网关全量之后QPS高峰到了多少');
    expect(peak.answer).toContain('3,100');
    const idle = ask('关掉了多少台闲着的节点');
    expect(idle.answer).toContain('14');
    const people = ask('安卓组缺人的事打算怎么解决');
    expect(people.answer).toContain('借调');
    const newcomers = ask('社区这期新来了几位贡献者');
    expect(newcomers.answer).toContain('6');
  });
});
