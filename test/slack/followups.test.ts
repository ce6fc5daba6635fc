/**
 * Missing weekly items asked in threads, over the real Bolt app: a DM submission that leaves last
 * week's open items out gets a prompt in its thread mentioning the owner; the owner's reply there is
 * stored as the item's update (and answerable at once), not answered as a question; `/zhoubao
 * compile` posts the team's report and asks a member who has not submitted in its thread.
 */
import { serveChannelMembers, submit } from '../followup/support';
import { DM, dmEvent, nextTs, sectionText, startHarness, USER, type Harness } from './harness';

const TEAM_CHANNEL = 'C0TEAMCHAN';
const ADMIN = 'U0ADMIN001';
const MEMBER2 = 'U0MEMBER02';
const MEMBER3 = 'U0MEMBER03';
const LAST_WEEK = { weekLabel: '第48周', reportDate: '2023-12-01' };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ samples: false });
  serveChannelMembers(h.fake, { [TEAM_CHANNEL]: [USER, MEMBER2, MEMBER3] });
  h.fake.addUser({ id: ADMIN, name: 'admin', is_admin: true } as any);
  await submit(
    h.kb,
    USER,
    LAST_WEEK,
    '## O1 业务交付\n- 代扣通道冗余：光大备份通道已提测，计划12/6上线。\n- 退款链路改造：研发中，预计12/8提测。\n- 资金安全数据一致性：联调中，预计12/8提测。\n- 营销立减：已于11/30上线。',
  );
});
afterAll(() => h.close());

/** A reply in a DM thread from USER. */
function threadReply(text: string, threadTs: string) {
  return h.sender.sendEvent(dmEvent(h, text, { thread_ts: threadTs }));
}

const postsInThread = (channel: string, threadTs: string) => h.fake.posts().filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel && c.body.thread_ts === threadTs);

let submissionTs: string;

test('a submission that leaves open items out is asked about each, in its thread, mentioning the owner', async () => {
  const event = dmEvent(h, '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。\n- 收银台改版：开发中，预计12/20提测。');
  submissionTs = event.ts;
  await h.sender.sendEvent(event);
  const prompt = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === submissionTs && String(c.body.text).includes('想确认'));
  const text = sectionText(prompt.body.blocks);
  expect(text).toContain(`<@${USER}> 对照你之前的周报，有 2 项想确认一下：`);
  expect(text).toContain('1. 上周你提到「光大备份通道 计划12/6上线」，本周没有进展：已上线了吗？');
  expect(text).toContain('2. 上周你提到「退款链路改造 计划12/8提测」，本周没有进展：已提测了吗？');
  expect(text).not.toContain('营销立减'); // launched: nothing to ask
  expect(text).not.toContain('资金安全数据一致性'); // followed up this week
  // The receipt is there too, in the same thread.
  expect(postsInThread(DM, submissionTs).some((c) => String(c.body.text).includes('已收到'))).toBe(true);
});

test('an answer that does not say which item is meant gets told how to reply', async () => {
  await threadReply('搞定了', submissionTs);
  const reply = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === submissionTs && String(c.body.text).includes('请在回复前加上编号'));
  expect(reply.body.text).toContain('1. 上周你提到');
});

test('the owner’s reply in the thread is stored as the item’s update, not answered as a question', async () => {
  const before = h.fake.posts().length;
  await threadReply('1 上线了，12/6晚上切的流量\n2 推迟到12/13提测，等上游接口', submissionTs);
  const stored = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === submissionTs && String(c.body.text).includes('已记为本周进展'));
  expect(stored.body.text).toContain('光大备份通道：已上线了，12/6晚上切的流量');
  expect(stored.body.text).toContain('退款链路改造：推迟到12/13提测，等上游接口');
  await new Promise((r) => setTimeout(r, 100));
  // Exactly one message: the confirmation (no "没有找到…" answer to the reply as if it were a question).
  expect(h.fake.posts().slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
});

test('…and is answerable at once', async () => {
  await h.sender.sendEvent(dmEvent(h, '光大备份通道上线了吗'));
  const answer = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === DM && !c.body.thread_ts && String(c.body.text).includes('光大备份通道'));
  expect(answer.body.text).toMatch(/已上线/);
  await h.sender.sendEvent(dmEvent(h, '退款链路改造什么时候提测'));
  const when = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === DM && !c.body.thread_ts && String(c.body.text).includes('12/13'));
  expect(when.body.text).toContain('12/13');
});

