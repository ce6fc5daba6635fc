/**
 * The one submission path (services/submissions.ts) over a real knowledge base: a member's report
 * is filed under their team and the week it is where they are, and comes back with what was
 * understood and the follow-up questions about what it leaves open; a team's own report (the
 * console) is stored without follow-ups; a file is read like its text.
 */
import fs from 'node:fs';
import { loadConfig, type Config } from '../../src/config';
import { ReportParseError } from '../../src/domain/reports/model';
import { openFollowups } from '../../src/services/followups/index';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { submitReport, submissionReadingOf, type SubmissionDeps } from '../../src/services/submissions';
import { tempDir } from '../support/kb';
import { submit } from './support';

/** Wednesday of 第50周 (ends Friday 2023-12-08) in Shanghai. */
const NOW = new Date('2023-12-06T10:00:00+08:00');
const W49 = { weekLabel: '第49周', reportDate: '2023-12-01' };

let dataDir: string;
let config: Config;
let kb: KnowledgeBase;
let deps: SubmissionDeps;

beforeEach(async () => {
  dataDir = tempDir('zhoubao-submit-');
  config = loadConfig({ ZHOUBAO_TEAM: '支付中心', ZHOUBAO_TZ: 'Asia/Shanghai' }, { dataDir });
  kb = await KnowledgeBase.open({ config, clock: () => NOW, log: () => {} });
  deps = { kb, followups: openFollowups(kb, config, () => NOW), defaultTeam: config.defaultTeam, timeZone: config.timeZone };
  await submit(kb, 'U1', W49, '## O1 业务交付\n- 代扣通道冗余：光大备份通道已提测，计划12/6上线。\n- 营销立减：已于11/30上线。');
});

afterEach(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a member’s DM report is stored for their week, with what was understood and the questions about what it leaves open', async () => {
  const submitted = await submitReport(deps, {
    member: 'U1',
    team: '支付中心',
    text: '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。\n- 收银台改版：开发中，预计12/20提测。',
    source: 'slack:D1:1701828000.000100',
    at: NOW,
  });
  expect(submitted.outcome).toBe('new');
  expect(submitted.report).toMatchObject({ team: '支付中心', weekLabel: '第50周', reportDate: '2023-12-08', submittedBy: 'U1', kind: 'submission' });
  expect(submitted.items.map((i) => i.text)).toEqual(['资金安全数据一致性：已于12/7提测。', '收银台改版：开发中，预计12/20提测。']);
  expect(submitted.followupPrompts.map((p) => p.prompt)).toEqual(['上周你提到「光大备份通道 计划12/6上线」，本周没有进展：已上线了吗？']);
  expect(submitted.warnings).toEqual([]);
  // Stored: the report is found again by the message it came in.
  expect(kb.findReportBySource('slack:D1:1701828000.000100')?.id).toBe(submitted.report.id);
});

test('a member in Los Angeles submitting on their Friday afternoon files it under that Friday’s week', async () => {
  const fridayInLosAngeles = new Date('2023-12-01T23:00:00Z'); // Saturday 07:00 in Shanghai
  const submitted = await submitReport(deps, { member: 'U2', team: '支付中心', text: '- 收银台改版：开发中\n- 对账：已完成', source: 'slack:D2:1', at: fridayInLosAngeles, timeZone: 'America/Los_Angeles' });
  expect(submitted.report.reportDate).toBe('2023-12-01');
});

test('the console’s paste is the team’s own report: filed under the team its heading names, nothing asked', async () => {
  const submitted = await submitReport(deps, { member: null, text: '# 清结算中心 第50周 2023-12-08\n- 差错处理自动化：已于12/6全量切换。\n- 对账文件压缩：开发中。', source: 'console:x', at: NOW });
  expect(submitted.report).toMatchObject({ team: '清结算中心', submittedBy: null, kind: 'report' });
  expect(submitted.followupPrompts).toEqual([]);
});

test('a shared Markdown file is read like its text; a file type that holds no report is refused, nothing stored', async () => {
  const file = { name: '周报.md', bytes: Buffer.from('- 收银台改版：开发中\n- 对账：已完成') };
  const submitted = await submitReport(deps, { member: 'U3', team: '支付中心', file, source: 'slack:D3:1', at: NOW });
  expect(submitted.items).toHaveLength(2);
  const before = kb.listReports().length;
  await expect(submitReport(deps, { member: 'U3', team: '支付中心', file: { name: 'a.xlsx', bytes: Buffer.from('x') }, source: 'slack:D3:2', at: NOW })).rejects.toBeInstanceOf(ReportParseError);
  expect(kb.listReports()).toHaveLength(before);
});

test('without follow-ups the report is stored all the same, with nothing to ask', async () => {
  const submitted = await submitReport({ ...deps, followups: null }, { member: 'U1', team: '支付中心', text: '- 资金安全数据一致性：已于12/7提测。\n- 收银台改版：开发中', source: 'slack:D1:2', at: NOW });
  expect(submitted.report.submittedBy).toBe('U1');
  expect(submitted.followupPrompts).toEqual([]);
});

test('prose reads as a submission only when a model can read it', () => {
  const prose = '本周完成了收银台改版的联调，预计12/20提测。对账文件压缩还在开发中，下周继续推进。';
  expect(submissionReadingOf(prose, { structured: false, modelAvailable: true })).toBe('prose');
  expect(submissionReadingOf(prose, { structured: false, modelAvailable: false })).toBeNull();
  expect(submissionReadingOf('光大备份通道什么时候上线？', { structured: false, modelAvailable: true })).toBeNull();
  expect(submissionReadingOf('- a\n- b', { structured: true, modelAvailable: false })).toBe('structured');
});
