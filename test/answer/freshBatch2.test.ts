/**
 * What a second fresh batch of questions (h437–h506, written by someone who never read the answer
 * code) found, each on invented reports: everyday question words left in the subject (还是没动静,
 * 停着, 过半, 按时, 大概, 百分之, 毫瓦, 切走, 太多, 开起来, 发出去, 各人), a team called by a short name
 * (运维组, 风控…), a report named by its day (11月24日那期, 截至 12/1), two dated weeks set against
 * each other (比差多少), a name written with its version glued on (OAuth2), a launch whose plan date
 * stands in its own clause (…上线，计划12/14), how far the work is (做到多少了), a figure asked of two
 * teams (谁高), a figure's move since the start or the week before (比最开始, 比前一周, 比上周, 优化前后),
 * a thing asked by a description said in another week (…的那个 API 网关), part of a count done
 * (已完成 120/300 个), and broad words for narrower ones (一天 / 日均, 容器 / K8s).
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const W47 = [
  '# 仓储调度组 第47周 2023-11-17',
  '',
  '## 本周工作',
  '- 任务迁移：Cron 任务迁移至新调度平台，已完成 120/300 个。',
  '- 冷库归档：磁带采购未到位，暂停。',
  '- 拣货路径优化：拣货耗时由 1900ms 降至 1500ms。',
  '- 拣货接口 P99 延迟 950ms，目标 500ms。',
  '- 分拣机器人开发进度40%。',
  '- 库存引擎重构',
  '    1. 性能目标：库存引擎处理能力提升至每小时300万笔。',
  '    2. 开发中，进度20%。',
  '- 网关限流策略：按门店维度限流。',
  '- 门禁对接：OAuth2 鉴权改造已于11/15提测。',
  '- 低功耗模式：待机功耗由 40mW 降至 31mW。',
  '- 安全自查清单梳理完成，共18项，待法务复核。',
  '- 订单表历史数据补数完成，共补 10 天分区。',
  '- 会员积分重构（负责人：钟岚）：开发中。',
  '- 数字钱包收单已于11/15上线，首周交易 1,200 笔。',
  '',
].join('\n');

const W48 = [
  '# 仓储调度组 第48周 2023-11-24',
  '',
  '## 本周工作',
  '- 拣货路径优化：拣货耗时降至 1300ms。',
  '- 拣货接口 P99 延迟降至 700ms。',
  '- 开放 API 网关 v2.0 全量发布（11/29 已完成）。',
  '- 满意度问卷于11/20发放，截至本周五回收 500 份。',
  '- 备用线路已于11/23上线，日均承接订单约 900 单。',
  '- K8s 生产集群升级：由12/5推迟至12/12。',
  '- 巡检平台二期开发进度40%。',
  '- 工单去重规则调整，重复工单占比由 9% 降至 2%。',
  '',
  '# 下周工作及目标',
  '',
  '1. 巡检平台二期联调',
  '',
].join('\n');

const W49 = [
  '# 仓储调度组 第49周 2023-12-01',
  '',
  '## 本周工作',
  '- 拣货路径优化暂停，人力转投库存引擎。',
  '- 拣货接口 P99 延迟降至 600ms，达成目标。',
  '- 库存引擎重构',
  '    1. 开发进度75%，预计12/20提测。',
  '- 分拣机器人开发进度70%。',
  '- OAuth2 鉴权上线，计划12/14。',
  '- 推荐排序 v3 AB 实验已于11/30开启，实验流量 20%。',
  '- 扫码枪 SDK 二期已于11/29上线，覆盖 Android、iOS 两端。',
  '- 安全自查清单经法务复核通过。',
  '- 低功耗模式：待机功耗降至 26mW。',
  '- 满意度问卷回收 900 份。',
  '- 稳定性度量：本周健康分 700 分。',
  '',
  '# 下周工作及目标',
  '',
  '1. 库存引擎重构提测',
  '2. 备件盘点系统立项',
  '',
].join('\n');

/** A second team, for a figure asked of both. */
const DELIVERY_W49 = ['# 配送调度组 第49周 2023-12-01', '', '## 本周工作', '- 稳定性度量：本周健康分 680 分。', '- 路线规划 v2 上线。', '- 召回通道 AB 实验开启，实验流量 10%。', '- 数据一致性巡检上线。', '- RISC-V 后端向量指令支持合入。', ''].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    ['仓储调度组-第47周-2023-11-17.md', W47],
    ['仓储调度组-第48周-2023-11-24.md', W48],
    ['仓储调度组-第49周-2023-12-01.md', W49],
    ['配送调度组-第49周-2023-12-01.md', DELIVERY_W49],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('everyday question words are not subject words', () => {
  it('还是没动静 / 停着: whether the work is stalled', () => {
    for (const q of ['冷库归档还是没动静吗', '冷库归档现在停着吗']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.answer).toContain('暂停');
    }
  });

  it('过半了吗 / 做到百分之多少: how far the work is', () => {
    const half = ask('巡检平台二期开发过半了吗');
    expect(half.found).toBe(true);
    expect(half.answer).toContain('40%');
    const share = ask('分拣机器人开发做到百分之多少');
    expect(share.found).toBe(true);
    expect(share.answer).toContain('70%');
  });

  it('大概 and 一天 (the line writes 日均)', () => {
    const a = ask('备用线路一天大概接多少单');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('900');
  });

  it('a unit in Chinese (毫瓦), and a kind noun (设备) the line leaves out', () => {
    const a = ask('设备待机功耗最新压到多少毫瓦');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('26mW');
  });

  it('切走 is the migration (切), and 太多 is how the asker judges it', () => {
    const moved = ask('Cron 任务全部切走了吗');
    expect(moved.found).toBe(true);
    expect(moved.answer).toContain('120/300');
    const many = ask('重复工单太多的问题处理完了吗，现在占比多少');
    expect(many.found).toBe(true);
    expect(many.answer).toContain('2%');
  });

  it('开起来了吗 / 发出去的: whether it got going, when it went out', () => {
    const started = ask('推荐排序 v3 的 AB 实验开起来了吗');
    expect(started.found).toBe(true);
    expect(started.answer).toContain('11/30');
    const out = ask('扫码枪 SDK 二期哪天发出去的');
    expect(out.found).toBe(true);
    expect(out.answer).toContain('11/29');
  });
});

