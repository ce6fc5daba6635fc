/** Block Kit formatting: what users see, and that nothing Slack would reject is ever sent. */
import type { Answer } from '../../src/domain/answer/model';
import type { IngestResult } from '../../src/services/knowledgeBaseTypes';
import { answerMessage, citationLabel, parseFeedbackValue, parseSourceValue } from '../../src/slack/blocks/answer';
import { SLACK_LIMITS, TRUNCATION_NOTICE, splitText, truncate } from '../../src/slack/blocks/limits';
import { sourceLinesModal, submitReportModal } from '../../src/slack/blocks/modals';
import { itemLine, submissionReceipt } from '../../src/slack/blocks/submission';

const citation = {
  team: '支付中心',
  week: '第48周',
  date: '2023-11-24',
  section: 'O1 业务交付',
  text: '- 代扣通道冗余：光大备份通道已于11/23上线，运行平稳。',
  reportId: 4,
  itemId: 121,
  lineNo: 29,
};

function answer(overrides: Partial<Answer> = {}): Answer {
  return { question: '光大备份通道什么时候上线', found: true, answer: '已于 11/23 上线。', citations: [citation], ...overrides };
}

/** Every size limit Slack enforces on a message. */
function expectWithinSlackLimits(message: { text: string; blocks: any[] }) {
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
  for (const b of message.blocks) {
    if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (b.type === 'actions') for (const e of b.elements) expect(e.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
  }
}

describe('answerMessage', () => {
  test('shows the answer, the citation as team · week · M/D · section, and the buttons', () => {
    const message = answerMessage(answer());
    expect(message.text).toBe('已于 11/23 上线。');
    const [section, context, actions] = message.blocks as any[];
    expect(section.text.text).toBe('已于 11/23 上线。');
    expect(context.elements[0].text).toBe('📄 支付中心 · 第48周 · 11/24 · O1 业务交付');
    expect(actions.elements.map((e: any) => e.action_id)).toEqual(['show_source', 'feedback_up', 'feedback_down']);
  });

  test('the buttons carry what their handlers need', () => {
    const [, , actions] = answerMessage(answer()).blocks as any[];
    expect(parseSourceValue(actions.elements[0].value)).toEqual({
      q: '光大备份通道什么时候上线',
      l: [{ s: '支付中心 · 第48周 · 11/24 · O1 业务交付', t: citation.text }],
    });
    expect(parseFeedbackValue(actions.elements[1].value)).toEqual({ q: '光大备份通道什么时候上线', a: '已于 11/23 上线。', c: [[4, 121, 29]] });
  });

  test('escapes Slack markup in report text', () => {
    const message = answerMessage(answer({ answer: '成功率 <99.9% & 延期 > 2天' }));
    expect((message.blocks[0] as any).text.text).toBe('成功率 &lt;99.9% &amp; 延期 &gt; 2天');
  });

  test('a not-found answer has no original-lines button and says what to try', () => {
    const message = answerMessage(answer({ found: false, answer: '没有找到相关事项。', citations: [] }));
    const ids = (message.blocks.at(-1) as any).elements.map((e: any) => e.action_id);
    expect(ids).toEqual(['feedback_up', 'feedback_down']);
    expect(JSON.stringify(message.blocks)).toContain('/zhoubao help');
  });

  test('a huge answer with many citations stays within every Slack limit, says it was cut, keeps citations and buttons', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `第${i}行：商户平台升级推进中，预计12/${(i % 28) + 1}上线。`).join('\n');
    expect(long.length).toBeGreaterThan(SLACK_LIMITS.messageText);
    const many = Array.from({ length: 30 }, (_, i) => ({ ...citation, itemId: i, text: `${'很长的原文'.repeat(100)}${i}` }));
    const message = answerMessage(answer({ answer: long, citations: many }));
    expectWithinSlackLimits(message);
    // (booleans, not toContain: a failure would print 100k characters)
    expect(message.text.endsWith(`（${TRUNCATION_NOTICE}）`)).toBe(true);
    expect(JSON.stringify(message.blocks).includes(TRUNCATION_NOTICE)).toBe(true);
    expect(message.blocks.at(-1)!.type).toBe('actions');
    expect(JSON.stringify(message.blocks).includes('另有 21 条来源')).toBe(true);
  });

  test('a single line longer than a section is split, not rejected', () => {
    const message = answerMessage(answer({ answer: '很'.repeat(7000) }));
    expectWithinSlackLimits(message);
    const sections = message.blocks.filter((b) => b.type === 'section') as any[];
    expect(sections.map((s) => s.text.text).join('') === '很'.repeat(7000)).toBe(true);
  });
});

