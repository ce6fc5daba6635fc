/**
 * Friday reminders over the real Bolt app and the Slack stand-in: a team configured with
 * `/zhoubao team`, members from the channel (bots left out), DMs with a submit button at 16:00 in
 * each member's zone, exactly once (also after a restart), and the deadline summary in the channel.
 */
import { SlackDirectory } from '../../src/slack/followups/directory';
import { runReminderTick } from '../../src/slack/followups/reminders';
import { serveChannelMembers } from '../followup/support';
import { dmEvent, startHarness, USER, type Harness } from './harness';

const TEAM_CHANNEL = 'C0TEAMCHAN';
const ADMIN = 'U0ADMIN001';
const MEMBER2 = 'U0MEMBER02';
const LA = 'U0MEMBERLA';
const BOT = 'U0SOMEBOT1';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ samples: false });
  serveChannelMembers(h.fake, { [TEAM_CHANNEL]: [USER, MEMBER2, LA, BOT] });
  h.fake.addUser({ id: ADMIN, name: 'admin', is_admin: true } as any);
  h.fake.addUser({ id: BOT, name: 'somebot', is_bot: true } as any);
  h.fake.addUser({ id: LA, name: 'la', tz: 'America/Los_Angeles' });
});
afterAll(() => h.close());

async function command(text: string, user: string, responseId: string) {
  await h.sender.sendCommand({ command: '/zhoubao', text, user_id: user, channel_id: TEAM_CHANNEL, response_url: h.fake.responseUrl(responseId) });
  return h.fake.waitForCall('response_url', (c) => c.body.response_url_id === responseId);
}

/** One reminder run at `iso`, as the schedule (or `zhoubao remind --now`) does it. */
function tick(iso: string) {
  return runReminderTick(h.slack.app.client, h.followups, new SlackDirectory(h.slack.app.client), new Date(iso)); // the app's own follow-ups
}

const dmsTo = (user: string) => h.fake.callsOf('conversations.open').filter((c) => c.body.users === user);
const postsIn = (channel: string) => h.fake.posts().filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);

test('only a team admin may configure the team; the channel becomes the team channel', async () => {
  const refused = await command('team channel', USER, 'team-1');
  expect(refused.body.text).toContain('只有团队「支付中心」的管理员可以修改设置');
  const done = await command('team channel', ADMIN, 'team-2');
  expect(done.body.response_type).toBe('ephemeral');
  expect(JSON.stringify(done.body.blocks)).toContain(`<#${TEAM_CHANNEL}>`);
  const show = await command('team', USER, 'team-3');
  expect(JSON.stringify(show.body.blocks)).toContain('0 16 * * 5');
  // The /zhoubao listener did not also answer "unknown sub-command".
  expect(h.fake.callsOf('response_url').filter((c) => String(c.body.text ?? '').includes('未知的子命令'))).toEqual([]);
});

test('Friday 16:00 Shanghai: each member who has not submitted gets one DM with a submit button; bots are left out', async () => {
  await tick('2023-12-08T15:59:00+08:00');
  expect(dmsTo(USER)).toHaveLength(0);
  await tick('2023-12-08T16:00:00+08:00');
  const dm = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'D0MEMBER01' && String(c.body.text).includes('周报提醒'));
  expect(dm.body.text).toContain('支付中心 第49周（截至 12/8）');
  expect(dm.body.text).toContain('12/8 19:00 截止');
  const button = dm.body.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.type === 'button');
  expect(button).toMatchObject({ action_id: 'open_submit_modal', text: { text: '提交周报' } });
  expect(dmsTo(MEMBER2)).toHaveLength(1);
  expect(dmsTo(BOT)).toHaveLength(0);
  expect(dmsTo(LA)).toHaveLength(0); // 00:00 in Los Angeles
});