describe('the ten written after the fixes (h507–h516)', () => {
  it('那份 / 那端 point at the thing, they name nothing', () => {
    const side = ask('扫码枪 SDK 二期 iOS 那端也覆盖了吗');
    expect(side.found).toBe(true);
    expect(side.answer).toContain('iOS');
  });

  it('一共列了多少项 of a list that counts itself (共18项): that count, not a listing of its lines', () => {
    const a = ask('安全那份自查清单一共列了多少项');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('18');
    expect(a.answer).not.toMatch(/共 2 项/);
  });

  it('一共 between two words is not a name cut across them (数据/一共/补 is not 据一 + 共补, though other lines have both)', () => {
    const a = ask('订单表历史数据一共补了几天');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('10');
  });

  it('当时 / 头一周 / 这两周', () => {
    const then = ask('会员积分重构当时是谁在做');
    expect(then.found).toBe(true);
    expect(then.answer).toContain('钟岚');
    const firstWeek = ask('数字钱包收单上线头一周跑了多少笔');
    expect(firstWeek.found).toBe(true);
    expect(firstWeek.answer).toContain('1,200');
    const fortnight = ask('RISC-V 后端这两周有动静吗');
    expect(fortnight.found).toBe(true);
    expect(fortnight.answer).toContain('向量指令');
  });
});

describe('a plan asked in everyday words, of a team called by a short name', () => {
  it('接下来一周怎么安排 / 接下来的重点 / 下周各人打算做啥', () => {
    for (const q of ['仓储组接下来一周怎么安排的', '仓储接下来的重点是啥', '仓储调度组下周各人打算做啥']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.citations[0]?.team).toBe('仓储调度组');
      expect(a.answer).toContain('备件盘点');
    }
  });

  it('trap: a short name shared by no team is not a team', () => {
    expect(ask('物流组接下来一周怎么安排的').found).toBe(false);
  });
});

