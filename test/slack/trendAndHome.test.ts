/**
 * Issue 14 in Slack over the real Bolt app and the Slack stand-in (data/samples loaded): a trend
 * question gets its line chart uploaded into the answer's thread, "本周有什么变化" is answered from
 * the week's changes, and App Home shows the viewer's team week.
 */
import { CHANNEL, mentionEvent, nextTs, startHarness, USER, type Harness } from './harness';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function waitFor<T>(read: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('健康分趋势: the answer with a sparkline, and a PNG chart of the same weeks in its thread', async () => {
  const event = mentionEvent(h, '健康分趋势');
  await h.sender.sendEvent(event);
  const answer = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === event.ts);
  expect(answer.body.text).toContain('第45周 633分');
  expect(answer.body.text).toContain('第49周 669分');
  expect(JSON.stringify(answer.body.blocks)).toContain('健康分 633分 ');

  const chart = await waitFor(() => h.fake.uploadedFiles().find((f) => f.threadTs === event.ts && f.channel === CHANNEL));
  expect(chart.title).toBe('支付中心 · 健康分（第45周–第49周）');
  expect(chart.content!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
});

test('a question that is not a trend uploads nothing', async () => {
  const before = h.fake.uploadedFiles().length;
  const event = mentionEvent(h, '光大备份通道什么时候上线');
  await h.sender.sendEvent(event);
  await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === event.ts);
  expect(h.fake.uploadedFiles()).toHaveLength(before);
});

test('支付中心第49周有什么变化 is answered from the week\'s changes, each line cited', async () => {
  const event = mentionEvent(h, '支付中心第49周相比上周有什么变化');
  await h.sender.sendEvent(event);
  const answer = await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === event.ts);
  expect(answer.body.text).toMatch(/^支付中心 第49周（12\/1）相比第48周：/);
  expect(answer.body.text).toMatch(/【[^】]+】.+ —— 支付中心 · 第49周 · 「/);
});

test('App Home: who submitted this week, and the team\'s latest changes (named by their week)', async () => {
  const report = ['## 本周工作', '- 对账补单工具：开发中，预计12/15提测。'].join('\n');
  const ts = nextTs();
  await h.sender.sendEvent({ type: 'message', channel: 'D0MEMBER01', user: USER, text: report, ts, event_ts: ts, channel_type: 'im' });
  await h.fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts);

  await h.sender.sendEvent({ type: 'app_home_opened', user: USER, channel: 'D0MEMBER01', tab: 'home', event_ts: nextTs() });
  const published = await h.fake.waitForCall('views.publish', (c) => c.body.user_id === USER);
  const text = JSON.stringify(published.body.view.blocks);
  expect(text).toContain(`已提交（1 人）：<@${USER}>`);
  expect(text).toContain('团队周报的变化');
  // Week 50 has one member's submission so far: not compared (the rest would look dropped);
  // the newest team report's week is shown, named as such.
  expect(text).toMatch(/支付中心 第49周（12\/1）相比第48周：/);
  expect(text).not.toContain('第50周（12/8）相比');
  expect(text).toMatch(/还有 \d+ 项：在频道里 @我 问「支付中心第49周有什么变化」/);
});
