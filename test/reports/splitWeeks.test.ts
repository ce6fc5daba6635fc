import { splitWeeks, groupingHeading } from '../../src/domain/reports/splitWeeks';

const linesOf = (text: string) => text.split('\n');

/** Each chunk as [first line text, line count]. */
function chunks(text: string): Array<[string, number]> {
  const lines = linesOf(text);
  return splitWeeks(lines).chunks.map((c) => [lines[c.start], c.end - c.start]);
}

describe('splitWeeks: one file, many weeks', () => {
  it('keeps a report with one title whole', () => {
    const text = ['# 结算组 第12周 2024-03-22', '', '## 本周完成', '- 对账任务改造', '', '## 下周计划', '- 压测'].join('\n');
    const split = splitWeeks(linesOf(text));
    expect(split.multiWeek).toBe(false);
    expect(split.chunks).toEqual([{ start: 0, end: 7, markers: [], groupingLines: [], groupYear: null }]);
  });

  it('keeps day headings inside one week together', () => {
    const text = ['# 第12周', '## 3月18日 周一', '- a', '## 3月19日 周二', '- b', '## 3月20日 周三', '- c'].join('\n');
    expect(splitWeeks(linesOf(text)).multiWeek).toBe(false);
  });

  it('does not cut at 本周 / 下周 sections that carry their own periods', () => {
    const text = ['# 结算组周报', '## 本周（3.18-3.22）', '- a', '## 下周（3.25-3.29）', '- b'].join('\n');
    expect(splitWeeks(linesOf(text)).multiWeek).toBe(false);
  });

  it('cuts at date-range headings', () => {
    const text = [
      '# 个人工作记录',
      '',
      '### 2021-06-28 --- 2021-07-02',
      '- 迁移配置中心',
      '',
      '### 2021-07-05 --- 2021-07-09',
      '- 灰度发布',
      '- 修复告警',
    ].join('\n');
    const split = splitWeeks(linesOf(text));
    expect(split.multiWeek).toBe(true);
    expect(chunks(text)).toEqual([
      ['### 2021-06-28 --- 2021-07-02', 3],
      ['### 2021-07-05 --- 2021-07-09', 3],
    ]);
    expect(split.preamble).toEqual({ start: 0, end: 2, title: '个人工作记录', contentLines: [] });
  });

  it('cuts at bare week lines under year and month grouping headings, which belong to no week', () => {
    const text = [
      '## 2023', // 0
      '',
      '### 六月', // 2
      '',
      '2023年6月9周报', // 4
      '',
      '1、整理接口文档；',
      '',
      '2023年6月2周报', // 8
      '',
      '1、评审需求；',
      '',
      '### 五月', // 12
      '',
      '2023年5月26日周报', // 14
      '',
      '1、搭建测试环境；',
    ].join('\n');
    const split = splitWeeks(linesOf(text));
    expect(split.chunks.map((c) => [c.start, c.end, c.groupingLines, c.groupYear])).toEqual([
      [4, 8, [], 2023],
      [8, 14, [12], 2023],
      [14, 17, [], 2023],
    ]);
    expect(split.preamble.contentLines).toEqual([]);
  });

  it('cuts at setext headings and drops their underlines with them', () => {
    const text = ['2024-3-4到2024-3-10', '===', '', '## 阿明的任务', '1.\t练琴', '', '2024-3-11到2024-3-17', '=====', '', '1.\t考试'].join('\n');
    const split = splitWeeks(linesOf(text));
    expect(split.chunks.map((c) => [c.start, c.end, c.markers.map((m) => [m.kind, m.extraLines])])).toEqual([
      [0, 6, [['setext', [1]]]],
      [6, 10, [['setext', [7]]]],
    ]);
  });

  it('cuts at week-number headings that carry no date', () => {
    const text = ['## 第三周', '本周完成选题。', '组长写于2024.3.16', '', '## 第四周', '本周完成原型。', '组长写于2024.3.23'].join('\n');
    expect(chunks(text)).toEqual([
      ['## 第三周', 4],
      ['## 第四周', 3],
    ]);
  });

  it('opens a week with a centred div and the table under it together; a table alone opens the last week', () => {
    const text = [
      "<div align='center'> 2024-9-2 ~~2024-9-6 </div>", // 0
      '',
      '| 2024-9-2 | 周一 | 周二 |', // 2
      '| :--: | :--: | :--: |',
      '| 数据清洗 | 1/5 | 2/5 |',
      '',
      "<div align='center'> 2024-9-9 ~~2024-9-13 </div>", // 6
      '',
      '| 2024-9-9 | 周一 | 周二 |',
      '| :--: | :--: | :--: |',
      '| 模型评估 | # | 完成 |',
      '',
      '| 2024-9-16 | 周一 | 周二 |', // 12
      '| :--: | :--: | :--: |',
      '| 部署 | 开始 | # |',
    ].join('\n');
    const split = splitWeeks(linesOf(text));
    expect(split.chunks.map((c) => [c.start, c.end, c.markers.map((m) => [m.kind, m.keepForParser])])).toEqual([
      [0, 6, [['div', false], ['table', true]]],
      [6, 12, [['div', false], ['table', true]]],
      [12, 15, [['table', true]]],
    ]);
  });

  it('cuts at "Weekly Meeting" lines with ISO week codes', () => {
    const text = ['# Team Sync 2021w09 (03.01 ~ 03.07)', '- [ ] a', '', '# Team Sync 2021w10 (03.08 ~ 03.14)', '- [ ] b'].join('\n');
    expect(chunks(text).map(([first]) => first)).toEqual(['# Team Sync 2021w09 (03.01 ~ 03.07)', '# Team Sync 2021w10 (03.08 ~ 03.14)']);
  });

  it('reports content before the first week as belonging to none', () => {
    const text = ['这里记录我每周的工作。', '', '### 2021-06-28 --- 2021-07-02', '- a', '### 2021-07-05 --- 2021-07-09', '- b'].join('\n');
    expect(splitWeeks(linesOf(text)).preamble.contentLines).toEqual([0]);
  });

  it('ignores week lines inside fenced code', () => {
    const text = ['# 结算组 第12周 2024-03-22', '```', '### 2021-06-28 --- 2021-07-02', '### 2021-07-05 --- 2021-07-09', '```', '- a'].join('\n');
    expect(splitWeeks(linesOf(text)).multiWeek).toBe(false);
  });
});

describe('groupingHeading', () => {
  it('recognises year and month headings, not week titles', () => {
    expect(groupingHeading('2022')).toEqual({ year: 2022 });
    expect(groupingHeading('2022年')).toEqual({ year: 2022 });
    expect(groupingHeading('四月')).toEqual({ year: null });
    expect(groupingHeading('2021年8月')).toEqual({ year: 2021 });
    expect(groupingHeading('第四周')).toBeNull();
    expect(groupingHeading('本周工作')).toBeNull();
  });
});

describe('splitWeeks: a report with its own week title stays whole', () => {
  it('does not cut at dated milestone headings under a dated title', () => {
    const text = ['# 结算组 第12周 2024-03-22', '', '### 2024-03-25 灰度', '- 准备灰度方案', '', '### 2024-04-08 全量', '- 全量切换'].join('\n');
    expect(splitWeeks(linesOf(text)).multiWeek).toBe(false);
  });
});
