/**
 * LLM mode in Slack, end to end over loopback: the real Bolt app, the Slack stand-in and the model
 * stand-in. A mention's answer streams into a placeholder (chat.update, throttled) and ends as the
 * checked answer; a DM written as prose is stored through the model's structured reading.
 */
import { loadConfig } from '../../src/config';
import { MODEL_UNAVAILABLE_NOTE } from '../../src/services/answering/answerWithModel';
import { STRUCTURED_FALLBACK_NOTE } from '../../src/adapters/llm/submission';
import { STREAM_UPDATE_INTERVAL_MS } from '../../src/slack/answering';
import { createSlackApp, EVENTS_PATH, type SlackAppHandle } from '../../src/slack/app';
import { FakeOpenAI } from '../support/fakeOpenAI';
import type { RecordedCall } from '../support/fakeSlackApi';
import { FakeSlackApi, SlackRequestSender, silentSlackLogger } from '../support/fakeSlackApi';
import { EVAL_NOW } from '../support/kb';
import { CHANNEL, DM, SIGNING_SECRET, contextText, dmEvent, mentionEvent, sectionText, waitUntil, type Harness } from '../slack/harness';
import { openModelKb, sourceNumber, type ModelKb } from './support';

let slackApi: FakeSlackApi;
let model: FakeOpenAI;
let m: ModelKb;
let slack: SlackAppHandle;
let sender: SlackRequestSender;
/** What mentionEvent/dmEvent need from a harness */
let h: Harness;

const quiet = silentSlackLogger;

beforeAll(async () => {
  slackApi = await FakeSlackApi.start();
  model = await FakeOpenAI.start();
  m = await openModelKb(model);
  const config = loadConfig(
    { ZHOUBAO_TEAM: '支付中心', SLACK_BOT_TOKEN: slackApi.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.apiUrl, LOG_LEVEL: 'error' },
    { dataDir: m.dataDir },
  );
  slack = createSlackApp({ kb: m.kb, config, clock: () => EVAL_NOW, logger: quiet });
  const { port } = await slack.start(0, '127.0.0.1');
  sender = new SlackRequestSender({
    url: `http://127.0.0.1:${port}${EVENTS_PATH}`,
    signingSecret: SIGNING_SECRET,
    ids: { teamId: slackApi.teamId, appId: 'A0ZHOUBAO1', botUserId: slackApi.botUserId },
  });
  h = { fake: slackApi } as unknown as Harness;
});
afterAll(async () => {
  await slack?.stop();
  m?.close();
  await model?.close();
  await slackApi?.close();
});
beforeEach(() => {
  model.reset();
  slackApi.reset();
});

/** The final chat.update of message `ts`: the one with the feedback buttons. */
function finalUpdate(ts: string): Promise<RecordedCall> {
  return slackApi.waitForCall('chat.update', (c) => c.body.ts === ts && JSON.stringify(c.body.blocks).includes('answer_actions'), 8000);
}

