/**
 * What a fresh batch of questions (written by someone who never read the answer code) found: a
 * version grounded by a figure with the same digits (v1.5 by 1.5GHz), a short-mention rule that
 * borrowed a team's name, question words left in the subject (处于, 原来, 最早, 里, 定的, held,
 * after), an earlier figure asked with 之前, a launched row whose one date went unsaid, and a date of
 * another event (报名截止) reported as the launch; a project named only in its report header
 * (项目名称 / 项目状态). The reports are invented here.
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const DEVICE_W47 = [
  '# 终端设备组 第47周 2023-11-24',
  '',
  '## 本周工作',
  '- 边缘网关固件 OTA v2.1：差分升级开发完成，11/28 提测。',
  '- 主控芯片超频：2.3GHz 跑分通过，2.3GHz 高温箱内重启 4 次。',
  '- 仓储数据中台二期：联调阶段，预计12/15提测。',
  '- 无人货柜：首批 30 台在成都试点，运行平稳。',
  '- 工单积压：日均积压由 860 单降至 420 单。',
  '- 质检模型调参，目标召回率 95%。',
  '- 缓存集群 Redis 内存水位 85%，需要扩容。',
  '- 会员积分重构（负责人：钟岚）：开发中。',
  '- 双旦活动报名系统于11/21上线，首日报名商户 300 家。',
  '',
].join('\n');

const DEVICE_W48 = [
  '# 终端设备组 第48周 2023-12-01',
  '',
  '## 本周工作',
  '- 无人货柜：试点扩至重庆、西安，累计 90 台。',
  '- 工单积压：日均积压降至 300 单。',
  '- 质检模型调参完成，召回率 93.5%。',
  '- 缓存集群扩容完成，Redis 内存水位降至 60%。',
  '- 12月2日举办客户开放日，到场 120 人。',
  '- 双旦活动报名于12/6截止，最终报名商户 2,000 家，其中新商户 310 家，招商目标完成率 102%。',
  '',
].join('\n');

/** A team whose name holds 固件: every line of its log has the word through the team, none by itself. */
const FIRMWARE_LOG = [
  '# 固件研发组 第48周 2023-12-01',
  '',
  '## 本周工作',
  '- 网关固件 OTA 差分升级：12/4 提测。',
  '- 蓝牙模组 SDK v2.3 已合入主干。',
  '',
].join('\n');

/** A line with 固件 in its own words beside the item named with another version (OTA v3.1). */
const BOARD_LOG = [
  '# 板卡组 第48周 2023-12-01',
  '',
  '## 本周工作',
  '- 车载网关固件 OTA v3.1：12/4 提测。',
  '- 主板固件 v3.3 已合入主干。',
  '',
].join('\n');

const RISK_TABLE = [
  '# 风控平台部 第47周 周报（2023-11-17）',
  '',
  '## 重点事项',
  '',
  '| 事项 | 负责人 | 状态 | 进度 | 预计完成时间 |',
  '| --- | --- | --- | --- | --- |',
  '| 商户风控看板 | 贺然 | 已上线 | 100% | 2023-11-15 |',
  '| 反洗钱规则迁移 | 贺然 | 进行中 | 40% | 2023-12-20 |',
  '',
].join('\n');

/** A project report: the project and its state are header lines, not work items. */
const PROJECT = [
  '# 数据治理部项目周报',
  '',
  '## 项目基本信息',
  '- **项目名称**：主数据平台二期',
  '- **报告周期**：2023年12月4日 - 2023年12月8日',
  '- **项目状态**：测试阶段',
  '',
  '## 一、本周进展',
  '',
  '### 1. 客户主数据清洗',
  '- **完成**：清洗 12 万条客户记录，重复率降至 0.4%',
  '',
].join('\n');

