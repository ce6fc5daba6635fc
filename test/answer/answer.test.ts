import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { evaluate, loadEvalQuestions } from '../../tools/eval/evaluate';
import { EVAL_NOW, openTestKb, REPO_ROOT } from '../support/kb';

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

describe('time-aware answers', () => {
  test('a launch that was planned and then happened: the date, the plan and the confirming week', () => {
    const a = ask('光大备份通道什么时候上线');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('已于 11/23 上线');
    expect(a.answer).toContain('第47周计划 11/23');
    expect(a.citations[0]).toMatchObject({ team: '支付中心', week: '第48周', date: '2023-11-24' });
    expect(a.citations[0].text).toContain('光大备份通道已于11/23上线');
    expect(a.citations[0].section).toContain('O1');
  });

  test('an answer from an older report than the team’s latest says so', () => {
    expect(ask('光大备份通道什么时候上线').answer).toContain('据第48周周报，之后未再提及');
  });

  test('a date that slipped is told as a slip, not as the stale plan', () => {
    const a = ask('资金安全数据一致性什么时候提测');
    expect(a.answer).toMatch(/由 12\/5 推迟至 12\/8/);
  });

  test('a named week answers from that week only', () => {
    const a = ask('第47周资金安全数据一致性计划哪天提测');
    expect(a.answer).toContain('12/5');
    expect(a.answer).not.toContain('12/8');
    expect(a.citations[0].week).toBe('第47周');
  });

  test('"上周" is the week before the clock’s week', () => {
    const a = ask('上周支付中心入金有效成功率是多少');
    expect(a.citations[0].week).toBe('第49周');
    expect(a.answer).toContain('99.995%');
  });

  test('a week given by a date (11月17日那周)', () => {
    const a = ask('11月17日那周的入金有效成功率');
    expect(a.citations[0].week).toBe('第47周');
    expect(a.answer).toContain('99.996%');
  });

  test('a paraphrase with an alias (光大银行 / 投产)', () => {
    const a = ask('光大银行那个备份通道哪天投产的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/23');
  });

  test('a follow-up in the same conversation keeps the question and changes the subject', () => {
    const a = ask('那POS APP与应用市场呢？', ['光大备份通道什么时候上线']);
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/5');
    expect(a.citations[0].text).toContain('POS APP');
  });
});

describe('teams', () => {
  test('the same kind of item in two teams: the named team’s answer', () => {
    const pay = ask('支付中心的银联签约支付什么时候上线');
    const clearing = ask('清结算中心的银联签约支付清算对接什么时候上线');
    expect(pay.citations[0].team).toBe('支付中心');
    expect(pay.answer).toContain('11/22');
    expect(clearing.citations[0].team).toBe('清结算中心');
    expect(clearing.answer).toContain('12/13');
    expect(clearing.answer).not.toContain('11/22');
  });

  test('a team that does not exist is not answered with another team’s figure', () => {
    const a = ask('风控中心的健康分是多少');
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
    expect(a.answer).not.toMatch(/\d{3}分/);
  });
});

describe('not found', () => {
  test.each(['招商银行通道什么时候上线', '第30周的支付成功率是多少', '量子计算平台的进度是多少'])('%s → found:false, no date or figure', (q) => {
    const a = ask(q);
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
    expect(a.answer).not.toMatch(/\d{1,2}\/\d{1,2}|\d+(\.\d+)?%/);
  });

  test('an empty knowledge base says how to fill it', async () => {
    const empty = await openTestKb({ samples: false });
    try {
      const a = empty.kb.askSync('光大备份通道什么时候上线');
      expect(a.found).toBe(false);
      expect(a.answer).toContain('ingest');
    } finally {
      empty.kb.close();
    }
  });
});

describe('lists and projects', () => {
  test('a project heading is answered with its lines that week', () => {
    const a = ask('第48周POS收单系统建设进展如何');
    expect(a.answer).toContain('POS机具库存管理');
    expect(a.answer).toContain('11/29');
    expect(a.citations.every((c) => c.week === '第48周')).toBe(true);
  });

  test('incidents of a week come from the incident section', () => {
    const a = ask('第48周有哪些生产事件');
    expect(a.answer).toContain('11/20');
    expect(a.citations[0].section).toContain('生产事件');
  });
});

test('the evaluation set stays at or above 95%', async () => {
  const questions = loadEvalQuestions(path.join(REPO_ROOT, 'data', 'eval', 'questions.jsonl'));
  expect(questions.length).toBeGreaterThanOrEqual(60);
  const { results, accuracy } = await evaluate((q, ctx) => kb.askSync(q, ctx), questions);
  const misses = results.filter((r) => r.problems.length).map((r) => `${r.question.id} ${r.question.q}: ${r.problems.join('; ')}`);
  expect({ accuracy: accuracy >= 0.95, misses }).toEqual({ accuracy: true, misses: expect.any(Array) });
});
