import { parseWeeklyReport } from '../../src/domain/reports/parse';

/** The options the document reader (src/reports/document.ts) passes for each week of a file. */
describe('parseWeeklyReport: options from the document reader', () => {
  const week = ['# 清结算中心 第48周 2023-11-24', '', '## 本周', '- 对账平台灰度中', '写于2023.11.24', '- 代付通道11/22上线'].join('\n');

  it('takes week, date and period from `resolved` over the title, and the team from the title', () => {
    const report = parseWeeklyReport(week, {
      resolved: { weekLabel: '第47周', weekNumber: 47, reportDate: '2023-11-17', period: { start: '2023-11-13', end: '2023-11-17' } },
    });
    expect(report).toMatchObject({ team: '清结算中心', weekLabel: '第47周', weekNumber: 47, reportDate: '2023-11-17' });
    expect(report.period).toEqual({ start: '2023-11-13', end: '2023-11-17' });
    // Yearless dates in items take the resolved year and tense: 11/22 is after 11/17, so a plan.
    expect(report.items.find((i) => i.text.includes('代付'))!.dates[0]).toMatchObject({ iso: '2023-11-22', planned: true });
  });

  it('leaves the period empty without `resolved`', () => {
    expect(parseWeeklyReport(week).period).toBeNull();
  });

  it('adds `lineOffset` to every line number', () => {
    const plain = parseWeeklyReport(week);
    const shifted = parseWeeklyReport(week, { lineOffset: 40 });
    expect(shifted.items.map((i) => i.lineNo)).toEqual(plain.items.map((i) => i.lineNo + 40));
    expect(plain.items[0].lineNo).toBe(4);
  });

  it('never makes an item of a line in `skipLines`', () => {
    const withSignature = parseWeeklyReport(week);
    expect(withSignature.items.map((i) => i.text)).toContain('写于2023.11.24');
    const report = parseWeeklyReport(week, { skipLines: new Set([4]) });
    expect(report.items.map((i) => i.text)).toEqual(['对账平台灰度中', '代付通道11/22上线']);
  });

  it('copies `warnings` and does not share the caller’s array', () => {
    const warnings = ['日期取自文件名'];
    const report = parseWeeklyReport(week, { warnings });
    expect(report.warnings).toEqual(['日期取自文件名']);
    report.warnings.push('x');
    expect(warnings).toEqual(['日期取自文件名']);
  });
});
