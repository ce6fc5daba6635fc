/**
 * The Slack app end to end over loopback: signed Events API requests in, Web API calls out at the
 * stand-in, the real knowledge base (data/samples) in between.
 */
import { CHANNEL, DM, USER, buttons, contextText, dmEvent, mentionEvent, nextTs, sectionText, skippedEvent, startHarness, waitUntil, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const answerIn = (channel: string, threadTs?: string) => (c: { body: Record<string, any> }) =>
  c.body.channel === channel && (threadTs === undefined ? c.body.thread_ts === undefined : c.body.thread_ts === threadTs);

describe('Events API', () => {
  test('answers the url_verification challenge', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c7x9-challenge', type: 'url_verification' });
    const res = await h.sender.post(body, 'application/json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c7x9-challenge' });
  });

  test('a mention is answered in a thread under it, with citations, original lines and feedback buttons', async () => {
    const event = mentionEvent(h, '光大备份通道什么时候上线');
    const res = await h.sender.sendEvent(event);
    expect(res.status).toBe(200);

    const post = await h.fake.waitForCall('chat.postMessage', answerIn(CHANNEL, event.ts));
    expect(post.body.text).toContain('11/23');
    expect(sectionText(post.body.blocks)).toContain('11/23');
    expect(sectionText(post.body.blocks)).not.toContain('<@');
    expect(contextText(post.body.blocks)).toMatch(/支付中心 · 第48周 · 11\/24 · O1 业务交付/);
    const ids = buttons(post.body.blocks).map((b) => b.action_id);
    expect(ids).toEqual(expect.arrayContaining(['show_source', 'feedback_up', 'feedback_down']));
    const source = JSON.parse(buttons(post.body.blocks).find((b) => b.action_id === 'show_source').value);
    expect(source.l[0].t).toContain('光大备份通道已于11/23上线');

    const reaction = await h.fake.waitForCall('reactions.add', (c) => c.body.timestamp === event.ts);
    expect(reaction.body.name).toBe('eyes');
  });

  test('a follow-up mention in the thread is read with the earlier question', async () => {
    const first = mentionEvent(h, '光大备份通道什么时候上线');
    await h.sender.sendEvent(first);
    await h.fake.waitForCall('chat.postMessage', answerIn(CHANNEL, first.ts));

    const followUp = mentionEvent(h, '那POS APP呢？', { threadTs: first.ts });
    await h.sender.sendEvent(followUp);
    const post = await h.fake.waitForCall('chat.postMessage', (c) => answerIn(CHANNEL, first.ts)(c) && /12\/5/.test(c.body.text));
    expect(post.body.text).toContain('12/5');
    expect(contextText(post.body.blocks)).toContain('POS收单系统建设');
    expect(h.fake.callsOf('conversations.replies').some((c) => c.body.ts === first.ts)).toBe(true);
  });

  test('a mention with nothing to find gets a short reply saying what to try', async () => {
    const event = mentionEvent(h, '火星基地的氧气循环系统什么时候验收');
    await h.sender.sendEvent(event);
    const post = await h.fake.waitForCall('chat.postMessage', answerIn(CHANNEL, event.ts));
    expect(post.body.text).toMatch(/没有|未找到/);
    expect(post.body.text).not.toMatch(/\d+\/\d+/);
    expect(contextText(post.body.blocks)).toContain('/zhoubao help');
  });

  test('a one-line DM is a question, answered in the DM', async () => {
    const event = dmEvent(h, '光大备份通道什么时候上线？');
    await h.sender.sendEvent(event);
    const post = await h.fake.waitForCall('chat.postMessage', answerIn(DM));
    expect(post.body.text).toContain('11/23');

    // Mentioning the bot in its own DM is fine too.
    await h.sender.sendEvent(dmEvent(h, `<@${h.fake.botUserId}> 银联签约支付什么时候上线`));
    const second = await h.fake.waitForCall('chat.postMessage', (c) => answerIn(DM)(c) && c.body.text.includes('11/22'));
    expect(second.body.text).toContain('上线');
  });

  test('a follow-up DM question is read with the previous one', async () => {
    const before = h.fake.calls.length;
    await h.sender.sendEvent(dmEvent(h, '光大备份通道什么时候上线'));
    await h.fake.waitForCall('chat.postMessage', (c) => h.fake.calls.indexOf(c) >= before && answerIn(DM)(c));
    const followUp = dmEvent(h, '那POS APP呢？');
    await h.sender.sendEvent(followUp);
    const post = await h.fake.waitForCall('chat.postMessage', (c) => answerIn(DM)(c) && c.body.text.includes('12/5'));
    expect(contextText(post.body.blocks)).toContain('POS收单系统建设');
  });

  test("the bot's own DM messages and other bots' messages are ignored", async () => {
    const before = h.fake.posts().length;
    const own = { type: 'message', channel: DM, user: h.fake.botUserId, bot_id: h.fake.botId, app_id: 'A0ZHOUBAO1', text: '光大备份通道什么时候上线', ts: nextTs(), channel_type: 'im' };
    const otherBot = { type: 'message', subtype: 'bot_message', channel: DM, bot_id: 'B0OTHER001', text: '光大备份通道什么时候上线', ts: nextTs(), channel_type: 'im' };
    const joined = { type: 'message', subtype: 'channel_join', channel: DM, user: USER, text: 'joined', ts: nextTs(), channel_type: 'im' };
    for (const e of [own, otherBot, joined]) expect((await h.sender.sendEvent(e)).status).toBe(200);
    // A question after them is answered; by then the three were dispatched and dropped.
    const marker = dmEvent(h, 'POS终端申请什么时候上线');
    await h.sender.sendEvent(marker);
    await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === DM && /11\/24/.test(c.body.text));
    expect(h.fake.posts().length).toBe(before + 1);
  });

  test('a multi-line DM is a submission: stored for the current week, confirmed in a thread, then answerable in a channel', async () => {
    const report = ['## O1 业务交付', '- 数字人民币钱包对接：已于12/5上线，首日开通钱包312个。', '- 海关跨境申报接口：已提测，预计12/12上线。'].join('\n');
    const event = dmEvent(h, report);
    await h.sender.sendEvent(event);

    const receipt = await h.fake.waitForCall('chat.postMessage', answerIn(DM, event.ts));
    const stored = h.kb.findReportBySource(`slack:${DM}:${event.ts}`);
    expect(stored).toMatchObject({ team: '支付中心', weekLabel: '第50周', reportDate: '2023-12-08', submittedBy: USER, itemCount: 2 });
    const receiptText = sectionText(receipt.body.blocks);
    expect(receiptText).toContain('第50周');
    expect(receiptText).toContain('2');
    expect(receiptText).toContain('O1 业务交付 › 数字人民币钱包对接');
    expect(receiptText).toMatch(/12\/5 上线 · 已上线/);
    expect(receiptText).toMatch(/预计 12\/12 上线/);
    expect(buttons(receipt.body.blocks).map((b) => b.action_id)).toEqual(['submission_undo', 'submission_replace']);

    const mention = mentionEvent(h, '数字人民币钱包什么时候上线');
    await h.sender.sendEvent(mention);
    const answer = await h.fake.waitForCall('chat.postMessage', answerIn(CHANNEL, mention.ts));
    expect(answer.body.text).toContain('12/5');
    expect(contextText(answer.body.blocks)).toContain('支付中心 · 第50周');
  });

  test('editing a submitted DM re-reads it; deleting it withdraws it', async () => {
    const ts = nextTs();
    const original = ['## 重点工作', '- 网联清算对账优化：开发中，预计12/15提测。', '- 商户风控模型升级：完成特征评审。'].join('\n');
    await h.sender.sendEvent(dmEvent(h, original, { ts }));
    await h.fake.waitForCall('chat.postMessage', answerIn(DM, ts));
    const first = h.kb.findReportBySource(`slack:${DM}:${ts}`)!;
    expect(first).not.toBeNull();

    const editedText = original.replace('预计12/15提测', '已于12/6提测');
    const changed = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: DM,
      channel_type: 'im',
      ts: nextTs(),
      event_ts: nextTs(),
      message: { type: 'message', user: USER, text: editedText, ts, edited: { user: USER, ts: nextTs() } },
      previous_message: { type: 'message', user: USER, text: original, ts },
    };
    await h.sender.sendEvent(changed);
    const update = await h.fake.waitForCall('chat.postMessage', (c) => answerIn(DM, ts)(c) && c.body.text.includes('已按修改后的内容更新'));
    expect(sectionText(update.body.blocks)).toMatch(/12\/6 提测/);
    expect(h.kb.findReportBySource(`slack:${DM}:${ts}`)?.version).toBe(first.version + 1);

    const deleted = {
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: DM,
      channel_type: 'im',
      ts: nextTs(),
      event_ts: nextTs(),
      deleted_ts: ts,
      previous_message: { type: 'message', user: USER, text: editedText, ts },
    };
    await h.sender.sendEvent(deleted);
    const withdrawn = await h.fake.waitForCall('chat.postMessage', (c) => answerIn(DM)(c) && c.body.text.includes('撤回'));
    expect(withdrawn.body.text).toContain('第50周');
    expect(h.kb.findReportBySource(`slack:${DM}:${ts}`)).toBeNull();
  });

  test('a shared .md file is a submission (details fetched with files.info, downloaded with the bot token)', async () => {
    const content = ['# 周报', '', '## O2 系统升级', '- 量子加密网关试点：已于12/4上线。', '- 灾备演练平台：预计12/20完成演练。'].join('\n');
    h.fake.addFile({ id: 'F0REPORTMD', name: 'weekly.md', mimetype: 'text/markdown', filetype: 'markdown', content });
    const ts = nextTs();
    const event = {
      type: 'message',
      subtype: 'file_share',
      text: '',
      files: [{ id: 'F0REPORTMD', mode: 'file_access', file_access: 'check_file_info', created: 0, timestamp: 0, user: '' }],
      upload: true,
      user: USER,
      display_as_bot: false,
      ts,
      channel: DM,
      event_ts: ts,
      channel_type: 'im',
    };
    await h.sender.sendEvent(event);
    const receipt = await h.fake.waitForCall('chat.postMessage', answerIn(DM, ts));
    expect(sectionText(receipt.body.blocks)).toContain('量子加密网关试点');
    expect(h.fake.callsOf('file_download').at(-1)?.body.authorized).toBe(true);
    expect(h.kb.findReportBySource(`slack:${DM}:${ts}`)).toMatchObject({ submittedBy: USER, itemCount: 2 });
  });

  test('a binary file is rejected with a reply and nothing is stored', async () => {
    const reports = h.kb.listReports().length;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(200, 7)]);
    const file = h.fake.addFile({ id: 'F0BINARY01', name: 'weekly.md', mimetype: 'text/markdown', filetype: 'markdown', content: png });
    const ts = nextTs();
    await h.sender.sendEvent({ type: 'message', subtype: 'file_share', text: '', files: [file], user: USER, ts, channel: DM, event_ts: ts, channel_type: 'im' });
    const reply = await h.fake.waitForCall('chat.postMessage', answerIn(DM, ts));
    expect(reply.body.text).toMatch(/二进制|无法读取/);
    expect(h.kb.listReports().length).toBe(reports);
    expect(h.kb.findReportBySource(`slack:${DM}:${ts}`)).toBeNull();
  });

  test('a file of another type is refused before downloading', async () => {
    const downloads = h.fake.callsOf('file_download').length;
    const file = h.fake.addFile({ id: 'F0XLSX0001', name: '周报.xlsx', mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filetype: 'xlsx', content: 'PK' });
    const ts = nextTs();
    await h.sender.sendEvent({ type: 'message', subtype: 'file_share', text: '', files: [file], user: USER, ts, channel: DM, event_ts: ts, channel_type: 'im' });
    const reply = await h.fake.waitForCall('chat.postMessage', answerIn(DM, ts));
    expect(reply.body.text).toContain('.md');
    expect(h.fake.callsOf('file_download').length).toBe(downloads);
  });

  test('an oversized message gets a clear reply and nothing is stored', async () => {
    const reports = h.kb.listReports().length;
    const huge = Array.from({ length: 2100 }, (_, i) => `- 事项${i}：推进中，预计12/${(i % 28) + 1}完成。`).join('\n');
    expect(huge.length).toBeGreaterThan(40_000);
    const event = dmEvent(h, huge);
    await h.sender.sendEvent(event);
    const reply = await h.fake.waitForCall('chat.postMessage', answerIn(DM, event.ts));
    expect(reply.body.text).toContain('太长');
    expect(h.kb.listReports().length).toBe(reports);
  });

  test('a redelivered event (same event_id) is answered once, also after a restart on the same data dir', async () => {
    const event = mentionEvent(h, '银联签约支付什么时候上线');
    const first = await h.sender.sendEvent(event);
    await h.fake.waitForCall('chat.postMessage', answerIn(CHANNEL, event.ts));
    const eventId = first.envelope.event_id as string;

    const retry = await h.sender.sendEnvelope(first.envelope, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await skippedEvent(h, eventId);

    await h.restart();
    const afterRestart = await h.sender.sendEnvelope(first.envelope, { retryNum: 2, retryReason: 'http_timeout' });
    expect(afterRestart.status).toBe(200);
    await waitUntil(() => h.logs.filter((l) => l.includes(`already handled (event:${eventId})`)).length === 2, 5000, 'the second skip');

    expect(h.fake.posts().filter(answerIn(CHANNEL, event.ts))).toHaveLength(1);
    // The restarted app still answers new events.
    const fresh = mentionEvent(h, '银联签约支付什么时候上线');
    await h.sender.sendEvent(fresh);
    await h.fake.waitForCall('chat.postMessage', answerIn(CHANNEL, fresh.ts));
  });

  test('a 429 from chat.postMessage is waited out (Retry-After) and the answer still arrives', async () => {
    h.fake.rateLimitNext('chat.postMessage', 1, 1);
    const event = mentionEvent(h, '光大备份通道什么时候上线');
    await h.sender.sendEvent(event);
    const post = await h.fake.waitForCall('chat.postMessage', answerIn(CHANNEL, event.ts), 10_000);
    const limited = h.fake.calls.find((c) => c.method === 'chat.postMessage' && c.status === 429 && c.body.thread_ts === event.ts);
    expect(limited).toBeDefined();
    expect(post.at - limited!.at).toBeGreaterThanOrEqual(950);
    expect(post.body.text).toContain('11/23');
    expect(h.fake.posts().filter(answerIn(CHANNEL, event.ts))).toHaveLength(1);
  });
});
