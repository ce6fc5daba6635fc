/**
 * `zhoubao remind [--now]` (one reminder run, for an external cron) and `zhoubao export`, run
 * in-process against a temp data dir and the Slack stand-in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { FakeSlackApi } from '../support/fakeSlackApi';
import { SAMPLES, tempDir } from '../support/kb';
import { serveChannelMembers, submit } from './support';
import { runCli } from '../support/cli';

let fake: FakeSlackApi;
let dataDir: string;
const savedEnv = { ...process.env };

const run = (args: string[]) => runCli(args, dataDir);

beforeAll(async () => {
  fake = await FakeSlackApi.start();
  serveChannelMembers(fake, { C0TEAM: ['U1', 'U2'] });
  dataDir = tempDir('zhoubao-remind-');
  Object.assign(process.env, {
    ZHOUBAO_TEAM: '支付中心',
    ZHOUBAO_TEAM_CHANNEL: 'C0TEAM',
    ZHOUBAO_TZ: 'Asia/Shanghai',
    ZHOUBAO_REMINDER_CRON: '0 16 * * 5',
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_API_URL: fake.apiUrl,
    OPENAI_API_KEY: '',
    ZHOUBAO_DATA_DIR: '',
  });
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('zhoubao remind', () => {
  test('before the reminder time it sends nothing', async () => {
    const r = await run(['remind', '--now', '2023-12-08T15:30:00+08:00']);
    expect(r).toMatchObject({ code: 0, stdout: '现在没有要发送的提醒。\n' });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  test('at the reminder time it DMs each member once; run again, it sends nothing more', async () => {
    const first = await run(['remind', '--now', '2023-12-08T16:05:00+08:00']);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual(['支付中心 第49周 first → U1', '支付中心 第49周 first → U2']);
    expect(fake.callsOf('chat.postMessage').map((c) => c.body.channel)).toEqual(['D1', 'D2']);
    const again = await run(['remind', '--now', '2023-12-08T16:05:00+08:00', '--json']);
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(2);
  });

  test('a run at the deadline catches up the nudge nobody ran at 18:00 and posts the summary in the team channel', async () => {
    const r = await run(['remind', '--now', '2023-12-08T19:00:00+08:00', '--json']);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { team: '支付中心', week: '第49周', reportDate: '2023-12-08', stage: 'nudge', user: 'U1' },
      { team: '支付中心', week: '第49周', reportDate: '2023-12-08', stage: 'nudge', user: 'U2' },
      { team: '支付中心', week: '第49周', reportDate: '2023-12-08', stage: 'deadline', user: null },
    ]);
    const summary = fake.callsOf('chat.postMessage').find((c) => c.body.channel === 'C0TEAM');
    expect(summary?.body.text).toContain('未提交（2）');
  });

  test('without a bot token it says what is missing', async () => {
    process.env.SLACK_BOT_TOKEN = '';
    try {
      const r = await run(['remind']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('SLACK_BOT_TOKEN');
    } finally {
      process.env.SLACK_BOT_TOKEN = fake.botToken;
    }
  });
});

describe('zhoubao export', () => {
  test('prints a stored team report as written', async () => {
    await run(['ingest', path.join(SAMPLES, '支付中心-第48周-2023-11-24.md')]);
    const r = await run(['export', '--team', '支付中心', '--week', '第48周', '--now', '2023-12-06T10:00:00+08:00']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(path.join(SAMPLES, '支付中心-第48周-2023-11-24.md'), 'utf8'));
  });

  test('a week number names the stored week with that number, whatever the clock says', async () => {
    await run(['ingest', path.join(SAMPLES, '支付中心-第47周-2023-11-17.md')]);
    const r = await run(['export', '--team', '支付中心', '--week', '第47周', '--now', '2026-11-27T10:00:00+08:00']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# 支付中心 第47周 2023-11-17');
  });

  test('compiles a week from the members’ submissions when no team report is stored', async () => {
    const kb = await KnowledgeBase.open({ config: loadConfig(process.env, { dataDir }), log: () => {} });
    try {
      await submit(kb, 'U1', { weekLabel: '第50周', reportDate: '2023-12-08' }, '## O1 业务交付\n- 收银台改版：开发中，预计12/20提测。');
    } finally {
      kb.close();
    }
    const r = await run(['export', '--week', '2023-12-08']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# 支付中心 第50周 2023-12-08');
    expect(r.stdout).toMatch(/## 【O1 业务交付】\n\n- 收银台改版：开发中，预计12\/20提测。/);
  });

  test('a week with nothing stored is an error that says so', async () => {
    const r = await run(['export', '--week', '2023-06-02']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('没有 支付中心 2023-06-02 的周报');
  });
});
