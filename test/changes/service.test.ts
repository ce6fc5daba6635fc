import { changesForTeamWeek } from '../../src/services/changes/service';
import { formatChangesDigest } from '../../src/domain/changes/digest';
import { parseWeeklyReport } from '../../src/domain/reports/parse';
import { openDatabase } from '../../src/adapters/store/db';
import { FollowupStore } from '../../src/adapters/store/followupStore';
import { ReportStore } from '../../src/adapters/store/reportStore';

function storeWith(reports: Array<{ week: number; date: string; body: string; submittedBy?: string }>): ReportStore {
  const store = new ReportStore(openDatabase(':memory:'));
  for (const r of reports) {
    const report = parseWeeklyReport(r.body, { team: '运营中台', forceTeam: true, reportDate: r.date, weekLabel: `第${r.week}周`, weekNumber: r.week });
    store.saveReport({ report, rawText: r.body, source: `test:${r.week}:${r.submittedBy ?? ''}`, submittedBy: r.submittedBy ?? null });
  }
  return store;
}

const REPORTS = [
  { week: 47, date: '2023-11-24', body: '## 本周工作\n- 工单系统迁移：联调中，预计11/30上线。\n- 客服质检模型：训练中。\n## 运行数据\n- 工单一次解决率：81%' },
  { week: 48, date: '2023-12-01', body: '## 本周工作\n- 工单系统迁移：已于11/30上线。\n- 客服质检模型：训练中。\n## 运行数据\n- 工单一次解决率：84%' },
  { week: 49, date: '2023-12-08', body: '## 本周工作\n- 客服质检模型：训练中。\n## 运行数据\n- 工单一次解决率：83%' },
];

describe('changesForTeamWeek', () => {
  test('the latest week by default, an asked week by number or label; read from the store', () => {
    const store = storeWith(REPORTS);
    const latest = changesForTeamWeek(store, '运营中台')!;
    expect(latest.weekLabel).toBe('第49周');
    expect(latest.changes.map((c) => c.kind)).toEqual(['stalled', 'metric']);
    const w48 = changesForTeamWeek(store, '运营中台', '第48周')!;
    expect(w48.previous?.weekLabel).toBe('第47周');
    expect(formatChangesDigest(w48).details[0]).toBe('【上线】工单系统迁移已于 11/30 上线 —— 运营中台 · 第48周 · 「工单系统迁移：已于11/30上线。」');
    expect(changesForTeamWeek(store, '运营中台', 48)!.reportDate).toBe('2023-12-01');
  });

  test('the team\'s own stall threshold (/zhoubao team stalled N) is used when set', () => {
    const store = storeWith(REPORTS);
    expect(changesForTeamWeek(store, '运营中台')!.changes.some((c) => c.kind === 'stalled')).toBe(true);
    new FollowupStore(store.db).updateTeam('运营中台', { stalledAfterWeeks: 4 });
    const patient = changesForTeamWeek(store, '运营中台')!;
    expect(patient.stalledAfterWeeks).toBe(4);
    expect(patient.changes.some((c) => c.kind === 'stalled')).toBe(false);
    // A caller's explicit threshold still wins.
    expect(changesForTeamWeek(store, '运营中台', undefined, { stalledAfterWeeks: 2 })!.changes.some((c) => c.kind === 'stalled')).toBe(true);
  });

  test('no report for the team or the week → null, not an empty week', () => {
    const store = storeWith(REPORTS);
    expect(changesForTeamWeek(store, '不存在的组')).toBeNull();
    expect(changesForTeamWeek(store, '运营中台', 30)).toBeNull();
  });

  test('a week with only members\' submissions is read from them together', () => {
    const store = storeWith([
      REPORTS[0],
      { week: 48, date: '2023-12-01', body: '## 本周工作\n- 工单系统迁移：已于11/30上线。', submittedBy: 'U1' },
      { week: 48, date: '2023-12-01', body: '## 本周工作\n- 客服质检模型：训练完成，准确率92%。', submittedBy: 'U2' },
    ]);
    const changes = changesForTeamWeek(store, '运营中台')!;
    expect(changes.changes.filter((c) => c.kind === 'launched').map((c) => c.subject)).toEqual(['工单系统迁移']);
    expect(changes.changes.some((c) => c.kind === 'dropped')).toBe(false);
  });
});
