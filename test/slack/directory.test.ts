/**
 * The member directory over the Web API (slack/followups/directory.ts): profiles and channel member
 * lists are kept for a while, but a lookup that failed is never kept — the next call asks again.
 */
import { CachedChannelDirectory, CHANNEL_MEMBERS_TTL_MS, PROFILE_TTL_MS, SlackDirectory } from '../../src/slack/followups/directory';
import type { MemberDirectory } from '../../src/services/followups/index';
import type { SlackClient } from '../../src/slack/types';

/** A Web API client whose users.info fails `failures` times, then answers. */
function usersClient(failures: number) {
  const calls: string[] = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.push(user);
        if (calls.length <= failures) throw new Error('ratelimited');
        return { ok: true, user: { id: user, name: 'member', tz: 'Asia/Shanghai' } };
      },
    },
  } as unknown as SlackClient;
  return { client, calls };
}

test('a failed users.info is not kept: the next lookup asks Slack again and finds the member', async () => {
  const { client, calls } = usersClient(1);
  const directory = new SlackDirectory(client);
  expect(await directory.userInfo('U1')).toBeNull();
  expect(await directory.userInfo('U1')).toMatchObject({ id: 'U1', isBot: false, timeZone: 'Asia/Shanghai' });
  expect(calls).toEqual(['U1', 'U1']);
  expect(directory.timeZones).toEqual(new Set(['Asia/Shanghai']));
});

test('a profile found is kept for hours, then read again', async () => {
  let now = new Date('2023-12-08T08:00:00Z');
  const { client, calls } = usersClient(0);
  const directory = new SlackDirectory(client, () => now);
  await directory.userInfo('U1');
  now = new Date(now.getTime() + PROFILE_TTL_MS - 1000);
  await directory.userInfo('U1');
  expect(calls).toHaveLength(1);
  now = new Date(now.getTime() + 2000);
  await directory.userInfo('U1');
  expect(calls).toHaveLength(2);
});

test('channel member lists are kept for minutes; a failed read is not kept', async () => {
  let now = new Date('2023-12-08T08:00:00Z');
  let reads = 0;
  let failing = true;
  const inner: MemberDirectory = {
    channelMembers: async () => {
      reads += 1;
      if (failing) throw new Error('channel_not_found');
      return ['U1', 'U2'];
    },
    userInfo: async () => null,
  };
  const directory = new CachedChannelDirectory(inner, CHANNEL_MEMBERS_TTL_MS, () => now);
  await expect(directory.channelMembers('C1')).rejects.toThrow('channel_not_found');
  failing = false;
  expect(await directory.channelMembers('C1')).toEqual(['U1', 'U2']);
  expect(await directory.channelMembers('C1')).toEqual(['U1', 'U2']);
  expect(reads).toBe(2);
  now = new Date(now.getTime() + CHANNEL_MEMBERS_TTL_MS + 1000);
  await directory.channelMembers('C1');
  expect(reads).toBe(3);
});
