/**
 * Figures in units other teams use (mW, mAh, 人次, 份, 门) and the frame of meeting minutes: a notes
 * line stating a measured figure is kept as work, a discussion line and the agenda are not; the one
 * author of a report owns the lines that name no owner.
 */
import { parseReportDocument, soleAuthor } from '../../src/domain/reports/document';
import { extractMetrics } from '../../src/domain/reports/figures';
import { parseWeeklyReport } from '../../src/domain/reports/parse';

describe('figures in more units', () => {
  test('power and current of device reports', () => {
    expect(extractMetrics('待机功耗 28mW，电池 4000mAh，峰值电流 120mA').map((m) => [m.text, m.unit])).toEqual([
      ['28mW', 'mW'],
      ['4000mAh', 'mAh'],
      ['120mA', 'mA'],
    ]);
  });

  test('counting words: 人次, 份, 门 with the counted noun as the label', () => {
    const metrics = extractMetrics('上线 3 门安全课程，累计学习 640 人次，回收问卷 1,205 份');
    expect(metrics.map((m) => [m.text, m.unit])).toEqual([
      ['3 门安全课程', '门'],
      ['640 人次', '人次'],
      ['1,205 份', '份'],
    ]);
    expect(metrics[0].label).toBe('安全课程');
  });

  test('a counting word that starts another word is not a unit (3 门店, 5 场景)', () => {
    expect(extractMetrics('新开 3 门店，覆盖 5 场景')).toEqual([]);
  });
});

describe('meeting minutes', () => {
  const report = parseWeeklyReport(
    [
      '# 消息中心周会 2023w47 (11.20 ~ 11.24)',
      '> **议题**: 推送通道扩容、客户端发布',
      '> **Notes**:',
      '- 推送通道扩容后峰值 TPS 3,200 次/秒',
      '- 讨论了值班安排',
      '> **ToDo**:',
      '- [ ] 客户端 0.3.0 发布',
    ].join('\n'),
  );
  const texts = report.items.map((i) => i.text);

  test('a measured figure in the notes is work', () => {
    expect(texts).toContain('推送通道扩容后峰值 TPS 3,200 次/秒');
  });

  test('a discussion line and the agenda are the frame', () => {
    expect(texts.some((t) => t.includes('值班安排'))).toBe(false);
    expect(texts.some((t) => t.includes('议题'))).toBe(false);
  });
});

describe('the author of a one-person report', () => {
  const now = new Date('2023-12-20T10:00:00+08:00');
  const read = (text: string) => parseReportDocument(text, { team: '测试组', now });

  test('the front matter’s only author owns the lines that name no owner', () => {
    const [report] = read(['---', 'author: 苗青', 'date: 2023-11-24', '---', '# 2023.11.20~11.24', '', '- 网关证书轮换完成', '- 监控大盘迁移'].join('\n'));
    expect(report.items.map((i) => i.owner)).toEqual(['苗青', '苗青']);
  });

  test('a name in the title’s closing parentheses is the author; a report naming owners keeps its own', () => {
    expect(soleAuthor([], ['# 终端组 工作日志（江澄）'])).toBe('江澄');
    expect(soleAuthor([], ['# 终端组周报（草稿）'])).toBeNull();
    expect(soleAuthor(['甲乙', '丙丁'], ['# 终端组 工作日志（江澄）'])).toBeNull();
    const [report] = read(['---', 'author: 苗青', 'date: 2023-11-24', '---', '# 2023.11.20~11.24', '', '- 网关证书轮换完成（负责人：韦安）', '- 监控大盘迁移'].join('\n'));
    expect(report.items.map((i) => i.owner)).toEqual(['韦安', null]);
  });
});

describe('asides in a personal report', () => {
  const report = parseWeeklyReport(
    [
      '# 2024.03.04~03.10',
      '### 本周',
      '- 读完《数据密集型应用》第 3 章',
      '- 说实话这章比想象中难，我觉得还要再读一遍',
      '- 不过大概率月底前读不完整本书',
      '- 其实已完成第 2 章的读书笔记',
      '- 我觉得下周 3/14 前能交初稿',
      '## 下周计划',
      '下周其实事情很多，不一定能做完',
      '- 整理第 3 章笔记',
    ].join('\n'),
    { team: '读书会' },
  );
  const texts = report.items.map((i) => i.text);

  test('opinions, hedges and discourse asides are not items', () => {
    expect(texts).not.toContain('说实话这章比想象中难，我觉得还要再读一遍');
    expect(texts).not.toContain('不过大概率月底前读不完整本书');
    expect(texts).not.toContain('下周其实事情很多，不一定能做完');
  });

  test('an aside that states a status or a date is still work', () => {
    expect(texts).toContain('其实已完成第 2 章的读书笔记');
    expect(texts).toContain('我觉得下周 3/14 前能交初稿');
    expect(texts).toContain('读完《数据密集型应用》第 3 章');
    expect(texts).toContain('整理第 3 章笔记');
    expect(report.items).toHaveLength(4);
  });
});
