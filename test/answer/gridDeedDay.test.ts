/**
 * A work log written as a weekday grid (task | 周一 … 周五) states when a task finished only by the
 * day's column its cell is in; "哪天完成的" is answered with that day's date, not "no date written".
 */
import { askingReports } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

const LOG = [
  '# 硬件组 工作日志',
  '',
  '#### 2023-12-04 ~ 2023-12-08',
  '',
  '| 2023-12-04 | 周一 | 周二 | 周三 | 周四 | 周五 |',
  '| :---: | :---: | :---: | :---: | :---: | :---: |',
  '| 电池老化测试 | 150/600 | 300/600 | 450/600 | 600/600，老化测试完成 | # |',
  '| 屏幕色准校正 | 20/200 | 60/200 | 110/200 | 150/200 | 190/200 |',
  '',
].join('\n');

const ask = askingReports([['硬件组-工作日志.md', LOG, '硬件组']], NOW);

it('the day whose cell says 完成 dates it: 周四 of the week of 12/4 is 12/7', () => {
  const a = ask('电池老化测试哪天全部做完的');
  expect(a.found).toBe(true);
  expect(a.answer).toContain('12/7');
  expect(a.answer).not.toContain('没有写明');
});

it('a row no cell of which says it finished gets no invented day', () => {
  const a = ask('屏幕色准校正哪天完成的');
  expect(a.answer).toContain('没有写明');
  expect(a.answer).not.toMatch(/周[一二三四五]（12\/\d+）/);
});
