import {
  fileNameStem,
  findDateLines,
  readDateText,
  readFrontMatterDate,
  resolveWeek,
  type DateClaim,
  type DateSource,
  type WeekInputs,
} from '../../src/domain/reports/dating';

/** A claim as a short string: "period:2024-03-04..2024-03-10", "day:?-11-17" (no year), "isoWeek:2023W47". */
function show(claim: DateClaim | null): string | null {
  if (!claim) return null;
  const day = (d: { year: number | null; month: number; day: number }) =>
    `${d.year ?? '?'}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  if (claim.kind === 'isoWeek') return `isoWeek:${claim.year}W${claim.week}`;
  if (claim.kind === 'day') return `day:${day(claim.day)}`;
  return `period:${day(claim.start)}..${day(claim.end)}`;
}

describe('readDateText: every written form of a date, period or week', () => {
  const cases: Array<[string, string | null, number | null]> = [
    // text, claim, week label number
    ['# 结算组 第47周', null, 47],
    ['## 第十二周迭代会议', null, 12],
    ['W47 研发周报', null, 47],
    ['2023W47 周会', 'isoWeek:2023W47', 47],
    ['Team Sync 2021w09 (03.01 ~ 03.07)', 'period:?-03-01..?-03-07', 9],
    ['周报 2024.05.13-2024.05.17', 'period:2024-05-13..2024-05-17', null],
    ['2024-05-13 ~ 05-17 周报', 'period:2024-05-13..2024-05-17', null],
    ['2024-3-4到2024-3-10', 'period:2024-03-04..2024-03-10', null],
    ['### 2021-06-28 --- 2021-07-02', 'period:2021-06-28..2021-07-02', null],
    ["2024-9-2 ~~2024-9-6", 'period:2024-09-02..2024-09-06', null],
    ['# 2024.12.30~1.5', 'period:2024-12-30..2025-01-05', null],
    ['# 2024.6.10~6.16', 'period:2024-06-10..2024-06-16', null],
    ['## 平台周报（2025.02.25 - 2025.03.03）', 'period:2025-02-25..2025-03-03', null],
    ['11月20日-24日工作汇总', 'period:?-11-20..?-11-24', null],
    ['11月27日至12月1日', 'period:?-11-27..?-12-01', null],
    ['研发简报 20240315期', 'day:2024-03-15', null],
    ['风控组周报 2024年3月15日', 'day:2024-03-15', null],
    ['2023年5月19周报', 'day:2023-05-19', null],
    ['Time: March 8, 2024', 'day:2024-03-08', null],
    ['社区双周报 7.1 - 7.14', 'period:?-07-01..?-07-14', null],
    ['交付周报（2024/04/08-2024/04/12）', 'period:2024-04-08..2024-04-12', null],
  ];
  it.each(cases)('%s', (text, claim, label) => {
    const r = readDateText(text);
    expect(show(r.claim)).toBe(claim);
    expect(r.label?.number ?? null).toBe(label);
  });

  it('reads a day of the month followed by 周报 as a day, never as a week number', () => {
    const r = readDateText('2023年5月19周报');
    expect(r.label).toBeNull();
    expect(show(r.claim)).toBe('day:2023-05-19');
  });

  it('does not read versions, figures, ticket ids or issue numbers as dates or weeks', () => {
    for (const text of ['升级到 3.2.1 版本', 'loss 降到 1.5，学习率 0.01', '工单 1102938475610293847 已关闭', '第09期', 'W3C 标准', '12.24']) {
      const r = readDateText(text);
      expect({ text, claim: r.claim, label: r.label }).toEqual({ text, claim: null, label: null });
    }
  });

  it('rejects impossible days and periods that run backwards or longer than a month', () => {
    expect(readDateText('2023-02-30').claim).toBeNull();
    expect(show(readDateText('2024-05-17 ~ 2024-05-13').claim)).toBe('day:2024-05-17');
    expect(readDateText('项目周期 2024.01.01 - 2024.06.30').claim?.kind).toBe('day');
  });

  it('keeps a biweekly period whole', () => {
    expect(show(readDateText('[周报]2024.01.10~2024.01.23').claim)).toBe('period:2024-01-10..2024-01-23');
  });

  it('measures what else a line says, so a date line can be told from a sentence', () => {
    expect(readDateText('2022年7月8日周报').rest).toBe('');
    expect(readDateText('Weekly Meeting 2021w09').rest).toBe('');
    expect(readDateText('清算组 第12周 2024-03-22').rest).toBe('清算组');
    expect(readDateText('2024-03-22 完成了灰度发布并观察一周无异常').rest.length).toBeGreaterThan(10);
  });
});

describe('front matter dates and file names', () => {
  it('reads a timestamp as the calendar day in the team time zone', () => {
    expect(readFrontMatterDate('2024-02-05T09:30:00.000Z')).toBe('2024-02-05');
    expect(readFrontMatterDate('2024-02-04T20:00:00Z')).toBe('2024-02-05'); // 04:00 next day in Shanghai
    expect(readFrontMatterDate("'2024-02-05 17:31:25'")).toBe('2024-02-05');
    expect(readFrontMatterDate('2024-02-05')).toBe('2024-02-05');
    expect(readFrontMatterDate('yesterday')).toBeNull();
  });

  it('takes the stem of a file name, folders and extension removed', () => {
    expect(fileNameStem('/tmp/x/[WeeklyReport]2024.01.10~2024.01.23.md')).toBe('[WeeklyReport]2024.01.10~2024.01.23');
    expect(show(readDateText(fileNameStem('[WeeklyReport]2024.01.10~2024.01.23.md')).claim)).toBe('period:2024-01-10..2024-01-23');
    const r = readDateText(fileNameStem('结算组-第12周-2024-03-22.md'));
    expect(r.label?.number).toBe(12);
    expect(show(r.claim)).toBe('day:2024-03-22');
    expect(readDateText(fileNameStem('07-team-notes.md')).claim).toBeNull();
  });
});

describe('findDateLines: the lines of a report that may state its week', () => {
  it('finds a bold label line, a centred div, a prose period and a signature, and says which only carry the date', () => {
    const lines = [
      '# 平台组周报',
      '',
      '- **统计周期**：2024年6月3日 - 2024年6月9日',
      '<div align="center"> 2024-6-3 ~~2024-6-7 </div>',
      '从 2024.6.3 - 2024.6.9，我们完成了网关迁移。',
      '- 2024-06-20 上线支付路由',
      '## 下周计划（6.10-6.14）',
      '- 压测',
      '张三写于2024.6.9',
    ];
    const found = findDateLines(lines).map((d) => [d.index, d.role, d.carrierOnly]);
    expect(found).toEqual([
      [2, 'label', true],
      [3, 'marker', true],
      [4, 'prose', false],
      [8, 'signature', true],
    ]);
  });

  it('reads a meeting date given in prose under a title that only names its week', () => {
    const lines = ['# 第九周站会纪要', '', '本周例会时间为2024.4.23，地点在三楼。', '', '- 完成登录页'];
    const found = findDateLines(lines);
    expect(found.map((d) => d.role)).toEqual(['title', 'label']);
    expect(show(found[1].reading.claim)).toBe('day:2024-04-23');
  });

  it('does not take a deadline or next week\'s plan near the top as the report\'s date', () => {
    const lines = ['# 项目周报', '- **截止日期**：2025年1月10日', '- **计划完成时间**：2025年1月17日', '', '3月22日 完成了灰度发布，观察一周无异常'];
    expect(findDateLines(lines)).toEqual([]);
  });

  it('does not read a first line that is a dated sentence as the title', () => {
    expect(findDateLines(['3月22日 完成了灰度发布，观察一周无异常', '- 修复告警'])).toEqual([]);
    expect(findDateLines(['结算组周报 第12周', '- 修复告警']).map((d) => d.role)).toEqual(['title']);
  });

  it('does not take a deadline far down the report as its date', () => {
    const body = Array.from({ length: 20 }, (_, i) => `- 事项 ${i + 1}`);
    const lines = ['# 项目周报', ...body, '- **截止日期**：2025年1月10日'];
    expect(findDateLines(lines)).toEqual([]);
  });

  it('ignores dates inside fenced code', () => {
    const lines = ['## 第三周', '```', '2024-03-15 写的日志', '```'];
    expect(findDateLines(lines).map((d) => d.role)).toEqual(['title']);
  });
});

describe('resolveWeek: weighing the sources', () => {
  const now = new Date('2024-03-01T08:00:00Z');
  const text = (t: string, where = '标题', line?: number): DateSource => ({ from: 'text', reading: readDateText(t), where, line });
  const resolve = (inputs: Partial<WeekInputs> & { sources: DateSource[] }) => resolveWeek({ now, ...inputs });

  it('fills a missing year with the year that puts the period nearest before today, and says so', () => {
    const before = resolve({ sources: [text('社区周报 5.20 - 5.26')] });
    expect(before.resolved).toMatchObject({ period: { start: '2023-05-20', end: '2023-05-26' }, reportDate: '2023-05-26' });
    expect(before.warnings.join('\n')).toMatch(/没有写年份.*推断为 2023 年/);

    const after = resolveWeek({ now: new Date('2024-07-01T00:00:00Z'), sources: [text('社区周报 5.20 - 5.26')] });
    expect(after.resolved?.period).toEqual({ start: '2024-05-20', end: '2024-05-26' });
  });

  it('lets a period written this week end a few days after today', () => {
    const r = resolveWeek({ now: new Date('2024-03-01T08:00:00Z'), sources: [text('2.26 - 3.3')] });
    expect(r.resolved?.period).toEqual({ start: '2024-02-26', end: '2024-03-03' });
  });

  it('takes a missing year from another source before guessing from today', () => {
    const r = resolve({
      sources: [text('11月20日-24日'), { from: 'fileName', reading: readDateText('结算组-2021-11-24'), where: '文件名「结算组-2021-11-24」' }],
    });
    expect(r.resolved?.period).toEqual({ start: '2021-11-20', end: '2021-11-24' });
    expect(r.warnings.join('\n')).toMatch(/按文件名.*补为 2021 年/);
  });

  it('takes a missing year from a grouping heading above the week', () => {
    const r = resolve({ sources: [text('3月8日周报')], yearHints: [2022] });
    expect(r.resolved).toMatchObject({ reportDate: '2022-03-08' });
  });

  it('reads a year-end period across the new year', () => {
    const r = resolve({ sources: [text('12.30 ~ 1.5')] });
    expect(r.resolved?.period).toEqual({ start: '2023-12-30', end: '2024-01-05' });
  });

  it('uses the year of a week code in the same title without a warning', () => {
    const r = resolve({ sources: [text('Team Sync 2021w09 (03.01 ~ 03.07)')] });
    expect(r.resolved).toEqual({ weekLabel: '第9周', weekNumber: 9, reportDate: '2021-03-07', period: { start: '2021-03-01', end: '2021-03-07' } });
    expect(r.warnings).toEqual([]);
  });

  it('turns an ISO week code alone into the Friday of that week', () => {
    const r = resolve({ sources: [text('2023W47 周会')] });
    expect(r.resolved).toEqual({ weekLabel: '第47周', weekNumber: 47, reportDate: '2023-11-24', period: null });
  });

  it('derives the label from the ISO week of the period (its middle day) when the report has none', () => {
    const r = resolve({ sources: [text('（2025.02.25 - 2025.03.03）')] });
    // Tuesday to Monday: the week of its Friday 2025-02-28, ISO week 9
    expect(r.resolved).toMatchObject({ weekLabel: '第9周', weekNumber: 9, reportDate: '2025-03-03' });
  });

  it("keeps the report's own label and warns when it is far from the date's week", () => {
    const course = resolve({ sources: [text('# 第十周 小组周报'), text('会议时间为2024.4.23', '第3行', 2)] });
    expect(course.resolved).toMatchObject({ weekLabel: '第10周', weekNumber: 10, reportDate: '2024-04-23' });
    expect(course.warnings.join('\n')).toMatch(/第十周.*ISO 第17周.*不一致/);
    expect(course.warnings.join('\n')).toMatch(/标题没有写日期，按第3行/);
    expect(course.usedLines.sort()).toEqual([2]);

    // Teams often count one week off ISO: that is not a contradiction.
    const team = resolve({ sources: [text('结算组 第12周 2024-03-22')] });
    expect(team.resolved).toMatchObject({ weekLabel: '第12周', reportDate: '2024-03-22' });
    expect(team.warnings).toEqual([]);
  });

  it('keeps a label without any date and gives no week', () => {
    const r = resolve({ sources: [text('## 第十周')] });
    expect(r.resolved).toBeNull();
  });

  it('lets --date win, keeping the text when it states the same week', () => {
    const same = resolve({ explicitDate: '2024-05-15', sources: [text('2024.05.13-2024.05.17')] });
    expect(same.resolved).toMatchObject({ period: { start: '2024-05-13', end: '2024-05-17' }, reportDate: '2024-05-17' });
    expect(same.warnings).toEqual([]);

    const other = resolve({ explicitDate: '2024-05-22', sources: [text('2024.05.13-2024.05.17')] });
    expect(other.resolved).toMatchObject({ reportDate: '2024-05-24', period: null, weekNumber: 21 });
    expect(other.warnings.join('\n')).toMatch(/按 --date 2024-05-22 存入/);
  });

  it('uses the fallback week only when nothing gives a date, and says so', () => {
    const fallbackWeek = { weekLabel: '第11周', weekNumber: 11, reportDate: '2024-03-15', period: null };
    const r = resolve({ sources: [text('# 本周工作')], fallbackWeek });
    expect(r.resolved).toEqual(fallbackWeek);
    expect(r.warnings.join('\n')).toMatch(/按提交时间存入第11周/);
  });

  it('prefers the period the body states over a front-matter publication date, with a warning', () => {
    const r = resolve({
      sources: [text('# 2024.1.8~1.14'), { from: 'frontMatter', reading: readDateText('2024-01-15'), where: 'front matter 的 date' }],
    });
    expect(r.resolved?.period).toEqual({ start: '2024-01-08', end: '2024-01-14' });
    expect(r.warnings.join('\n')).toMatch(/front matter 的日期 2024-01-15.*视为发布时间/);
  });
});
