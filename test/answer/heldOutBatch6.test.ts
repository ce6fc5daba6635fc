/**
 * What the held-out batch h827–h876 (paraphrase-heavy, written by a helper who never read the answer
 * code, run once untuned) missed, each on invented reports: a team's short name inside a longer word
 * (钱包收单 is not 收单中心) or before 下一步, the 比 of 占比 read as 比上周, 比上次 glued to the figure's
 * name, 现在手上在忙啥 of a person, 这几周怎么走的, 那版, the asker's complaint of slowness (跑得慢,
 * 打开太慢), 版本 as a kind noun, 上限了吗 typed for 上线了吗, and the thesaurus (撤掉, 海外收款).
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { analyzeQuestion } from '../../src/domain/answer/question';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');
/** Friday of the ledger's 第49周: 上周 is 第48周. */
const FRIDAY_49 = new Date('2023-12-01T20:00:00+08:00');

const LEDGER = (week: number, date: string, lines: string[], plan: string[]) =>
  [
    `# 账务中心 第${week}周 ${date}`,
    '',
    '## 【重点工作】',
    '',
    ...lines.map((l) => `- ${l}`),
    '',
    '# 下周工作及目标',
    '',
    ...plan.map((p, i) => `${i + 1}、${p}`),
    '',
  ].join('\n');

const ACQUIRING = [
  '# 收单中心 第48周 2023-11-24',
  '',
  '## 【重点工作】',
  '',
  '- 钱包收单：已于11/22上线，首日交易 3,100 笔。',
  '- 单笔限额上限调整为5万元。',
  '',
].join('\n');

const APP = (range: string, lines: string[]) => [`# 终端组周报 ${range}`, '', '## 本周工作', '', ...lines.map((l, i) => `${i + 1}、${l}；`), ''].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    [
      '账务中心-第48周-2023-11-24.md',
      LEDGER(
        48,
        '2023-11-24',
        [
          '钱包收单清算对接：已提测，预计12/6上线。',
          '智能分账覆盖交易占比 30%；',
          '对账宽表延迟治理：端到端延迟 P95 由 5000ms 降至 2000ms。',
          '对账引擎性能优化：P99 延迟降至 52ms。',
          '跨境收款项目：选定合作机构「环宇通」，合同进入法务审批。',
          '实时画像 v3.1：Spark 作业迁移完成，已于11/23提测。',
        ],
        ['钱包收单清算对接上线', '旧账务集群下线'],
      ),
    ],
    [
      '账务中心-第49周-2023-12-01.md',
      LEDGER(
        49,
        '2023-12-01',
        [
          '钱包收单清算对接：因证书更换窗口调整，上线由12/6推迟至12/13。',
          '智能分账覆盖交易占比 36%；',
          '对账宽表延迟治理：端到端延迟 P95 降至 1100ms。',
          '对账引擎性能优化：P99 延迟降至 35ms，优化完成。',
          '实时画像 v3.1 已于11/30上线。',
          '指标看板二期测试通过，上线由12/12推迟至12/19。',
          '旧账务集群已于11/30下线，释放服务器 6 台。',
        ],
        ['分账灰度观察', '清分引擎开发收尾'],
      ),
    ],
    ['收单中心-第48周-2023-11-24.md', ACQUIRING],
    [
      '终端组周报-2023-11-24.md',
      APP('2023.11.20-2023.11.24', ['收银App 3.2 版本已于11/22发版（负责人：苏禾）', 'H5 首页首屏优化：首屏耗时降至 900ms（负责人：林川）', '门禁固件 2.0 版：12/6 灰度 150 台（负责人：林川）']),
      '终端组',
    ],
    [
      '终端组周报-2023-12-01.md',
      APP('2023.11.27-2023.12.01', ['收银App 3.3 需求评审完成，计划12/20提测（负责人：苏禾）', '收银App 3.2 新版本覆盖率 64%（负责人：苏禾）']),
      '终端组',
    ],
    [
      '问答机器人项目组-第48周Scrum周会.md',
      ['# 问答机器人项目组 第48周 Scrum 周会', '', '会议时间：2023年11月20日（周一）', '', '| 成员 | 上周任务 | 本周任务 |', '| :---: | :---: | :---: |', '| 江鹭 | 检索召回评测，Top3 召回率 80% | 引入重排 |', ''].join('\n'),
      '问答机器人项目组',
    ],
    [
      '问答机器人项目组-第49周Scrum周会.md',
      ['# 问答机器人项目组 第49周 Scrum 周会', '', '会议时间：2023年11月27日（周一）', '', '| 成员 | 上周任务 | 本周任务 |', '| :---: | :---: | :---: |', '| 江鹭 | 重排接入完成，Top3 召回率提升至 84% | 增量同步 |', ''].join('\n'),
      '问答机器人项目组',
    ],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string, now = NOW) => kb.askSync(q, { now });

