/**
 * General answering rules on invented reports of one team over three weeks: an owner named only in the
 * week a task was set up, a slipped date asked as 推迟到哪天, a plan told in prose, a version that looks
 * like a date, a date written only in 下周计划, and generic synonyms (安卓/Android, 闪退/崩溃).
 */
import fs from 'node:fs';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openTestKb } from '../support/kb';

const WEEK_1 = `# 终端组周报 第20周 2024-05-17

## 一、本周进展

### 1. 离线包灰度发布
- **任务描述**：离线包支持按城市灰度
- **负责人**：林杉
- **截止日期**：2024年5月31日

### 2. 其他事项
- 账单导出重构：开发中，预计5/24提测
- 容器平台升级至 2.4：预发环境升级完成，生产环境计划5/28升级
- Android 崩溃率降至 0.21%

## 二、下周计划
- 对账文件压测（5/22）
`;

const WEEK_2 = `# 终端组周报 第21周 2024-05-24

## 一、本周进展

### 1. 离线包灰度发布
- **进展**：离线包灰度发布已覆盖 3 个城市，覆盖率 30%

### 2. 其他事项
- 账单导出重构：因接口口径调整，预计5/31提测
- 容器平台生产环境升级：为避开月末结算，由5/28推迟至6/4
- 对账文件压测完成，峰值 1,200 TPS
- Android 崩溃率降至 0.16%

本周整体平稳。下周继续推进离线包灰度，并完成账单导出联调。
`;

let kb: KnowledgeBase;
let dataDir: string;
const now = new Date('2024-05-29T10:00:00+08:00');
const ask = (q: string) => kb.askSync(q, { now });

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now }));
  await kb.ingestText(WEEK_1, { source: 'test:w1' });
  await kb.ingestText(WEEK_2, { source: 'test:w2' });
});
afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('an owner written only in the week the task was set up still answers 谁负责', () => {
  const a = ask('离线包灰度发布谁负责');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('林杉');
});

test('推迟到哪天 asks for the new date, even when the line does not say 推迟', () => {
  const a = ask('账单导出重构提测推迟到哪天');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('5/31');
});

test('a plan told in a prose sentence (下周继续…) is next week’s plan', () => {
  const a = ask('终端组第21周的下周计划');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('账单导出联调');
});

test('a version the question names (升级至 2.4) is never answered as a date (2/4)', () => {
  const a = ask('容器平台哪天升级2.4');
  expect(a.answer).not.toContain('2/4');
  expect(a.answer).toContain('6/4');
});

test('a date written only in 下周计划 answers a when-question about that work', () => {
  const a = ask('对账文件压测哪天做');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('5/22');
});

test('generic synonyms: 安卓 finds Android, 闪退 finds 崩溃', () => {
  const a = ask('安卓闪退率现在多少');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('0.16%');
});
