/** The change detection on the repository's own multi-week samples (data/samples), read as the CLI reads them. */
import fs from 'node:fs';
import path from 'node:path';
import { detectWeekChanges } from '../../src/domain/changes/detectChanges';
import { formatChangesDigest } from '../../src/domain/changes/digest';
import type { HistoryWeek } from '../../src/domain/changes/types';
import { parseReportDocument } from '../../src/domain/reports/document';

const SAMPLES = path.resolve(__dirname, '..', '..', 'data', 'samples');
/** "Today" for the parser: after every sample, so a year the text leaves out is the samples' own. */
const AFTER_THE_SAMPLES = new Date('2024-06-01T08:00:00Z');

function teamHistory(team: string): HistoryWeek[] {
  return fs
    .readdirSync(SAMPLES)
    .filter((f) => f.startsWith(`${team}-`))
    .sort()
    .flatMap((f) => parseReportDocument(fs.readFileSync(path.join(SAMPLES, f), 'utf8'), { fileName: f, now: AFTER_THE_SAMPLES }))
    .map((r) => ({ report: { team: r.team!, weekLabel: r.weekLabel!, reportDate: r.reportDate! }, items: r.items }));
}

describe('changes on data/samples', () => {
  test('支付中心 第48周: three launches with their dates, the slip with its reason, 健康分 up', () => {
    const history = teamHistory('支付中心');
    const w48 = detectWeekChanges(history.slice(0, 4));
    expect(w48.weekLabel).toBe('第48周');
    const launched = w48.changes.filter((c) => c.kind === 'launched').map((c) => [c.subject, c.kind === 'launched' ? c.date : null]);
    expect(launched).toEqual(
      expect.arrayContaining([
        ['光大备份通道', '2023-11-23'],
        ['银联签约支付', '2023-11-22'],
        ['POS终端申请', '2023-11-24'],
      ]),
    );
    const digest = formatChangesDigest(w48);
    expect(digest.details).toContain(
      '【推迟】资金安全数据一致性 提测由 12/5 推迟至 12/8，原因：上游账务系统字段口径调整 —— 支付中心 · 第48周 · 「资金安全数据一致性：因上游账务系统字段口径调整，提测由12/5推迟至12/8。」',
    );
    expect(digest.details.find((d) => d.includes('健康分'))).toMatch(/^【指标变化】稳定性度量 健康分：667分 → 671分 ↑ ▁▂▇█ —— 支付中心 · 第48周 · /);
    // Nothing launched in 第48周 is also called dropped, overdue or stalled.
    const launchedSubjects = new Set(launched.map(([s]) => s));
    expect(w48.changes.filter((c) => c.kind !== 'launched' && c.kind !== 'metric' && launchedSubjects.has(c.subject))).toEqual([]);
  });

  test('支付中心 第49周: a plan that passed while the item vanished is overdue, citing last week\'s line', () => {
    const w49 = detectWeekChanges(teamHistory('支付中心'));
    const overdue = w49.changes.filter((c) => c.kind === 'overdue');
    expect(overdue).toEqual([expect.objectContaining({ subject: '退款链路改造', event: '上线', plannedDate: '2023-11-30', mentionedThisWeek: false })]);
    expect(overdue[0].cites[0]).toMatchObject({ weekLabel: '第48周', line: '- 退款链路改造：已于11/23提测，预计11/30上线。' });
  });

  test('数据平台组: the slip of 指标平台二期 and the launch of 实时数仓 v2.1 (not confused with v2.2)', () => {
    const history = teamHistory('数据平台组');
    const w48 = detectWeekChanges(history.slice(0, 2));
    expect(w48.changes.filter((c) => c.kind === 'slipped')).toEqual([
      expect.objectContaining({ subject: '指标平台二期', from: '2023-11-24', to: '2023-11-30', reason: '元数据服务接口变更' }),
    ]);
    const w49 = detectWeekChanges(history.slice(0, 3));
    expect(w49.changes.filter((c) => c.kind === 'launched')).toEqual([expect.objectContaining({ subject: '实时数仓 v2.1', date: '2023-11-30' })]);
  });
});
