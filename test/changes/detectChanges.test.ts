import { detectWeekChanges } from '../../src/domain/changes/detectChanges';
import { formatChangesDigest } from '../../src/domain/changes/digest';
import type { HistoryWeek, WeekChange } from '../../src/domain/changes/types';
import { parseWeeklyReport } from '../../src/domain/reports/parse';

/** One week of a team's report, read by the real parser (statuses, dates and figures as in production). */
function week(weekNumber: number, reportDate: string, body: string, team = '结算平台组'): HistoryWeek {
  const weekLabel = `第${weekNumber}周`;
  const report = parseWeeklyReport(body, { team, forceTeam: true, reportDate, weekLabel, weekNumber });
  return { report: { team, weekLabel, reportDate }, items: report.items };
}

function ofKind<K extends WeekChange['kind']>(changes: WeekChange[], kind: K): Array<Extract<WeekChange, { kind: K }>> {
  return changes.filter((c): c is Extract<WeekChange, { kind: K }> => c.kind === kind);
}

const W40 = week(40, '2023-10-06', `## 本周工作
- 对账引擎升级：灰度中，计划10/12上线。
- 发票中台接入：联调中，预计10/20提测。
- 商户分账改造：技术方案评审中。
- 资金日报自动化：开发进度40%。
## 运行数据
- 日终对账准确率：99.95%
- 结算时效达标率：97.2%
## 下周计划
- 对账引擎升级全量上线`);

const W41 = week(41, '2023-10-13', `## 本周工作
- 对账引擎升级：已于10/12上线，运行平稳。
- 发票中台接入：因税控服务商接口升级，提测由10/20推迟至10/27。
- 商户分账改造：技术方案评审中。
- 资金日报自动化：开发进度70%。
- 清算文件加密改造：开发启动，预计11/3提测。
## 运行数据
- 日终对账准确率：99.97%
- 结算时效达标率：96.8%`);

const W42 = week(42, '2023-10-20', `## 本周工作
- 发票中台接入：由于测试环境未就绪，提测由10/27推迟至11/8。
- 商户分账改造：技术方案评审中。
- 清算文件加密改造：开发中，预计11/3提测。
## 运行数据
- 日终对账准确率：99.97%
- 结算时效达标率：98.1%`);

