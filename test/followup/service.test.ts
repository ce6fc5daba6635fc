/**
 * The follow-up service over a real knowledge base (SQLite in a temp dir), with a recording
 * directory and sender in place of Slack: reminders, prompts after a submission, answers stored as
 * updates, the compiled report.
 */
import fs from 'node:fs';
import { loadConfig } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openFollowups, type Followups } from '../../src/services/followups/index';
import { tempDir } from '../support/kb';
import { FakeDirectory, RecordingSender, submit } from './support';

const W49 = { weekLabel: '第49周', reportDate: '2023-12-01' };
const W50 = { weekLabel: '第50周', reportDate: '2023-12-08' };

let dataDir: string;
let kb: KnowledgeBase;
let service: Followups;
let clock = new Date('2023-12-06T10:00:00+08:00');

async function open(): Promise<void> {
  const config = loadConfig({ ZHOUBAO_TEAM: '支付中心', ZHOUBAO_TEAM_CHANNEL: 'C0TEAM', ZHOUBAO_TZ: 'Asia/Shanghai' }, { dataDir });
  kb = await KnowledgeBase.open({ config, clock: () => clock, log: () => {} });
  service = openFollowups(kb, config, () => clock);
}

beforeEach(async () => {
  dataDir = tempDir('zhoubao-followup-');
  clock = new Date('2023-12-06T10:00:00+08:00');
  await open();
});

