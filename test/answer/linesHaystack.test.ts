/**
 * A report's lines folded together for the chain's "may a line here name the subject" test
 * (linesHaystack, grounding.ts) are folded in one pass: each part must be exactly that line's own
 * haystack whatever the text holds at the edges of a line (full-width forms, a final sigma, a
 * combining mark, spaces, the separator character itself), or a chain could skip a week it should
 * link (or link one it should skip).
 */
import type { StoredItem } from '../../src/domain/records';
import { itemHaystack, linesHaystack } from '../../src/services/answering/grounding';

function line(id: number, text: string, sectionPath: string[] = ['重点工作'], owner: string | null = null): StoredItem {
  return { id, text, sectionPath, owner, team: '支付中心' } as unknown as StoredItem;
}

const byLine = (items: StoredItem[]) => items.map((i) => itemHaystack({ ...i })).join('\n');

describe('linesHaystack', () => {
  test.each([
    ['plain lines', [line(1, '光大备份通道测试中'), line(2, '银联无感签约支付 12/2 上线', ['项目', '支付'], '张三')]],
    ['full-width and upper case at the edges', [line(1, 'ＡＰＩ网关ＶＥＲ２'), line(2, 'ＰＯＳ主交易链路'), line(3, 'Ｋ8s集群')]],
    ['a Greek final sigma at the end of a line', [line(1, 'ΟΔΟΣ'), line(2, 'ΣΟΦΙΑ 上线'), line(3, 'ΑΣ')]],
    ['a combining mark starting a line', [line(1, 'cafe'), line(2, '\u0301e 上线'), line(3, 'A\u030A')]],
    ['spaces and tabs around lines', [line(1, '  前后有空格  '), line(2, '\t制表符\t', [' 标题 '])]],
    ['the separator inside a text', [line(1, '含\u0001控制符'), line(2, '另一行')]],
    ['one line', [line(1, '单独一行 ΟΔΟΣ')]],
    ['no lines', []],
  ])('%s: each part is the line\'s own haystack', (_name, items) => {
    expect(linesHaystack(items)).toBe(byLine(items));
    // What it keeps for each line is that line's haystack too.
    expect(items.map(itemHaystack).join('\n')).toBe(byLine(items));
  });

  test('the same list gives the same text again, and another list its own', () => {
    const a = [line(1, '光大备份通道测试中'), line(2, '值班手册更新')];
    const b = [line(1, '光大备份通道已上线'), line(2, '值班手册更新')];
    expect(linesHaystack(a)).toBe(linesHaystack(a));
    expect(linesHaystack(b)).toBe(byLine(b));
    expect(linesHaystack(b)).not.toBe(linesHaystack(a));
  });
});