describe('limits', () => {
  test('truncate marks the cut and never splits an emoji', () => {
    expect(truncate('短文本', 10)).toBe('短文本');
    const cut = truncate('😀'.repeat(50), 31);
    expect(cut.length).toBeLessThanOrEqual(31);
    expect(cut).toContain(TRUNCATION_NOTICE);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  test('splitText splits at line breaks', () => {
    expect(splitText('aaa\nbbb\nccc', 7)).toEqual(['aaa\nbbb', 'ccc']);
  });
});

describe('submission receipt', () => {
  const parsedItem = (text: string, status: any, dates: any[], sectionPath = ['O1 业务交付']) => ({
    ordinal: 0,
    owner: null,
    sectionPath,
    text,
    rawLine: `- ${text}`,
    lineNo: 2,
    dates,
    metrics: [],
    status,
  });

  const result: IngestResult = {
    outcome: 'replaced',
    report: { id: 7, team: '支付中心', weekLabel: '第50周', weekNumber: 50, reportDate: '2023-12-08', itemCount: 2, source: 'slack:D1:1.2', submittedBy: 'U1', kind: 'submission', updatedAt: '2023-12-06T02:00:00Z', version: 2 },
    parsed: {
      team: '支付中心',
      weekLabel: '第50周',
      weekNumber: 50,
      reportDate: '2023-12-08',
      title: null,
      period: null,
      warnings: [],
      sections: [],
      items: [
        parsedItem('银联签约支付：已于12/5上线', 'launched', [{ iso: '2023-12-05', text: '12/5', event: '上线', planned: false }]),
        parsedItem('退款链路改造：预计12/12上线', 'planned', [{ iso: '2023-12-12', text: '12/12', event: '上线', planned: true }]),
      ],
    },
  };

  test('lists each item with section, dates and status in Chinese, and offers undo/replace', () => {
    const message = submissionReceipt(result);
    const text = (message.blocks as any[]).filter((b) => b.type === 'section').map((b) => b.text.text).join('\n');
    expect(text).toContain('*支付中心 第50周*（截至 12/8）');
    expect(text).toContain('*2* 项');
    expect(text).toContain('第 2 版');
    expect(text).toContain('• O1 业务交付 › 银联签约支付：已于12/5上线 — _12/5 上线 · 已上线_');
    expect(text).toContain('_预计 12/12 上线 · 计划_');
    const actions = message.blocks.at(-1) as any;
    expect(actions.elements.map((e: any) => [e.action_id, e.value])).toEqual([
      ['submission_undo', '7'],
      ['submission_replace', '7'],
    ]);
  });

  test('shows each item\'s owner and figures, and the guesses made while reading it', () => {
    const items = [
      { ...parsedItem('账单导出改造，进度60%', 'in_progress', []), owner: '林可', metrics: [{ text: '60%', value: 60, unit: '%', label: '进度' }] },
    ];
    const warnings = ['日期取自文件名「周报-2023-12-08.md」'];
    const message = submissionReceipt({ ...result, parsed: { ...result.parsed, items, warnings } });
    const all = JSON.stringify(message.blocks);
    expect(all).toContain('负责人 林可');
    expect(all).toContain('进度 60%');
    expect(all).toContain('⚠️ 日期取自文件名');
  });

  test('a receipt for a very long report stays within the block limit and says items were left out', () => {
    const items = Array.from({ length: 600 }, (_, i) => parsedItem(`事项${i}：${'推进'.repeat(60)}，预计12/12上线`, 'planned', []));
    const message = submissionReceipt({ ...result, parsed: { ...result.parsed, items } });
    expectWithinSlackLimits(message as any);
    expect(JSON.stringify(message.blocks).includes('另有')).toBe(true);
    expect((message.blocks.at(-1) as any).type).toBe('actions');
  });

  test('an item without dates or known status shows just its text', () => {
    expect(itemLine(parsedItem('同城双活：方案评审', 'unknown', [], []) as any)).toBe('• 同城双活：方案评审');
  });
});

describe('modals', () => {
  test('the submit modal names the week and has a multiline input', () => {
    const view = submitReportModal({ team: '支付中心', week: { weekLabel: '第50周', reportDate: '2023-12-08' } }) as any;
    expect(view.callback_id).toBe('submit_report');
    expect(JSON.stringify(view.blocks)).toContain('支付中心 第50周');
    const input = view.blocks.find((b: any) => b.type === 'input');
    expect(input).toMatchObject({ block_id: 'report', element: { action_id: 'text', multiline: true } });
    expect(view.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
  });

  test('the source modal quotes each original line under its label', () => {
    const view = sourceLinesModal({ q: '光大备份通道什么时候上线', l: [{ s: citationLabel(citation), t: citation.text }] }) as any;
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('支付中心 · 第48周 · 11/24 · O1 业务交付');
    expect(text).toContain('>- 代扣通道冗余：光大备份通道已于11/23上线');
  });
});
