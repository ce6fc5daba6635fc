/**
 * The app's services are given to it, not looked up: a knowledge base that is not the SQLite one (a
 * stand-in, a wrapper) no longer switches the follow-ups off. Over the real Bolt app and the Slack
 * stand-in, with follow-ups passed explicitly: `/zhoubao team` shows the team's settings, and a DM
 * submission that leaves last week's open item out is asked about it in its thread.
 */
import fs from 'node:fs';
import { LogLevel, type Logger } from '@slack/bolt';
import { loadConfig } from '../../src/config';
import { openFollowups } from '../../src/services/followups/index';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import type { KnowledgeBaseApi } from '../../src/services/knowledgeBaseTypes';
import { EVENTS_PATH, createSlackApp, type SlackAppHandle } from '../../src/slack/app';
import { FakeSlackApi, SlackRequestSender } from '../support/fakeSlackApi';
import { tempDir } from '../support/kb';
import { submit } from '../followup/support';
import { SIGNING_SECRET, sectionText } from './harness';

const NOW = new Date('2023-12-06T02:00:00Z');
const USER = 'U0MEMBER01';
const DM = 'D0MEMBER01';

/** Every method of the contract, forwarded: an object that is not a KnowledgeBase. */
function standInFor(kb: KnowledgeBase): KnowledgeBaseApi {
  return {
    ingestText: (text, options) => kb.ingestText(text, options),
    ingestFile: (file, options) => kb.ingestFile(file, options),
    ask: (question, context) => kb.ask(question, context),
    llmEnabled: () => false,
    listReports: (filter) => kb.listReports(filter),
    deleteReport: (id) => kb.deleteReport(id),
    teams: () => kb.teams(),
    currentWeek: (team, now, timeZone) => kb.currentWeek(team, now, timeZone),
    findReportBySource: (source) => kb.findReportBySource(source),
    openItemsFor: (user) => kb.openItemsFor(user),
    claimEvent: (key) => kb.claimEvent(key),
    recordFeedback: (feedback) => kb.recordFeedback(feedback),
    listFeedback: () => kb.listFeedback(),
    reindex: () => kb.reindex(),
    close: () => kb.close(),
  };
}

let fake: FakeSlackApi;
let kb: KnowledgeBase;
let slack: SlackAppHandle;
let sender: SlackRequestSender;
let dataDir: string;
const logs: string[] = [];

beforeAll(async () => {
  fake = await FakeSlackApi.start();
  dataDir = tempDir('zhoubao-standin-');
  const config = loadConfig(
    { ZHOUBAO_TEAM: '支付中心', ZHOUBAO_TZ: 'Asia/Shanghai', SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'info' },
    { dataDir },
  );
  kb = await KnowledgeBase.open({ config, clock: () => NOW, log: () => {} });
  await submit(kb, USER, { weekLabel: '第49周', reportDate: '2023-12-01' }, '## O1 业务交付\n- 代扣通道冗余：光大备份通道已提测，计划12/6上线。\n- 营销立减：已于11/30上线。');
  const push = (...m: unknown[]) => logs.push(m.map(String).join(' '));
  const logger: Logger = { debug: push, info: push, warn: push, error: push, setLevel() {}, getLevel: () => LogLevel.INFO, setName() {} };
  const standIn = standInFor(kb);
  expect(standIn).not.toBeInstanceOf(KnowledgeBase);
  slack = createSlackApp({ kb: standIn, followups: openFollowups(kb, config, () => NOW), config, clock: () => NOW, logger });
  const { port } = await slack.start(0, '127.0.0.1');
  sender = new SlackRequestSender({ url: `http://127.0.0.1:${port}${EVENTS_PATH}`, signingSecret: SIGNING_SECRET, ids: { teamId: fake.teamId, appId: 'A0ZHOUBAO1', botUserId: fake.botUserId } });
});

afterAll(async () => {
  await slack.stop();
  kb.close();
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('/zhoubao team shows the team’s settings (not “unknown sub-command”)', async () => {
  await sender.sendCommand({ command: '/zhoubao', text: 'team', user_id: USER, channel_id: 'C0GENERAL1', response_url: fake.responseUrl('team') });
  const reply = await fake.waitForCall('response_url', (c) => c.body.response_url_id === 'team');
  expect(JSON.stringify(reply.body.blocks)).toContain('0 16 * * 5');
  expect(JSON.stringify(reply.body)).not.toContain('未知的子命令');
  expect(logs.join('\n')).not.toContain('follow-ups are off');
});

test('a DM submission that leaves an open item out is asked about it in its thread', async () => {
  const ts = '1701828000.900001';
  const text = '## O1 业务交付\n- 资金安全数据一致性：已于12/7提测。\n- 收银台改版：开发中，预计12/20提测。';
  fake.recordMessage(DM, { ts, user: USER, text });
  await sender.sendEvent({ type: 'message', channel: DM, channel_type: 'im', user: USER, text, ts, event_ts: ts, team: fake.teamId });
  const prompt = await fake.waitForCall('chat.postMessage', (c) => c.body.thread_ts === ts && String(c.body.text).includes('想确认'));
  expect(sectionText(prompt.body.blocks)).toContain('上周你提到「光大备份通道 计划12/6上线」，本周没有进展：已上线了吗？');
});
