/**
 * The per-list report index (src/domain/answer/reportIndex.ts) stands in for passes over every
 * report on each question: it must give exactly what those passes gave (same reports, same order,
 * same latest report per team), and a new list (after a write) must never be answered from an old one.
 */
import type { StoredReport } from '../../src/domain/records';
import { reportIndex, reportsOfTeams } from '../../src/domain/answer/reportIndex';

let nextId = 1;
function report(team: string, reportDate: string): StoredReport {
  return {
    id: nextId++,
    team,
    weekLabel: `第${reportDate.slice(8)}周`,
    weekNumber: Number(reportDate.slice(8)),
    reportDate,
    title: null,
    source: 'test',
    submittedBy: null,
    kind: 'report',
    contentHash: String(nextId),
    itemCount: 1,
    version: 1,
    createdAt: reportDate,
    updatedAt: reportDate,
    period: null,
  };
}

// Teams interleaved, as the store lists them per team but with submissions and several years mixed in.
const reports = [
  report('支付中心', '2023-11-17'),
  report('风控研发部', '2023-11-24'),
  report('支付中心', '2024-01-05'),
  report('数据平台', '2023-12-01'),
  report('风控研发部', '2023-11-17'),
  report('支付中心', '2023-11-24'),
  report('风控研发部', '2023-11-24'),
];

test('the reports of named teams come back in list order, as filtering the whole list gives them', () => {
  for (const teams of [['支付中心'], ['风控研发部', '支付中心'], ['数据平台', '风控研发部', '数据平台'], ['没有的团队'], []]) {
    const filtered = teams.length ? reports.filter((r) => teams.includes(r.team)) : reports;
    expect(reportsOfTeams(reports, teams)).toEqual(filtered);
  }
});

test('teams in first-seen order, each team’s newest report (the first of equal dates) and the newest year', () => {
  const index = reportIndex(reports);
  expect(index.teams).toEqual(['支付中心', '风控研发部', '数据平台']);
  expect([...index.latestByTeam].map(([team, r]) => [team, r.reportDate, r.id])).toEqual([
    ['支付中心', '2024-01-05', reports[2].id],
    ['风控研发部', '2023-11-24', reports[1].id],
    ['数据平台', '2023-12-01', reports[3].id],
  ]);
  expect(index.referenceYear).toBe(2024);
  expect(index.ids.has(reports[6].id)).toBe(true);
});

test('a new list after a write is indexed afresh, not answered from the old list’s index', () => {
  const before = reportIndex(reports);
  const after = [...reports, report('数据平台', '2024-01-12')];
  expect(reportIndex(after).latestByTeam.get('数据平台')?.reportDate).toBe('2024-01-12');
  expect(reportsOfTeams(after, ['数据平台'])).toHaveLength(2);
  expect(before.latestByTeam.get('数据平台')?.reportDate).toBe('2023-12-01');
  expect(reportIndex(reports)).toBe(before);
});