afterEach(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('team settings', () => {
  test('the install’s own team comes from the environment; stored settings override it', () => {
    expect(service.teams.team('支付中心')).toMatchObject({ channel: 'C0TEAM', timeZone: 'Asia/Shanghai', schedule: { first: '0 16 * * 5', nudge: '0 18 * * 5', deadline: '0 19 * * 5' } });
    service.teams.updateTeam('支付中心', { reminderCron: '0 15 * * 5', nudgeCron: '', timeZone: 'Asia/Singapore' });
    expect(service.teams.team('支付中心')).toMatchObject({ timeZone: 'Asia/Singapore', schedule: { first: '0 15 * * 5', nudge: null, deadline: '0 18 * * 5' } });
    expect(service.teams.team('清结算中心')).toMatchObject({ channel: null, timeZone: 'Asia/Shanghai' });
    expect(service.teams.teams().map((t) => t.name)).toEqual(['支付中心']);
    service.teams.updateTeam('支付中心', { channel: '' });
    expect(service.teams.team('支付中心').channel).toBeNull();
  });
});

describe('reminders', () => {
  const directory = new FakeDirectory(
    { C0TEAM: ['U1', 'U2', 'U3', 'UBOT', 'U_LA', 'U_OUT'] },
    { UBOT: { isBot: true }, U_LA: { timeZone: 'America/Los_Angeles' } },
  );

  test('each member who has not submitted is reminded once per stage, also across a restart', async () => {
    service.teams.setMembership('支付中心', 'U_OUT', 'excluded');
    service.teams.setAway('支付中心', 'U2', W50.reportDate, true);
    await submit(kb, 'U3', W50, '- 收银台改版：开发中\n- 资金安全数据一致性：已于12/7提测');
    const sender = new RecordingSender();

    await service.reminders.run(new Date('2023-12-08T16:00:00+08:00'), directory, sender);
    expect(sender.sent).toEqual(['first U1 2023-12-08']);
    await service.reminders.run(new Date('2023-12-08T16:15:00+08:00'), directory, sender);
    expect(sender.sent).toHaveLength(1);

    kb.close();
    await open(); // a restart: the log is in SQLite
    await service.reminders.run(new Date('2023-12-08T16:30:00+08:00'), directory, sender);
    expect(sender.sent).toHaveLength(1);
    await service.reminders.run(new Date('2023-12-08T18:00:00+08:00'), directory, sender);
    await service.reminders.run(new Date('2023-12-08T19:00:00+08:00'), directory, sender);
    expect(sender.sent.slice(1)).toEqual(['nudge U1 2023-12-08', 'deadline 2023-12-08 submitted=U3 missing=U1,U_LA away=U2']);
    // Los Angeles: 16:00 on its Friday.
    await service.reminders.run(new Date('2023-12-09T00:00:00Z'), directory, sender);
    expect(sender.sent.slice(3)).toEqual(['first U_LA 2023-12-08']);
  });

  test('a run missed while the bot was down is caught up once', async () => {
    const sender = new RecordingSender();
    await service.reminders.run(new Date('2023-12-08T17:40:00+08:00'), directory, sender);
    await service.reminders.run(new Date('2023-12-08T17:45:00+08:00'), directory, sender);
    expect(sender.sent).toEqual(['first U1 2023-12-08', 'first U2 2023-12-08', 'first U3 2023-12-08', 'first U_OUT 2023-12-08']);
  });

  test('a reminder that could not be sent is tried again at the next tick', async () => {
    const sender = new RecordingSender();
    sender.failNext = 1;
    const first = await service.reminders.run(new Date('2023-12-08T16:00:00+08:00'), new FakeDirectory({ C0TEAM: ['U1'] }), sender);
    expect(first.failed).toHaveLength(1);
    await service.reminders.run(new Date('2023-12-08T16:15:00+08:00'), new FakeDirectory({ C0TEAM: ['U1'] }), sender);
    expect(sender.sent).toEqual(['first U1 2023-12-08']);
  });

  test('nobody is reminded in a week off', async () => {
    service.teams.setWeekOff('支付中心', W50.reportDate, true, '年会');
    const sender = new RecordingSender();
    for (const t of ['16:00', '18:00', '19:00']) await service.reminders.run(new Date(`2023-12-08T${t}:00+08:00`), directory, sender);
    expect(sender.sent).toEqual([]);
  });
});

describe('follow-up prompts and answers', () => {
  beforeEach(async () => {
    await submit(kb, 'U1', W49, '## O1 业务交付\n- 代扣通道冗余：光大备份通道已提测，计划12/6上线。\n- 资金安全数据一致性：联调中，预计12/8提测。\n- 营销立减：已于11/30上线。');
  });

  test('a submission that leaves an open item out is asked about it, once', async () => {
    const result = await submit(kb, 'U1', W50, '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。\n- 收银台改版：开发中。');
    const followup = await service.prompts.afterSubmission(result.report.id);
    expect(followup?.prompts.map((p) => p.prompt)).toEqual(['上周你提到「光大备份通道 计划12/6上线」，本周没有进展：已上线了吗？']);
    // The same version is not checked twice (a redelivered event), and an edit does not ask again.
    expect(await service.prompts.afterSubmission(result.report.id)).toBeNull();
    const edited = await submit(kb, 'U1', W50, '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。\n- 收银台改版：开发中，进度30%。');
    expect((await service.prompts.afterSubmission(edited.report.id))?.prompts).toEqual([]);
  });

  test('the owner’s answer in the thread becomes the item’s update for the week, answerable at once', async () => {
    const result = await submit(kb, 'U1', W50, '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。');
    const followup = (await service.prompts.afterSubmission(result.report.id))!;
    service.prompts.promptsPosted(followup.prompts, 'DU1', 'ts-submission', 'ts-prompt');

    expect(service.replies.previewReply('DU1', 'ts-submission', 'U1', '光大备份通道上线了吗？')).toBe('question');
    expect(service.replies.previewReply('DU1', 'ts-submission', 'U2', '上线了')).toBe('not_followup');
    expect(service.replies.previewReply('DU1', 'ts-submission', 'U1', '收到')).toBe('acknowledgement');
    expect(service.replies.previewReply('DU1', 'ts-submission', 'U1', '## O1 业务交付\n- 收银台改版：开发中\n- 资金安全：已提测')).toBe('not_followup');
    const outcome = await service.replies.readReply('DU1', 'ts-submission', 'U1', '上线了，12/6晚上切的流量', 'ts-reply');
    expect(outcome).toMatchObject({ kind: 'stored', updates: [{ line: '光大备份通道：已上线了，12/6晚上切的流量' }] });

    const answer = await kb.ask('光大备份通道上线了吗', { now: new Date('2023-12-08T20:00:00+08:00') });
    expect(answer.found).toBe(true);
    expect(answer.answer).toMatch(/已上线/);
    expect(answer.citations[0]).toMatchObject({ week: '第50周', text: expect.stringContaining('光大备份通道：已上线了') });

    // Next week the item is closed: nothing to ask.
    const next = await submit(kb, 'U1', { weekLabel: '第51周', reportDate: '2023-12-15' }, '## O1 业务交付\n- 资金安全数据一致性：测试中，预计12/20上线。');
    expect((await service.prompts.afterSubmission(next.report.id))?.prompts).toEqual([]);
  });

  test('a later edit of the submission keeps the answers given in its thread', async () => {
    const result = await submit(kb, 'U1', W50, '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。');
    const followup = (await service.prompts.afterSubmission(result.report.id))!;
    service.prompts.promptsPosted(followup.prompts, 'DU1', 'ts-submission', 'ts-prompt');
    await service.replies.readReply('DU1', 'ts-submission', 'U1', '已于12/6上线');
    const edited = await submit(kb, 'U1', W50, '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测，测试中。');
    await service.prompts.afterSubmission(edited.report.id);
    const mine = kb.listReports({ team: '支付中心' }).filter((r) => r.submittedBy === 'U1' && r.weekLabel === '第50周');
    const items = kb.store.getItemsForReport(mine[0].id).map((i) => i.text);
    expect(items).toEqual(['资金安全数据一致性：已于12/7提测，测试中。', '光大备份通道：已于12/6上线']);
  });
});

describe('the compiled report', () => {
  test('assembles the members’ submissions, stores it as the team’s report, and finds who is missing', async () => {
    await submit(kb, 'U3', W49, '## O2 系统升级\n- POS机具库存管理：开发中，预计12/12提测。');
    await submit(kb, 'U1', W50, '## O1 业务交付\n- 代扣通道冗余：光大备份通道已于12/6上线。');
    await submit(kb, 'U2', W50, '## 【O2 系统升级】\n- POS APP与应用市场：已于12/5上线。');
    const team = service.teams.team('支付中心');
    const compiled = await service.compiler.compile(team, service.teams.weekNamed(team, W50.reportDate)!, new FakeDirectory({ C0TEAM: ['U1', 'U2', 'U3'] }));

    expect(compiled.submitted).toEqual(['U1', 'U2']);
    expect(compiled.missing.map((m) => [m.userId, m.items.map((i) => i.prompt)])).toEqual([
      ['U3', ['上周你提到「POS机具库存管理 计划12/12提测」，本周没有进展：现在进展如何？']],
    ]);
    const stored = kb.listReports({ team: '支付中心' }).find((r) => r.source === 'compiled:支付中心:2023-12-08');
    expect(stored).toMatchObject({ submittedBy: null, weekLabel: '第50周', itemCount: 2 });
    expect(service.exporter.exportMarkdown('支付中心', '50')?.markdown).toBe(compiled.markdown);
    expect(compiled.markdown).toMatch(/## 【O1 业务交付】\n\n- 代扣通道冗余：光大备份通道已于12\/6上线。/);
    // The members' own reports are still there.
    expect(kb.listReports({ team: '支付中心' }).filter((r) => r.submittedBy && r.weekLabel === '第50周')).toHaveLength(2);
  });

  test('in a week off nobody is counted missing', async () => {
    await submit(kb, 'U3', W49, '## O2 系统升级\n- POS机具库存管理：开发中，预计12/12提测。');
    service.teams.setWeekOff('支付中心', W50.reportDate, true, '年假');
    const team = service.teams.team('支付中心');
    const compiled = await service.compiler.compile(team, service.teams.weekNamed(team, W50.reportDate)!, new FakeDirectory({ C0TEAM: ['U1', 'U3'] }));
    expect(compiled.missing).toEqual([]);
  });

  test('with nothing submitted there is nothing to store; export says so', async () => {
    const team = service.teams.team('支付中心');
    const compiled = await service.compiler.compile(team, service.teams.weekFor(team));
    expect(compiled.reportId).toBeNull();
    expect(service.exporter.exportMarkdown('支付中心', '本周')).toBeNull();
  });
});
