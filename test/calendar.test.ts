/**
 * The calendar's two checks every front door relies on: is this a real calendar day, and which
 * week does a command's `--week` / `/zhoubao … 第48周` name.
 */
import { isIsoCalendarDate, isoDateOf, parseWeekName } from '../src/domain/calendar';

describe('isIsoCalendarDate: YYYY-MM-DD and a day that exists', () => {
  test.each(['2023-11-17', '2024-02-29', '2023-12-31'])('%s is a date', (text) => expect(isIsoCalendarDate(text)).toBe(true));
  test.each(['2023-02-29', '2023-02-30', '2023-13-01', '2023-11-00', '2023-1-7', '2023/11/17', '2023-11-17T00:00', ''])('%s is not', (text) =>
    expect(isIsoCalendarDate(text)).toBe(false),
  );
  test('isoDateOf pads, and refuses a day the month does not have', () => {
    expect(isoDateOf(2023, 1, 7)).toBe('2023-01-07');
    expect(isoDateOf(2023, 4, 31)).toBeNull();
  });
});

describe('parseWeekName: how people name a week', () => {
  test.each([
    ['本周', { kind: 'relative', offset: 0 }],
    ['这周', { kind: 'relative', offset: 0 }],
    ['上周', { kind: 'relative', offset: -1 }],
    ['上上周', { kind: 'relative', offset: -2 }],
    ['下周', { kind: 'relative', offset: 1 }],
    ['Last', { kind: 'relative', offset: -1 }],
    ['48', { kind: 'number', weekNumber: 48 }],
    ['第48周', { kind: 'number', weekNumber: 48 }],
    [' 第 7 周 ', { kind: 'number', weekNumber: 7 }],
    ['第４８周', { kind: 'number', weekNumber: 48 }],
    ['W48', { kind: 'number', weekNumber: 48 }],
    ['week 1', { kind: 'number', weekNumber: 1 }],
    ['2023-11-24', { kind: 'date', date: '2023-11-24' }],
    ['2023/11/2', { kind: 'date', date: '2023-11-02' }],
    ['2023.1.5', { kind: 'date', date: '2023-01-05' }],
  ])('%s', (text, expected) => expect(parseWeekName(text)).toEqual(expected));

  test.each(['', '第0周', '第54周', '99', '2023-02-30', '2023-13-01', '下下下周', 'constructor', '第48周的报告'])('%s names no week', (text) =>
    expect(parseWeekName(text)).toBeNull(),
  );
});
