import type { FollowupItem } from '../../src/domain/followup/missingItems';
import { isQuestion, readFollowupReply, updateLine, type AskedItem } from '../../src/domain/followup/replies';
import { detectStatus } from '../../src/domain/reports/extract';

function previous(text: string): FollowupItem {
  return { text, sectionPath: ['O1 业务交付'], status: 'testing', dates: [], weekLabel: '第47周', reportDate: '2023-11-17' };
}

const GUANGDA: AskedItem = { id: 11, ordinal: 1, previous: previous('代扣通道冗余：光大备份通道已提测，计划11/23上线'), answered: false };
const FUNDS: AskedItem = { id: 12, ordinal: 2, previous: previous('资金安全数据一致性：编码完成过半，预计12/5提测'), answered: false };

describe('readFollowupReply', () => {
  test('with one item asked, an unnamed answer is about that item', () => {
    expect(readFollowupReply('上线了，运行平稳', [GUANGDA])).toEqual({ kind: 'updates', parts: [{ promptId: 11, text: '上线了，运行平稳' }] });
  });

  test('numbered answers go to the numbered items', () => {
    expect(readFollowupReply('1. 已于11/23上线\n2、推迟到12/8提测，上游字段口径调整', [GUANGDA, FUNDS])).toEqual({
      kind: 'updates',
      parts: [
        { promptId: 11, text: '已于11/23上线' },
        { promptId: 12, text: '推迟到12/8提测，上游字段口径调整' },
      ],
    });
  });

  test('an answer that names the item goes to it', () => {
    expect(readFollowupReply('资金安全数据一致性推迟到12/8提测', [GUANGDA, FUNDS])).toEqual({
      kind: 'updates',
      parts: [{ promptId: 12, text: '资金安全数据一致性推迟到12/8提测' }],
    });
  });

  test('"都上线了" answers every open item', () => {
    const reading = readFollowupReply('都上线了', [GUANGDA, FUNDS]);
    expect(reading.kind === 'updates' && reading.parts.map((p) => p.promptId)).toEqual([11, 12]);
  });

  test('an unnamed answer with several items asked is unclear', () => {
    expect(readFollowupReply('上线了', [GUANGDA, FUNDS])).toEqual({ kind: 'unclear' });
  });

  test('a question in the thread is left to question answering', () => {
    expect(readFollowupReply('光大备份通道上线了吗', [GUANGDA])).toEqual({ kind: 'question' });
    expect(isQuestion('什么时候提测？')).toBe(true);
    expect(isQuestion('已于11/23上线')).toBe(false);
  });
});

describe('updateLine', () => {
  test('puts the subject in front so the update is found under the item’s name', () => {
    expect(updateLine(GUANGDA.previous, '已于11/23上线')).toBe('光大备份通道：已于11/23上线');
  });

  test('keeps the owner’s words when they name the item', () => {
    expect(updateLine(GUANGDA.previous, '光大备份通道已于11/23上线')).toBe('光大备份通道已于11/23上线');
  });

  test('"上线了" becomes a line whose status reads as launched; "还没上线" does not', () => {
    expect(detectStatus(updateLine(GUANGDA.previous, '上线了'))).toBe('launched');
    expect(detectStatus(updateLine(GUANGDA.previous, '还没上线，推迟到12/15'))).toBe('delayed');
    expect(updateLine(GUANGDA.previous, '已经上线了')).toBe('光大备份通道：已经上线了');
    expect(updateLine(GUANGDA.previous, '11/23上线了')).toBe('光大备份通道：11/23已上线了');
  });
});
