import {
  defaultWeekNumber,
  formatMonthDay,
  isoWeekNumber,
  localDateIn,
  previousReportWeek,
  reportWeekFor,
  shiftReportWeek,
} from '../../src/domain/calendar';

const SHANGHAI = 'Asia/Shanghai';

describe('reportWeekFor', () => {
  it('continues the team numbering from its latest report', () => {
    const anchor = { weekNumber: 47, reportDate: '2023-11-17' };
    expect(reportWeekFor(new Date('2023-11-22T04:00:00Z'), SHANGHAI, anchor)).toEqual({
      weekLabel: '第48周',
      weekNumber: 48,
      reportDate: '2023-11-24',
    });
    // Three weeks later, nothing stored in between.
    expect(reportWeekFor(new Date('2023-12-13T04:00:00Z'), SHANGHAI, anchor).weekLabel).toBe('第51周');
  });

  it('counts from the Friday of an anchor filed on another weekday', () => {
    const thursdayAnchor = { weekNumber: 47, reportDate: '2023-11-16' };
    expect(reportWeekFor(new Date('2023-11-22T04:00:00Z'), SHANGHAI, thursdayAnchor)).toMatchObject({ weekNumber: 48, reportDate: '2023-11-24' });
  });

  it('uses the ISO week of the Friday when the team has no report yet', () => {
    expect(reportWeekFor(new Date('2023-11-22T04:00:00Z'), SHANGHAI, null)).toEqual({
      weekLabel: '第47周',
      weekNumber: 47,
      reportDate: '2023-11-24',
    });
    expect(reportWeekFor(new Date('2023-11-22T04:00:00Z'), SHANGHAI).weekNumber).toBe(47);
  });

  it('keeps Friday 23:30 in Shanghai in that week', () => {
    // 2023-11-24 23:30 +08:00
    expect(reportWeekFor(new Date('2023-11-24T15:30:00Z'), SHANGHAI).reportDate).toBe('2023-11-24');
  });

  it('moves Saturday 00:30 in Shanghai (still Friday in UTC) to the next week', () => {
    const saturdayInShanghai = new Date('2023-11-24T16:30:00Z');
    expect(reportWeekFor(saturdayInShanghai, SHANGHAI).reportDate).toBe('2023-12-01');
    expect(reportWeekFor(saturdayInShanghai, 'UTC').reportDate).toBe('2023-11-24');
    expect(reportWeekFor(saturdayInShanghai, 'America/New_York').reportDate).toBe('2023-11-24');
  });

  it('puts a Friday evening in New York (Saturday in Shanghai) in the New York week', () => {
    const fridayEveningNewYork = new Date('2023-11-25T01:00:00Z'); // Fri 20:00 EST, Sat 09:00 in Shanghai
    expect(reportWeekFor(fridayEveningNewYork, 'America/New_York').reportDate).toBe('2023-11-24');
    expect(reportWeekFor(fridayEveningNewYork, SHANGHAI).reportDate).toBe('2023-12-01');
  });

  it('restarts at 第1周 when the Friday falls in a new year', () => {
    const lastOf2023 = { weekNumber: 52, reportDate: '2023-12-29' };
    expect(reportWeekFor(new Date('2024-01-03T04:00:00Z'), SHANGHAI, lastOf2023)).toEqual({
      weekLabel: '第1周',
      weekNumber: 1,
      reportDate: '2024-01-05',
    });
    // Friday 1 January 2021 is ISO week 53 of 2020, but it opens the team's new year.
    expect(reportWeekFor(new Date('2020-12-30T04:00:00Z'), SHANGHAI, { weekNumber: 52, reportDate: '2020-12-25' })).toMatchObject({
      weekNumber: 1,
      reportDate: '2021-01-01',
    });
    expect(reportWeekFor(new Date('2020-12-31T04:00:00Z'), SHANGHAI, null)).toMatchObject({ weekNumber: 1, reportDate: '2021-01-01' });
  });

  it('lets a team numbering reach 第53周 within the same calendar year', () => {
    expect(reportWeekFor(new Date('2023-12-27T04:00:00Z'), SHANGHAI, { weekNumber: 52, reportDate: '2023-12-22' })).toMatchObject({
      weekLabel: '第53周',
      reportDate: '2023-12-29',
    });
  });

  it('crosses into the new year by local date, not UTC date', () => {
    // 2023-12-29 17:00 UTC is Saturday 30 December 01:00 in Shanghai: next report is 2024-01-05.
    expect(reportWeekFor(new Date('2023-12-29T17:00:00Z'), SHANGHAI, { weekNumber: 52, reportDate: '2023-12-29' })).toMatchObject({
      weekNumber: 1,
      reportDate: '2024-01-05',
    });
  });
});

describe('shiftReportWeek and previousReportWeek', () => {
  it('gives 上周 in the same shape', () => {
    expect(shiftReportWeek({ weekLabel: '第48周', weekNumber: 48, reportDate: '2023-11-24' }, -1)).toEqual({
      weekLabel: '第47周',
      weekNumber: 47,
      reportDate: '2023-11-17',
    });
    expect(previousReportWeek(new Date('2023-11-22T04:00:00Z'), SHANGHAI, { weekNumber: 47, reportDate: '2023-11-17' })).toEqual({
      weekLabel: '第47周',
      weekNumber: 47,
      reportDate: '2023-11-17',
    });
  });

  it('crosses the year boundary in both directions', () => {
    expect(shiftReportWeek({ weekLabel: '第1周', weekNumber: 1, reportDate: '2024-01-05' }, -1)).toMatchObject({
      weekNumber: 52,
      reportDate: '2023-12-29',
    });
    expect(shiftReportWeek({ weekLabel: '第52周', weekNumber: 52, reportDate: '2023-12-29' }, 1)).toMatchObject({
      weekNumber: 1,
      reportDate: '2024-01-05',
    });
  });
});

describe('calendar helpers', () => {
  it('formats month/day without leading zeros', () => {
    expect(formatMonthDay('2023-11-23')).toBe('11/23');
    expect(formatMonthDay('2024-01-05')).toBe('1/5');
  });

  it('computes ISO weeks and the local date', () => {
    expect(isoWeekNumber('2023-11-17')).toBe(46);
    expect(isoWeekNumber('2021-01-01')).toBe(53);
    expect(defaultWeekNumber('2021-01-01')).toBe(1);
    expect(localDateIn(new Date('2023-11-24T16:30:00Z'), SHANGHAI)).toBe('2023-11-25');
  });
});
