/**
 * The week's changes posted to a team channel through the Slack stand-in: one summary message, the
 * details in its thread, a PNG chart per moved metric (files.uploadV2) — and never twice, also after
 * a restart and with two processes sharing the store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { loadConfig, type Config } from '../../src/config';
import { openFollowups, type Followups } from '../../src/services/followups/index';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/services/knowledgeBase';
import { postChangesDigestOnce } from '../../src/slack/changesDigest';
import { publishCompiled } from '../../src/slack/followups/publish';
import type { SlackClient } from '../../src/slack/types';
import { FakeSlackApi } from '../support/fakeSlackApi';

const TEAM = '清算平台';
const CHANNEL = 'C0CLEARING';
const NOW = new Date('2023-12-01T11:00:00Z');

const WEEKS = [
  { week: 46, date: '2023-11-17', body: '## 本周工作\n- 差错处理自动化：联调中，预计11/22上线。\n- 对账文件压缩：方案评审中。\n## 运行数据\n- 清算准时率：97.1%' },
  { week: 47, date: '2023-11-24', body: '## 本周工作\n- 差错处理自动化：联调中，上线由11/22推迟至11/29，因银行测试环境不可用。\n- 对账文件压缩：方案评审中。\n## 运行数据\n- 清算准时率：98.4%' },
  { week: 48, date: '2023-12-01', body: '## 本周工作\n- 差错处理自动化：已于11/29上线。\n- 对账文件压缩：方案评审中。\n## 运行数据\n- 清算准时率：99.2%' },
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let fake: FakeSlackApi;
let dataDir: string;
let config: Config;
const opened: KnowledgeBase[] = [];

async function open(): Promise<{ kb: KnowledgeBase; service: Followups }> {
  const kb = await openKnowledgeBase({ dataDir, config, clock: () => NOW, log: () => {}, llm: null });
  opened.push(kb);
  return { kb, service: openFollowups(kb, config, () => NOW) };
}

function client(): SlackClient {
  return new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }) as unknown as SlackClient;
}

beforeEach(async () => {
  fake = await FakeSlackApi.start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-digest-'));
  config = loadConfig({ ZHOUBAO_TZ: 'Asia/Shanghai' }, { dataDir });
  const { kb } = await open();
  for (const w of WEEKS) await kb.ingestText(w.body, { team: TEAM, forceTeam: true, weekLabel: `第${w.week}周`, weekNumber: w.week, reportDate: w.date, source: `test:${w.week}` });
});

afterEach(async () => {
  for (const kb of opened.splice(0)) {
    try {
      kb.close();
    } catch {
      // already closed by the test
    }
  }
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('one summary in the channel, the cited details and a PNG chart of the moved metric in its thread', async () => {
  const { service } = await open();
  expect(await postChangesDigestOnce(client(), service, TEAM, '2023-12-01', CHANNEL)).toBe('posted');

  const posts = fake.callsOf('chat.postMessage');
  const summary = posts.find((p) => !p.body.thread_ts)!;
  expect(summary.body.channel).toBe(CHANNEL);
  expect(summary.body.text).toContain('清算平台 第48周（12/1）相比第47周：上线 1 项');
  const details = posts.filter((p) => p.body.thread_ts === summary.response.ts);
  expect(details).toHaveLength(1);
  const detailText = details[0].body.text as string;
  expect(detailText).toContain('【上线】差错处理自动化已于 11/29 上线 —— 清算平台 · 第48周 · 「差错处理自动化：已于11/29上线。」');
  expect(detailText).toMatch(/【指标变化】.*98\.4% → 99\.2% ↑/);

  const uploads = fake.uploadedFiles();
  expect(uploads).toHaveLength(1);
  const chart = uploads[0];
  expect(chart).toMatchObject({ channel: CHANNEL, threadTs: summary.response.ts });
  expect(chart.title).toContain('清算准时率');
  expect(chart.content!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(chart.content!.length).toBe(chart.length);
  // IHDR: the chart's width and height, big-endian, right after the signature.
  expect(chart.content!.readUInt32BE(16)).toBeGreaterThan(200);
  expect(chart.content!.readUInt32BE(20)).toBeGreaterThan(100);
});

test('posted once: not again in the same process, after a restart, or from a second process', async () => {
  const first = await open();
  expect(await postChangesDigestOnce(client(), first.service, TEAM, '2023-12-01', CHANNEL)).toBe('posted');
  expect(await postChangesDigestOnce(client(), first.service, TEAM, '2023-12-01', CHANNEL)).toBe('already-posted');
  for (const kb of opened.splice(0)) kb.close();

  const reopened = await open();
  expect(await postChangesDigestOnce(client(), reopened.service, TEAM, '2023-12-01', CHANNEL)).toBe('already-posted');
  expect(fake.callsOf('chat.postMessage').filter((p) => !p.body.thread_ts)).toHaveLength(1);
  expect(fake.uploadedFiles()).toHaveLength(1);

  // Two replicas racing for the week before: exactly one posts.
  const other = await open();
  const outcomes = await Promise.all([
    postChangesDigestOnce(client(), reopened.service, TEAM, '2023-11-24', CHANNEL),
    postChangesDigestOnce(client(), other.service, TEAM, '2023-11-24', CHANNEL),
  ]);
  expect(outcomes.sort()).toEqual(['already-posted', 'posted']);
  expect(fake.callsOf('chat.postMessage').filter((p) => !p.body.thread_ts)).toHaveLength(2);
});

test('a failed summary post gives the week back; a week with nothing to compare claims nothing', async () => {
  const { service } = await open();
  fake.failNext('chat.postMessage', 'channel_not_found');
  await expect(postChangesDigestOnce(client(), service, TEAM, '2023-12-01', CHANNEL)).rejects.toThrow(/channel_not_found/);
  expect(await postChangesDigestOnce(client(), service, TEAM, '2023-12-01', CHANNEL)).toBe('posted');
  expect(await postChangesDigestOnce(client(), service, TEAM, '2023-11-17', CHANNEL)).toBe('nothing-to-post');
  expect(service.store.changesDigestPost(TEAM, '2023-11-17')).toBeNull();
});

test('the compiled report, when posted, is followed by the week\'s changes — once, also when posted again', async () => {
  const { kb, service } = await open();
  const body = '## 本周工作\n- 差错处理自动化：已于12/6全量切换。\n- 对账文件压缩：开发中，预计12/20提测。\n## 运行数据\n- 清算准时率：98.9%';
  await kb.ingestText(body, { team: TEAM, forceTeam: true, weekLabel: '第49周', weekNumber: 49, reportDate: '2023-12-08', source: 'slack:dm:U0MEMBER01', submittedBy: 'U0MEMBER01' });
  const team = service.teams.team(TEAM);
  const week = { weekLabel: '第49周', weekNumber: 49, reportDate: '2023-12-08' };
  const compiled = await service.compiler.compile(team, week);
  expect(compiled.reportId).not.toBeNull();

  const compiledTs = await publishCompiled(client(), service, compiled, CHANNEL);
  const topLevel = () => fake.callsOf('chat.postMessage').filter((p) => !p.body.thread_ts);
  expect(topLevel().map((p) => p.response.ts)[0]).toBe(compiledTs);
  const digest = topLevel()[1];
  expect(digest.body.text).toContain('清算平台 第49周（12/8）相比第48周');
  const details = fake.callsOf('chat.postMessage').filter((p) => p.body.thread_ts === digest.response.ts);
  expect(details.map((p) => p.body.text).join('\n')).toMatch(/【指标变化】.*99\.2% → 98\.9% ↓/);

  // Published again (a second deadline run): the compiled message is updated, the digest not repeated.
  await publishCompiled(client(), service, await service.compiler.compile(team, week), CHANNEL);
  expect(topLevel()).toHaveLength(2);
});
