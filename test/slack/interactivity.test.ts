/** Slash command, buttons, the submit modal and App Home, end to end over loopback. */
import { CHANNEL, USER, buttons, contextText, mentionEvent, nextTs, sectionText, startHarness, waitUntil, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

function command(text: string, responseId = `cmd-${nextTs()}`) {
  return h.sender.sendCommand({ command: '/zhoubao', text, user_id: USER, channel_id: CHANNEL, response_url: h.fake.responseUrl(responseId) });
}

/** A block_actions payload for clicking `button` on a message the bot posted. */
function click(button: Record<string, any>, message: { ts: string; channel: string; text?: string; blocks?: unknown[] }, responseId = `act-${nextTs()}`) {
  return h.sender.sendInteraction({
    type: 'block_actions',
    user: { id: USER, username: 'member', name: 'member', team_id: h.fake.teamId },
    api_app_id: 'A0ZHOUBAO1',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.trigger`,
    team: { id: h.fake.teamId, domain: 'fake-workspace' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: 'general' },
    message: { type: 'message', user: h.fake.botUserId, bot_id: h.fake.botId, ts: message.ts, text: message.text ?? '', blocks: message.blocks ?? [] },
    state: { values: {} },
    response_url: h.fake.responseUrl(responseId),
    actions: [{ ...button, block_id: 'b1', type: 'button', action_ts: `${Date.now() / 1000}` }],
  });
}

function viewSubmission(text: string, viewId: string) {
  return h.sender.sendInteraction({
    type: 'view_submission',
    team: { id: h.fake.teamId, domain: 'fake-workspace' },
    user: { id: USER, username: 'member', name: 'member', team_id: h.fake.teamId },
    api_app_id: 'A0ZHOUBAO1',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.trigger`,
    view: {
      id: viewId,
      team_id: h.fake.teamId,
      type: 'modal',
      callback_id: 'submit_report',
      private_metadata: '',
      blocks: [],
      state: { values: { report: { text: { type: 'plain_text_input', value: text } } } },
      hash: '1701828000.abc',
      title: { type: 'plain_text', text: '提交周报' },
      root_view_id: viewId,
      previous_view_id: null,
      app_id: 'A0ZHOUBAO1',
      bot_id: h.fake.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

async function askByMention(question: string) {
  const event = mentionEvent(h, question);
  await h.sender.sendEvent(event);
  const post = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === event.ts);
  return { ...post, ts: post.response.ts as string, event };
}

describe('/zhoubao', () => {
  test('help answers in the acknowledgement', async () => {
    const res = await command('help');
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('/zhoubao submit');
    expect(body.text).toContain('/zhoubao status');
  });

  test('an unknown sub-command gets the help text, naming what was not understood', async () => {
    const body = JSON.parse((await command('周报统计')).body);
    expect(body.text).toContain('未知的子命令「周报统计」');
    expect(body.text).toContain('/zhoubao ask');
  });

  test('an unknown sub-command is repeated back as typed: it cannot format the reply or mention anyone', async () => {
    // Slack sends the command text with &, < and > escaped.
    const body = JSON.parse((await command('*粗体*&lt;@U0OTHER01&gt;&amp;')).body);
    const [lead] = body.blocks;
    expect(lead.text).toEqual({ type: 'plain_text', text: '未知的子命令「*粗体*<@U0OTHER01>&」。', emoji: false });
    // The notification text has it escaped, so no mention is made there either.
    expect(body.text).toContain('未知的子命令「*粗体*&lt;@U0OTHER01&gt;&amp;」');
    expect(body.text).not.toContain('<@U0OTHER01>');
  });

  test('ask acknowledges at once and answers at the response_url', async () => {
    const res = await command('ask 光大备份通道什么时候上线', 'ask-1');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const reply = await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'ask-1');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toContain('11/23');
    expect(contextText(reply.body.blocks)).toContain('支付中心 · 第48周');
  });

  test('status says who has submitted this week', async () => {
    await command('status', 'status-1');
    const reply = await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'status-1');
    expect(reply.body.text).toContain('第50周');
    expect(reply.body.text).toContain('还没有人提交');
  });

  test('submit opens the modal; the submitted form is stored, confirmed by DM, and then answerable', async () => {
    const trigger = `${Date.now()}.submit-trigger`;
    await h.sender.sendCommand({ command: '/zhoubao', text: 'submit', user_id: USER, channel_id: CHANNEL, response_url: h.fake.responseUrl('submit-1'), trigger_id: trigger });
    const opened = await h.fake.waitForCall('views.open', (c) => c.body.trigger_id === trigger);
    expect(opened.body.view.callback_id).toBe('submit_report');
    expect(JSON.stringify(opened.body.view.blocks)).toContain('第50周');
    expect(opened.body.view.blocks.some((b: any) => b.type === 'input' && b.element.type === 'plain_text_input' && b.element.multiline)).toBe(true);

    const report = ['## O1 业务交付', '- 跨境人民币结算通道：已于12/4上线，首日结算金额约300万元。', '- 商户分账2.0：已提测，预计12/18上线。'].join('\n');
    const res = await viewSubmission(report, 'V0SUBMIT001');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');

    const receipt = await h.fake.waitForCall('chat.postMessage', (c) => /^D/.test(c.body.channel) && c.body.text.includes('已收到'));
    expect(h.fake.callsOf('conversations.open').at(-1)?.body.users).toBe(USER);
    expect(sectionText(receipt.body.blocks)).toContain('跨境人民币结算通道');
    expect(h.kb.findReportBySource('slack:modal:V0SUBMIT001')).toMatchObject({ team: '支付中心', weekLabel: '第50周', submittedBy: USER, itemCount: 2 });

    const answer = await askByMention('跨境人民币结算通道什么时候上线');
    expect(answer.body.text).toContain('12/4');

    await command('status', 'status-2');
    const status = await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'status-2');
    expect(sectionText(status.body.blocks)).toContain(`<@${USER}>`);
  });

  test('an empty form is refused in place', async () => {
    const res = await viewSubmission('   ', 'V0SUBMIT002');
    expect(JSON.parse(res.body)).toEqual({ response_action: 'errors', errors: { report: expect.stringContaining('周报') } });
    expect(h.kb.findReportBySource('slack:modal:V0SUBMIT002')).toBeNull();
  });

  test('a form that is not a report is answered with the reason by DM, nothing stored', async () => {
    const reports = h.kb.listReports().length;
    await viewSubmission('## 本周工作\n\n### 下周计划', 'V0SUBMIT003');
    const reply = await h.fake.waitForCall('chat.postMessage', (c) => /^D/.test(c.body.channel) && c.body.text.includes('没能把这条消息读成周报'));
    expect(reply.body.text).toMatch(/条目|周报/);
    expect(h.kb.listReports().length).toBe(reports);
  });
});

describe('buttons', () => {
  test('👍 stores feedback with the question, answer and citations; a double click counts once', async () => {
    const answer = await askByMention('光大备份通道什么时候上线');
    const up = buttons(answer.body.blocks).find((b) => b.action_id === 'feedback_up');
    const message = { ts: answer.ts, channel: CHANNEL, text: answer.body.text, blocks: answer.body.blocks };

    const res = await click(up, message, 'fb-1');
    expect(res.status).toBe(200);
    const thanks = await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'fb-1');
    expect(thanks.body.text).toContain('谢谢');
    const stored = h.kb.listFeedback().filter((f) => f.question === '光大备份通道什么时候上线');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ verdict: 'up', userId: USER });
    expect(stored[0].answer).toContain('11/23');

    await click(up, message, 'fb-2');
    await h.fake.waitForCall('response_url', (c) => c.body.response_url_id === 'fb-2');
    expect(h.kb.listFeedback().filter((f) => f.question === '光大备份通道什么时候上线')).toHaveLength(1);
  });

  test('查看原文 opens a modal with the cited original lines', async () => {
    const answer = await askByMention('光大备份通道什么时候上线');
    const show = buttons(answer.body.blocks).find((b) => b.action_id === 'show_source');
    await click(show, { ts: answer.ts, channel: CHANNEL });
    const opened = await h.fake.waitForCall('views.open', (c) => c.body.view?.callback_id === 'source_lines');
    const text = JSON.stringify(opened.body.view.blocks);
    expect(text).toContain('光大备份通道已于11/23上线');
    expect(text).toContain('支付中心 · 第48周 · 11/24 · O1 业务交付');
  });

  test('撤销 under a receipt deletes the report and says so in place; 替换 opens the form', async () => {
    const report = ['## O3 稳定安全', '- 密钥轮换自动化：已于12/5上线。', '- 证书到期巡检：预计12/15上线。'].join('\n');
    const ts = nextTs();
    await h.sender.sendEvent({ type: 'message', channel: 'D0MEMBER01', user: USER, text: report, ts, event_ts: ts, channel_type: 'im' });
    const receipt = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);
    const stored = h.kb.findReportBySource(`slack:D0MEMBER01:${ts}`)!;
    const [undo, replace] = buttons(receipt.body.blocks);
    expect(undo.value).toBe(String(stored.id));

    await click(replace, { ts: receipt.response.ts, channel: 'D0MEMBER01' });
    const form = await h.fake.waitForCall('views.open', (c) => c.body.view?.title?.text === '替换周报');
    expect(JSON.stringify(form.body.view.blocks)).toContain('替换本周已提交的周报');

    await click(undo, { ts: receipt.response.ts, channel: 'D0MEMBER01' });
    const updated = await h.fake.waitForCall('chat.update', (c) => c.body.ts === receipt.response.ts);
    expect(updated.body.text).toContain('已撤销');
    expect(h.kb.listReports().some((r) => r.id === stored.id)).toBe(false);
  });
});

