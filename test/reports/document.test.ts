import * as fs from 'fs';
import * as path from 'path';
import { DOCUMENT_MESSAGES, parseReportDocument } from '../../src/domain/reports/document';
import { splitFrontMatter } from '../../src/domain/reports/frontMatter';
import { parseWeeklyReport } from '../../src/domain/reports/parse';
import { ReportParseError, type DocumentOptions, type WeeklyReport } from '../../src/domain/reports/model';

const now = new Date('2024-06-01T08:00:00Z');
const read = (text: string, options: Partial<DocumentOptions> = {}) => parseReportDocument(text, { team: '测试组', now, ...options });
const only = (reports: WeeklyReport[]) => {
  expect(reports).toHaveLength(1);
  return reports[0];
};
const week = (r: WeeklyReport) => [r.weekLabel, r.reportDate, r.period ? `${r.period.start}..${r.period.end}` : null];
const texts = (r: WeeklyReport) => r.items.map((i) => i.text);

function refusal(fn: () => unknown): ReportParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReportParseError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseReportDocument: where the week comes from', () => {
  const body = ['## 本周完成', '- 对账任务改造', '- 清算文件校验'].join('\n');

  it('lets --date win over everything, with the week of its Friday', () => {
    const text = ['---', 'date: 2024-03-20', '---', '# 结算组周报 2024-03-22', body].join('\n');
    const r = only(read(text, { date: '2024-04-03', fileName: '结算组-2024-01-05.md' }));
    expect(week(r)).toEqual(['第14周', '2024-04-05', null]);
    expect(r.warnings.join('\n')).toMatch(/按 --date 2024-04-03 存入/);
  });

  it('keeps the text when --date falls in the week it states', () => {
    const r = only(read(['# 结算组周报 2024.03.18-2024.03.22', body].join('\n'), { date: '2024-03-20' }));
    expect(week(r)).toEqual(['第12周', '2024-03-22', '2024-03-18..2024-03-22']);
    expect(r.warnings).toEqual([]);
  });

  it('uses front matter when the body states no date, over the file name', () => {
    const text = ['---', 'title: 结算组周报', 'date: 2024-03-20', '---', '# 结算组周报', body].join('\n');
    const r = only(read(text, { fileName: '结算组-2024-01-05.md' }));
    expect(week(r)).toEqual(['第12周', '2024-03-20', null]);
    expect(r.warnings.join('\n')).toMatch(/文件名.*2024-01-05.*不一致/);
  });

  it("takes the body's period over a front-matter publication date a day later (and says so)", () => {
    const text = ['---', 'title: 周报', 'date: 2024-01-15T04:10:00.000Z', "updated: '2024-02-01 10:00:00'", 'tags:', '  - 周报', '---', '# 2024.1.8~1.14', '- 读完两章教材', '- 提交作业一'].join('\n');
    const r = only(read(text));
    expect(week(r)).toEqual(['第2周', '2024-01-14', '2024-01-08..2024-01-14']);
    expect(r.warnings.join('\n')).toMatch(/front matter 的日期 2024-01-15.*视为发布时间/);
  });

  it('never stores front-matter lines as items, and counts lines from the top of the file', () => {
    const text = ['---', 'title: 周报', 'date: 2024-01-15', 'keywords:', '  - 学习', '---', '# 2024.1.8~1.14', '- 读完两章教材'].join('\n');
    const r = only(read(text));
    expect(texts(r)).toEqual(['读完两章教材']);
    expect(r.items[0].lineNo).toBe(8);
    expect(r.sections.map((s) => s.heading)).not.toContain('keywords');
  });

  it('falls back to the file name, keeping a biweekly period whole', () => {
    const r = only(read(['# 双周进展', body].join('\n'), { fileName: '[WeeklyReport]2024.01.10~2024.01.23.md' }));
    expect(week(r)).toEqual(['第3周', '2024-01-23', '2024-01-10..2024-01-23']);
    expect(r.warnings.join('\n')).toMatch(/正文没有写日期，按文件名/);
  });

  it('reads the week label and date of a house-style file name', () => {
    const r = only(read(['# 本周工作', body].join('\n'), { fileName: 'reports/结算组-第12周-2024-03-22.md' }));
    expect(week(r)).toEqual(['第12周', '2024-03-22', null]);
  });

  it('refuses a report with no date anywhere, naming --date', () => {
    const e = refusal(() => read(['# 本周工作', body].join('\n'), { fileName: 'notes.md' }));
    expect(e.code).toBe('no_week');
    expect(e.message).toBe(DOCUMENT_MESSAGES.noWeek);
    expect(e.message).toContain('--date YYYY-MM-DD');
  });

  it('keeps a course week label that has no date, and asks for --date', () => {
    const text = ['# 第十周 课程小组周报', body].join('\n');
    const e = refusal(() => read(text));
    expect(e.code).toBe('no_week');
    expect(e.message).toContain('第十周');
    expect(e.message).toContain('--date');
    const r = only(read(text, { date: '2024-04-24' }));
    expect(week(r)).toEqual(['第10周', '2024-04-26', null]);
  });

  it('refuses a --date that is not a calendar day', () => {
    expect(refusal(() => read('# 结算组周报 2024-03-22\n- a', { date: '2024-02-30' })).message).toContain('YYYY-MM-DD');
  });

  it('stores a submission without a date under the fallback week, with a warning', () => {
    const fallbackWeek = { weekLabel: '第22周', weekNumber: 22, reportDate: '2024-05-31', period: null };
    const r = only(read(['本周：', '- 修好了登录'].join('\n'), { fallbackWeek }));
    expect(week(r)).toEqual(['第22周', '2024-05-31', null]);
    expect(r.warnings.join('\n')).toMatch(/按提交时间存入第22周/);
  });

  it('derives the label from the ISO week of a date-only report, and keeps a label the report gives', () => {
    expect(week(only(read(['# 平台组周报（2024.05.13-2024.05.17）', body].join('\n'))))).toEqual(['第20周', '2024-05-17', '2024-05-13..2024-05-17']);
    expect(week(only(read(['# 平台组 W12 2024-03-22', body].join('\n'))))).toEqual(['第12周', '2024-03-22', null]);
    // 19 is the day of the month here, not the week
    expect(week(only(read(['2023年5月19周报', '', '1、整理接口文档；'].join('\n'))))).toEqual(['第20周', '2023-05-19', null]);
  });

  it('fills a missing year from today when nothing else gives one', () => {
    const r = only(read(['# 社区周报 5.20 - 5.26', body].join('\n')));
    expect(week(r)).toEqual(['第21周', '2024-05-26', '2024-05-20..2024-05-26']);
    expect(r.warnings.join('\n')).toMatch(/没有写年份.*推断为 2024 年/);
    const earlier = only(read(['# 社区周报 5.20 - 5.26', body].join('\n'), { now: new Date('2024-03-01T00:00:00Z') }));
    expect(earlier.reportDate).toBe('2023-05-26');
  });

  it('reads the date from the opening prose, a bold label line or a centred div, and does not store those lines', () => {
    const prose = only(read(['# 第九周站会纪要', '', '本周例会时间为2024.4.23，地点在三楼。', '', '- 完成登录页'].join('\n')));
    expect(prose.reportDate).toBe('2024-04-23');
    expect(texts(prose)).toEqual(['完成登录页']);

    const label = only(read(['# 项目周报', '## 基本信息', '- **报告周期**：2024年6月3日 - 2024年6月9日', '## 进展', '- 完成导出功能'].join('\n')));
    expect(week(label)).toEqual(['第23周', '2024-06-09', '2024-06-03..2024-06-09']);
    expect(texts(label)).toEqual(['完成导出功能']);

    const div = only(read(["<div align='center'> 2024-5-6 ~~2024-5-10 </div>", '', '- 标注数据'].join('\n')));
    expect(week(div)).toEqual(['第19周', '2024-05-10', '2024-05-06..2024-05-10']);
    expect(texts(div)).toEqual(['标注数据']);
  });

  it('reads a period stated in the opening prose and keeps the sentence', () => {
    const r = only(read(['# 开源社区周报', '', '从 2024.5.6 - 2024.5.19，社区合并了 12 个补丁。', '', '- 发布 1.4 版本'].join('\n')));
    // A two-week period is numbered by its middle day (Sunday 5-12, ISO week 19) and stored whole.
    expect(week(r)).toEqual(['第19周', '2024-05-19', '2024-05-06..2024-05-19']);
    expect(texts(r).some((t) => t.includes('合并了 12 个补丁'))).toBe(true);
  });
});