describe('a team named by its short name', () => {
  it('收单 closing a longer word (钱包收单的…) names the work, not 收单中心: the other team\'s line answers', () => {
    const a = ask('钱包收单的清算对接上线了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/13');
    expect(a.answer).not.toContain('11/22');
    expect(a.citations[0].team).toBe('账务中心');
  });

  it('账务下一步打算做啥: the short name before 下一步 names the team, whose newest plan answers', () => {
    const a = ask('账务下一步打算做啥');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('分账灰度观察');
    expect(a.answer).toContain('清分引擎开发收尾');
  });
});

describe('比 that compares and 比 that names', () => {
  it('占比上周是多少: the ratio\'s 比 compares nothing, so last week\'s figure answers', () => {
    const a = ask('智能分账覆盖占比上周是多少', FRIDAY_49);
    expect(a.found).toBe(true);
    expect(a.answer).toContain('30%');
    expect(a.answer).not.toContain('36%');
    expect(a.citations[0].week).toBe('第48周');
  });

  it('占比比上周涨了多少 still compares: the second 比 is the verb', () => {
    const a = analyzeQuestion('智能分账覆盖占比比上周涨了多少', { knownTeams: [], referenceYear: 2023 });
    expect(a.scope.kind).not.toBe('relative');
  });

  it('召回率比上次涨了多少: 比上次 is the time before, not part of the figure\'s name', () => {
    const a = ask('Top3 召回率比上次涨了多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('80%');
    expect(a.answer).toContain('84%');
  });
});

describe('how the asker says it', () => {
  it('苏禾现在手上在忙啥: the person\'s newest week, its plan included', () => {
    const a = ask('苏禾现在手上在忙啥');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('3.3 需求评审');
    expect(a.answer).toContain('覆盖率 64%');
    expect(a.answer).not.toContain('11/22发版');
  });

  it('这几周怎么走的: the figure\'s course through the weeks', () => {
    const a = ask('对账宽表 P95 延迟这几周怎么走的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('2000ms');
    expect(a.answer).toContain('1100ms');
  });

  it('那版 points at the version, it names nothing', () => {
    const a = ask('门禁固件那版灰度推了多少台');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('150 台');
  });

  it('跑得慢 is the asker\'s complaint: the line names the work done about it', () => {
    const a = ask('对账引擎跑得慢那个优化，最后 P99 压到多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('35ms');
  });

  it('打开太慢 is a complaint too: the first-screen time answers', () => {
    const a = ask('H5 首页打开太慢那个问题，最近一次量出来多少毫秒');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('900ms');
  });

  it('那个画像版本: 版本 says what kind of thing, the line writes the version itself (v3.1)', () => {
    const a = ask('Spark 作业迁移的那个画像版本最后哪天上的线');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/30');
  });

  it('上限了吗 typed for 上线了吗: a limit is reached, never 上限\'d', () => {
    const a = ask('指标看板二期上限了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/19');
  });

  it('a limit reached, had or set stays a limit (no launch asked)', () => {
    for (const q of ['单笔限额到上限了吗', '单笔限额有上限没有', '单笔限额调上限了吗']) {
      expect(analyzeQuestion(q, { knownTeams: [], referenceYear: 2023 }).event).toBeNull();
    }
  });
});

describe('the thesaurus', () => {
  it('撤掉 is 下线', () => {
    const a = ask('旧账务集群哪天撤掉的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/30');
  });

  it('海外收款 is 跨境收款', () => {
    const a = ask('海外收款项目最后选了哪家机构合作');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('环宇通');
  });
});
