/**
 * Issue 10's "What happens now" list, one test each: answers that must not invent, item identity
 * across weeks, and the contract that a not-found answer carries no date or figure.
 */
import fs from 'node:fs';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import type { Answer } from '../../src/domain/answer/model';
import { EVAL_NOW, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb());
});
afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const ask = (q: string, previousQuestions?: string[]) => kb.askSync(q, { now: EVAL_NOW, previousQuestions });

/** A date (11/23, 2023-11-23, 11月23日) or a figure with a unit (99.9%, 45ms, 3.3GHz, 37 个). */
const DATE_OR_FIGURE = /\d{1,2}\/\d{1,2}|\d{4}-\d{2}-\d{2}|\d{1,2}月\d{1,2}[日号]|\d+(\.\d+)?\s*(%|ms|GHz|MB|TB|个|笔|次|分|元|万)/i;

function expectNotFound(a: Answer): void {
  expect(a.found).toBe(false);
  expect(a.citations).toHaveLength(0);
  expect(a.answer).not.toMatch(DATE_OR_FIGURE);
}

describe('grounding: a subject the reports do not name is not answered', () => {
  test('an unknown subject sharing words with a real item (火星支付通道 vs 微信支付通道) is not found', () => {
    const a = ask('火星支付通道什么时候上线');
    expectNotFound(a);
    expect(a.answer).toContain('火星');
  });

  test('a phase that does not exist: found:false, saying what the reports do mention', () => {
    const a = ask('光大备份通道二期什么时候上线');
    expectNotFound(a);
    expect(a.answer).toContain('光大备份通道');
    expect(a.answer).toContain('没有二期');
  });

  test('a version that does not exist (POS APP 2.0) gets no date', () => {
    expectNotFound(ask('POS APP 2.0什么时候上线'));
  });

  test.each(['🙂', '？？？', '*', '吗'])('content-free input %s → found:false with the help text', (q) => {
    const a = ask(q);
    expectNotFound(a);
    expect(a.answer).toContain('可以这样问');
  });

  test('a real subject still answers (the gate is not a wall)', () => {
    const a = ask('光大那个备份通道哪天上的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/23');
  });
});

describe('item identity across weeks', () => {
  test('POS APP is not mixed with POS主交易链路: the 12/5 plan, never the 11/8 launch, and the cited line’s status', () => {
    const a = ask('POS APP什么时候上线');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/5');
    expect(a.answer).not.toContain('11/8');
    expect(a.citations.every((c) => !c.text.includes('主交易链路'))).toBe(true);
    // The POS APP line says 测试通过 / 测试中, never 已完成.
    expect(a.answer).not.toContain('当前状态：已完成');
  });

  test('a slip is told from the same item’s weeks (12/5 → 12/8)', () => {
    const a = ask('资金安全数据一致性什么时候提测');
    expect(a.answer).toMatch(/12\/5.*12\/8/);
    expect(a.citations.every((c) => c.text.includes('资金安全数据一致性'))).toBe(true);
  });
});

describe('mixed-language and English questions', () => {
  test('English question words around a Chinese subject are answered offline', () => {
    const a = ask('When does 光大备份通道 go live?');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/23');
  });

  test('a purely English question says that LLM mode answers English', () => {
    const a = ask('When will the new payment gateway launch?');
    expectNotFound(a);
    expect(a.answer).toContain('LLM');
  });
});

describe('relative time against an old store', () => {
  test('本周 without a report: says so and answers from the newest report, naming its week and date', () => {
    const later = new Date('2023-12-13T10:00:00+08:00');
    const a = kb.askSync('本周支付中心入金有效成功率是多少', { now: later });
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/^本周支付中心还没有周报；最近一份是第49周（2023-12-01）/);
    expect(a.answer).toContain('99.995%');
    expect(a.citations[0].week).toBe('第49周');
  });
});
