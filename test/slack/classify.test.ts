/** Classifying an incoming message once, at the edge: each kind of message becomes one plain request. */
import { classifyMessage, type ClassifyEnv, type IncomingMessage } from '../../src/slack/classify';
import type { ReplyPreview } from '../../src/services/followups/index';

const BOT = 'U0BOT00001';
const env = (overrides: Partial<ClassifyEnv> = {}): ClassifyEnv => ({ botUserId: BOT, modelAvailable: false, ...overrides });
const dm = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({ type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text, ts: '2.0', ...extra });
/** A follow-up store that asked U1 in thread 1.0 of D1 and reads every reply as `preview`. */
const askedIn = (preview: ReplyPreview) => (channel: string, threadTs: string, user: string) => (channel === 'D1' && threadTs === '1.0' && user === 'U1' ? preview : 'not_followup');

test('a one-line DM is a question; a multi-line DM with bullets is a report', () => {
  expect(classifyMessage(dm('光大备份通道什么时候上线'), env())).toMatchObject({ kind: 'question', place: 'dm', question: '光大备份通道什么时候上线' });
  expect(classifyMessage(dm('- 收银台改版：开发中\n- 对账：已完成'), env())).toMatchObject({ kind: 'report', text: '- 收银台改版：开发中\n- 对账：已完成', freeForm: false });
});

test('prose is a report only when a model reads it', () => {
  const prose = '本周完成了收银台改版的联调，预计12/20提测。对账文件压缩还在开发中，下周继续推进。';
  expect(classifyMessage(dm(prose), env({ modelAvailable: true }))).toMatchObject({ kind: 'report', freeForm: true });
  expect(classifyMessage(dm(prose), env())).toMatchObject({ kind: 'question' });
});

test('an answer in a thread that asked the owner is a follow-up reply, before it could be taken for a report or a question', () => {
  const reply = dm('1 上线了\n2 推迟', { ts: '3.0', thread_ts: '1.0' });
  expect(classifyMessage(reply, env({ previewReply: askedIn('answer') }))).toMatchObject({ kind: 'followupReply', channel: 'D1', threadTs: '1.0', ts: '3.0', acknowledgement: false });
  expect(classifyMessage(dm('收到', { ts: '3.1', thread_ts: '1.0' }), env({ previewReply: askedIn('acknowledgement') }))).toMatchObject({ kind: 'followupReply', acknowledgement: true });
  // A question in that thread is still a question; without follow-ups, nothing is a follow-up reply.
  expect(classifyMessage(dm('光大备份通道上线了吗？', { ts: '3.2', thread_ts: '1.0' }), env({ previewReply: askedIn('question') }))).toMatchObject({ kind: 'question', threadTs: '1.0' });
  expect(classifyMessage(reply, env())).toMatchObject({ kind: 'question' });
});

test('a mention is a question answered in its thread; in a follow-up thread, an answer; the bot’s own mention is ignored', () => {
  const mention: IncomingMessage = { type: 'app_mention', channel: 'C1', user: 'U1', text: `<@${BOT}> 退款链路什么时候提测`, ts: '5.0' };
  expect(classifyMessage(mention, env())).toMatchObject({ kind: 'question', place: 'mention', question: '退款链路什么时候提测', threadTs: undefined });
  const inThread = { ...mention, channel: 'D1', ts: '5.1', thread_ts: '1.0', text: `<@${BOT}> 联调进度80%` };
  expect(classifyMessage(inThread, env({ previewReply: askedIn('answer') }))).toMatchObject({ kind: 'followupReply', text: '联调进度80%' });
  expect(classifyMessage({ ...mention, user: BOT }, env())).toEqual({ kind: 'ignore' });
});

test('channel messages, bots, joins and empty DMs are ignored; edits, deletions, files and long texts have their own kinds', () => {
  expect(classifyMessage(dm('hello', { channel_type: 'channel', channel: 'C1' }), env())).toEqual({ kind: 'ignore' });
  expect(classifyMessage(dm('- a\n- b', { bot_id: 'B1' }), env())).toEqual({ kind: 'ignore' });
  expect(classifyMessage(dm('', { subtype: 'channel_join' }), env())).toEqual({ kind: 'ignore' });
  expect(classifyMessage(dm('   '), env())).toEqual({ kind: 'ignore' });
  const edited = dm('', { subtype: 'message_changed', message: dm('- a\n- b', { ts: '1.5' }) });
  expect(classifyMessage(edited, env())).toMatchObject({ kind: 'edit', ts: '1.5', user: 'U1', rawText: '- a\n- b' });
  const deleted = dm('', { subtype: 'message_deleted', deleted_ts: '1.5', previous_message: dm('- a\n- b', { ts: '1.5' }) });
  expect(classifyMessage(deleted, env())).toEqual({ kind: 'delete', channel: 'D1', deletedTs: '1.5' });
  expect(classifyMessage(dm('', { subtype: 'file_share', files: [{ id: 'F1', name: 'a.md' }] }), env())).toMatchObject({ kind: 'reportFile', files: [{ id: 'F1' }] });
  expect(classifyMessage(dm('字'.repeat(40_001)), env())).toMatchObject({ kind: 'tooLong', replyTs: '2.0', length: 40_001 });
});