test('a question asked in the follow-up thread is still answered', async () => {
  const ts = nextTs();
  await threadReply('资金安全数据一致性什么时候提测的？', submissionTs);
  const answer = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === submissionTs && String(c.body.text).includes('12/7'));
  expect(answer.body.text).toContain('12/7');
  expect(ts).toBeTruthy();
});

test('a redelivered submission event does not ask again', async () => {
  const before = h.fake.posts().filter((c) => String(c.body.text).includes('想确认')).length;
  const event = dmEvent(h, '## O1 业务交付\n- 收银台改版：开发中，预计12/20提测，进度20%。\n- 资金安全数据一致性：已于12/7提测。', { ts: submissionTs });
  const sent = await h.sender.sendEvent({ type: 'message', subtype: 'message_changed', channel: DM, channel_type: 'im', ts: nextTs(), message: { ...event, ts: submissionTs }, previous_message: { type: 'message', user: USER, ts: submissionTs } });
  await h.fake.waitForCall('chat.postMessage', (c) => String(c.body.text).includes('已按修改后的内容更新'));
  await h.sender.sendEnvelope(sent.envelope, { retryNum: 1 });
  await new Promise((r) => setTimeout(r, 150));
  expect(h.fake.posts().filter((c) => String(c.body.text).includes('想确认')).length).toBe(before);
});

