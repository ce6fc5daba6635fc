/**
 * Everyday wordings of the usual questions (搞定没 / 还差什么 / 还要多久 / 提的测 / 比上次提升多少 / 前后对比 /
 * 有几个人写了周报 / 有几个待办), and the status a line's words support as a whole (开发完成，预计12/12提测
 * is not done; 完成 64% is not done; 原计划12/5 is not the plan). The reports are invented here, in
 * the shapes teams write; each mechanism has a trap beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const WAREHOUSE: Array<[string, string]> = [
  [
    '仓储物流组-第47周-2023-11-17.md',
    [
      '# 仓储物流组 第47周 2023-11-17',
      '',
      '## 本周工作',
      '- 分拣系统改版：开发进度70%。',
      '- 智能排班助手：排班准确率 81%。',
      '- 运单中心迁移完成。',
      '',
      '## 下周计划',
      '- 分拣系统改版开发',
      '- 库位优化方案评审',
      '- 叉车调度联调',
      '',
    ].join('\n'),
  ],
  [
    '仓储物流组-第48周-2023-11-24.md',
    [
      '# 仓储物流组 第48周 2023-11-24',
      '',
      '## 本周工作',
      '- 分拣系统改版：开发完成，预计12/12提测。',
      '- 冷链监控平台：接口联调中，预计12/8提测（原计划12/5）。',
      '- 智能排班助手：排班准确率 85%。',
      '- 仓内机器人主频调优：回退至 1.4GHz 稳定运行。',
      '- 司机满意度调研回收问卷 620 份，综合满意度 86 分，较上次调研提升 4 分。',
      '- 操作手册翻译完成 64%。',
      '- 调度看板工作台灰度（计划12/1）。',
      '- 新仓冷启动方案设计\t\t20%',
      '- 无人叉车一期立项，预计1/15完成 Demo。',
      '- 叉车保险续期已提交申请，等待审批。',
      '',
      '## 下周计划',
      '- 分拣系统改版提测',
      '- 冷链监控平台提测',
      '',
    ].join('\n'),
  ],
  [
    '仓储物流组-第49周-2023-12-01.md',
    [
      '# 仓储物流组 第49周 2023-12-01',
      '',
      '## 本周工作',
      '- 结算单导出已于11/29提测，预计12/6上线。',
      '- 英文文档翻译完成 88%，预计12月底完成。',
      '- 修复拣货单打印乱码问题（#312）。',
      '- 新增《叉车安全》培训视频 5 集。',
      '- 库存盘点上线前需要完成数据核对。',
      '- 叉车保险已于11/29完成续期。',
      '- 稳定性度量：仓储物流组本周健康分 702 分，排名中心第3。',
      '- 消防整改项完成 4 项，剩余 3 项。',
      '- 手持终端 App 2.1：因系统升级，发版由11/30推迟至12/12。',
      '',
    ].join('\n'),
  ],
];

/** Two versions of one item: each version's figures are its own. */
const ROUTING: Array<[string, string]> = [
  ['调度算法组-第47周-2023-11-17.md', '# 调度算法组 第47周 2023-11-17\n\n## 本周\n- 路径规划 v1.2：进度 40%\n'],
  ['调度算法组-第48周-2023-11-24.md', '# 调度算法组 第48周 2023-11-24\n\n## 本周\n- 路径规划 v1.2：进度 80%\n'],
  ['调度算法组-第49周-2023-12-01.md', '# 调度算法组 第49周 2023-12-01\n\n## 本周\n- 路径规划 v1.3：进度 10%\n'],
];

/** A Chinese outline whose headings (一、本周工作) are also read as lines. */
const OUTLINE = '# 移动仓储组周报（2023.11.20-2023.11.24）\n\n一、本周工作\n\n1、盘点机器人联调完成（负责人：韦宁）；\n\n2、货架识别准确率升至 93%（负责人：韦宁）；\n\n二、风险与问题\n\n1、机器人电池续航不足；\n';

const OUTLINE_EMPTY = '# 移动仓储组周报（2023.11.27-2023.12.01）\n\n一、本周工作\n\n1、货架识别准确率升至 95%（负责人：韦宁）；\n\n二、风险与问题\n\n无\n';

const PLANNERS = [
  '# 运力规划组周报 第48周 2023-11-24',
  '',
  '## 周岚',
  '### 本周完成',
  '- 线路规划模型上线。',
  '- 熟悉预测开发规范。',
  '',
  '## 陆川',
  '### 本周完成',
  '- 车辆画像数据清洗完成。',
  '',
  '## 许桐',
  '### 本周完成',
  '- 运力预测看板开发进度50%。',
  '',
].join('\n');

