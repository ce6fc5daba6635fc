/** Shared pieces of the follow-up tests: a directory and a sender that record, member submissions, channel members at the stand-in. */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import type { DueDeadline, DueMemberReminder } from '../../src/domain/followup/schedule';
import type { DirectoryUser, MemberDirectory, ReminderSender, SentMessage } from '../../src/services/followups/index';
import type { Team } from '../../src/domain/followup/team';
import type { FakeSlackApi } from '../support/fakeSlackApi';

export class FakeDirectory implements MemberDirectory {
  constructor(
    readonly channels: Record<string, string[]> = {},
    readonly users: Record<string, Partial<DirectoryUser>> = {},
  ) {}

  async channelMembers(channel: string): Promise<string[]> {
    return this.channels[channel] ?? [];
  }

  async userInfo(userId: string): Promise<DirectoryUser | null> {
    const u = this.users[userId] ?? {};
    return { id: userId, isBot: false, isAdmin: false, timeZone: 'Asia/Shanghai', ...u };
  }
}

export class RecordingSender implements ReminderSender {
  readonly sent: string[] = [];
  failNext = 0;

  async remindMember(r: DueMemberReminder, _team: Team): Promise<SentMessage> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('channel_not_found');
    }
    this.sent.push(`${r.stage} ${r.userId} ${r.week.reportDate}`);
    return { channel: `D${r.userId}`, ts: String(this.sent.length) };
  }

  async deadline(r: DueDeadline, _team: Team): Promise<SentMessage> {
    this.sent.push(`deadline ${r.week.reportDate} submitted=${r.submitted.join(',')} missing=${r.missing.join(',')} away=${r.away.join(',')}`);
    return { channel: 'C0TEAM', ts: String(this.sent.length) };
  }
}

/** A member's DM-style submission for the week ending `reportDate`. */
export function submit(kb: KnowledgeBase, userId: string, week: { weekLabel: string; reportDate: string }, body: string, source = `slack:D${userId}:${week.reportDate}`) {
  return kb.ingestText(body, {
    source,
    team: '支付中心',
    forceTeam: true,
    submittedBy: userId,
    weekLabel: week.weekLabel,
    weekNumber: Number(/\d+/.exec(week.weekLabel)![0]),
    reportDate: week.reportDate,
  });
}

/**
 * The Slack stand-in does not know conversations.members; the follow-up tests need a channel's
 * members, so answer that method here (the rest goes to the stand-in as before).
 */
export function serveChannelMembers(fake: FakeSlackApi, channels: Record<string, string[]>): void {
  const stand = fake as unknown as { answer(method: string, body: Record<string, any>): Record<string, any> };
  const original = stand.answer.bind(fake);
  stand.answer = (method, body) =>
    method === 'conversations.members'
      ? channels[String(body.channel)]
        ? { ok: true, members: channels[String(body.channel)], response_metadata: { next_cursor: '' } }
        : { ok: false, error: 'channel_not_found' }
      : original(method, body);
}
