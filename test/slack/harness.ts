/**
 * The real Bolt app in HTTP mode on a loopback port, talking to the Slack stand-in, over a
 * knowledge base in a temp dir (optionally loaded with data/samples). Tests drive it with signed
 * requests and assert on what the bot posted at the stand-in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogLevel, type Logger } from '@slack/bolt';
import { loadConfig, type Config } from '../../src/config';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/services/knowledgeBase';
import { openFollowups, type Followups } from '../../src/services/followups/index';
import { createSlackApp, EVENTS_PATH, type SlackAppHandle } from '../../src/slack/app';
import { FakeSlackApi, SlackRequestSender } from '../support/fakeSlackApi';
import { openWithSamples } from '../support/samplesOnce';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
/** Wednesday 2023-12-06 10:00 in Shanghai: the current report week is 第50周 (ends 2023-12-08). */
export const NOW = new Date('2023-12-06T02:00:00Z');
export const USER = 'U0MEMBER01';
export const CHANNEL = 'C0GENERAL1';
export const DM = 'D0MEMBER01';

export interface Harness {
  fake: FakeSlackApi;
  kb: KnowledgeBase;
  /** The app's own follow-ups (the same service its listeners use) */
  followups: Followups;
  slack: SlackAppHandle;
  sender: SlackRequestSender;
  config: Config;
  dataDir: string;
  /** Every line the app logged (already redacted) */
  logs: string[];
  /** Stop the app and the knowledge base, then open both again on the same data dir. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  samples?: boolean;
  logLevel?: string;
  now?: Date;
  /** Bounds of the answer queue (default: the app's) */
  workQueue?: { concurrency?: number; maxQueued?: number };
}

function captureLogger(lines: string[]): Logger {
  let level = LogLevel.DEBUG;
  const push = (...msg: unknown[]) => lines.push(msg.map(String).join(' '));
  return { debug: push, info: push, warn: push, error: push, setLevel: (l) => (level = l), getLevel: () => level, setName: () => {} };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeSlackApi.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-slack-'));
  const config = loadConfig(
    {
      ZHOUBAO_TEAM: '支付中心',
      ZHOUBAO_TZ: 'Asia/Shanghai',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: options.logLevel ?? 'info',
    },
    { dataDir },
  );
  const clock = () => options.now ?? NOW;
  const logs: string[] = [];
  const open = () => openKnowledgeBase({ dataDir, config, clock, log: () => {} });

  // The samples are ingested once per jest worker and copied (support/samplesOnce.ts), keyed by this
  // clock and the configuration, but for the data directory and the stand-in's address (new every
  // time; the knowledge base does not read the Slack settings).
  const samplesKey = `harness ${clock().toISOString()} ${JSON.stringify({ ...config, dataDir: undefined, slack: undefined })}`;
  let kb = (options.samples ?? true) ? await openWithSamples(dataDir, samplesKey, open) : await open();

  let followups: Followups;
  const startApp = async (k: KnowledgeBase) => {
    followups = openFollowups(k, config, clock);
    const slack = createSlackApp({ kb: k, followups, config, clock, logger: captureLogger(logs), workQueue: options.workQueue });
    const { port } = await slack.start(0, '127.0.0.1');
    const sender = new SlackRequestSender({
      url: `http://127.0.0.1:${port}${EVENTS_PATH}`,
      signingSecret: SIGNING_SECRET,
      ids: { teamId: fake.teamId, appId: 'A0ZHOUBAO1', botUserId: fake.botUserId },
    });
    return { slack, sender };
  };

  let { slack, sender } = await startApp(kb);
  const harness: Harness = {
    fake,
    get kb() {
      return kb;
    },
    get followups() {
      return followups;
    },
    get slack() {
      return slack;
    },
    get sender() {
      return sender;
    },
    config,
    dataDir,
    logs,
    async restart() {
      await slack.stop();
      kb.close();
      kb = await open();
      ({ slack, sender } = await startApp(kb));
    },
    async close() {
      await slack.stop();
      kb.close();
      await fake.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  } as Harness;
  return harness;
}

let tsCounter = 0;
/** A message ts like Slack's, unique within the test run. */
export function nextTs(): string {
  tsCounter += 1;
  return `1701828000.${String(100000 + tsCounter).padStart(6, '0')}`;
}

/** An app_mention event, recorded at the stand-in first (as Slack stores the message before sending the event). */
export function mentionEvent(h: Harness, text: string, options: { threadTs?: string; ts?: string; user?: string; channel?: string } = {}) {
  const ts = options.ts ?? nextTs();
  const channel = options.channel ?? CHANNEL;
  const user = options.user ?? USER;
  const fullText = `<@${h.fake.botUserId}> ${text}`;
  h.fake.recordMessage(channel, { ts, user, text: fullText, thread_ts: options.threadTs });
  return {
    type: 'app_mention',
    user,
    text: fullText,
    ts,
    channel,
    event_ts: ts,
    team: h.fake.teamId,
    client_msg_id: `msg-${ts}`,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
  };
}

/** A message.im event from USER. */
export function dmEvent(h: Harness, text: string, extra: Record<string, unknown> = {}) {
  const ts = (extra.ts as string) ?? nextTs();
  h.fake.recordMessage(DM, { ts, user: USER, text, thread_ts: extra.thread_ts as string | undefined });
  return { type: 'message', channel: DM, user: USER, text, ts, event_ts: ts, channel_type: 'im', team: h.fake.teamId, client_msg_id: `msg-${ts}`, ...extra };
}

/** Texts of the top-level sections of a posted message, joined. */
export function sectionText(blocks: any[] | undefined): string {
  return (blocks ?? [])
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '')
    .join('\n');
}

export function contextText(blocks: any[] | undefined): string {
  return (blocks ?? [])
    .filter((b) => b.type === 'context')
    .flatMap((b) => b.elements.map((e: any) => e.text))
    .join('\n');
}

export function buttons(blocks: any[] | undefined): any[] {
  return (blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []));
}

/** Polls `predicate` until it returns a truthy value (returned), or fails after `timeoutMs`. */
export async function waitUntil<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once the app has logged that it skipped an already handled event `eventId`. */
export function skippedEvent(h: Harness, eventId: string): Promise<string> {
  return waitUntil(() => h.logs.find((l) => l.includes(`already handled (event:${eventId})`)), 5000, `the skip of ${eventId}`);
}
