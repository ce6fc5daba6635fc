/**
 * What the held-out batch h927–h976 (written by a helper who never read the answer code, run once
 * untuned) missed, each on invented reports: the asker's narrative words (一到…就, 后来, 事后, 的事该找谁,
 * 清得怎么样), 通到 typed for 通道, 明年 as the year the lines write, a phase's start (哪天开始灰度, 开始联调了吗),
 * a slip asked as 晚了几天, English status words around a Chinese subject (in testing yet), a stretch of
 * weeks asked how it went (the figure's series), and the thesaurus (主板, 省电模式, 晚到, 新用户冷启动).
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { analyzeQuestion } from '../../src/domain/answer/question';
import { extractDates } from '../../src/domain/reports/dates';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const REPORT = (team: string, week: number, date: string, lines: string[], plan: string[] = []) =>
  [`# ${team} 第${week}周 ${date}`, '', '## 本周工作', '', ...lines, '', ...(plan.length ? ['## 下周计划', '', ...plan, ''] : [])].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    [
      '账务中心-第47周-2023-11-17.md',
      REPORT('账务中心', 47, '2023-11-17', [
        '- 2024年账务中心预算初稿完成，待与财务部对齐。',
        '- 历史坏账核销：待处理 500笔。',
        '- 会员APP：接口联调问题较多，提测由11/14推迟至11/17。',
        '- 新版会员中心已提测，预计11/20开始灰度。',
        '- C级事件：11/9 中信银行对账回单延迟约30分钟，已增加回单到达监控，并与银行约定延迟通知机制。',
      ]),
    ],
    [
      '账务中心-第48周-2023-11-24.md',
      REPORT('账务中心', 48, '2023-11-24', [
        '- 历史坏账核销：待处理 300笔。',
        '- 新版会员中心11/20起灰度，灰度扩大至50%，计划12/1全量开放。',
        '- 华夏备份通道已于11/20上线，运行平稳，日均承接交易约900笔。',
        '- 对账单导出改版：开发进度60%。',
      ]),
    ],
    [
      '账务中心-第49周-2023-12-01.md',
      REPORT(
        '账务中心',
        49,
        '2023-12-01',
        [
          '- 历史坏账核销：待处理 120笔，预计12月中旬清零。',
          '- 新版会员中心已于12/1全量开放。',
          '- 对账单导出改版：开发完成，预计12/15提测。',
          '- 工单系统二期开发进度55%',
          '- 商家直播课程上线 3 门，由林舟负责。',
        ],
        ['- 工单系统二期联调'],
      ),
    ],
    [
      '终端组-第49周-2023-12-01.md',
      REPORT('终端组', 49, '2023-12-01', [
        '- 主控板高温复位：降频至 1.2GHz 后 48 小时拷机无复位。',
        '- 低功耗模式：待机功耗降至 19mW。',
        '- 首页冷启动推荐方案：开发进度 35%',
      ]),
    ],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe("the asker's narrative words", () => {
  it('一到高温就复位，后来咋处理的: 一到 and 后来 tell the story, 主板 is 主控板', () => {
    const a = ask('主板一到高温就复位，后来咋处理的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('1.2GHz');
  });

  it('回单晚到那次，事后补了啥措施: 晚到 is 延迟, 事后 and 措施 name nothing', () => {
    const a = ask('中信回单晚到那次，事后补了啥措施');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('回单到达监控');
  });

  it('商家直播课程的事该找谁: 事该 is no word', () => {
    const a = ask('商家直播课程的事该找谁');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('林舟');
    // …nor is the 事 of 的事 part of the subject the answer names.
    expect(a.answer).toContain('「商家直播课程」');
  });

  it('这几周清得怎么样: 得 after the verb, and the figure through the weeks', () => {
    const a = ask('历史坏账这几周清得怎么样');
    expect(a.found).toBe(true);
    for (const n of ['500', '300', '120']) expect(a.answer).toContain(n);
  });

  it('这几周怎么样 of a figure said once: where it stands now, not that figure alone', () => {
    const a = ask('对账单导出改版这几周怎么样');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/15');
  });

  it('那几台 points at devices, it asks no count', () => {
    expect(analyzeQuestion('升级失败的那几台后来补升级了吗', { knownTeams: [], referenceYear: 2023 }).type).toBe('status');
  });
});

describe('spellings and years', () => {
  it('备用通到 is 备用通道 typed with the same pinyin', () => {
    const a = ask('华夏那条备用通到现在每天走多少笔');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('900');
  });

  it('明年 is the year after the asker\'s, as the lines write it; the deed still to come is not done', () => {
    const a = ask('账务明年的预算跟财务部对齐完了没');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('待与财务部对齐');
    expect(a.answer).not.toContain('已完成');
  });
});

describe('a phase, a slip, English words', () => {
  it('哪天开始灰度: the 灰度 date, not the 全量开放 one', () => {
    const a = ask('新版会员中心哪天开始灰度的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/20');
    expect(a.answer).not.toContain('12/1');
  });

  it('提前启动灰度 dates the 灰度, as 开始灰度 does', () => {
    expect(extractDates('已于11/29提前启动灰度，首批3家商户', '2023-12-01')[0].event).toBe('灰度');
  });

  it('开始联调了吗, of a next-week goal: not yet, and the work line of that week says where it stands', () => {
    const a = ask('工单系统二期开始联调了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('尚未联调');
    expect(a.answer).toContain('55%');
  });

  it('提测为啥晚了几天: the slip, its dates and its reason', () => {
    const a = ask('会员APP提测为啥晚了几天');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/14');
    expect(a.answer).toContain('11/17');
    expect(a.answer).toContain('原因：接口联调问题较多');
  });

  it('Is X in testing yet?: whether it was 提测', () => {
    const a = ask('Is 对账单导出改版 in testing yet?');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('尚未提测');
    expect(a.answer).toContain('12/15');
  });
});

describe('the thesaurus', () => {
  it('省电模式 is 低功耗模式', () => {
    const a = ask('省电模式下待机功耗最新多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('19mW');
  });

  it('新用户冷启动 is the 冷启动 the lines write', () => {
    const a = ask('新用户冷启动那套方案做到多少了');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('35%');
  });
});