/** Only the deadline of the sign-up is written: no launch date at all. */
const SIGNUP_ONLY = ['# 会员运营组 第49周 2023-12-08', '', '## 本周工作', '- 春节活动报名系统：报名于12/6截止，最终报名 1,200 人。', ''].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    ['终端设备组-第47周-2023-11-24.md', DEVICE_W47],
    ['终端设备组-第48周-2023-12-01.md', DEVICE_W48],
    ['固件研发组-第48周-2023-12-01.md', FIRMWARE_LOG],
    ['板卡组-第48周-2023-12-01.md', BOARD_LOG],
    ['风控平台部-第47周-2023-11-17.md', RISK_TABLE],
    ['会员运营组-第49周-2023-12-08.md', SIGNUP_ONLY],
    ['数据治理部项目周报-2023-12-08.md', PROJECT, '数据治理部'],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('a version matches a version, never a figure with a unit', () => {
  it('OTA v2.3 is not grounded by 2.3GHz in another line', () => {
    const a = ask('边缘网关固件 OTA v2.3 什么时候提测');
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
    expect(a.answer).not.toContain('11/28');
  });

  it('主控芯片超频 v2.3 is not the line that ran at 2.3GHz', () => {
    const a = ask('主控芯片超频 v2.3 什么时候提测');
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
  });

  it('a figure asked with its unit (跑2.3GHz时) still finds its line', () => {
    const a = ask('主控芯片跑2.3GHz时高温箱里重启了几次');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('4');
    expect(a.citations[0]?.text).toContain('高温箱内');
  });

  it('the asked version is still found as written', () => {
    const a = ask('边缘网关固件 OTA v2.1 什么时候提测');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/28');
  });
});

describe('a short mention is supplied only by the line’s own words and the same release', () => {
  it('固件 of the team’s name does not let the SDK v2.3 line stand for 网关固件 OTA v2.3', () => {
    const a = ask('网关固件 OTA v2.3 什么时候提测');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('12/4');
  });

  it('a sibling naming the item with another version (OTA v3.1) does not make 主板固件 v3.3 the asked OTA v3.3', () => {
    const a = ask('车载网关固件 OTA v3.3 什么时候提测');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('12/4');
  });
});

describe('question words are not subject words', () => {
  it('处于什么阶段', () => {
    const a = ask('仓储数据中台二期现在处于什么阶段');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('联调');
  });

  it('原来是谁负责的', () => {
    const a = ask('会员积分重构原来是谁负责的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('钟岚');
    expect(a.answer).not.toContain('原来');
  });

  it('最早在哪个城市试点: the first week’s city', () => {
    const a = ask('无人货柜最早是在哪个城市试点的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('成都');
  });

  it('调参定的目标: the target set while tuning', () => {
    const a = ask('质检模型调参定的目标召回率是多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('95%');
  });

  it('English function words around a Chinese subject: held, after', () => {
    const held = ask('When was the 客户开放日 held?');
    expect(held.found).toBe(true);
    expect(held.answer).toContain('12/2');
    const after = ask('What is the Redis 内存水位 after 缓存集群扩容?');
    expect(after.found).toBe(true);
    expect(after.answer).toContain('60%');
  });

  it('a purely English question is still left to the model', () => {
    const a = ask('When will the Redis expansion happen?');
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/LLM|英文/);
  });
});

describe('之前 asks for the earlier figure', () => {
  it('the figure the first week starts from, not the newest', () => {
    const a = ask('工单积压之前日均积压有多少单');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('860');
    expect(a.answer).not.toContain('300 单');
  });

  it('without 之前 the newest figure answers', () => {
    const a = ask('工单积压现在日均积压有多少单');
    expect(a.answer).toContain('300');
  });
});

describe('launch dates', () => {
  it('a row that says 已上线 and carries one date: that date, as the report writes it', () => {
    const a = ask('商户风控看板是哪天上线的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/15');
  });

  it('a row still in progress is not said to have launched on its date', () => {
    const a = ask('反洗钱规则迁移哪天上线的');
    expect(a.answer).not.toMatch(/已于\s*12\/20\s*上线|确认已上线/);
  });

  it('a sign-up deadline (报名于12/6截止) is not the launch date; the line that dates the launch answers', () => {
    const a = ask('双旦活动报名系统哪天上线的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/21');
    expect(a.answer).not.toMatch(/12\/6\s*上线/);
  });

  it('with only the deadline written, no launch date is made up', () => {
    const a = ask('春节活动报名系统哪天上线的');
    expect(a.answer).not.toMatch(/已于\s*12\/6\s*上线/);
  });
});

describe('a project named only in its report header', () => {
  it('处于什么阶段 is answered from 项目状态, quoted', () => {
    const a = ask('主数据平台二期现在处于什么阶段');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('测试阶段');
    expect(a.citations[0]?.text).toContain('项目状态');
  });

  it('another phase of it is not that project', () => {
    const a = ask('主数据平台三期现在处于什么阶段');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('测试阶段');
  });
});
