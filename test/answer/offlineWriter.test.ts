/**
 * The offline writer: what is answered whenever the model's answer cannot be used. It gives the
 * composed answer, and when the pipeline composed nothing (a summary) lists the selected items, so
 * the fallback is never emptier than what the model would have been shown.
 */
import { writeOffline } from '../../src/domain/answer/offlineWriter';
import type { Answer } from '../../src/domain/answer/model';
import type { SelectedEvidence } from '../../src/domain/answer/writer';
import type { StoredItem } from '../../src/domain/records';

function item(id: number, text: string, extra: Partial<StoredItem> = {}): StoredItem {
  return {
    id,
    reportId: 1,
    team: '支付中心',
    weekLabel: '第48周',
    weekNumber: 48,
    reportDate: '2023-11-24',
    ordinal: id,
    sectionPath: ['O1 业务交付'],
    text,
    rawLine: `- ${text}`,
    lineNo: id + 2,
    dates: [],
    metrics: [],
    status: 'unknown',
    owner: null,
    ...extra,
  };
}

function evidence(composed: Answer, items: StoredItem[]): SelectedEvidence {
  return { kind: 'summary', items, latestReportByTeam: new Map(), composed };
}

const nothing: Answer = { question: '总结第48周支付中心周报', found: false, answer: '这些周报里没有可总结的工作内容。', citations: [] };

test('a composed answer is given as it is, under the question as asked', () => {
  const composed: Answer = { question: '光大备份通道什么时候上线', found: true, answer: '已于 11/23 上线。', citations: [] };
  const a = writeOffline('When did it go live?', evidence(composed, [item(1, '光大备份通道已于11/23上线')]));
  expect(a).toEqual({ ...composed, question: 'When did it go live?' });
});

test('nothing composed and nothing selected: the not-found reason', () => {
  expect(writeOffline(nothing.question, evidence(nothing, []))).toEqual(nothing);
});

test('nothing composed but items selected: the items as written, each with its team, week and section, each cited', () => {
  const items = [item(1, '光大备份通道已于11/23上线'), item(2, '资金安全数据一致性提测推迟至12/8', { sectionPath: ['O2 稳定性'] })];
  const a = writeOffline(nothing.question, evidence(nothing, items));
  expect(a.found).toBe(true);
  expect(a.answer).toBe('相关周报共 2 项：\n1. 支付中心 第48周 · O1 业务交付：光大备份通道已于11/23上线\n2. 支付中心 第48周 · O2 稳定性：资金安全数据一致性提测推迟至12/8');
  expect(a.citations.map((c) => c.itemId)).toEqual([1, 2]);
});

test('a long listing shows the first 30 lines and says how many more there are', () => {
  const items = Array.from({ length: 42 }, (_, n) => item(n + 1, `事项${n + 1}`));
  const a = writeOffline(nothing.question, evidence(nothing, items));
  expect(a.answer.startsWith('相关周报共 42 项：')).toBe(true);
  expect(a.answer).toContain('30. 支付中心 第48周 · O1 业务交付：事项30');
  expect(a.answer).not.toContain('事项31');
  expect(a.answer.endsWith('…另有 12 项未列出。')).toBe(true);
  expect(a.citations).toHaveLength(30);
});
