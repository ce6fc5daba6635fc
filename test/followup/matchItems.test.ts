import { loadItemPairs, measureItemMatching } from '../../tools/bench/itemMatching';
import { isSameItem, itemSimilarity, matchAcrossWeeks, SAME_ITEM_THRESHOLD, similarityAbove, subjectBigrams, subjectBigramsFolded } from '../../src/domain/followup/matchItems';

const item = (text: string, sectionPath: string[] = []) => ({ text, sectionPath });

test('the same item across weeks matches despite rewording; another project in the same section does not', () => {
  expect(isSameItem(item('光大备份通道'), item('定转X，光大备份通道已提测'))).toBe(true);
  expect(isSameItem(item('代扣通道冗余：光大备份通道已提测，计划11/23上线', ['O1 业务交付']), item('代扣通道冗余：光大备份通道已于11/23上线，运行平稳', ['O1 业务交付']))).toBe(true);
  expect(isSameItem(item('代扣通道冗余：光大备份通道已提测，计划11/23上线', ['O1 业务交付']), item('退款链路改造：已于11/23提测，预计11/30上线', ['O1 业务交付']))).toBe(false);
  expect(isSameItem(item('入金有效成功率：99.996%'), item('出金有效成功率：99.990%'))).toBe(false);
  expect(isSameItem(item('对账平台升级一期已于11/24上线'), item('对账平台升级二期：预计12/22提测'))).toBe(false);
});

test('matching pairs each earlier item with at most one later item', () => {
  const earlier = [item('POS APP与应用市场：提测由11/17推迟至11/21'), item('POS终端申请：已提测，预计11/24上线')];
  const later = [item('POS终端申请：已于11/24上线'), item('POS APP与应用市场：已于11/21提测，测试中')];
  expect(matchAcrossWeeks(earlier, later).map((m) => m.later?.text)).toEqual(['POS APP与应用市场：已于11/21提测，测试中', 'POS终端申请：已于11/24上线']);
});

test('on the labelled pairs (data/eval/item-pairs.jsonl) precision and recall stay at what BENCHMARKS.md reports', () => {
  const pairs = loadItemPairs();
  expect(pairs.length).toBeGreaterThanOrEqual(60);
  expect(pairs.filter((p) => p.same).length).toBeGreaterThan(20);
  expect(pairs.filter((p) => !p.same).length).toBeGreaterThan(20);
  const m = measureItemMatching();
  expect(m.precision).toBeGreaterThanOrEqual(0.9);
  expect(m.recall).toBeGreaterThanOrEqual(0.9);
  // Every remaining false match is a pair from two different teams (the matcher only ever compares one owner's items).
  expect(m.errors.filter((e) => !e.pair.same).every((e) => e.pair.kind === 'other_team')).toBe(true);
});

test('a timeline keeping the best line skips only lines that could not reach the threshold or beat the best so far', () => {
  // similarityAbove is itemSimilarity, or -1 only when that is below the threshold or at most `beat`.
  const pairs = loadItemPairs().map((p) => [item(p.a, p.a_section ?? []), item(p.b, p.b_section ?? [])] as const);
  const cases = [...pairs, [item('光大备份通道'), item('定转X，光大备份通道已提测')] as const, [item('入金有效成功率：99.996%'), item('出金有效成功率：99.990%')] as const];
  let skipped = 0;
  for (const [a, b] of cases) {
    const exact = itemSimilarity(a, b);
    for (const [threshold, beat] of [[SAME_ITEM_THRESHOLD, 0], [SAME_ITEM_THRESHOLD, 0.7], [0, exact - 0.05], [0, exact], [0, 0.9]]) {
      const got = similarityAbove(a, b, threshold, beat);
      if (got === -1) {
        skipped++;
        expect(exact < threshold || exact <= beat).toBe(true);
      } else expect(got).toBe(exact);
    }
  }
  expect(skipped).toBeGreaterThan(0);
});

test("a line's subject bigrams are the same worked out from its folded text (as a timeline has it) as from the text", () => {
  for (const text of ['ＰＯＳ收单系统已于11/23上线', 'API网关V2.0灰度中（30%流量）', 'Ⅳ期 ㍿ 清结算', '定转X，光大备份通道已提测']) {
    // Two texts of one subject key, neither cached yet: one worked out each way.
    const [fresh, same] = [text + '（复核）', text + '（复核）！'];
    expect(subjectBigramsFolded(fresh, fresh.normalize('NFKC').toLowerCase())).toEqual(subjectBigrams(same));
  }
});
