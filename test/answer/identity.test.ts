/**
 * An item's cross-week chain (src/domain/answer/identity.ts) in a team whose members each report:
 * every week has several reports dated the same day, and the chain must still follow the one item
 * week by week, never into a colleague's line or a same-day report, and stop at an asked week.
 */
import type { StoredItem, StoredReport } from '../../src/domain/records';
import { chainOf } from '../../src/domain/answer/identity';

const WEEKS = ['2024-03-01', '2024-03-08', '2024-03-15', '2024-03-22', '2024-03-29'];
const reports: StoredReport[] = [];
const items = new Map<number, StoredItem[]>();

function addReport(reportDate: string, lines: string[]): StoredReport {
  const r: StoredReport = {
    id: reports.length + 1,
    team: '支付中心',
    weekLabel: `第${WEEKS.indexOf(reportDate) + 9}周`,
    weekNumber: WEEKS.indexOf(reportDate) + 9,
    reportDate,
    title: null,
    source: 'test',
    submittedBy: null,
    kind: 'report',
    contentHash: String(reports.length),
    itemCount: lines.length,
    version: 1,
    createdAt: reportDate,
    updatedAt: reportDate,
    period: null,
  };
  reports.push(r);
  items.set(
    r.id,
    lines.map((text, ordinal) => ({
      id: r.id * 100 + ordinal,
      reportId: r.id,
      team: r.team,
      weekLabel: r.weekLabel,
      weekNumber: r.weekNumber,
      reportDate,
      ordinal,
      sectionPath: ['本周进展'],
      text,
      rawLine: `- ${text}`,
      lineNo: ordinal + 1,
      dates: [],
      metrics: [],
      status: 'in_progress',
      owner: null,
    })),
  );
  return r;
}

const STEPS = ['开发中', '联调中', '已提测', '灰度中', '已上线'];
const own = WEEKS.map((date, k) => {
  // Colleagues report the same day about other work (listed before and after the owner's report).
  addReport(date, [`商户进件资料审核${STEPS[k]}`]);
  const mine = addReport(date, [`光大备份通道${STEPS[k]}`, '退款对账平台开发中']);
  addReport(date, [`风控规则上线评审${STEPS[k]}`]);
  return mine;
});
const source = { reports, itemsOfReport: (id: number) => items.get(id) ?? [] };
const line = (report: StoredReport) => items.get(report.id)![0];

test('the chain follows the item through every week, oldest first, past the same-day reports of colleagues', () => {
  const chain = chainOf(line(own[2]), source);
  expect(chain.map((i) => i.text)).toEqual(STEPS.map((s) => `光大备份通道${s}`));
  expect(chain.map((i) => i.reportDate)).toEqual(WEEKS);
});

test('an asked week ends the chain', () => {
  expect(chainOf(line(own[1]), source, WEEKS[3]).map((i) => i.reportDate)).toEqual(WEEKS.slice(0, 4));
  expect(chainOf(line(own[4]), source, WEEKS[2]).map((i) => i.text)).toEqual(['光大备份通道开发中', '光大备份通道联调中', '光大备份通道已提测', '光大备份通道已上线']);
});
