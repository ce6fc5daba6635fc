/**
 * Questions worded otherwise than the reports (issue 10, "answers that generalize"): generic
 * synonyms (接入 / 对接, 人手 / 人力), yes-or-no forms (够不够, 还做不做), English words around a
 * Chinese subject, a line that names its item by a short form, a bare subject ending in a figure's
 * name, whether a deed is done or only planned, to-do lists as plans, 上次周会, 本周 before the
 * team has reported. Each with its near-miss trap: the same mechanism must not answer what the
 * reports do not say. The reports are written here (invented teams, people and figures).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;

const NOW = new Date('2023-12-20T10:00:00+08:00');

const ACCESS_WEEK_47 = `# 接入平台组 第47周 2023-11-17

## 本周进展
- 结汇方案：完成流程梳理
- 满意度回访问卷回收 310 份

## 下周计划
- 剩余 9 个消息主题迁移
`;

const ACCESS_WEEK_48 = `# 接入平台组 第48周 2023-11-24

## 本周进展
- 压测平台对接 CI：流水线权限改造排期冲突，截止日期由12/15推迟至12/22（负责人：林溪）
- 与星河支付完成签约，技术对接启动，预计12/29完成接口联调
- 开放 API 网关 v3.1 全量发布（11/22 已完成）
- 网关全量后峰值 QPS 6,200 次/秒，无异常
- 日志集群扩容完成，ES 磁盘水位降至 61%
- 消息队列迁移：45个主题中已完成迁移38个
- 搜索纠错功能上线，纠错触发率 3.8%
- 结汇方案初稿完成，预计12/14评审
- 风控看板升级前检查完成，仍按12/12升级
- 沙箱计费：需求方撤回，已取消
- 鸿雁版开发人力不足，需从 Web 组借调 1 人
- 回访问卷回收问卷 512 份
- 排序服务 v2 训练完成，离线 AUC 0.781		70%
- 商户培训累计学习 1,260 人次

## 下周计划
- 边缘网关压测
`;

const SENSOR_LOG = `# 传感器组 工作日志（林夏）

#### 2023-11-27 ~ 2023-12-01

| 2023-11-27 | 周一 | 周二 | 周三 | 周四 | 周五 |
| :---: | :---: | :---: | :---: | :---: | :---: |
| 休眠模式 | # | 待机电流 52mA | 待机电流 47mA | 待机电流 44mA | # |
`;

const MINUTES_47 = `# 集成平台组周会 2023w47 (11.20 ~ 11.24)

> **ToDo**:

@qinghe:
- [x] 回调重试工具发布
- [ ] 统一鉴权改造，计划12/1提测
`;

const MINUTES_48 = `# 集成平台组周会 2023w48 (11.27 ~ 12.01)

> **ToDo**:

@qinghe:
- [x] 统一鉴权改造已于12/1提测
- [ ] Rust SDK 0.3.0 发布
- [ ] 统一鉴权上线，计划12/14
`;

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ now: NOW }));
  const files: Array<[string, string, string]> = [
    ['接入平台组-第47周-2023-11-17.md', ACCESS_WEEK_47, '接入平台组'],
    ['接入平台组-第48周-2023-11-24.md', ACCESS_WEEK_48, '接入平台组'],
    ['传感器组-工作日志.md', SENSOR_LOG, '传感器组'],
    ['集成平台组周会-2023w47.md', MINUTES_47, '集成平台组'],
    ['集成平台组周会-2023w48.md', MINUTES_48, '集成平台组'],
  ];
  for (const [name, text, team] of files) {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, text);
    await kb.ingestFile(file, { team });
  }
});
afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ask = (q: string, now: Date = NOW) => kb.askSync(q, { now });

describe('generic synonyms (data/synonyms.txt)', () => {
  test('接入 finds a line that says 对接; 人手 finds 人力', () => {
    const due = ask('压测平台接入CI截止到哪天');
    expect(due.found).toBe(true);
    expect(due.answer).toContain('12/22');
    const staff = ask('鸿雁版开发人手够不够');
    expect(staff.found).toBe(true);
    expect(staff.citations[0].text).toContain('人力不足');
  });

  test('a synonym does not make an unknown subject known', () => {
    const a = ask('火星平台接入CI截止到哪天');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('12/22');
  });
});

describe('yes-or-no forms', () => {
  test('还做不做 asks whether it goes on: a cancelled item says so', () => {
    const a = ask('沙箱计费还做不做');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('取消');
  });
});

describe('English words around a Chinese subject', () => {
  test('peak QPS of X, How is X going: English question words around the subject, offline', () => {
    const peak = ask('What is the peak QPS of 开放 API 网关?');
    expect(peak.found).toBe(true);
    expect(peak.answer).toContain('6,200');
    const going = ask('How is 消息队列迁移 going?');
    expect(going.found).toBe(true);
    expect(going.citations[0].text).toContain('消息队列迁移');
  });
});

describe('a line that names its item by a short form', () => {
  test('开放API网关峰值QPS: the Notes line says only 网关, the same report spells the gateway out', () => {
    const a = ask('开放API网关峰值QPS多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('6,200');
  });

  test('a word from another line that is not the same name does not count (iOS + 磁盘水位)', () => {
    const a = ask('iOS磁盘水位多少');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('61%');
  });
});

describe('figures', () => {
  test('a bare subject ending in the name of the line’s figure asks for the figure', () => {
    const a = ask('日志集群ES磁盘水位');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/磁盘水位为 61%/);
  });

  test('完成了多少个: the count of what is done, not the total the line counts from', () => {
    const a = ask('消息队列迁移完成了多少个');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/为 38个/);
  });

  test('the newest statement of a measure answers, though its label is worded a little differently', () => {
    const a = ask('回访问卷回收了多少份');
    expect(a.answer).toContain('512');
    expect(a.citations[0].week).toBe('第48周');
  });

  test('a weekday grid row: the week’s figure is the last day’s, unless a day is named', () => {
    expect(ask('休眠模式待机电流压到多少了').answer).toMatch(/为 44mA/);
    expect(ask('周二待机电流多少').answer).toMatch(/为 52mA/);
  });

  test('a figure without a unit (离线 AUC 0.781, before the line’s completion 70%) answers when asked by name', () => {
    expect(ask('排序服务v2离线AUC是多少').answer).toMatch(/AUC为 0\.781/);
    expect(ask('排序服务v2第48周进度').answer).toMatch(/进度为 70%/);
  });

  test('a bare subject ending in the figure’s unit (学习人次) asks for it', () => {
    const a = ask('商户培训学习人次');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/为 1,260 人次/);
  });

  test('多少GHz / 多少ms: the unit picks the figure and is not a word to look for', () => {
    const a = ask('峰值QPS是多少次');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('6,200');
  });
});

describe('whether a deed is done', () => {
  test('签约了吗 on a line that says 完成签约 → 已签约, whatever the line goes on to', () => {
    expect(ask('星河支付签约了吗').answer).toMatch(/^已签约/);
  });

  test('升级了吗 on a line that dates the upgrade as a plan → 尚未升级, with the plan', () => {
    expect(ask('风控看板升级了吗').answer).toMatch(/^尚未升级，计划 12\/12 升级/);
  });

  test('评审了吗: a planned review date outweighs the line’s done status', () => {
    expect(ask('结汇方案评审了吗').answer).toMatch(/^尚未评审，计划 12\/14 评审/);
  });

  test('上线了吗 on a line that states the launch in words (纠错功能上线，…) → 已上线', () => {
    expect(ask('搜索纠错功能上线了吗').answer).toMatch(/^已上线/);
  });

  test('an unticked to-do is not done; the subject’s planned line elsewhere that week gives the date', () => {
    expect(ask('Rust SDK 0.3.0发布了吗').answer).toMatch(/^尚未上线/);
    expect(ask('统一鉴权上线了吗').answer).toMatch(/^尚未上线，计划 12\/14 上线/);
  });

  test('a one-character verb (迁, 搬 for 迁移) picks the work; one the reports never use is let go', () => {
    const moved = ask('消息队列搬了多少个');
    expect(moved.found).toBe(true);
    expect(moved.citations[0].text).toContain('已完成迁移38个');
    // 剩余 9 个消息主题迁移 is next week's plan; the line that says how many moved answers.
    expect(ask('消息主题迁完了吗').citations[0].text).toContain('消息队列迁移');
  });

  test('延期了吗 about an item that never slipped: answered from its line, not not-found', () => {
    const a = ask('消息队列迁移延期了吗');
    expect(a.found).toBe(true);
    expect(a.citations[0].text).toContain('消息队列迁移');
  });
});

describe('plans, previous reports and relative weeks', () => {
  test('minutes without a plan section: the unticked to-dos are next week’s plan', () => {
    const a = ask('集成平台组下周计划');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('Rust SDK');
    expect(a.answer).not.toContain('已于12/1提测');
  });

  test('上次周会 is the report before the latest', () => {
    const a = ask('集成平台组上次周会讲了什么', new Date('2023-12-01T20:00:00+08:00'));
    expect(a.found).toBe(true);
    expect(a.answer).toContain('计划12/1提测');
  });

  test('本周 before the subject’s team has reported: its newest report answers, named', () => {
    const a = ask('本周风控看板升级了吗', new Date('2024-01-10T10:00:00+08:00'));
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^本周接入平台组还没有周报；最近一份是第48周/);
  });

  test('2期 is 二期 (and 三期 is still not 二期)', () => {
    expect(ask('指标平台2期几号上线').found).toBe(true);
    const trap = ask('指标平台三期几号上线');
    expect(trap.found).toBe(false);
    expect(trap.answer).not.toMatch(/\d+\/\d+/);
  });
});