describe('detectWeekChanges', () => {
  test('a launch is read from the chain: planned last week, launched this week, citing both lines', () => {
    const { changes } = detectWeekChanges([W40, W41]);
    const [launched] = ofKind(changes, 'launched');
    expect(launched).toMatchObject({ subject: '对账引擎升级', date: '2023-10-12' });
    expect(launched.cites.map((c) => c.weekLabel)).toEqual(['第41周', '第40周']);
    expect(launched.cites[0].line).toBe('- 对账引擎升级：已于10/12上线，运行平稳。');
    // The plan line under 下周计划 is the same item, not a second launch or a dropped item.
    expect(ofKind(changes, 'launched')).toHaveLength(1);
    expect(ofKind(changes, 'dropped')).toEqual([]);
  });

  test('a slip gives old → new date and the reason the line states; the second slip is counted as such', () => {
    const first = ofKind(detectWeekChanges([W40, W41]).changes, 'slipped');
    expect(first).toEqual([expect.objectContaining({ subject: '发票中台接入', event: '提测', from: '2023-10-20', to: '2023-10-27', reason: '税控服务商接口升级', slipCount: 1 })]);
    const second = ofKind(detectWeekChanges([W40, W41, W42]).changes, 'slipped');
    expect(second).toEqual([expect.objectContaining({ from: '2023-10-27', to: '2023-11-08', reason: '测试环境未就绪', slipCount: 2 })]);
    expect(second[0].dateHistory).toEqual(['2023-10-20', '2023-10-27', '2023-11-08']);
  });

  test('the same line with no new status for N weeks is stalled; N is per call', () => {
    const stalled = ofKind(detectWeekChanges([W40, W41, W42]).changes, 'stalled');
    expect(stalled).toEqual([expect.objectContaining({ subject: '商户分账改造', weeks: 2, sinceWeekLabel: '第40周' })]);
    expect(ofKind(detectWeekChanges([W40, W41]).changes, 'stalled')).toEqual([]);
    expect(ofKind(detectWeekChanges([W40, W41], { stalledAfterWeeks: 1 }).changes, 'stalled').map((c) => c.subject)).toEqual(['商户分账改造']);
    expect(ofKind(detectWeekChanges([W40, W41, W42], { stalledAfterWeeks: 3 }).changes, 'stalled')).toEqual([]);
  });

  test('an open item present last week and absent now is dropped; a finished one is not', () => {
    const { changes } = detectWeekChanges([W40, W41, W42]);
    expect(ofKind(changes, 'dropped').map((c) => c.subject)).toEqual(['资金日报自动化']);
    expect(ofKind(changes, 'dropped')[0].cites[0].weekLabel).toBe('第41周');
    // 对账引擎升级 launched in 第41周 and is absent in 第42周: nothing to say about it.
    expect(changes.some((c) => c.subject === '对账引擎升级')).toBe(false);
  });

  test('figures that moved, with direction, unit and the series across weeks; unchanged ones are not listed', () => {
    const metrics = ofKind(detectWeekChanges([W40, W41, W42]).changes, 'metric');
    expect(metrics).toEqual([
      expect.objectContaining({ label: '结算时效达标率', fromText: '96.8%', toText: '98.1%', unit: '%', direction: 'up' }),
    ]);
    expect(metrics[0].series.map((p) => [p.weekLabel, p.value])).toEqual([
      ['第40周', 97.2],
      ['第41周', 96.8],
      ['第42周', 98.1],
    ]);
    const down = ofKind(detectWeekChanges([W40, W41]).changes, 'metric').find((m) => m.label === '结算时效达标率');
    expect(down).toMatchObject({ from: 97.2, to: 96.8, direction: 'down' });
  });

  test('new work is started; a planned date that passed without news is overdue', () => {
    const started = ofKind(detectWeekChanges([W40, W41]).changes, 'started');
    expect(started.map((c) => c.subject)).toEqual(['清算文件加密改造']);
    const late = week(45, '2023-11-10', `## 本周工作
- 发票中台接入：由于测试环境未就绪，提测由10/27推迟至11/8。
- 清算文件加密改造：开发中，预计11/3提测。`);
    const overdue = ofKind(detectWeekChanges([W42, late]).changes, 'overdue');
    // 清算文件加密改造 still says 预计11/3 on 11/10. (A slip line written after its new date is read by
    // the parser as a past date, not a plan, so 发票中台接入 is not claimed overdue.)
    expect(overdue.map((c) => [c.subject, c.event, c.plannedDate, c.mentionedThisWeek])).toEqual([['清算文件加密改造', '提测', '2023-11-03', true]]);
    // An open item with a passed plan that vanishes is overdue, not merely dropped.
    const gone = week(46, '2023-11-17', '## 本周工作\n- 发票中台接入：测试中。');
    const vanished = ofKind(detectWeekChanges([late, gone]).changes, 'overdue');
    expect(vanished.map((c) => [c.subject, c.plannedDate, c.mentionedThisWeek])).toEqual([['清算文件加密改造', '2023-11-03', false]]);
  });

  test('an item renamed slightly across weeks is one chain: its launch is one change, nothing is dropped or started', () => {
    const a = week(10, '2024-03-08', '## 本周工作\n- 跨行代付通道冗余建设：中信备份通道联调中，预计3/14上线。');
    const b = week(11, '2024-03-15', '## 本周工作\n- 代付通道冗余：中信备份通道已于3/14上线，日均承接约900笔。');
    const { changes } = detectWeekChanges([a, b]);
    expect(changes.map((c) => c.kind)).toEqual(['launched']);
    expect(changes[0]).toMatchObject({ date: '2024-03-14' });
  });

  test('different versions are different items, never one chain', () => {
    const a = week(10, '2024-03-08', '## 本周工作\n- 收银台 v3.1：已于3/6上线。');
    const b = week(11, '2024-03-15', '## 本周工作\n- 收银台 v3.2：开发启动，预计3/29提测。');
    const { changes } = detectWeekChanges([a, b]);
    expect(ofKind(changes, 'started').map((c) => c.subject)).toEqual(['收银台 v3.2']);
    expect(ofKind(changes, 'launched')).toEqual([]);
  });

  test('a single report has nothing to compare with', () => {
    const result = detectWeekChanges([W40]);
    expect(result.previous).toBeNull();
    expect(result.changes).toEqual([]);
    expect(formatChangesDigest(result).summary).toBe('结算平台组 第40周（10/6）：没有更早的周报可比较。');
  });
});

describe('formatChangesDigest', () => {
  test('a summary with counts per kind and one cited line per change, dates as M/D', () => {
    const digest = formatChangesDigest(detectWeekChanges([W40, W41, W42]));
    expect(digest.summary).toBe('结算平台组 第42周（10/20）相比第41周：推迟 1 项，停滞 1 项，未再提及 1 项，指标变化 1 项。');
    expect(digest.details).toEqual([
      '【推迟】发票中台接入 提测由 10/27 推迟至 11/8，第 2 次推迟（10/20 → 10/27 → 11/8），原因：测试环境未就绪 —— 结算平台组 · 第42周 · 「发票中台接入：由于测试环境未就绪，提测由10/27推迟至11/8。」',
      '【停滞】商户分账改造 已连续 2 周没有新进展（自第40周起） —— 结算平台组 · 第42周 · 「商户分账改造：技术方案评审中。」',
      '【未再提及】资金日报自动化 上周在周报中、本周未再提及，且未写完成 —— 结算平台组 · 第41周 · 「资金日报自动化：开发进度70%。」',
      '【指标变化】结算时效达标率：96.8% → 98.1% ↑ ▃▁█ —— 结算平台组 · 第42周 · 「结算时效达标率：98.1%」',
    ]);
  });

  test('only the asked kinds ("哪些事项停滞了"), and a plain "none" when there are none', () => {
    const changes = detectWeekChanges([W40, W41, W42]);
    expect(formatChangesDigest(changes, { kinds: ['stalled'] })).toEqual({
      summary: '结算平台组 第42周（10/20）相比第41周：停滞 1 项。',
      details: ['【停滞】商户分账改造 已连续 2 周没有新进展（自第40周起） —— 结算平台组 · 第42周 · 「商户分账改造：技术方案评审中。」'],
    });
    expect(formatChangesDigest(changes, { kinds: ['launched'] })).toEqual({ summary: '结算平台组 第42周（10/20）相比第41周：没有发现上线的事项。', details: [] });
  });
});
