import { answerChangesIfAsked, answerChangesQuestion, readChangesQuestion, trendSeriesOf, trendSparklineOf } from '../../src/services/changes/ask';
import { parseWeeklyReport } from '../../src/domain/reports/parse';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';

const TEAMS = ['风控平台', '风控平台二组'];

function storeWith(reports: Array<{ team?: string; week: number; date: string; body: string }>): ReportStore {
  const store = new ReportStore(openDatabase(':memory:'));
  for (const r of reports) {
    const team = r.team ?? '风控平台';
    const report = parseWeeklyReport(r.body, { team, forceTeam: true, reportDate: r.date, weekLabel: `第${r.week}周`, weekNumber: r.week });
    store.saveReport({ report, rawText: r.body, source: `test:${team}:${r.week}`, submittedBy: null });
  }
  return store;
}

const REPORTS = [
  { week: 46, date: '2023-11-17', body: '## 本周工作\n- 设备指纹升级：联调中，预计11/22上线。\n- 黑名单同步：方案评审中。\n## 运行数据\n- 拦截准确率：92%' },
  { week: 47, date: '2023-11-24', body: '## 本周工作\n- 设备指纹升级：已于11/22上线。\n- 黑名单同步：方案评审中。\n## 运行数据\n- 拦截准确率：95%' },
  { week: 48, date: '2023-12-01', body: '## 本周工作\n- 黑名单同步：方案评审中。\n## 运行数据\n- 拦截准确率：94%' },
];

const deps = (store: ReportStore, now = '2023-11-30T04:00:00Z', defaultTeam?: string) => ({ store, now: new Date(now), timeZone: 'Asia/Shanghai', defaultTeam });

describe('readChangesQuestion', () => {
  test('the week\'s changes, for a named team and week, or only one kind', () => {
    expect(readChangesQuestion('本周有什么变化', TEAMS)).toEqual({ week: 'current' });
    expect(readChangesQuestion('风控平台第47周相比上周有什么变化？', TEAMS)).toEqual({ team: '风控平台', week: 47 });
    expect(readChangesQuestion('风控平台二组上周有哪些变化', TEAMS)).toEqual({ team: '风控平台二组', week: 'previous' });
    expect(readChangesQuestion('哪些事项停滞了', TEAMS)).toEqual({ kinds: ['stalled'] });
    expect(readChangesQuestion('风控平台本周哪些事项停滞了', TEAMS)).toEqual({ team: '风控平台', week: 'current', kinds: ['stalled'] });
  });

  test('metric trends and other questions are left to the answer layer', () => {
    expect(readChangesQuestion('入金成功率这几周的变化', TEAMS)).toBeNull();
    expect(readChangesQuestion('拦截准确率本周有什么变化', TEAMS)).toBeNull();
    expect(readChangesQuestion('健康分趋势', TEAMS)).toBeNull();
    expect(readChangesQuestion('有哪些推迟的', TEAMS)).toBeNull();
    expect(readChangesQuestion('设备指纹升级什么时候上线', TEAMS)).toBeNull();
  });
});

