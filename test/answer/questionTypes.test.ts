/**
 * The questions people ask, one kind per test: who, person, count, team-week summary, next-week
 * plan, previous report, compare, metric with its unit, biweekly periods. The store is
 * data/samples plus small reports written here (an owner column, per-person sections, a line with
 * two figures, a biweekly report).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;

/** After every sample report: 本期 is the newest report of each team. */
const NOW = new Date('2023-12-20T10:00:00+08:00');

const CHIP_WEEK_1 = `# 芯片验证组 第47周 2023-11-17

## 本周进展
- 主控芯片主频提升至3.1GHz，功耗下降8%（负责人：程远）
- 存储控制器验证：用例通过率92%（负责人：方禾）

## 下周计划
- 主控芯片高温测试
`;

const CHIP_WEEK_2 = `# 芯片验证组 第48周 2023-11-24

## 本周进展
- 主控芯片主频提升至3.3GHz，功耗下降12%（负责人：程远）
- 存储控制器验证：用例通过率96%（负责人：方禾）
- 总线仲裁模块：已于11/22提测（负责人：方禾）

## 下周计划
- 主控芯片量产评审
- 存储控制器回归测试
`;

const CHIP_TABLE_WEEK = `# 芯片验证组 第46周 周报（2023-11-10）

## 重点事项

| 事项 | 负责人 | 状态 | 进度 |
| --- | --- | --- | --- |
| 时钟树综合 | 岳川 | 进行中 | 40% |
| 功耗仿真平台 | 程远 | 已完成 | 100% |
`;

const BIWEEKLY = `# 工具链组双周报（2023.11.06-2023.11.17）

## 本期进展
- 编译缓存服务已于11/9上线，构建耗时下降35%
- 依赖扫描插件开发完成，计划11/28提测
`;

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ now: NOW }));
  // Through files, as `zhoubao ingest` reads them: the document reader takes a period from the title.
  const files: Array<[string, string]> = [
    ['芯片验证组-第46周-2023-11-10.md', CHIP_TABLE_WEEK],
    ['芯片验证组-第47周-2023-11-17.md', CHIP_WEEK_1],
    ['芯片验证组-第48周-2023-11-24.md', CHIP_WEEK_2],
    ['工具链组-双周报-2023.11.06-2023.11.17.md', BIWEEKLY],
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

const ask = (q: string, now: Date = NOW) => kb.askSync(q, { now });

describe('metric', () => {
  test('the figure whose label fits, with its unit (3.3GHz, not the 12% on the same line)', () => {
    const a = ask('主控芯片主频多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('3.3GHz');
    expect(a.answer).not.toMatch(/为 12%/);
  });
});

describe('who', () => {
  test('谁负责X → the owner of the line', () => {
    const a = ask('谁负责存储控制器验证');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('方禾');
    expect(a.citations[0].text).toContain('存储控制器');
  });

  test('a subject whose lines name no owner: found:false, no date or figure', () => {
    const a = ask('谁负责POS收单系统建设');
    expect(a.found).toBe(false);
    expect(a.answer).toContain('没有写明负责人');
  });

  test('a table’s owner column names the owner (a name found only in a table cell)', () => {
    const a = ask('谁负责时钟树综合');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('岳川');
  });

  test('a per-person section heading makes that person the owner (数据平台组 ## 韩立)', () => {
    const a = ask('谁负责实时数仓 v2.1');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('韩立');
  });
});

describe('person', () => {
  test('张三负责什么 → their lines in the latest report that names them', () => {
    const a = ask('方禾负责什么');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('总线仲裁模块');
    expect(a.answer).toContain('第48周');
    expect(a.citations.every((c) => c.team === '芯片验证组')).toBe(true);
  });

  test('张三下周计划 → the plan under their own heading', () => {
    const a = ask('苏晴第47周下周计划');
    expect(a.found).toBe(true);
    expect(a.citations.every((c) => c.section.includes('苏晴') && c.section.includes('下周计划'))).toBe(true);
  });

  test('a name inside a longer name is someone else (钟方禾 is not 方禾)', () => {
    expect(ask('钟方禾负责什么').found).toBe(false);
  });
});

describe('count and list', () => {
  test('几个 counts the whole list', () => {
    const a = ask('第48周支付中心上线了几个事项');
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/共 \d+ 项/);
    expect(a.answer).toContain('11/23');
  });
});

describe('team-week summary', () => {
  test('X第N周做了什么: extractive, grouped by section, every line cited', () => {
    const a = ask('清结算中心第49周做了什么');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('清结算中心第49周');
    expect(a.answer).toMatch(/【[^】]+】/);
    expect(a.citations.length).toBeGreaterThan(3);
    expect(a.citations.every((c) => c.team === '清结算中心' && c.week === '第49周')).toBe(true);
    // A summary is of what was done: next week's plan is not in it.
    expect(a.citations.some((c) => c.section.includes('下周'))).toBe(false);
  });

  test('总结第N周X周报 (offline)', () => {
    const a = ask('总结第48周支付中心周报');
    expect(a.found).toBe(true);
    expect(a.citations.every((c) => c.team === '支付中心' && c.week === '第48周')).toBe(true);
  });
});

describe('next-week plan', () => {
  test('下周计划 is the latest report’s plan section, not goals from several weeks', () => {
    const a = ask('芯片验证组下周计划有哪些');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('量产评审');
    expect(a.answer).not.toContain('高温测试');
    expect(new Set(a.citations.map((c) => c.week))).toEqual(new Set(['第48周']));
  });
});

describe('previous report', () => {
  test('上一期 is the report before the team’s latest', () => {
    const a = ask('芯片验证组上一期主控芯片主频多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('3.1GHz');
    expect(a.citations[0].week).toBe('第47周');
  });
});

describe('compare', () => {
  test('第47周和第48周相比: the same item’s figure in each week', () => {
    const a = ask('芯片验证组第47周和第48周相比存储控制器用例通过率');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('92%');
    expect(a.answer).toContain('96%');
  });

  test('two weeks without a subject: what appeared and what changed', () => {
    const a = ask('芯片验证组第47周和第48周相比有什么变化');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('总线仲裁模块');
  });
});

describe('periods longer than a week', () => {
  test('a week inside a biweekly report’s period is answered by that report', () => {
    const a = ask('11月8日那周编译缓存服务什么时候上线');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/9');
  });
});