describe('a report named by its day', () => {
  it('11月24日那期 / 11/24 那期: that day’s report', () => {
    for (const q of ['仓储调度组11月24日那期周报讲了什么', '仓储调度组 11/24 那期周报总结一下']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.citations[0]?.week).toBe('第48周');
      expect(a.answer).toContain('1300ms');
    }
  });

  it('截至 11/24: the figure that report had reached, not the newest', () => {
    const a = ask('满意度问卷截至 11/24 回收了几份');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('500');
    expect(a.answer).not.toContain('900');
  });

  it('two dated weeks with 比差多少 are compared', () => {
    const a = ask('分拣机器人开发进度 11/17 那周跟 12/1 那周比差多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('40%');
    expect(a.answer).toContain('70%');
  });
});

describe('dates and figures of the right line', () => {
  it('OAuth finds the lines that write OAuth2', () => {
    const a = ask('OAuth 鉴权改造什么时候提测');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/15');
  });

  it('…上线，计划12/14: the plan date is the launch’s', () => {
    const a = ask('OAuth 鉴权那个改造哪天正式上线');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/14');
    expect(a.answer).not.toMatch(/没有上线日期/);
  });

  it('做到多少了 asks how far the work is: the newest progress, not a target', () => {
    const a = ask('库存引擎重构做到多少了');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('75%');
    expect(a.answer).not.toContain('300万');
  });

  it('已完成 120/300 个 is part of the count, not the work done', () => {
    const a = ask('Cron 任务迁移完成了吗');
    expect(a.found).toBe(true);
    expect(a.answer).not.toMatch(/^已完成/);
    expect(a.answer).toContain('120/300');
  });

  it('a figure asked of two teams is given for each, and which is higher', () => {
    const a = ask('第49周仓储调度组和配送调度组健康分谁高');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('700');
    expect(a.answer).toContain('680');
    expect(a.answer).toContain('仓储调度组更高');
  });
});

describe('how far a figure moved', () => {
  it('比最开始 / 从一开始到最后: from the first week to the newest', () => {
    for (const q of ['拣货接口 P99 比最开始降了多少', '拣货接口 P99 从一开始到最后降了多少']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.answer).toContain('950ms');
      expect(a.answer).toContain('600ms');
    }
  });

  it('比前一周 / 比上周: the last step only (比上周 is no week scope)', () => {
    for (const q of ['拣货接口 P99 最新一周比前一周降了多少', '拣货接口 P99 比上周降了多少']) {
      const a = ask(q);
      expect(a.found).toBe(true);
      expect(a.answer).toContain('700ms');
      expect(a.answer).toContain('600ms');
      expect(a.answer).not.toContain('950ms');
    }
  });

  it('比上周 asked in the week of a report measures against the week before it, not within last week', () => {
    const a = kb.askSync('拣货接口 P99 比上周降了多少', { now: new Date('2023-12-01T20:00:00+08:00') });
    expect(a.found).toBe(true);
    expect(a.answer).toContain('600ms');
    expect(a.answer).not.toContain('950ms');
  });

  it('优化前后对比: before the work and after it, not the last two reports', () => {
    const a = ask('拣货路径优化前后对比');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('1900ms');
    expect(a.answer).toContain('1300ms');
  });
});

describe('a thing asked by a description said in another week', () => {
  it('按门店维度限流的那个 API 网关: the gateway’s own line answers', () => {
    const a = ask('按门店维度限流的那个 API 网关哪天全量的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/29');
  });

  it('trap: a description no report states finds nothing', () => {
    const a = ask('按地区维度限流的那个 API 网关哪天全量的');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('11/29');
  });
});

describe('a broad word stands for a narrower one beside a word found as asked', () => {
  it('容器集群 生产环境: the K8s 生产集群 line', () => {
    const a = ask('容器集群生产环境升级定在哪天');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/12');
  });
});
