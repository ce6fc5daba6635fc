/**
 * Answers keep items, their haystacks and timelines between questions for speed. A write (a new week,
 * a replaced report, a deletion) must show in the very next answer, and asking twice gives the same
 * answer as asking once.
 */
import fs from 'node:fs';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openTestKb } from '../support/kb';

const WEEK_1 = `# 渠道组周报 第10周 2024-03-08

## 本周进展
- 云闪付退款对账：开发中，计划3/15提测
- 商户进件OCR识别：已上线，识别准确率97.2%
`;

const WEEK_2 = `# 渠道组周报 第11周 2024-03-15

## 本周进展
- 云闪付退款对账：已于3/14提测，计划3/22上线
- 商户进件OCR识别：运行平稳，识别准确率97.8%
`;

const WEEK_2_CORRECTED = WEEK_2.replace('已于3/14提测，计划3/22上线', '已于3/14提测，上线推迟至3/29');

let kb: KnowledgeBase;
let dataDir: string;
const now = new Date('2024-03-18T10:00:00+08:00');
const ask = (q: string) => kb.askSync(q, { now });

beforeEach(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now }));
  await kb.ingestText(WEEK_1, { source: 'test:week1' });
});
afterEach(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a week ingested after a question is in the next answer about the same item', async () => {
  expect(ask('云闪付退款对账什么时候提测').answer).toContain('3/15');
  await kb.ingestText(WEEK_2, { source: 'test:week2' });
  const a = ask('云闪付退款对账什么时候上线');
  expect(a.answer).toContain('3/22');
  expect(a.citations[0].week).toBe('第11周');
});

test('a replaced report is answered from its new text, not the lines read before', async () => {
  await kb.ingestText(WEEK_2, { source: 'test:week2' });
  expect(ask('云闪付退款对账什么时候上线').answer).toContain('3/22');
  await kb.ingestText(WEEK_2_CORRECTED, { source: 'test:week2' });
  const a = ask('云闪付退款对账什么时候上线');
  expect(a.answer).toContain('3/29');
  expect(a.answer).not.toContain('3/22');
});

test('a report deleted and sent again (it may get the same id) is answered from the new text', async () => {
  const second = await kb.ingestText(WEEK_2, { source: 'test:week2' });
  expect(ask('云闪付退款对账什么时候上线').answer).toContain('3/22');
  kb.deleteReport(second.report.id);
  await kb.ingestText(WEEK_2_CORRECTED, { source: 'test:week2b' });
  const a = ask('云闪付退款对账什么时候上线');
  expect(a.answer).toContain('3/29');
  expect(a.answer).not.toContain('3/22');
});

test('a deleted report no longer answers', async () => {
  const second = await kb.ingestText(WEEK_2, { source: 'test:week2' });
  expect(ask('商户进件OCR识别准确率是多少').answer).toContain('97.8%');
  kb.deleteReport(second.report.id);
  const a = ask('商户进件OCR识别准确率是多少');
  expect(a.answer).toContain('97.2%');
  expect(a.answer).not.toContain('97.8%');
});

test('asking the same question again gives the same answer', async () => {
  await kb.ingestText(WEEK_2, { source: 'test:week2' });
  const questions = ['云闪付退款对账什么时候上线', '商户进件OCR识别准确率这两周怎么变化', '云闪付退款对账进展如何'];
  const first = questions.map(ask);
  const again = questions.map(ask);
  expect(again).toEqual(first);
});
