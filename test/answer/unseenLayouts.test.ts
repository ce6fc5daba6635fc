/**
 * Answers on layouts nobody tuned for: a figure restated in differently worded prose lines, a
 * completion column after a gap, a weekday grid, colloquial progress questions, and the unit a
 * question names. The reports are invented here (no samples), in the shapes other teams write.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const PROSE: Array<[string, string]> = [
  ['园区服务组周报-2023-11-10.md', '# 园区服务组周报（2023年11月10日）\n\n本周启动访客预约小程序推广，首周注册访客 150 人。食堂满意度问卷已设计完成，下周发放。\n'],
  ['园区服务组周报-2023-11-17.md', '# 园区服务组周报（2023年11月17日）\n\n访客预约小程序累计注册 820 人，其中员工家属 95 人。食堂满意度问卷于11/14发放，回收 300 份。\n'],
  ['园区服务组周报-2023-11-24.md', '# 园区服务组周报（2023年11月24日）\n\n访客预约推广结束，最终注册访客 1,640 人。食堂满意度问卷回收 610 份，满意度 82 分。\n'],
];

const COLUMN: Array<[string, string]> = [
  ['桌面客户端组-第45周-2023-11-10.md', '# 桌面客户端组 第45周 2023-11-10\n\n## 本周\n- 离线同步模块：冲突合并策略设计，覆盖场景 12 个\t\t30%\n'],
  ['桌面客户端组-第46周-2023-11-17.md', '# 桌面客户端组 第46周 2023-11-17\n\n## 本周\n- 离线同步模块：断点续传联调，传输成功率 97%\t\t60%\n'],
  ['桌面客户端组-第47周-2023-11-24.md', '# 桌面客户端组 第47周 2023-11-24\n\n## 本周\n- 离线同步模块已于11/23提测，测试机 40 台\t\t90%\n'],
];

const GRID = `# 传感器组 第47周 2023-11-24

| 事项 | 周一 | 周二 | 周三 | 周四 | 周五 |
| --- | --- | --- | --- | --- | --- |
| 睡眠模式 | 方案评审 | # | 待机电流 9mA | 待机电流 6mA | # |
`;
const GRID_LATER = `# 传感器组 第48周 2023-12-01

| 事项 | 周一 | 周二 | 周三 | 周四 | 周五 |
| --- | --- | --- | --- | --- | --- |
| 睡眠模式 | 关断外设 | 待机电流 4mA | # | # | # |
`;

const MINUTES = `# 消息中心周会 2023w47 (11.20 ~ 11.24)

> **议题**: 推送通道扩容、客户端发布

> **Notes**:
- 推送通道扩容后峰值 TPS 3,200 次/秒
- 讨论了值班安排

> **ToDo**:

@mingyu:
- [ ] Go 客户端 0.3.0 发布

@qiaoyi:
- [x] Java 客户端 2.1.0 发布
`;

const SCRUM = `# 数据采集组 第48周 Scrum 周会

会议时间：2023年11月20日（周一）10:00

| 成员 | 上周任务 | 本周任务 |
| :---: | :---: | :---: |
| 岑溪 | 埋点 SDK 体积压缩到 180KB | 埋点 SDK 灰度（计划11/23） |
| 符远 | 日志回传链路压测 | 回传链路告警接入 |
`;

const DETAIL_ONCE: Array<[string, string]> = [
  ['支付网关组-第47周-2023-11-17.md', '# 支付网关组 第47周 2023-11-17\n\n## 本周\n- 网关 SDK 2.0：断线重连方案设计\n'],
  ['支付网关组-第48周-2023-11-24.md', '# 支付网关组 第48周 2023-11-24\n\n## 本周\n- 网关 SDK 2.0：11/22 提测\n'],
];

const RESTATED: Array<[string, string]> = [
  [
    '标注平台组-第48周Scrum周会.md',
    '# 标注平台组 第48周 Scrum 周会\n\n会议时间：2023年11月20日（周一）10:00\n\n| 成员 | 上周任务 | 本周任务 |\n| :---: | :---: | :---: |\n| 常宁 | 质检规则联调，样本一致率 88% | 引入交叉复核 |\n',
  ],
  [
    '标注平台组-第49周Scrum周会.md',
    '# 标注平台组 第49周 Scrum 周会\n\n会议时间：2023年11月27日（周一）10:00\n\n| 成员 | 上周任务 | 本周任务 |\n| :---: | :---: | :---: |\n| 常宁 | 交叉复核上线，样本一致率提升至 94% | 质检报表 |\n',
  ],
];

const INVOICES: Array<[string, string]> = [
  [
    '票据中心-第47周-2023-11-17.md',
    '# 票据中心 第47周 2023-11-17\n\n## 本周\n- 电子发票改版：开发进度70%。\n- 发票识别助手接入工单系统，识别准确率86%。\n- 巡检覆盖 8 张核心表。\n',
  ],
  ['票据中心-第48周-2023-11-24.md', '# 票据中心 第48周 2023-11-24\n\n## 本周\n- 电子发票改版：开发完成，预计12/12提测。\n- 发票识别助手识别准确率89%，达成季度目标。\n'],
];

const RELEASES: Array<[string, string]> = [
  ['推荐引擎组-第47周-2023-11-17.md', '# 推荐引擎组 第47周 2023-11-17\n\n| 事项 | 负责人 | 状态 |\n| --- | --- | --- |\n| 召回模型 v2.4 | 林舟 | 已提测 |\n'],
  ['推荐引擎组-第48周-2023-11-24.md', '# 推荐引擎组 第48周 2023-11-24\n\n| 事项 | 负责人 | 状态 |\n| --- | --- | --- |\n| 召回模型 v2.4 | 林舟 | 已于11/22上线 |\n'],
  ['推荐引擎组-第49周-2023-12-01.md', '# 推荐引擎组 第49周 2023-12-01\n\n| 事项 | 负责人 | 状态 |\n| --- | --- | --- |\n| 召回模型 v2.5 | 林舟 | 需求评审 |\n'],
];

const LED_BY = '# 文档组 第48周 2023-11-24\n\n## 本周\n- 开发者手册翻译完成 40%，由沈言牵头。\n- 术语表整理：因评审人请假暂停。\n';

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  const files: Array<[string, string]> = [
    ...PROSE,
    ...COLUMN,
    ['传感器组-第47周-2023-11-24.md', GRID],
    ['传感器组-第48周-2023-12-01.md', GRID_LATER],
    ['消息中心周会-2023w47.md', MINUTES],
    ['数据采集组-第48周Scrum周会.md', SCRUM],
    ...DETAIL_ONCE,
    ...RESTATED,
    ...INVOICES,
    ...RELEASES,
    ['文档组-第48周-2023-11-24.md', LED_BY],
  ];
  for (const [name, text] of files) {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, text);
    await kb.ingestFile(file);
  }
});
afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('a trend whose figure is restated in other words each week', () => {
  test('one figure a week from the lines about the subject, not a side figure of the same unit', () => {
    const a = ask('访客预约注册人数这几周的变化');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/150 人.*820 人.*1,640 人/);
    expect(a.answer).not.toContain('95 人');
  });

  test('the unit the question names (学习人次, 多少份) chooses between figures of one line', () => {
    const a = ask('食堂满意度问卷回收了多少份');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('610 份');
    expect(a.answer).not.toMatch(/为 82 分/);
  });
});

describe('a completion column after a gap', () => {
  test('进度 across weeks is the column, not the other percentages in the words', () => {
    const a = ask('离线同步模块的进度这几周怎么变化');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/30%.*60%.*90%/);
    expect(a.answer).not.toContain('97%');
  });

  test('现在进度多少 is the newest week’s column', () => {
    const a = ask('离线同步模块现在进度多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('90%');
    expect(a.answer).not.toContain('之后未再提及');
  });
});

describe('a weekday grid', () => {
  test('every day’s figure of the measure is part of the trend', () => {
    const a = ask('待机电流的变化趋势');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/9mA.*6mA.*4mA/);
  });
});

describe('colloquial progress questions', () => {
  test('弄好了没 / 咋样 / 做到什么程度 ask about the subject, not about those words', () => {
    for (const q of ['访客预约小程序推广弄好了没', '离线同步模块咋样了', '离线同步模块做到什么程度了']) {
      const a = ask(q);
      expect({ q, found: a.found }).toEqual({ q, found: true });
    }
  });

  test('a word the reports never use still makes the question not found', () => {
    const a = ask('访客预约小程序的直播功能弄好了没');
    expect(a.found).toBe(false);
    expect(a.answer).not.toMatch(/\d{1,2}\/\d{1,2}|\d+\s*(?:人|份|分|%|mA)/);
  });
});

describe('meeting minutes', () => {
  test('a measured figure in the notes answers; the agenda line restating items does not', () => {
    const a = ask('推送通道峰值TPS多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('3,200');
    expect(a.citations[0].text).not.toContain('议题');
  });

  test('an English product word (Go) is part of the subject, not a question word', () => {
    const a = ask('Go 客户端谁负责');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('mingyu');
    expect(a.answer).not.toContain('qiaoyi');
  });
});

describe('minutes held at the start of the week', () => {
  test('下周计划 is the 本周任务 column beside 上周任务', () => {
    const a = ask('数据采集组下周计划有哪些');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('埋点 SDK 灰度');
    expect(a.answer).toContain('回传链路告警接入');
    expect(a.answer).not.toContain('180KB');
  });
});

describe('a detail named only in the week the work started', () => {
  test('the same item’s later week gives the date', () => {
    const a = ask('断线重连什么时候提测');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/22');
  });
});

describe('compounds of an event word', () => {
  test('冷启动 is not 启动: a subject the reports never name with it stays not found', () => {
    const a = ask('离线同步模块冷启动耗时多少');
    expect(a.found).toBe(false);
    expect(a.answer).not.toMatch(/\d+\s*(?:%|ms|个|台)/);
  });

  test('几分 / 多少份 are what is counted, not words of the subject', () => {
    const a = ask('食堂满意度是几分');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('82 分');
  });
});

describe('a measure restated by its owner in a line worded otherwise', () => {
  test('现在多少 is the newest statement of the same label, not the old line', () => {
    const a = ask('质检规则样本一致率现在多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('94%');
    expect(a.answer).not.toMatch(/为 88%/);
  });

  test('comparing two weeks shows both statements', () => {
    const a = ask('第48周和第49周相比质检规则样本一致率');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/88%[\s\S]*94%/);
  });
});

describe('trend and event words', () => {
  test('怎么变 asks for the series; 完成度 is a measure, not the event 完成', () => {
    const a = ask('离线同步模块完成度这几周怎么变');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/30%.*60%.*90%/);
  });
});

describe('the newest week of an item', () => {
  test('什么进度 when the newest week states no figure: its words, not the old figure', () => {
    const a = ask('电子发票改版什么进度');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/12');
    expect(a.answer).not.toContain('70%');
  });

  test('a longer label ending in the asked one is the same measure, restated later', () => {
    const a = ask('发票识别准确率多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('89%');
    expect(a.answer).not.toMatch(/为 86%/);
  });

  test('达标了吗 asks about the measure; 几张 is what is counted', () => {
    expect(ask('发票识别准确率达标了吗').found).toBe(true);
    const a = ask('巡检覆盖几张核心表');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('8 张');
  });
});

describe('one release, not the next', () => {
  test('the asked version’s story ends where the next version’s line begins', () => {
    const a = ask('召回模型v2.4现在什么状态');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/22');
    expect(a.answer).not.toContain('需求评审');
  });

  test('the next version’s status never borrows the earlier release’s date', () => {
    const a = ask('召回模型v2.5上了没');
    expect(a.answer).toContain('需求评审');
    expect(a.answer).not.toContain('11/22');
  });

  test('a version is never the day of a date (v22 is not the 22 of 11/22)', () => {
    const a = ask('召回模型v22上线了吗');
    expect(a.found).toBe(false);
  });
});

describe('more colloquial forms', () => {
  test('上了没 / 落地 ask about 上线; 多会儿 asks when; 搬完 / 降下来 / 进行得怎么样 ask how far', () => {
    expect(ask('召回模型v2.4上了没').answer).toContain('11/22');
    expect(ask('召回模型v2.4落地了吗').answer).toContain('11/22');
    expect(ask('电子发票改版多会儿提测').answer).toContain('12/12');
    for (const q of ['访客预约小程序推广搬完了吗', '发票识别准确率升上来没', '离线同步模块进行得怎么样']) {
      expect({ q, found: ask(q).found }).toEqual({ q, found: true });
    }
  });
});

describe('the ways people ask who', () => {
  test('归谁管 / 找谁 / owner是谁 / 交给谁了 / 由谁跟进 name the owner', () => {
    for (const q of ['召回模型v2.4归谁管', '召回模型v2.4找谁', '召回模型v2.4的owner是谁', '召回模型v2.4交给谁了', '召回模型v2.4由谁跟进']) {
      const a = ask(q);
      expect({ q, found: a.found, named: a.answer.includes('林舟') }).toEqual({ q, found: true, named: true });
    }
  });

  test('由X牵头 in the line names the owner', () => {
    const a = ask('开发者手册翻译谁牵头');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('沈言');
  });

  test('还做吗 / 卡住了吗 ask about the subject’s state', () => {
    expect(ask('术语表整理还做吗').answer).toContain('暂停');
    expect(ask('术语表整理卡住了吗').answer).toContain('暂停');
  });
});

describe('a negated status filter', () => {
  test('还有哪些没完成 lists the open to-dos of the latest report, not the finished ones', () => {
    // The title names the team 消息中心周会.
    const a = ask('消息中心周会还有哪些待办没完成');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('Go 客户端 0.3.0 发布');
    expect(a.answer).not.toContain('Java 客户端');
    expect(a.answer).not.toContain('3,200');
  });
});
