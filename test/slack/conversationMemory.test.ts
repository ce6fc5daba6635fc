/** The short-lived memory of a conversation's questions (outside threads, or when Slack's history cannot be read). */
import { ConversationMemory } from '../../src/slack/threadContext';

const start = new Date('2023-11-24T10:00:00+08:00');
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

test('a new question keeps the conversation alive; reading it does not', () => {
  let now = start;
  const memory = new ConversationMemory({ clock: () => now, ttlMs: 30 * 60_000 });
  memory.remember('dm', '光大备份通道什么时候上线');
  now = minutes(20);
  memory.remember('dm', '那POS APP呢');
  now = minutes(45);
  expect(memory.recent('dm')).toEqual(['光大备份通道什么时候上线', '那POS APP呢']);
  now = minutes(49);
  expect(memory.recent('dm')).toEqual(['光大备份通道什么时候上线', '那POS APP呢']);
  now = minutes(51);
  expect(memory.recent('dm')).toEqual([]);
});

test('only the last five questions are passed on, and the oldest conversation goes first when full', () => {
  const memory = new ConversationMemory({ maxConversations: 2 });
  for (let i = 1; i <= 7; i++) memory.remember('a', `问题${i}`);
  expect(memory.recent('a')).toEqual(['问题3', '问题4', '问题5', '问题6', '问题7']);
  memory.remember('b', '第二个会话');
  memory.remember('c', '第三个会话');
  expect(memory.recent('a')).toEqual([]);
  expect(memory.recent('b')).toEqual(['第二个会话']);
  expect(memory.recent('c')).toEqual(['第三个会话']);
});