test('the reminder’s button opens the submit form', async () => {
  const dm = h.fake.posts().find((c) => c.body.channel === 'D0MEMBER01' && String(c.body.text).includes('周报提醒'))!;
  const button = dm.body.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.type === 'button');
  const trigger = `${Date.now()}.remind-trigger`;
  await h.sender.sendInteraction({
    type: 'block_actions',
    user: { id: USER, username: 'member', name: 'member', team_id: h.fake.teamId },
    api_app_id: 'A0ZHOUBAO1',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: dm.response.ts, channel_id: 'D0MEMBER01', is_ephemeral: false },
    trigger_id: trigger,
    team: { id: h.fake.teamId, domain: 'fake-workspace' },
    channel: { id: 'D0MEMBER01', name: 'directmessage' },
    message: { type: 'message', user: h.fake.botUserId, ts: dm.response.ts, text: dm.body.text, blocks: dm.body.blocks },
    response_url: h.fake.responseUrl('remind-click'),
    actions: [{ ...button, block_id: 'reminder_actions', action_ts: `${Date.now() / 1000}` }],
  });
  const opened = await h.fake.waitForCall('views.open', (c) => c.body.trigger_id === trigger);
  expect(opened.body.view.callback_id).toBe('submit_report');
});

test('ticks later in the hour, and after a restart, send nothing again', async () => {
  const before = dmsTo(USER).length + dmsTo(MEMBER2).length;
  await tick('2023-12-08T16:15:00+08:00');
  await h.restart();
  await tick('2023-12-08T16:30:00+08:00');
  expect(dmsTo(USER).length + dmsTo(MEMBER2).length).toBe(before);
});

test('a member who submitted is not nudged; the deadline summary says who submitted and who is missing', async () => {
  await h.sender.sendEvent(dmEvent(h, '## O1 业务交付\n- 收银台改版：开发中，预计12/20提测。\n- 资金安全数据一致性：已于12/7提测。'));
  await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'D0MEMBER01' && String(c.body.text).includes('已收到'));
  await tick('2023-12-08T18:00:00+08:00');
  await h.fake.waitForCall('chat.postMessage', (c) => String(c.body.text).includes('再提醒一次') && c.body.channel === 'D0MEMBER02');
  expect(h.fake.posts().filter((c) => c.body.channel === 'D0MEMBER01' && String(c.body.text).includes('再提醒一次'))).toEqual([]);

  await tick('2023-12-08T19:00:00+08:00');
  const summary = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === TEAM_CHANNEL && String(c.body.text).includes('已截止'));
  const text = JSON.stringify(summary.body.blocks);
  expect(text).toContain(`已提交（1）：<@${USER}>`);
  expect(text).toContain(`未提交（2）：<@${MEMBER2}> <@${LA}>`);
  expect(text).not.toContain(BOT);
  await tick('2023-12-08T19:15:00+08:00');
  expect(postsIn(TEAM_CHANNEL).filter((c) => String(c.body.text).includes('已截止'))).toHaveLength(1);
});

test('a member in Los Angeles is reminded at 16:00 on their own Friday', async () => {
  await tick('2023-12-09T00:00:00Z');
  expect(dmsTo(LA)).toHaveLength(1);
  const dm = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'D0MEMBERLA');
  expect(dm.body.text).toContain('截至 12/8');
});

test('a member marked away and a week off get no reminders', async () => {
  await command(`team away <@${MEMBER2}|m2> 下周`, ADMIN, 'away-1');
  await command('team off 2023-12-22 年会', ADMIN, 'off-1');
  const settings = await command('team', ADMIN, 'show-2');
  expect(JSON.stringify(settings.body.blocks)).toContain('休假周：12/22');
  await tick('2023-12-15T16:00:00+08:00');
  expect(dmsTo(MEMBER2)).toHaveLength(2); // 第49周's first reminder and nudge only
  expect(dmsTo(USER).length).toBeGreaterThan(1);
  const before = h.fake.callsOf('conversations.open').length;
  await tick('2023-12-22T16:00:00+08:00');
  await tick('2023-12-22T19:00:00+08:00');
  expect(h.fake.callsOf('conversations.open').length).toBe(before);
});
