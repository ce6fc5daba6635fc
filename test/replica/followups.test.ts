/**
 * The follow-up state shared by replicas (services/replica/followupState.ts): two replicas in this
 * process on one PostgreSQL store (a real server on loopback), each with its own data directory and
 * its own follow-ups, as two `zhoubao serve` processes would have. Team settings made through one
 * hold on the other; a reply delivered to the replica that did not ask is understood and stored
 * once; the compiled report compiled on both at once is posted once; a SQLite install moved with
 * `migrate --from-sqlite` keeps its follow-up state. Only notifications carry changes here (the
 * periodic check is off).
 */
import fs from 'node:fs';
import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { copySqliteIntoPostgres } from '../../src/adapters/pg/fromSqlite';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { openFollowups, type Followups } from '../../src/services/followups/index';
import { openFollowupsFor } from '../../src/services/replica/followups';
import { ReplicaKnowledgeBase } from '../../src/services/replica/replicaKnowledgeBase';
import { publishCompiled } from '../../src/slack/followups/publish';
import type { SlackClient } from '../../src/slack/types';
import { usePostgres } from '../support/postgres';
import { EVAL_NOW, tempDir } from '../support/kb';

const postgres = usePostgres();
const dirs: string[] = [];
const opened: ReplicaKnowledgeBase[] = [];

const TEAM = '支付中心';
const W49 = { weekLabel: '第49周', weekNumber: 49, reportDate: '2023-12-01' };
const W50 = { weekLabel: '第50周', weekNumber: 50, reportDate: '2023-12-08' };
const ENV = { ZHOUBAO_TEAM: TEAM, ZHOUBAO_TZ: 'Asia/Shanghai' };