test('a report submitted with the form is followed up in a new DM message, whose thread takes the answers', async () => {
  await submit(h.kb, MEMBER2, LAST_WEEK, '## O2 系统升级\n- POS终端申请：已提测，预计12/5上线。\n- 同城双活：演练方案评审中。');
  await h.sender.sendInteraction({
    type: 'view_submission',
    team: { id: h.fake.teamId, domain: 'fake-workspace' },
    user: { id: MEMBER2, username: 'm2', name: 'm2', team_id: h.fake.teamId },
    api_app_id: 'A0ZHOUBAO1',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.trigger`,
    view: {
      id: 'V0FOLLOWUP1',
      team_id: h.fake.teamId,
      type: 'modal',
      callback_id: 'submit_report',
      private_metadata: '',
      blocks: [],
      state: { values: { report: { text: { type: 'plain_text_input', value: '## O2 系统升级\n- 同城双活：演练方案评审通过，计划12/16演练。\n- POS APP与应用市场：已于12/5上线。' } } } },
      hash: '1701828000.abc',
      title: { type: 'plain_text', text: '提交周报' },
      root_view_id: 'V0FOLLOWUP1',
      app_id: 'A0ZHOUBAO1',
      bot_id: h.fake.botId,
    },
    response_urls: [],
  });
  const prompt = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'D0MEMBER02' && String(c.body.text).includes('想确认'));
  expect(prompt.body.thread_ts).toBeUndefined();
  expect(sectionText(prompt.body.blocks)).toContain('1. 上周你提到「POS终端申请 计划12/5上线」，本周没有进展：已上线了吗？');

  const ts = nextTs();
  h.fake.recordMessage('D0MEMBER02', { ts, user: MEMBER2, text: '已经上线了', thread_ts: prompt.response.ts });
  await h.sender.sendEvent({ type: 'message', channel: 'D0MEMBER02', channel_type: 'im', user: MEMBER2, text: '已经上线了', ts, thread_ts: prompt.response.ts, event_ts: ts, team: h.fake.teamId });
  const stored = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === prompt.response.ts && String(c.body.text).includes('已记为本周进展'));
  expect(stored.body.text).toContain('POS终端申请：已经上线了');
});

test('an owner’s answer that mentions the bot in a channel thread is read once, not answered as a question', async () => {
  // A prompt asked in a channel thread (as under a compiled report) for USER.
  const { teams, prompts } = h.followups;
  const team = teams.team('支付中心');
  const week = teams.weekNamed(team, '2023-12-08')!;
  const [prompt] = await prompts.claimMissingOwnerPrompts(team, week, {
    userId: USER,
    items: [
      {
        reason: 'not_mentioned',
        key: 'test-key',
        current: null,
        prompt: '上周你提到「跨境收款接口联调 计划12/29完成」，本周没有进展：现在进展如何？',
        previous: { text: '跨境收款接口联调，预计12/29完成', sectionPath: ['重点工作'], status: 'planned', dates: [], weekLabel: '第48周', reportDate: '2023-12-01' },
      },
    ],
  });
  const root = nextTs();
  prompts.promptsPosted([prompt], 'C0OTHERCH1', root, root);
  const ts = nextTs();
  const text = `<@${h.fake.botUserId}> 联调进度80%，月底前完成`;
  h.fake.recordMessage('C0OTHERCH1', { ts, user: USER, text, thread_ts: root });
  const base = { channel: 'C0OTHERCH1', user: USER, text, ts, thread_ts: root, event_ts: ts, team: h.fake.teamId };
  await h.sender.sendEvent({ type: 'app_mention', ...base });
  await h.sender.sendEvent({ type: 'message', channel_type: 'channel', ...base });
  await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === root && String(c.body.text).includes('跨境收款接口联调：联调进度80%，月底前完成'));
  await new Promise((r) => setTimeout(r, 150));
  expect(postsInThread('C0OTHERCH1', root)).toHaveLength(1);
});

test('/zhoubao compile posts the team report to the team channel and asks the member who has not submitted, in its thread', async () => {
  await h.sender.sendCommand({ command: '/zhoubao', text: 'team channel', user_id: ADMIN, channel_id: TEAM_CHANNEL, response_url: h.fake.responseUrl('c-team') });
  await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'c-team');
  await submit(h.kb, MEMBER3, LAST_WEEK, '## O2 系统升级\n- POS机具库存管理：开发完成，预计12/12提测。');
  await submit(h.kb, MEMBER2, { weekLabel: '第49周', reportDate: '2023-12-08' }, '## 【O2 系统升级】\n- POS APP与应用市场：已于12/5上线。');

  await h.sender.sendCommand({ command: '/zhoubao', text: 'compile', user_id: USER, channel_id: 'C0ELSEWHERE', response_url: h.fake.responseUrl('c-compile') });
  const confirmation = await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'c-compile');
  expect(confirmation.body.text).toContain('2 人提交');
  const report = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === TEAM_CHANNEL && String(c.body.text).includes('团队周报'));
  const body = sectionText(report.body.blocks);
  expect(body).toContain('*【O1 业务交付】*');
  expect(body).toContain('光大备份通道：已上线了'); // the owner's answer is part of their week
  expect(body).toContain('POS APP与应用市场：已于12/5上线');

  const ask = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === report.response.ts);
  expect(sectionText(ask.body.blocks)).toContain(`<@${MEMBER3}> 还没有收到你第49周的周报。`);
  expect(sectionText(ask.body.blocks)).toContain('上周你提到「POS机具库存管理 计划12/12提测」');

  // The missing member answers in the channel thread.
  const ts = nextTs();
  h.fake.recordMessage(TEAM_CHANNEL, { ts, user: MEMBER3, text: '已经提测了', thread_ts: report.response.ts });
  await h.sender.sendEvent({ type: 'message', channel: TEAM_CHANNEL, channel_type: 'channel', user: MEMBER3, text: '已经提测了', ts, thread_ts: report.response.ts, event_ts: ts, team: h.fake.teamId });
  await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === report.response.ts && String(c.body.text).includes('POS机具库存管理：已经提测了'));
  const updated = await h.fake.waitForCall('chat.update', (c) => c.body.ts === report.response.ts && JSON.stringify(c.body.blocks).includes('已经提测了'));
  expect(updated.body.channel).toBe(TEAM_CHANNEL);
});

test('/zhoubao team stalled N sets the team\'s stall threshold, shown in the settings; a bad value is explained', async () => {
  await h.sender.sendCommand({ command: '/zhoubao', text: 'team stalled 3', user_id: ADMIN, channel_id: TEAM_CHANNEL, response_url: h.fake.responseUrl('c-stalled') });
  const set = await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'c-stalled');
  expect(JSON.stringify(set.body)).toContain('连续 3 周没有新进展');
  await h.sender.sendCommand({ command: '/zhoubao', text: 'team stalled many', user_id: ADMIN, channel_id: TEAM_CHANNEL, response_url: h.fake.responseUrl('c-stalled-bad') });
  const bad = await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'c-stalled-bad');
  expect(JSON.stringify(bad.body)).toContain('1 到 12 之间的周数');
});
