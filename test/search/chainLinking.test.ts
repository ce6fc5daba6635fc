/**
 * The shortcuts a timeline takes when it looks for an item's line in each other week
 * (src/domain/answer/identity.ts over src/domain/followup/matchItems.ts): lines indexed by their
 * subject bigrams without working out what each names, and lines passed over when their shared words
 * cannot reach the same-item threshold. Neither may ever drop a line the full comparison would link.
 */
import { eachSubjectBigram, itemSimilarity, mayReachSimilarity, SAME_ITEM_THRESHOLD, subjectBigrams } from '../../src/domain/followup/matchItems';

const LINES = [
  '代扣通道冗余：光大备份通道已提测，计划11/23上线',
  '代扣通道冗余：光大备份通道已于11/23上线，运行平稳',
  '光大备份通道',
  '数字人民币收单已于11/9提测',
  '数字人民币收单已于11/15上线',
  '入金链路改造完成，成功率99.9%',
  '出金链路改造完成，成功率99.8%',
  '一期资金归集上线',
  '二期资金归集联调中',
  '招行代扣通道因银行侧升级延期至12/18上线',
  '支付中心与清结算中心对齐对账文件格式',
  '风控中心与清结算中心对齐对账文件格式',
  '配合业务方完成验证',
  '银联无感签约支付进入回归测试，整体预计12/2上线',
  'POS收单：与清结算中心对齐文件格式，联调中',
  '网',
  '𠀋𠀌备份',
];
const SECTIONS = [['O1 服务业务'], ['O2 系统升级', '支付系统双活'], []];

const items = LINES.flatMap((text) => SECTIONS.map((sectionPath) => ({ text, sectionPath })));

test('a line’s bigrams visited one by one are its subject bigrams', () => {
  for (const { text } of items) {
    const visited: number[] = [];
    eachSubjectBigram(text + '。', (g) => visited.push(g)); // a text not cached yet
    expect(new Set(visited)).toEqual(new Set(subjectBigrams(text + '。')));
    visited.length = 0;
    eachSubjectBigram(text, (g) => visited.push(g)); // and one cached by subjectBigrams
    expect(new Set(visited)).toEqual(new Set(subjectBigrams(text)));
  }
});

test('no pair the full comparison links is passed over', () => {
  let linked = 0;
  let passedOver = 0;
  for (const a of items) {
    for (const b of items) {
      const linkedHere = itemSimilarity(a, b) >= SAME_ITEM_THRESHOLD;
      if (linkedHere) linked++;
      if (!mayReachSimilarity(a, b, SAME_ITEM_THRESHOLD)) {
        passedOver++;
        expect({ a, b, linked: linkedHere }).toEqual({ a, b, linked: false });
      }
    }
  }
  // Both kinds occur, so the check above is not empty either way.
  expect(linked).toBeGreaterThan(items.length);
  expect(passedOver).toBeGreaterThan(items.length);
});

test('lines sharing only a common word are passed over; a reworded line of the same item is not', () => {
  const line = { text: '代扣通道冗余：光大备份通道已提测，计划11/23上线', sectionPath: ['O1 服务业务'] };
  expect(mayReachSimilarity(line, { text: '招行代扣通道因银行侧升级延期至12/18上线', sectionPath: ['风险与问题'] }, SAME_ITEM_THRESHOLD)).toBe(false);
  expect(mayReachSimilarity(line, { text: '光大备份通道已于11/23上线，运行平稳', sectionPath: ['O1 服务业务'] }, SAME_ITEM_THRESHOLD)).toBe(true);
});