afterEach(async () => {
  for (const kb of opened.splice(0)) await kb.closeAsync();
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Replica {
  kb: ReplicaKnowledgeBase;
  followups: Followups;
}

async function replica(url: string): Promise<Replica> {
  const dataDir = tempDir('zhoubao-replica-followups-');
  dirs.push(dataDir);
  const config = loadConfig(ENV, { dataDir });
  const kb = await ReplicaKnowledgeBase.open({ databaseUrl: url, config, dataDir, clock: () => EVAL_NOW, log: () => {}, llm: null, pollMs: 0 });
  opened.push(kb);
  return { kb, followups: openFollowupsFor(kb, config, () => EVAL_NOW) };
}

/** Two replicas on a fresh database. */
async function twoReplicas(): Promise<[Replica, Replica]> {
  const url = await postgres.server().createDatabase();
  return [await replica(url), await replica(url)];
}

/** Polls `check` until it holds or `ms` pass. */
async function within(ms: number, check: () => boolean): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A member's DM submission for a week. */
function submit(kb: Pick<KnowledgeBase, 'ingestText'>, userId: string, week: typeof W49, body: string) {
  return kb.ingestText(body, {
    source: `slack:D${userId}:${week.reportDate}`,
    team: TEAM,
    forceTeam: true,
    submittedBy: userId,
    weekLabel: week.weekLabel,
    weekNumber: week.weekNumber,
    reportDate: week.reportDate,
  });
}

const U1_W49 = '## O1 业务交付\n- 代扣通道冗余：光大备份通道已提测，计划12/6上线。\n- 资金安全数据一致性：联调中，预计12/8提测。';
const U1_W50 = '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。';
const U2_W50 = '## 【O2 系统升级】\n- POS APP与应用市场：已于12/5上线。';

/** A Slack client that records the messages posted and updated (the two calls publishing makes). */
function recordingSlack() {
  const posted: Array<{ channel: string; text: string; thread_ts?: string }> = [];
  const updated: Array<{ channel: string; ts: string }> = [];
  const client = {
    chat: {
      postMessage: async (args: { channel: string; text: string; thread_ts?: string }) => {
        // Another replica's Slack call takes a moment: both have claimed (or not) before either posts.
        await new Promise((r) => setTimeout(r, 20));
        posted.push(args);
        return { ok: true, ts: `17000000${posted.length}.000100` };
      },
      update: async (args: { channel: string; ts: string }) => {
        updated.push(args);
        return { ok: true };
      },
    },
  } as unknown as SlackClient;
  return { client, posted, updated };
}

describe('follow-up state shared by two replicas', () => {
  test('team settings, membership, away weeks and weeks off set through A hold on B', async () => {
    const [a, b] = await twoReplicas();
    // What A wrote, A reads back as soon as the call settles.
    const team = await a.followups.teams.updateTeam(TEAM, { channel: 'C0PAY', timeZone: 'Asia/Singapore', reminderCron: '0 15 * * 5', admins: ['U_ADMIN'] });
    expect(team).toMatchObject({ channel: 'C0PAY', timeZone: 'Asia/Singapore', schedule: { first: '0 15 * * 5' }, admins: ['U_ADMIN'] });
    await a.followups.teams.setMembership(TEAM, 'U_OUT', 'excluded');
    await a.followups.teams.setAway(TEAM, 'U2', W50.reportDate, true);
    await a.followups.teams.setWeekOff(TEAM, W49.reportDate, true, '年会');

    await within(1000, () => b.followups.teams.team(TEAM).weeksOff.length === 1);
    expect(b.followups.teams.team(TEAM)).toMatchObject({ channel: 'C0PAY', timeZone: 'Asia/Singapore', schedule: { first: '0 15 * * 5' }, admins: ['U_ADMIN'], weeksOff: [W49.reportDate] });
    expect(b.followups.teams.teams().map((t) => t.name)).toEqual([TEAM]);
    const directory = { channelMembers: async () => ['U1', 'U2', 'U_OUT'], userInfo: async (id: string) => ({ id, isBot: false, isAdmin: false }) };
    expect(await b.followups.teams.members(b.followups.teams.team(TEAM), directory)).toEqual([
      { userId: 'U1', name: undefined, timeZone: null, awayWeeks: [] },
      { userId: 'U2', name: undefined, timeZone: null, awayWeeks: [W50.reportDate] },
    ]);

    // Undone through B: gone on A too (deletions travel as well as writes).
    await b.followups.teams.setMembership(TEAM, 'U_OUT', null);
    await b.followups.teams.setAway(TEAM, 'U2', W50.reportDate, false);
    await b.followups.teams.setWeekOff(TEAM, W49.reportDate, false);
    await within(1000, () => a.followups.teams.team(TEAM).weeksOff.length === 0);
    expect((await a.followups.teams.members(a.followups.teams.team(TEAM), directory)).map((m) => [m.userId, m.awayWeeks])).toEqual([
      ['U1', []],
      ['U2', []],
      ['U_OUT', []],
    ]);
  });

  test('a prompt posted through A, answered by a reply delivered to B: understood, stored once, visible on both', async () => {
    const [a, b] = await twoReplicas();
    await submit(a.kb, 'U1', W49, U1_W49);
    const submission = await submit(a.kb, 'U1', W50, U1_W50);
    const followup = (await a.followups.prompts.afterSubmission(submission.report.id))!;
    expect(followup.prompts.map((p) => p.prompt)).toEqual(['上周你提到「光大备份通道 计划12/6上线」，本周没有进展：已上线了吗？']);
    await a.followups.prompts.promptsPosted(followup.prompts, 'DU1', 'ts-submission', 'ts-prompt');

    // B never asked anything, yet knows the thread and reads the reply as an answer.
    await within(1000, () => b.followups.replies.isFollowupThread('DU1', 'ts-submission'));
    expect(b.followups.replies.previewReply('DU1', 'ts-submission', 'U1', '上线了，12/6晚上切的流量')).toBe('answer');
    // Delivered to both (a retry that reached the other replica): the answer is stored once.
    const [onB, onA] = await Promise.all([
      b.followups.replies.readReply('DU1', 'ts-submission', 'U1', '上线了，12/6晚上切的流量', 'ts-reply'),
      a.followups.replies.readReply('DU1', 'ts-submission', 'U1', '上线了，12/6晚上切的流量', 'ts-reply'),
    ]);
    expect(onB).toMatchObject({ kind: 'stored', updates: [{ line: '光大备份通道：已上线了，12/6晚上切的流量' }] });
    expect(onA).toMatchObject({ kind: 'stored', updates: [{ line: '光大备份通道：已上线了，12/6晚上切的流量' }] });
    const stored = await a.kb.shared.pool.query('SELECT user_id, line FROM item_updates');
    expect(stored.rows).toEqual([{ user_id: 'U1', line: '光大备份通道：已上线了，12/6晚上切的流量' }]);

    // The update and the prompt's answered mark are on both replicas, and both answer from it.
    await within(1000, () => a.followups.store.updatesOf(TEAM, W50.reportDate, 'U1').length === 1);
    for (const r of [a, b]) {
      expect(r.followups.store.updatesOf(TEAM, W50.reportDate, 'U1').map((u) => u.line)).toEqual(['光大备份通道：已上线了，12/6晚上切的流量']);
      expect(r.followups.store.promptsOf(TEAM, W50.reportDate, 'U1').map((p) => p.answeredAt !== null)).toEqual([true]);
    }
    const answer = await a.kb.ask('光大备份通道上线了吗', { now: new Date('2023-12-08T20:00:00+08:00') });
    expect(answer.citations[0]).toMatchObject({ week: '第50周', text: expect.stringContaining('光大备份通道：已上线了') });
  });

  test('the compiled report compiled on both replicas at once is posted once; a later run updates that post', async () => {
    const [a, b] = await twoReplicas();
    await a.followups.teams.updateTeam(TEAM, { channel: 'C0PAY' });
    await submit(a.kb, 'U1', W50, U1_W50);
    await submit(a.kb, 'U2', W50, U2_W50);
    await within(1000, () => b.kb.listReports().length === 2 && b.followups.teams.team(TEAM).channel === 'C0PAY');

    const slack = recordingSlack();
    const compileAndPublish = async (r: Replica) => {
      const team = r.followups.teams.team(TEAM);
      const compiled = await r.followups.compiler.compile(team, r.followups.teams.weekEnding(team, W50.reportDate));
      return publishCompiled(slack.client, r.followups, compiled, 'C0PAY');
    };
    const results = await Promise.all([compileAndPublish(a), compileAndPublish(b)]);
    expect(slack.posted.map((p) => p.channel)).toEqual(['C0PAY']);
    // The other replica posted nothing (or, finding the post made already, edited that message).
    expect(results).toContain('170000001.000100');
    expect(results.filter((ts) => ts !== null && ts !== '170000001.000100')).toEqual([]);
    // Stored once too: one compiled report of the week.
    expect((await a.kb.shared.listReports({ team: TEAM })).filter((r) => r.kind === 'compiled')).toHaveLength(1);

    // Every replica knows where it was posted: compiling again on B edits that message.
    await within(1000, () => b.followups.compiler.compiledPost(TEAM, W50.reportDate) !== null);
    expect(await compileAndPublish(b)).toBe('170000001.000100');
    expect(slack.posted).toHaveLength(1);
    expect(slack.updated.at(-1)).toMatchObject({ channel: 'C0PAY', ts: '170000001.000100' });
  });

  test('each reminder stage is claimed once across replicas, and every replica sees it was sent', async () => {
    const [a, b] = await twoReplicas();
    const key = { week: W50.reportDate, userId: 'U1', stage: 'first' as const };
    const claims = await Promise.all([a.followups.store.claimReminder(TEAM, key, EVAL_NOW), b.followups.store.claimReminder(TEAM, key, EVAL_NOW)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await within(1000, () => a.followups.store.sentReminders(TEAM, [W50.reportDate]).length === 1 && b.followups.store.sentReminders(TEAM, [W50.reportDate]).length === 1);
    expect(b.followups.store.sentReminders(TEAM, [W50.reportDate])).toEqual([key]);
  });
});

describe('zhoubao migrate --from-sqlite', () => {
  test('a SQLite install’s follow-up state comes across: settings, asked items and answers, where the report was posted', async () => {
    // One install, as it ran before the move: a team set up, an item asked, an answer given, a compiled report posted.
    const dataDir = tempDir('zhoubao-followups-sqlite-');
    dirs.push(dataDir);
    const config = loadConfig(ENV, { dataDir });
    const kb = await KnowledgeBase.open({ config, clock: () => EVAL_NOW, log: () => {} });
    const single = openFollowups(kb, config, () => EVAL_NOW);
    await single.teams.updateTeam(TEAM, { channel: 'C0PAY', admins: ['U_ADMIN'] });
    await single.teams.setWeekOff(TEAM, '2023-12-29', true, '年假');
    await submit(kb, 'U1', W49, U1_W49);
    const submission = await submit(kb, 'U1', W50, '## O1 业务交付\n- 收银台改版：开发中。');
    const followup = (await single.prompts.afterSubmission(submission.report.id))!;
    expect(followup.prompts).toHaveLength(2);
    await single.prompts.promptsPosted(followup.prompts, 'DU1', 'ts-submission', 'ts-prompt');
    await single.replies.readReply('DU1', 'ts-submission', 'U1', '1. 已于12/6上线', 'ts-reply');
    await single.compiler.saveCompiledPost(TEAM, W50.reportDate, 'C0PAY', '1701000000.000100');
    kb.close();

    const url = await postgres.server().createDatabase();
    const pool = new Pool({ connectionString: url });
    try {
      const summary = await copySqliteIntoPostgres(dataDir, pool);
      expect(summary.tables).toMatchObject({ teams: 1, team_weeks_off: 1, followup_prompts: 2, item_updates: 1, compiled_posts: 1 });
    } finally {
      await pool.end();
    }

    const b = await replica(url);
    expect(b.followups.teams.team(TEAM)).toMatchObject({ channel: 'C0PAY', admins: ['U_ADMIN'], weeksOff: ['2023-12-29'] });
    expect(b.followups.store.updatesOf(TEAM, W50.reportDate, 'U1').map((u) => u.line)).toEqual(['光大备份通道：已于12/6上线']);
    expect(b.followups.compiler.compiledPost(TEAM, W50.reportDate)).toEqual({ channel: 'C0PAY', messageTs: '1701000000.000100' });
    // The thread asked before the move still takes answers: the second item, answered on the replica.
    expect(b.followups.replies.previewReply('DU1', 'ts-submission', 'U1', '2. 联调完成，12/8提测')).toBe('answer');
    const outcome = await b.followups.replies.readReply('DU1', 'ts-submission', 'U1', '2. 联调完成，12/8提测', 'ts-reply-2');
    expect(outcome).toMatchObject({ kind: 'stored', updates: [{ line: expect.stringContaining('联调完成，12/8提测') }] });
    expect(b.followups.store.updatesOf(TEAM, W50.reportDate, 'U1')).toHaveLength(2);
  });
});
