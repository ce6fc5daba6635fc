/**
 * A subject joined by 与/和 (门店 App与小程序) is asked about as one item or as two lines, each
 * passing with its own part. A phase or version the question names belongs to every part: 门店 App与
 * 小程序二期 must not pass on the first phase's line through its part 门店 App alone (a held-out
 * question gave the first phase's launch date for a second phase the reports never mention).
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const W48 = [
  '# 零售终端组 第48周 2023-11-24',
  '',
  '## 本周工作',
  '- 门店 App与小程序：已于11/21提测，测试中，预计12/6上线。',
  '- 充值和提现成功率：充值成功率 99.2%，提现成功率 98.7%。',
  '- 会员积分 V2：开发完成，预计12/8提测。',
  '',
].join('\n');

const W49 = [
  '# 零售终端组 第49周 2023-12-01',
  '',
  '## 本周工作',
  '- 门店 App与小程序：测试通过，计划12/6上线。',
  '- 充值和提现成功率：充值成功率 99.4%，提现成功率 98.9%。',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    ['零售终端组-第48周-2023-11-24.md', W48],
    ['零售终端组-第49周-2023-12-01.md', W49],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe('a phase or version asked of a joined subject', () => {
  it.each(['门店 App与小程序二期什么时候上线', '门店 App和小程序 2.0 什么时候上线'])('%s → not found, no date', (q) => {
    const a = ask(q);
    expect(a.found).toBe(false);
    expect(a.answer).not.toMatch(/\d{1,2}\/\d{1,2}/);
    expect(a.citations).toHaveLength(0);
  });

  it('without the phase, the joined item answers with its own date', () => {
    const a = ask('门店 App与小程序什么时候上线');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('12/6');
  });

  it('two lines asked together still each pass with their own part', () => {
    const a = ask('充值和提现成功率是多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('99.4%');
    expect(a.answer).toContain('98.9%');
  });
});
