import { parseReportTitle } from '../../src/domain/reports/parse';

test('a team named before a period keeps its name: the cut is at the first date, not the last', () => {
  expect(parseReportTitle('移动端组周报（2023.11.13-2023.11.17）').team).toBe('移动端组');
  expect(parseReportTitle('清结算中心 2023-11-20 ~ 2023-11-24').team).toBe('清结算中心');
  expect(parseReportTitle('支付中心周报 第48周（2023.11.24）').team).toBe('支付中心');
});