describe('parseReportDocument: one file, many weeks', () => {
  it('makes one report per date-range heading, with line numbers in the whole file', () => {
    const text = ['# 个人工作记录', '', '### 2021-06-28 --- 2021-07-02', '- 迁移配置中心', '', '### 2021-07-05 --- 2021-07-09', '- 灰度发布', '- 修复告警'].join('\n');
    const reports = read(text);
    expect(reports.map(week)).toEqual([
      ['第26周', '2021-07-02', '2021-06-28..2021-07-02'],
      ['第27周', '2021-07-09', '2021-07-05..2021-07-09'],
    ]);
    expect(reports.map(texts)).toEqual([['迁移配置中心'], ['灰度发布', '修复告警']]);
    expect(reports[1].items.map((i) => i.lineNo)).toEqual([7, 8]);
    expect(reports.map((r) => r.title)).toEqual(['2021-06-28 --- 2021-07-02', '2021-07-05 --- 2021-07-09']);
  });

  it('reads bare week lines under year and month headings; the grouping headings are not sections', () => {
    const text = [
      '## 2023',
      '',
      '### 六月',
      '',
      '2023年6月9周报',
      '',
      '一、本周完成',
      '',
      '1、整理接口文档；',
      '',
      '2023年6月2周报',
      '',
      '一、本周完成',
      '',
      '1、评审需求；',
      '',
      '### 五月',
      '',
      '2023年5月26日周报',
      '',
      '一、本周完成',
      '',
      '1、搭建测试环境；',
    ].join('\n');
    const reports = read(text);
    expect(reports.map((r) => r.reportDate)).toEqual(['2023-06-09', '2023-06-02', '2023-05-26']);
    for (const r of reports) {
      expect(r.items).toHaveLength(1);
      expect(r.items[0].text).not.toMatch(/周报/);
      for (const s of r.sections) expect(s.path).not.toEqual(expect.arrayContaining(['2023', '六月', '五月']));
      for (const i of r.items) expect(i.sectionPath).not.toEqual(expect.arrayContaining(['2023', '六月', '五月']));
    }
  });

  it('reads setext week headings; neither the period line nor its underline is an item', () => {
    const text = ['2024-3-4到2024-3-10', '===', '', '## 阿明的任务', '1.\t练琴', '2.\t背单词', '', '2024-3-11到2024-3-17', '=====', '', '## 阿明的任务', '1.\t考试'].join('\n');
    const reports = read(text);
    expect(reports.map(week)).toEqual([
      ['第10周', '2024-03-10', '2024-03-04..2024-03-10'],
      ['第11周', '2024-03-17', '2024-03-11..2024-03-17'],
    ]);
    expect(reports.map(texts)).toEqual([['练琴', '背单词'], ['考试']]);
  });

  it('dates course weeks by the signature at the end of each week and keeps their own labels', () => {
    const text = ['## 第三周', '- 完成选题', '组长写于2024.3.16', '', '## 第四周', '- 完成原型', '组长写于2024.3.23'].join('\n');
    const reports = read(text);
    expect(reports.map(week)).toEqual([
      ['第3周', '2024-03-16', null],
      ['第4周', '2024-03-23', null],
    ]);
    expect(reports.map(texts)).toEqual([['完成选题'], ['完成原型']]);
    expect(reports[0].warnings.join('\n')).toMatch(/落款/);
    expect(reports[0].warnings.join('\n')).toMatch(/第三周.*不一致/);
  });

  it('reads one week per centred div and table, and a last week dated only by its table header', () => {
    const text = [
      "<div align='center'> 2024-9-2 ~~2024-9-6 </div>",
      '',
      '| 2024-9-2 | 周一 | 周二 | 周三 | 周四 | 周五 |',
      '| :--: | :--: | :--: | :--: | :--: | :--: |',
      '| 数据清洗 | 1/5 | 2/5 | 3/5 | 4/5 | 5/5 |',
      '',
      '| 2024-9-9 | 周一 | 周二 | 周三 | 周四 | 周五 |',
      '| :--: | :--: | :--: | :--: | :--: | :--: |',
      '| 模型评估 | 开始 | # | # | # | 完成 |',
    ].join('\n');
    const reports = read(text);
    expect(reports.map((r) => [r.reportDate, r.period?.start ?? null])).toEqual([
      ['2024-09-06', '2024-09-02'],
      ['2024-09-09', null],
    ]);
    expect(reports.map((r) => r.items.length)).toEqual([1, 1]);
    for (const r of reports) for (const i of r.items) expect(i.rawLine).not.toMatch(/<div/);
  });

  it('merges two parts of the file that are the same week, with a warning', () => {
    const text = ['### 2024-03-18 --- 2024-03-22', '- 甲', '### 2024-03-25 --- 2024-03-29', '- 乙', '### 2024-03-18 --- 2024-03-22', '- 丙'].join('\n');
    const reports = read(text);
    expect(reports.map(texts)).toEqual([['甲', '丙'], ['乙']]);
    expect(reports[0].items.map((i) => i.ordinal)).toEqual([0, 1]);
    expect(reports[0].warnings.join('\n')).toMatch(/同一周.*已合并/);
  });

  it('skips a week without a date with a warning, and refuses when no week has one', () => {
    const some = read(['## 第三周', '- 完成选题', '组长写于2024.3.16', '', '## 第四周', '- 完成原型'].join('\n'));
    expect(some.map(texts)).toEqual([['完成选题']]);
    expect(some[0].warnings.join('\n')).toMatch(/第5行「## 第四周」这一周没有日期，未导入/);

    const none = refusal(() => read(['## 第三周', '- 完成选题', '', '## 第四周', '- 完成原型'].join('\n')));
    expect(none.code).toBe('no_week');
  });

  it('warns about lines before the first week', () => {
    const reports = read(['这里记录我每周的工作。', '', '### 2021-06-28 --- 2021-07-02', '- a', '### 2021-07-05 --- 2021-07-09', '- b'].join('\n'));
    expect(reports[0].warnings[0]).toMatch(/第1行在第一周之前/);
  });
});

describe('splitFrontMatter', () => {
  it('reads date, title and authors from YAML, and hands back the body with its line offset', () => {
    const text = ['<!-- exported -->', '---', 'title: "平台组周报"', 'date: 2024-03-22 18:00', 'authors: [阿明, 小周]', 'tags:', '  - 周报', '---', '# 正文'].join('\n');
    const { frontMatter, body, bodyLineOffset } = splitFrontMatter(text);
    expect(frontMatter).toMatchObject({ title: '平台组周报', date: '2024-03-22 18:00', authors: ['阿明', '小周'] });
    expect(frontMatter?.fields.tags).toEqual(['周报']);
    expect(body).toBe('# 正文');
    expect(bodyLineOffset).toBe(8);
  });

  it('reads a block list of authors and TOML front matter', () => {
    expect(splitFrontMatter(['---', 'author:', '  - 阿明', '---', 'x'].join('\n')).frontMatter?.authors).toEqual(['阿明']);
    const toml = splitFrontMatter(['+++', 'title = "周报"', "date = '2024-03-22'", '+++', 'x'].join('\n'));
    expect(toml.frontMatter).toMatchObject({ title: '周报', date: '2024-03-22' });
    expect(toml.body).toBe('x');
  });

  it('does not take a horizontal rule at the top for front matter', () => {
    const text = ['---', '- 完成接口', '---', '- 修复缺陷'].join('\n');
    expect(splitFrontMatter(text)).toEqual({ frontMatter: null, body: text, bodyLineOffset: 0 });
  });
});

describe('the house style reads exactly as before', () => {
  const dir = path.join(__dirname, '..', '..', 'data', 'samples');
  const houseStyle = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')] as const)
    .filter(([, text]) => {
      try {
        const r = parseWeeklyReport(text);
        return r.weekLabel !== null && r.reportDate !== null;
      } catch {
        return false;
      }
    });

  it('has house-style samples to compare', () => {
    expect(houseStyle.length).toBeGreaterThanOrEqual(5);
  });

  it.each(houseStyle)('%s', (fileName, text) => {
    const before = parseWeeklyReport(text, { team: '测试组' });
    const after = only(parseReportDocument(text, { team: '测试组', fileName, now }));
    expect(after.items).toEqual(before.items);
    expect(after.sections).toEqual(before.sections);
    expect([after.team, after.weekLabel, after.weekNumber, after.reportDate, after.title]).toEqual([
      before.team,
      before.weekLabel,
      before.weekNumber,
      before.reportDate,
      before.title,
    ]);
    expect(after.warnings).toEqual([]);
  });
});