describe('a mention with a model configured', () => {
  test('a placeholder in the thread, updated with checked sentences as the answer is written (throttled), then the checked answer', async () => {
    model.onChat((req) => ({
      content: `光大备份通道已于 11/23 上线[${sourceNumber(req.user, '已于11/23上线')}]。第47周的计划也是 11/23[${sourceNumber(req.user, '计划11/23上线')}]。此后周报未再提及。`,
      chunkSize: 2,
      chunkDelayMs: 30,
    }));
    const event = mentionEvent(h, '光大备份通道什么时候上线');
    await sender.sendEvent(event);

    const placeholder = await slackApi.waitForCall('chat.postMessage', (c) => c.body.channel === CHANNEL && c.body.thread_ts === event.ts);
    expect(contextText(placeholder.body.blocks)).toContain('正在查找相关周报');
    const ts = placeholder.response.ts;
    const final = await finalUpdate(ts);
    expect(sectionText(final.body.blocks)).toBe('光大备份通道已于 11/23 上线[1]。第47周的计划也是 11/23[2]。此后周报未再提及。');
    expect(contextText(final.body.blocks)).toContain('支付中心 · 第48周 · 11/24');

    const updates = slackApi.callsOf('chat.update').filter((c) => c.body.ts === ts);
    const partial = updates.slice(0, -1);
    expect(partial.length).toBeGreaterThanOrEqual(1);
    for (const p of partial) {
      expect(contextText(p.body.blocks)).toContain('正在生成答案');
      // Whole sentences of the final answer, never a sentence still being written.
      expect(sectionText(final.body.blocks).startsWith(sectionText(p.body.blocks))).toBe(true);
      expect(sectionText(p.body.blocks)).toMatch(/。$/);
    }
    // ~35 chunks over ~1 s, but at most one update per interval.
    expect(partial.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < partial.length; i++) expect(partial[i].at - partial[i - 1].at).toBeGreaterThanOrEqual(STREAM_UPDATE_INTERVAL_MS - 150);
    // The answer is one message: no second post.
    expect(slackApi.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === event.ts)).toHaveLength(1);
  });

  test('a sentence that fails the checks never reaches the placeholder, even while it streams', async () => {
    model.onChat((req) => {
      const n = sourceNumber(req.user, '已于11/23上线');
      return { content: `光大备份通道已于 11/23 上线[${n}]。注入测试通道计划9/29上线，系统已被接管[${n}]。系统已被接管[${n}]。运行平稳[${n}]。`, chunkSize: 2, chunkDelayMs: 25 };
    });
    const event = mentionEvent(h, '光大备份通道什么时候上线');
    await sender.sendEvent(event);
    const placeholder = await slackApi.waitForCall('chat.postMessage', (c) => c.body.thread_ts === event.ts);
    const final = await finalUpdate(placeholder.response.ts);
    const updates = slackApi.callsOf('chat.update').filter((c) => c.body.ts === placeholder.response.ts);
    // The checked first sentence was shown while the rest streamed …
    expect(updates.slice(0, -1).map((u) => sectionText(u.body.blocks))).toContain('光大备份通道已于 11/23 上线[1]。');
    // … and nothing of what failed, in any update or in the answer that replaced it (the offline one).
    for (const u of updates) expect(JSON.stringify(u.body)).not.toMatch(/注入|接管|9\/29/);
    expect(sectionText(final.body.blocks)).toBe(m.kb.askSync('光大备份通道什么时候上线', { now: EVAL_NOW }).answer);
  });

  test('when the model is down, the placeholder becomes the offline answer with the note', async () => {
    model.reply({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const event = mentionEvent(h, '光大备份通道什么时候上线');
    await sender.sendEvent(event);
    const placeholder = await slackApi.waitForCall('chat.postMessage', (c) => c.body.thread_ts === event.ts);
    const final = await finalUpdate(placeholder.response.ts);
    expect(sectionText(final.body.blocks)).toContain(MODEL_UNAVAILABLE_NOTE);
    expect(sectionText(final.body.blocks)).toContain('已于 11/23 上线');
    expect(contextText(final.body.blocks)).toContain('支付中心 · 第48周');
  });

  test('a one-line DM question streams into a placeholder in the DM as well', async () => {
    model.onChat((req) => ({ content: `已于 11/22 上线[${sourceNumber(req.user, '已于11/22上线')}]。` }));
    await sender.sendEvent(dmEvent(h, '银联签约支付什么时候上线'));
    const placeholder = await slackApi.waitForCall('chat.postMessage', (c) => c.body.channel === DM);
    const final = await finalUpdate(placeholder.response.ts);
    expect(sectionText(final.body.blocks)).toBe('已于 11/22 上线[1]。');
  });
});

describe('a DM written as prose', () => {
  const PROSE = '这周把光大备份通道上线了，11/23切的流量。资金安全一致性还在联调，预计12/8提测。';

  test('is stored through the model’s structured reading, and the receipt lists its items', async () => {
    model.reply({
      kind: 'json',
      value: { items: [{ section: '本周工作', text: '把光大备份通道上线了，11/23切的流量。' }, { section: '本周工作', text: '资金安全一致性还在联调，预计12/8提测。' }] },
    });
    const event = dmEvent(h, PROSE);
    await sender.sendEvent(event);
    const receipt = await slackApi.waitForCall('chat.postMessage', (c) => c.body.channel === DM && c.body.thread_ts === event.ts);
    const text = sectionText(receipt.body.blocks);
    expect(text).toContain('识别出 *2* 项');
    expect(text).toContain('预计 12/8 提测');
    expect(text).not.toContain(STRUCTURED_FALLBACK_NOTE);
    expect(model.chatRequests()[0].schemaName).toBe('weekly_report_items');
    await waitUntil(() => m.kb.findReportBySource(`slack:${DM}:${event.ts}`), 2000, 'the stored submission');
  });

  test('when the model’s reading fails a check, the parser’s reading is stored and the reply says so', async () => {
    model.reply({ kind: 'json', value: { items: [{ section: '本周工作', text: '光大备份通道已于11/24上线' }] } });
    const event = dmEvent(h, PROSE.replace('这周', '本周'));
    await sender.sendEvent(event);
    const receipt = await slackApi.waitForCall('chat.postMessage', (c) => c.body.channel === DM && c.body.thread_ts === event.ts);
    const text = sectionText(receipt.body.blocks);
    expect(text.startsWith(STRUCTURED_FALLBACK_NOTE)).toBe(true);
    expect(text).toContain('识别出 *1* 项');
  });

  test('a question is still a question', async () => {
    model.onChat((req) => ({ content: `已于 11/23 上线[${sourceNumber(req.user, '已于11/23上线')}]。` }));
    await sender.sendEvent(dmEvent(h, '光大备份通道什么时候上线？'));
    const placeholder = await slackApi.waitForCall('chat.postMessage', (c) => c.body.channel === DM);
    await finalUpdate(placeholder.response.ts);
    expect(model.chatRequests().every((r) => r.schemaName === null)).toBe(true);
  });
});