/** Scrum minutes held on Monday: 本周任务 is what the member will do next. */
const SCRUM = [
  '# 分拣算法组 第48周 Scrum 周会',
  '',
  '会议时间：2023年11月20日（周一）10:00',
  '',
  '| 成员 | 上周任务 | 本周任务 |',
  '| :---: | :---: | :---: |',
  '| 岑溪 | 分拣路径评测，命中率 86% | 引入重排序模块 |',
  '| 符远 | 格口分配规则梳理 | 格口分配联调 |',
  '',
].join('\n');

const GATEWAY = ['# 接口平台组 第47周 2023-11-24', '', '## 本周', '- 开发者文档站改版已于11/22上线。', ''].join('\n');

const CAMPUS = ['# 智慧园区项目组 第48周 2023-11-24', '', '## 本周', '- 闸机改造：联调中，预计12/15上线。', '- 压测完成，P99 延迟 120ms。', ''].join('\n');

const MINUTES = [
  '# 消息平台组周会 2023w47 (11.20 ~ 11.24)',
  '',
  '> **Notes**:',
  '- 推送峰值 TPS 2,800 次/秒',
  '- 讨论了值班安排',
  '',
  '> **ToDo**:',
  '',
  '@anran:',
  '- [ ] 推送通道扩容',
  '- [x] 推送网关改造已于11/22提测',
  '- [ ] 推送网关上线，计划11/30',
  '',
  '@yishan:',
  '- [x] Java 客户端 1.2.0 发布',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  const files: Array<[string, string]> = [
    ...WAREHOUSE,
    ...ROUTING,
    ['运力规划组-第48周-2023-11-24.md', PLANNERS],
    ['接口平台组-第47周-2023-11-24.md', GATEWAY],
    ['分拣算法组-第48周Scrum周会.md', SCRUM],
    ['移动仓储组-周报-2023.11.20-2023.11.24.md', OUTLINE],
    ['移动仓储组-周报-2023.11.27-2023.12.01.md', OUTLINE_EMPTY],
    ['智慧园区项目组-第48周-2023-11-24.md', CAMPUS],
  ];
  for (const [name, text] of files) {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, text);
    await kb.ingestFile(file);
  }
  // Minutes name their team only in the folder they are kept in (zhoubao ingest --team).
  const minutes = path.join(dataDir, '消息平台组周会-2023w47.md');
  fs.writeFileSync(minutes, MINUTES);
  await kb.ingestFile(minutes, { team: '消息平台组' });
});
afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('the status a line supports as a whole', () => {
  test('a finished step with a dated next step is under way: 开发完成，预计12/12提测 is not 已完成', () => {
    const a = ask('分拣系统改版搞定没');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/12');
    expect(a.answer).not.toMatch(/^已完成/);
    // …nor does an older week's wording overrule the newest line.
    expect(a.answer).not.toContain('第47周周报');
  });

  test('trap: a line that only reports the work done is still 已完成', () => {
    const a = ask('运单中心迁移完成了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^已完成/);
  });

  test('完成 64% is progress, not completion', () => {
    const a = ask('操作手册翻译完成了吗');
    expect(a.found).toBe(true);
    expect(a.answer).not.toMatch(/^已完成/);
    expect(a.answer).toContain('64%');
  });

  test('a date the line says was replaced (原计划12/5) is not the plan', () => {
    const a = ask('冷链监控平台提测了没');
    expect(a.answer).toContain('计划 12/8 提测');
    expect(a.answer).not.toContain('计划 12/5');
  });

  test('the date a slip moved away from (发版由11/30推迟至12/12) is not a release', () => {
    const a = ask('手持终端App 2.1发版了吗');
    expect(a.found).toBe(true);
    expect(a.answer).not.toMatch(/^已上线/);
    expect(a.answer).toContain('12/12');
  });

  test('a figure that looks like a date (1.4GHz) is not a planned step', () => {
    const a = ask('仓内机器人主频调优进展如何');
    expect(a.found).toBe(true);
    expect(a.answer).not.toContain('1/4');
  });

  test('the end of a name (工作台) is not a deed: no 尚未作台', () => {
    const a = ask('调度看板工作台进展');
    expect(a.answer).toContain('12/1');
    expect(a.answer).not.toContain('作台，');
    expect(a.answer).not.toContain('尚未作台');
  });

  test('a line of the week that opens with a deed (修复…) reports it done', () => {
    const a = ask('拣货单打印乱码修了吗');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^已修复/);
  });

  test('trap: 完成 that the line only intends (上线前需要完成数据核对) is not done', () => {
    const a = ask('数据核对做完没');
    expect(a.found).toBe(true);
    expect(a.answer).not.toMatch(/^已完成/);
  });

  test('冷启动 names a kind of start, not the event 启动', () => {
    const a = ask('新仓冷启动进展如何');
    expect(a.found).toBe(true);
    expect(a.answer).not.toContain('尚未启动');
  });
});

