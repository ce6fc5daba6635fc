import { findMissingItems, subjectPhrase, type FollowupItem } from '../../src/domain/followup/missingItems';
import { parseWeeklyReport } from '../../src/domain/reports/parse';

/** A member's items as the parser reads them (status and dates extracted), for one report week. */
function items(reportDate: string, weekLabel: string, body: string): FollowupItem[] {
  const report = parseWeeklyReport(body, { team: '支付中心', reportDate, weekLabel });
  return report.items.map((i) => ({ text: i.text, sectionPath: i.sectionPath, status: i.status, dates: i.dates, weekLabel, reportDate, ordinal: i.ordinal }));
}

const LAST_WEEK = items(
  '2023-11-17',
  '第47周',
  `## O1 业务交付
- 代扣通道冗余：光大备份通道已提测，计划11/23上线。
- 资金安全数据一致性：编码完成过半，预计12/5提测。
- 银联签约支付：已于11/15上线。
- 退款链路改造：研发中，预计11/27提测。
## 系统运行数据
- 入金有效成功率：99.996%
## 收获与反思
演练要常态化。`,
);

describe('findMissingItems', () => {
  test('an open item left out this week is asked about with its last known state', () => {
    const thisWeek = items('2023-11-24', '第48周', '## O1 业务交付\n- 资金安全数据一致性：联调中，预计12/5提测。\n- 退款链路改造：已于11/23提测。');
    const missing = findMissingItems(LAST_WEEK, thisWeek, '2023-11-24');
    expect(missing.map((m) => m.reason)).toEqual(['not_mentioned']);
    expect(missing[0].prompt).toBe('上周你提到「光大备份通道 计划11/23上线」，本周没有进展：已上线了吗？');
  });

  test('a plan whose date has not come yet is asked about without presuming', () => {
    const thisWeek = items('2023-11-24', '第48周', '## O1 业务交付\n- 代扣通道冗余：光大备份通道已于11/23上线。\n- 退款链路改造：已于11/23提测。');
    const [missing] = findMissingItems(LAST_WEEK, thisWeek, '2023-11-24');
    expect(missing.prompt).toBe('上周你提到「资金安全数据一致性 计划12/5提测」，本周没有进展：现在进展如何？');
  });

  test('a planned date that passed with no new status is overdue', () => {
    const thisWeek = items(
      '2023-11-24',
      '第48周',
      '## O1 业务交付\n- 代扣通道冗余：光大备份通道已提测，计划11/23上线。\n- 资金安全数据一致性：预计12/5提测。\n- 退款链路改造：已于11/23提测。',
    );
    const missing = findMissingItems(LAST_WEEK, thisWeek, '2023-11-24');
    expect(missing).toEqual([expect.objectContaining({ reason: 'overdue' })]);
    expect(missing[0].prompt).toBe('「光大备份通道」计划 11/23 上线，日期已过，本周没有写新的状态：已上线了吗？');
  });

  test('a date that moved is a slip, asked with the old and the new date', () => {
    const thisWeek = items(
      '2023-11-24',
      '第48周',
      '## O1 业务交付\n- 代扣通道冗余：光大备份通道已于11/23上线。\n- 资金安全数据一致性：因上游字段口径调整，预计12/8提测。\n- 退款链路改造：已于11/23提测。',
    );
    const missing = findMissingItems(LAST_WEEK, thisWeek, '2023-11-24');
    expect(missing).toEqual([expect.objectContaining({ reason: 'slipped' })]);
    expect(missing[0].prompt).toContain('由 12/5 改为 12/8');
    expect(missing[0].prompt).toContain('资金安全数据一致性');
  });

  test('nothing is asked about items that were done, launched, stopped, or are figures and reflections', () => {
    const earlier = items('2023-11-17', '第47周', '## O1\n- 营销立减：已于11/2上线。\n- 积分商城：项目暂停。\n## 系统运行数据\n- 出金有效成功率：99.990%\n## 收获与反思\n多演练。');
    expect(findMissingItems(earlier, [], '2023-11-24')).toEqual([]);
  });

  test('an item done this week after being planned is not asked about', () => {
    const thisWeek = items('2023-11-24', '第48周', '## O1 业务交付\n- 光大备份通道已于11/23上线，运行平稳。\n- 资金安全数据一致性：预计12/5提测。\n- 退款链路改造：已于11/23提测。');
    expect(findMissingItems(LAST_WEEK, thisWeek, '2023-11-24')).toEqual([]);
  });

  test('an answer appended later in the same week wins over the line it updates', () => {
    const earlier = items(
      '2023-11-24',
      '第48周',
      '## O1 业务交付\n- 代扣通道冗余：光大备份通道已提测，计划11/23上线。\n<!-- zhoubao:followup-updates -->\n## O1 业务交付\n- 光大备份通道：已上线了',
    );
    expect(findMissingItems(earlier, [], '2023-12-01')).toEqual([]);
  });

  test('an item last mentioned two weeks ago says when', () => {
    const twoWeeksAgo = items('2023-11-10', '第46周', '## O2\n- POS终端申请：开发中，进度50%。');
    expect(findMissingItems(twoWeeksAgo, [], '2023-11-24')[0].prompt).toBe('上上周你提到「POS终端申请：开发中，进度50%」，本周没有进展：现在进展如何？');
  });
});

test.each([
  ['代扣通道冗余：光大备份通道已提测，计划11/23上线', '光大备份通道'],
  ['定转X，光大备份通道已提测，计划11/23上线', '光大备份通道'],
  ['资金安全数据一致性：编码完成过半，预计12/5提测', '资金安全数据一致性'],
  ['POS APP与应用市场：前端联调问题较多，提测由11/17推迟至11/21', 'POS APP与应用市场'],
  ['数字人民币收单已于11/15上线，首周交易2,318笔', '数字人民币收单'],
  ['跨境收款接口联调，预计12/29完成', '跨境收款接口联调'],
])('subjectPhrase(%s) = %s', (text, subject) => {
  expect(subjectPhrase(text)).toBe(subject);
});