describe('App Home', () => {
  test('app_home_opened publishes the viewer week, their open items and a submit button', async () => {
    const report = ['## O2 系统升级', '- 清分引擎重构：开发中，预计12/20提测。'].join('\n');
    const ts = nextTs();
    await h.sender.sendEvent({ type: 'message', channel: 'D0MEMBER01', user: USER, text: report, ts, event_ts: ts, channel_type: 'im' });
    await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);

    await h.sender.sendEvent({ type: 'app_home_opened', user: USER, channel: 'D0MEMBER01', tab: 'home', event_ts: nextTs() });
    const published = await h.fake.waitForCall('views.publish', (c) => c.body.user_id === USER);
    expect(published.body.view.type).toBe('home');
    const text = JSON.stringify(published.body.view.blocks);
    expect(text).toContain('第50周');
    expect(text).toContain('你已提交本周周报');
    expect(text).toContain('清分引擎重构');
    expect(buttons(published.body.view.blocks).map((b) => b.action_id)).toContain('open_submit_modal');
  });

  test('the messages tab opening does not publish', async () => {
    const publishes = h.fake.callsOf('views.publish').length;
    await h.sender.sendEvent({ type: 'app_home_opened', user: USER, channel: 'D0MEMBER01', tab: 'messages', event_ts: nextTs() });
    await h.sender.sendEvent({ type: 'app_home_opened', user: 'U0OTHER001', channel: 'D0OTHER001', tab: 'home', event_ts: nextTs() });
    await waitUntil(() => h.fake.callsOf('views.publish').some((c) => c.body.user_id === 'U0OTHER001'));
    expect(h.fake.callsOf('views.publish').length).toBe(publishes + 1);
  });
});