describe('everyday wordings', () => {
  test('还差什么 / 还要多久 / 卡在哪 ask about the work, they are not part of its name', () => {
    for (const q of ['分拣系统改版还差什么', '冷链监控平台还要多久', '冷链监控平台卡在哪']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.answer).not.toContain('没有提到');
    }
    expect(ask('分拣系统改版还差什么').answer).toContain('12/12');
    expect(ask('冷链监控平台还要多久').answer).toContain('12/8');
  });

  test('转测 / 交测 are 提测, 上生产 is 上线, 跳票 / 拖了吗 ask whether the date slipped', () => {
    expect(ask('冷链监控平台什么时候转测').answer).toContain('12/8');
    expect(ask('结算单导出哪天上生产').answer).toContain('12/6');
    const slipped = ask('冷链监控平台提测跳票了吗');
    expect(slipped.found).toBe(true);
    expect(slipped.answer).toMatch(/12\/5.*12\/8/);
  });

  test('什么时候立项的: a deed stated without a date is answered with its report, not another step’s date', () => {
    const a = ask('无人叉车一期什么时候立项的');
    expect(a.found).toBe(true);
    expect(a.citations[0].week).toBe('第48周');
    expect(a.answer).toContain('立项');
    expect(a.answer).not.toMatch(/计划 1\/15/);
  });

  test('trap: a deed dated as happened keeps its date (已于11/29完成续期)', () => {
    const a = ask('叉车保险什么时候续期的');
    expect(a.answer).toContain('11/29');
  });

  test('还差什么 after a finished step names the same work’s open lines that week', () => {
    const a = ask('推送网关改造还差什么');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/22');
    expect(a.answer).toContain('计划11/30');
  });

  test('trap: without 还差 the status of the line asked is the answer, nothing appended', () => {
    expect(ask('推送网关改造提测了吗').answer).not.toContain('11/30');
  });

  test('亮点 / 纪要 ask for the week’s report; 2023w47 names its week', () => {
    for (const q of ['消息平台组2023w47周会纪要', '仓储物流组第48周亮点']) {
      const a = ask(q);
      expect(a.found).toBe(true);
    }
    expect(ask('消息平台组2023w47周会纪要').citations[0].week).toBe('第47周');
  });

  test('trap: the same wording about something the reports never mention is not found', () => {
    const a = ask('无人仓改造还差什么');
    expect(a.found).toBe(false);
    expect(a.answer).not.toMatch(/\d+\/\d+/);
  });

  test('提的测 is 提测: the date it went to test, not its launch plan', () => {
    const a = ask('结算单导出哪天提的测');
    expect(a.answer).toContain('11/29');
    expect(a.answer).not.toContain('12/6');
  });

  test('a lone character that continues the word in the reports (文档/站) keeps it: 文档站 is not 英文文档翻译', () => {
    const a = ask('文档站上线了没');
    expect(a.found).toBe(true);
    expect(a.citations[0].team).toBe('接口平台组');
    expect(a.answer).toContain('11/22');
  });

  test('trap: a phase of it that does not exist is not found', () => {
    expect(ask('文档站二期上线了没').found).toBe(false);
  });

  test('a long team stem that opens the question names the team (智慧园区压测…)', () => {
    const a = ask('智慧园区压测P99延迟多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('120ms');
  });

  test('trap: an unknown subject after the team stem is still not found', () => {
    expect(ask('智慧园区停车场改造什么时候上线').found).toBe(false);
  });
});

describe('the newest report', () => {
  test('最新一期 / 最近一周 name the newest report, not a phase 一期 or a subject 一周', () => {
    for (const q of ['仓储物流组最新一期周报说了什么', '仓储物流组最近一周做了什么']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.citations[0].week).toBe('第49周');
    }
  });

  test('trap: 一期 after a subject is still a phase that must exist', () => {
    expect(ask('分拣系统改版一期什么时候提测').found).toBe(false);
  });

  test('a week summary leaves out lines that are only a heading (一、本周工作)', () => {
    const a = ask('移动仓储组11月24日那周做了什么');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('盘点机器人联调完成');
    expect(a.answer).not.toMatch(/- 本周工作\n|- 风险与问题/);
  });
});

describe('a section with nothing in it', () => {
  test('风险与问题 whose section says only 无 is answered 没有 / 无, not with its heading as a risk', () => {
    expect(ask('移动仓储组12月1日那周风险与问题').answer).toMatch(/^没有/);
    expect(ask('移动仓储组12月1日那周有哪些风险').answer).toContain('无');
    expect(ask('移动仓储组12月1日那周有哪些风险').answer).not.toContain('共 1 项');
  });

  test('trap: a week whose section lists a risk names it', () => {
    expect(ask('移动仓储组11月24日那周有哪些风险').answer).toContain('电池续航');
  });
});