describe('answerChangesQuestion', () => {
  test('an asked week: the summary, one cited line per change, citations that point at stored items', () => {
    const store = storeWith(REPORTS);
    const answer = answerChangesQuestion('风控平台第47周有什么变化', { team: '风控平台', week: 47 }, deps(store));
    expect(answer.found).toBe(true);
    const lines = answer.answer.split('\n');
    expect(lines[0]).toMatch(/^风控平台 第47周（11\/24）相比第46周：/);
    expect(lines).toContain('【上线】设备指纹升级已于 11/22 上线 —— 风控平台 · 第47周 · 「设备指纹升级：已于11/22上线。」');
    expect(lines.some((l) => l.startsWith('【指标变化】') && l.includes('92% → 95% ↑'))).toBe(true);
    const launched = answer.citations.find((c) => c.text.includes('已于11/22上线'))!;
    expect(launched).toMatchObject({ team: '风控平台', week: '第47周', date: '2023-11-24' });
    const item = store.getItemsForReport(launched.reportId).find((i) => i.id === launched.itemId)!;
    expect(item.lineNo).toBe(launched.lineNo);
    // The earlier line compared with is cited too.
    expect(answer.citations.some((c) => c.week === '第46周' && c.text.includes('预计11/22上线'))).toBe(true);
  });

  test('本周 is read against the clock: a week without a report is "not yet", never another week', () => {
    const store = storeWith(REPORTS);
    const inWeek47 = answerChangesIfAsked('风控平台本周有什么变化', deps(store, '2023-11-22T04:00:00Z'))!;
    expect(inWeek47.answer.split('\n')[0]).toMatch(/^风控平台 第47周/);
    const later = answerChangesIfAsked('风控平台本周有什么变化', deps(store, '2023-12-13T04:00:00Z'))!;
    expect(later.found).toBe(false);
    expect(later.answer).toContain('最近一份是第48周');
    expect(later.answer).not.toContain('相比');
  });

  test('only the kind asked for; the team from the conversation when the question names none', () => {
    const store = storeWith(REPORTS);
    const stalled = answerChangesIfAsked('哪些事项停滞了', deps(store, '2023-12-01T04:00:00Z', '风控平台'))!;
    expect(stalled.found).toBe(true);
    const details = stalled.answer.split('\n').slice(1);
    expect(details.length).toBeGreaterThan(0);
    expect(details.every((l) => l.startsWith('【停滞】'))).toBe(true);
    expect(details[0]).toContain('黑名单同步');
  });

  test('several teams and none named: asks which team instead of picking one', () => {
    const store = storeWith([...REPORTS, { team: '风控平台二组', week: 48, date: '2023-12-01', body: '## 本周工作\n- 模型训练：进行中。' }]);
    const answer = answerChangesIfAsked('本周有什么变化', deps(store))!;
    expect(answer.found).toBe(false);
    expect(answer.answer).toContain('请说明是哪个团队');
    expect(answerChangesIfAsked('光大备份通道什么时候上线', deps(store))).toBeNull();
  });
});

describe('trendSeriesOf / trendSparklineOf', () => {
  const cite = (week: string, date: string, text: string, itemId: number) => ({ team: '风控平台', week, date, section: '运行数据', text, reportId: itemId, itemId, lineNo: 3 });
  const trend = {
    question: '拦截准确率趋势',
    found: true,
    answer: '拦截准确率：第46周 92% → 第47周 91% → 第48周 1,094%。',
    citations: [cite('第48周', '2023-12-01', '拦截准确率：1,094%', 3), cite('第46周', '2023-11-17', '拦截准确率：92%', 1), cite('第47周', '2023-11-24', '拦截准确率：91%', 2)],
  };

  test('the weekly values of a trend answer, dated by their citations, oldest first', () => {
    expect(trendSeriesOf(trend)).toEqual({
      label: '拦截准确率',
      unit: '%',
      points: [
        { weekLabel: '第46周', reportDate: '2023-11-17', value: 92 },
        { weekLabel: '第47周', reportDate: '2023-11-24', value: 91 },
        { weekLabel: '第48周', reportDate: '2023-12-01', value: 1094 },
      ],
    });
    expect(trendSparklineOf(trend)).toBe('拦截准确率 92% ▁▁█ 1094%');
  });

  test('no series when a value is not in its cited line, a week is uncited, or the answer is no trend', () => {
    expect(trendSeriesOf({ ...trend, citations: trend.citations.map((c) => (c.week === '第47周' ? { ...c, text: '拦截准确率：93%' } : c)) })).toBeNull();
    expect(trendSeriesOf({ ...trend, citations: trend.citations.filter((c) => c.week !== '第46周') })).toBeNull();
    expect(trendSeriesOf({ ...trend, answer: '第48周拦截准确率为 94%。' })).toBeNull();
    expect(trendSeriesOf({ ...trend, found: false })).toBeNull();
    expect(trendSparklineOf({ ...trend, answer: '拦截准确率：第48周 94%。' })).toBeNull();
  });
});
