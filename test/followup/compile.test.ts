import fs from 'node:fs';
import path from 'node:path';
import { compileTeamReport, DEFAULT_LAYOUT, layoutFromMarkdown, type MemberSubmission } from '../../src/domain/followup/compile';
import { reportsForAnswering } from '../../src/domain/followup/answerSources';
import { parseWeeklyReport } from '../../src/domain/reports/parse';
import { SAMPLES } from '../support/kb';

function submission(userId: string, body: string): MemberSubmission {
  const parsed = parseWeeklyReport(body, { team: '支付中心', reportDate: '2023-12-08', weekLabel: '第50周' });
  return { userId, items: parsed.items.map((i) => ({ sectionPath: i.sectionPath, text: i.text })) };
}

const ALICE = submission(
  'U_ALICE',
  `## 【O1 服务业务】
- 代扣通道冗余：光大备份通道已于12/6上线。
## O2 系统升级
- POS收单系统建设
    1. POS APP与应用市场：已于12/5上线。
## 收获与反思
上线前一天再核对一次配置。
# 下周工作及目标
1. 光大备份通道流量切换`,
);
const BOB = submission(
  'U_BOB',
  `## O2 系统升级
- POS收单系统建设
    1. POS机具库存管理：测试中，预计12/12上线。
## 【重点工作】
- 【跨境收款能力建设】
    1. 接口联调进度80%。
## 合规专项
- 反洗钱名单筛查改造：方案评审通过。`,
);

describe('compileTeamReport', () => {
  const markdown = compileTeamReport([ALICE, BOB], { name: '支付中心' }, { weekLabel: '第50周', reportDate: '2023-12-08' }, DEFAULT_LAYOUT);
  const parsed = parseWeeklyReport(markdown);

  test('reads back as the team’s report for the week, with every member line', () => {
    expect(parsed).toMatchObject({ team: '支付中心', weekLabel: '第50周', weekNumber: 50, reportDate: '2023-12-08' });
    // Every line of both members, once ("POS收单系统建设" heads both members' POS lines).
    const distinct = new Set([...ALICE.items, ...BOB.items].map((i) => i.text));
    expect(new Set(parsed.items.map((i) => i.text))).toEqual(distinct);
  });

  test('puts every member’s lines under the team’s headings, in the team’s order', () => {
    const where = (text: string) => parsed.items.find((i) => i.text.includes(text))?.sectionPath;
    expect(where('光大备份通道已于12/6上线')).toEqual(['O1 业务交付']); // "O1 服务业务" is the team's O1
    expect(where('POS APP与应用市场')).toEqual(['O2 系统升级', 'POS收单系统建设']);
    expect(where('POS机具库存管理')).toEqual(['O2 系统升级', 'POS收单系统建设']); // two members, one group
    expect(where('接口联调进度80%')).toEqual(['重点工作', '跨境收款能力建设']);
    expect(where('核对一次配置')).toEqual(['收获与反思']);
    expect(where('流量切换')).toEqual(['下周工作及目标']);
    const headings = parsed.sections.filter((s) => s.level > 0).map((s) => s.heading);
    expect(headings).toEqual(['重点工作', 'O1 业务交付', 'O2 系统升级', '合规专项', '收获与反思', '下周工作及目标']);
  });

  test('a section the layout lacks comes after the work sections, before reflection and next week', () => {
    expect(markdown.indexOf('## 【合规专项】')).toBeGreaterThan(markdown.indexOf('O2 系统升级'));
    expect(markdown.indexOf('## 【合规专项】')).toBeLessThan(markdown.indexOf('收获与反思'));
  });

  test('empty sections are left out', () => {
    expect(markdown).not.toContain('系统运行数据');
    expect(markdown).not.toContain('生产事件');
  });
});

test('a line under a sub-heading the layout has ("### 【生产事件】" under O3) goes under that heading', () => {
  const member = submission('U_C', '## 【O3 稳定安全与降本增效】\n- 降本：日志冷热分层。\n### 【生产事件】\n- D级事件：12/4 对账文件延迟20分钟。');
  const markdown = compileTeamReport([member], { name: '支付中心' }, { weekLabel: '第50周', reportDate: '2023-12-08' }, DEFAULT_LAYOUT);
  expect(markdown).toContain('### 【生产事件】\n\n- D级事件：12/4 对账文件延迟20分钟。');
  expect(parseWeeklyReport(markdown).items.find((i) => i.text.startsWith('D级事件'))?.sectionPath).toEqual(['O3 稳定安全与降本增效', '生产事件']);
});

test('a team’s layout is the headings of its own report', () => {
  const layout = layoutFromMarkdown(fs.readFileSync(path.join(SAMPLES, '支付中心-第48周-2023-11-24.md'), 'utf8'));
  expect(layout.map((s) => `${s.level} ${s.heading}`)).toEqual([
    '2 【重点工作】',
    '2 【系统运行数据】',
    '2 【O1 业务交付】',
    '2 【O2 系统升级】',
    '2 【O3 稳定安全与降本增效】',
    '3 【生产事件】',
    '2 收获与反思',
    '1 下周工作及目标',
  ]);
});

test('for answers, a week with a compiled report is answered from it, not again from the submissions', () => {
  const reports = [
    { id: 1, team: 'T', weekNumber: 50, reportDate: '2023-12-08', source: 'slack:D1:1', kind: 'submission' as const, submittedBy: 'U1' },
    { id: 2, team: 'T', weekNumber: 50, reportDate: '2023-12-08', source: 'compiled:T:2023-12-08', kind: 'compiled' as const, submittedBy: null },
    { id: 3, team: 'T', weekNumber: 49, reportDate: '2023-12-01', source: 'slack:D1:0', kind: 'submission' as const, submittedBy: 'U1' },
    { id: 4, team: 'Other', weekNumber: 50, reportDate: '2023-12-08', source: 'slack:D2:1', kind: 'submission' as const, submittedBy: 'U2' },
  ];
  expect(reportsForAnswering(reports).map((r) => r.id)).toEqual([2, 3, 4]);
});