describe('a summary needs something to summarise', () => {
  test('总结 / 做了什么 alone (no team, no week) is not understood rather than every team’s report', () => {
    for (const q of ['总结', '做了什么']) {
      const a = ask(q);
      expect(a.found).toBe(false);
      expect(a.citations).toHaveLength(0);
    }
  });

  test('trap: with a team and a week it is the week’s summary', () => {
    const a = ask('仓储物流组第47周做了什么');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('81%');
  });
});

describe('which figure', () => {
  test('比上次提升多少 asks for the change, not the level reached', () => {
    const a = ask('司机满意度比上次提升多少分');
    expect(a.answer).toContain('为 4 分');
    expect(a.answer).not.toContain('为 86 分');
  });

  test('排名第几 asks for the rank the line writes (排名中心第3), not the score beside it', () => {
    const a = ask('仓储物流组健康分排名第几');
    expect(a.answer).toContain('排名第 3');
    expect(a.answer).not.toContain('为 702');
  });

  test('trap: the score itself is still the score', () => {
    expect(ask('仓储物流组健康分多少').answer).toContain('702');
  });

  test('还剩几项 asks for what remains (剩余 3 项), not what is done', () => {
    const a = ask('消防整改还剩几项');
    expect(a.answer).toContain('3 项');
    expect(a.answer).not.toContain('为 4 项');
  });

  test('trap: without 比上次 the level is the answer', () => {
    const a = ask('司机综合满意度多少分');
    expect(a.answer).toContain('为 86 分');
  });

  test('a unit the question names (几集) finds the number written before it', () => {
    const a = ask('叉车安全培训视频出了几集');
    expect(a.answer).toContain('为 5 集');
  });

  test('trap: a unit the line does not use is not stated with its number', () => {
    expect(ask('叉车安全培训视频出了几期').answer).not.toContain('5 期');
  });

  test('a trend follows one version of the item, not the next version’s figures', () => {
    expect(ask('路径规划v1.2进度这几周怎么变化').answer).toMatch(/40%.*80%/);
    expect(ask('路径规划进度这几周怎么变化').answer).not.toMatch(/80%.*10%|10%.*80%/);
  });

  test('前后两周 compares by itself, without 对比', () => {
    const a = ask('排班准确率前后两周');
    expect(a.answer).toContain('81%');
    expect(a.answer).toContain('85%');
  });

  test('前后对比 without 两周 compares the last two weeks of the figure', () => {
    const a = ask('排班准确率前后对比');
    expect(a.answer).toContain('81%');
    expect(a.answer).toContain('85%');
  });
});

describe('counting', () => {
  test('有几个人写了周报: the people a report names, each once', () => {
    const a = ask('运力规划组第48周有几个人写了周报');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('共 3 人');
    for (const name of ['周岚', '陆川', '许桐']) expect(a.answer).toContain(name);
  });

  test('trap: a report that names nobody has no people to count', () => {
    const a = ask('仓储物流组第49周有几个人写了周报');
    expect(a.found).toBe(false);
  });

  test('a section named by its heading is counted alone, without the heading line or other sections', () => {
    const a = ask('仓储物流组第47周本周工作有几项');
    expect(a.answer).toContain('共 3 项');
    expect(a.answer).not.toContain('库位优化');
  });

  test('有几个事项 counts the week’s own items, not next week’s plan', () => {
    const a = ask('仓储物流组第47周有几个事项');
    expect(a.answer).toContain('共 3 项');
    expect(a.answer).not.toContain('叉车调度');
  });

  test('下周计划有几项 states the size of the plan', () => {
    const a = ask('仓储物流组第47周下周计划有几项');
    expect(a.answer).toContain('共 3 项');
  });

  test('有几个待办 counts the to-do lines, not the notes', () => {
    const a = ask('消息平台组第47周有几个待办');
    expect(a.answer).toContain('共 4 项');
    expect(a.answer).not.toContain('值班');
  });
});

describe('who', () => {
  test('谁引入的 / 谁修的 ask for the owner like 谁负责', () => {
    const a = ask('重排序模块谁引入的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('岑溪');
  });

  test('a member’s plan in Monday minutes is their 本周任务', () => {
    const a = ask('岑溪下周计划');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('引入重排序模块');
    expect(a.answer).not.toContain('86%');
  });

  test('trap: someone the reports never name has no plan', () => {
    expect(ask('岑小溪下周计划').found).toBe(false);
  });

  test('lines that name the subject as asked outweigh lines that share one of its words', () => {
    const a = ask('运力预测看板谁负责');
    expect(a.answer).toContain('许桐');
    expect(a.answer).not.toContain('周岚');
  });
});
