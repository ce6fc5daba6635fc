/**
 * Whose team and which week a DM submission is filed under, over the real Bolt app: with two teams
 * configured, a member of the second team's channel reports for that team and anyone in no team for
 * the install's default team; a member in Los Angeles submitting on their Friday afternoon (already
 * Saturday in Shanghai) files it under that Friday's week.
 */
import { serveChannelMembers } from '../followup/support';
import { dmEvent, startHarness, waitUntil, type Harness } from './harness';

const ALPHA_CHANNEL = 'C0ALPHACH1';
const BETA_CHANNEL = 'C0BETACH01';
const ALPHA_MEMBER = 'U0ALPHA001';
const BETA_MEMBER = 'U0BETA0001';
const BOTH_MEMBER = 'U0BOTH0001';
const HAND_ADDED = 'U0HANDADD1';
const OUTSIDER = 'U0OUTSIDE1';
const REPORT = '## O1 业务交付\n- 收银台改版：开发中，预计12/20提测。';

/** A DM from `user` in their own DM channel. */
function dmFrom(h: Harness, user: string, text = REPORT) {
  return dmEvent(h, text, { user, channel: `D${user.slice(1)}` });
}

/** The report `user` submitted (waits until it is stored and the receipt is posted, so nothing is left running). */
async function reportOf(h: Harness, user: string) {
  await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === `D${user.slice(1)}` && String(c.body.text).includes('已收到'));
  return waitUntil(() => h.kb.listReports().find((r) => r.submittedBy === user), 5000, `a report by ${user}`);
}

describe('the team a submission belongs to', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ samples: false });
    serveChannelMembers(h.fake, { [ALPHA_CHANNEL]: [ALPHA_MEMBER, BOTH_MEMBER], [BETA_CHANNEL]: [BETA_MEMBER, BOTH_MEMBER] });
    const teams = h.followups.teams;
    teams.updateTeam('Alpha', { channel: ALPHA_CHANNEL });
    teams.updateTeam('Beta', { channel: BETA_CHANNEL });
    teams.setMembership('Beta', HAND_ADDED, 'included');
  });
  afterAll(() => h.close());

  test('a member of the second team’s channel reports for that team', async () => {
    await h.sender.sendEvent(dmFrom(h, BETA_MEMBER));
    expect((await reportOf(h, BETA_MEMBER)).team).toBe('Beta');
  });

  test('a member added to a team by hand reports for it', async () => {
    await h.sender.sendEvent(dmFrom(h, HAND_ADDED));
    expect((await reportOf(h, HAND_ADDED)).team).toBe('Beta');
  });

  test('a member of both teams reports for the first one, by name', async () => {
    await h.sender.sendEvent(dmFrom(h, BOTH_MEMBER));
    expect((await reportOf(h, BOTH_MEMBER)).team).toBe('Alpha');
  });

  test('someone in no team’s channel reports for the install’s default team', async () => {
    await h.sender.sendEvent(dmFrom(h, OUTSIDER));
    expect((await reportOf(h, OUTSIDER)).team).toBe(h.config.defaultTeam);
  });

  test('channel member lists are kept for a while, not read from Slack on every DM', async () => {
    const reads = () => h.fake.callsOf('conversations.members').filter((c) => c.body.channel === ALPHA_CHANNEL).length;
    const before = reads();
    expect(before).toBeGreaterThan(0);
    await h.sender.sendEvent(dmFrom(h, ALPHA_MEMBER));
    expect((await reportOf(h, ALPHA_MEMBER)).team).toBe('Alpha');
    expect(reads()).toBe(before);
  });
});

describe('the week a submission is filed under', () => {
  const LA_MEMBER = 'U0LOSANGE1';
  const SHANGHAI_MEMBER = 'U0SHANGHA1';
  let h: Harness;

  beforeAll(async () => {
    // Friday 2023-12-01 15:00 in Los Angeles = Saturday 2023-12-02 07:00 in Shanghai (the install's zone).
    h = await startHarness({ samples: false, now: new Date('2023-12-01T23:00:00Z') });
    h.fake.addUser({ id: LA_MEMBER, name: 'la', tz: 'America/Los_Angeles' });
    h.fake.addUser({ id: SHANGHAI_MEMBER, name: 'sh', tz: 'Asia/Shanghai' });
  });
  afterAll(() => h.close());

  test('a Los Angeles member’s Friday afternoon submission is filed under that Friday’s week', async () => {
    await h.sender.sendEvent(dmFrom(h, LA_MEMBER));
    expect((await reportOf(h, LA_MEMBER)).reportDate).toBe('2023-12-01');
  });

  test('at the same moment, a Shanghai member (already Saturday) files under the next week', async () => {
    await h.sender.sendEvent(dmFrom(h, SHANGHAI_MEMBER));
    expect((await reportOf(h, SHANGHAI_MEMBER)).reportDate).toBe('2023-12-08');
  });
});
