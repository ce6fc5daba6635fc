/**
 * Two lines a reader asks about that the parser used to drop: a meeting note that records a decision
 * or a need (not only one with a figure), and a bare 无 standing under an outline heading written as
 * a list line (三、风险与问题) after a blank line. The traps stay out: topic labels and talk records
 * in the notes, asides, and a 无 under a heading where it is only a placeholder.
 */
import { parseWeeklyReport } from '../../src/domain/reports/parse';

describe('a meeting’s notes', () => {
  const report = parseWeeklyReport(
    [
      '# 消息中心周会 2024w10 (03.04 ~ 03.08)',
      '> **主持**: @qinfang',
      '> **议题**: 推送通道扩容、告警收敛',
      '> **Notes**:',
      '- 推送重试策略：按设备维度退避',
      '- 告警收敛需要运维排期',
      '- 扩容依赖机房交付，待协调',
      '- 讨论了值班安排',
      '- 客户端场景',
      '  - 冷启动拉取',
      '- 说实话我觉得大家需要多休息',
      '> **ToDo**:',
      '@qinfang:',
      '- [ ] 推送通道扩容，计划3/15完成',
    ].join('\n'),
    { team: '消息中心' },
  );
  const texts = report.items.map((i) => i.text);

  test('a decision, a need and a dependency recorded in the notes are items under Notes', () => {
    const notes = report.items.filter((i) => i.sectionPath[i.sectionPath.length - 1] === 'Notes').map((i) => i.text);
    expect(notes).toEqual(['推送重试策略：按设备维度退避', '告警收敛需要运维排期', '扩容依赖机房交付，待协调']);
  });

  test('topic labels, the record of a talk and an aside stay out', () => {
    for (const frame of ['值班安排', '客户端场景', '冷启动拉取', '多休息']) expect(texts.some((t) => t.includes(frame))).toBe(false);
  });

  test('the commitments are still read with their owner', () => {
    expect(report.items.filter((i) => i.owner === 'qinfang').map((i) => i.text)).toEqual(['推送通道扩容，计划3/15完成']);
  });
});

describe('an outline heading written as a list line', () => {
  const report = parseWeeklyReport(
    [
      '# 终端组周报（2024.03.04-2024.03.08）',
      '',
      '一、本周工作',
      '',
      '1、离线包下发：灰度 20%（负责人：宁远）；',
      '',
      '二、下周计划',
      '',
      '无',
      '',
      '三、风险与问题',
      '',
      '无',
    ].join('\n'),
    { team: '终端组' },
  );

  test('a 无 after a blank line under 风险与问题 says there are no risks: an item of that section', () => {
    const none = report.items.filter((i) => i.text === '无');
    expect(none.map((i) => i.sectionPath)).toEqual([['风险与问题']]);
  });

  test('a 无 under 下周计划 is only a placeholder and stays out', () => {
    expect(report.items.filter((i) => i.sectionPath.includes('下周计划'))).toEqual([]);
  });

  test('a line that states work is no heading: the paragraph after it is not filed under it', () => {
    const statement = parseWeeklyReport(
      ['# 终端组周报（2024.03.04-2024.03.08）', '', '一、离线包下发完成灰度，覆盖率 20%', '', '补丁包体积缩小一半'].join('\n'),
      { team: '终端组' },
    );
    expect(statement.items.map((i) => [i.sectionPath.join('/'), i.text])).toEqual([
      ['', '离线包下发完成灰度，覆盖率 20%'],
      ['', '补丁包体积缩小一半'],
    ]);
  });
});
