import { dueReminders, latestOccurrenceInWeek, scheduleTriggers, type DueReminder, type SentReminder, type Submission } from '../../src/domain/followup/schedule';
import { defaultTeam, derivedSchedule, type Member, type Team } from '../../src/domain/followup/team';

function team(overrides: Partial<Team> = {}): Team {
  return { ...defaultTeam('支付中心'), channel: 'C0TEAM', ...overrides };
}

function member(userId: string, extra: Partial<Member> = {}): Member {
  return { userId, awayWeeks: [], ...extra };
}

const at = (iso: string) => new Date(iso);
const memberStages = (due: DueReminder[]) => due.filter((d) => d.stage !== 'deadline').map((d) => `${d.userId}:${d.stage}`);

describe('the default schedule', () => {
  test('first reminder Friday 16:00, a nudge at 18:00 and the deadline at 19:00', () => {
    expect(team().schedule).toEqual({ first: '0 16 * * 5', nudge: '0 18 * * 5', deadline: '0 19 * * 5' });
  });

  test('a first reminder too late in the day gets no nudge and a deadline at the end of that day', () => {
    expect(derivedSchedule('30 22 * * 5')).toEqual({ first: '30 22 * * 5', nudge: null, deadline: '59 23 * * 5' });
  });
});

describe('dueReminders: local time', () => {
  const members = [member('U_SH'), member('U_LA', { timeZone: 'America/Los_Angeles' })];

  test('a Shanghai member is reminded at 16:00 Shanghai time on Friday, not a minute before', () => {
    expect(memberStages(dueReminders(at('2023-12-08T15:59:00+08:00'), team(), members, []))).toEqual([]);
    const due = dueReminders(at('2023-12-08T16:00:00+08:00'), team(), members, []);
    expect(memberStages(due)).toEqual(['U_SH:first']);
    expect(due[0]).toMatchObject({ week: { reportDate: '2023-12-08' }, timeZone: 'Asia/Shanghai' });
  });

  test('a member in Los Angeles is reminded at 16:00 their Friday, for the same report week', () => {
    // 16:00 Friday in Shanghai is midnight in Los Angeles: not yet.
    expect(memberStages(dueReminders(at('2023-12-08T08:00:00Z'), team(), members, [{ week: '2023-12-08', userId: 'U_SH', stage: 'first' }]))).toEqual([]);
    const due = dueReminders(at('2023-12-09T00:00:00Z'), team({ schedule: { first: '0 16 * * 5', nudge: null, deadline: null } }), members, [
      { week: '2023-12-08', userId: 'U_SH', stage: 'first' },
    ]);
    expect(due).toEqual([expect.objectContaining({ userId: 'U_LA', stage: 'first', week: expect.objectContaining({ reportDate: '2023-12-08' }) })]);
    expect(due[0].scheduledFor.toISOString()).toBe('2023-12-09T00:00:00.000Z');
  });

  test('daylight saving time moves the UTC time of a New York reminder; Shanghai (no DST) stays put', () => {
    const ny = [member('U_NY', { timeZone: 'America/New_York' })];
    const t = team({ schedule: { first: '0 16 * * 5', nudge: null, deadline: null } });
    // 2023-11-03 is still EDT (UTC-4); 2023-11-10 is EST (UTC-5).
    expect(latestOccurrenceInWeek('0 16 * * 5', 'America/New_York', at('2023-11-04T00:00:00Z'), { reportDate: '2023-11-03' })?.toISOString()).toBe('2023-11-03T20:00:00.000Z');
    expect(memberStages(dueReminders(at('2023-11-10T20:30:00Z'), t, ny, []))).toEqual([]);
    expect(memberStages(dueReminders(at('2023-11-10T21:00:00Z'), t, ny, []))).toEqual(['U_NY:first']);
    expect(latestOccurrenceInWeek('0 16 * * 5', 'Asia/Shanghai', at('2023-11-11T00:00:00Z'), { reportDate: '2023-11-10' })?.toISOString()).toBe('2023-11-10T08:00:00.000Z');
  });
});

describe('dueReminders: once per stage, catching up after downtime', () => {
  const members = [member('U1'), member('U2')];

  test('ticking every 15 minutes through a Friday sends each stage exactly once', () => {
    const sent: SentReminder[] = [];
    const log: string[] = [];
    for (let t = Date.parse('2023-12-08T00:00:00+08:00'); t <= Date.parse('2023-12-09T02:00:00+08:00'); t += 15 * 60_000) {
      for (const d of dueReminders(new Date(t), team(), members, sent)) {
        sent.push({ week: d.week.reportDate, userId: d.userId, stage: d.stage });
        log.push(`${new Date(t).toISOString().slice(11, 16)} ${d.stage}${d.userId ? ' ' + d.userId : ''}`);
      }
    }
    expect(log).toEqual(['08:00 first U1', '08:00 first U2', '10:00 nudge U1', '10:00 nudge U2', '11:00 deadline']);
  });

  test('a reminder missed while the bot was down is sent at the first tick after, once', () => {
    const due = dueReminders(at('2023-12-08T17:10:00+08:00'), team(), [member('U1')], []);
    expect(memberStages(due)).toEqual(['U1:first']);
    expect(due[0].scheduledFor.toISOString()).toBe('2023-12-08T08:00:00.000Z');
    expect(dueReminders(at('2023-12-08T17:25:00+08:00'), team(), [member('U1')], [{ week: '2023-12-08', userId: 'U1', stage: 'first' }])).toEqual([]);
  });

  test('after missing both the first reminder and the nudge, a member gets one message (the nudge), not two', () => {
    const due = dueReminders(at('2023-12-08T18:40:00+08:00'), team(), [member('U1')], []);
    expect(memberStages(due)).toEqual(['U1:nudge']);
    // And the first reminder is not sent after the nudge was.
    expect(memberStages(dueReminders(at('2023-12-08T18:45:00+08:00'), team(), [member('U1')], [{ week: '2023-12-08', userId: 'U1', stage: 'nudge' }]))).toEqual([]);
  });

  test('nothing is caught up once the week is over (a Saturday start does not remind about last week)', () => {
    expect(dueReminders(at('2023-12-09T10:00:00+08:00'), team(), [member('U1')], [])).toEqual([]);
  });
});

describe('dueReminders: who is reminded', () => {
  test('members who submitted, members away this week and everyone in a week off are not reminded', () => {
    const members = [member('U1'), member('U2', { awayWeeks: ['2023-12-08'] }), member('U3'), member('U4', { awayWeeks: ['2023-12-15'] })];
    const submitted: Submission[] = [{ userId: 'U3', week: '2023-12-08' }, { userId: 'U1', week: '2023-12-01' }];
    const now = at('2023-12-08T16:00:00+08:00');
    expect(memberStages(dueReminders(now, team(), members, [], submitted))).toEqual(['U1:first', 'U4:first']);
    expect(dueReminders(now, team({ weeksOff: ['2023-12-08'] }), members, [], submitted)).toEqual([]);
  });

  test('the deadline summary lists who submitted, who is missing and who is away', () => {
    const members = [member('U1'), member('U2', { awayWeeks: ['2023-12-08'] }), member('U3')];
    const due = dueReminders(at('2023-12-08T19:00:00+08:00'), team(), members, [], [{ userId: 'U3', week: '2023-12-08' }]);
    expect(due.find((d) => d.stage === 'deadline')).toMatchObject({ submitted: ['U3'], missing: ['U1'], away: ['U2'], userId: '' });
  });

  test('no deadline summary without a team channel', () => {
    expect(dueReminders(at('2023-12-08T19:00:00+08:00'), team({ channel: null }), [], [])).toEqual([]);
  });

  test('a week-off is skipped also for the deadline, and the week numbering follows the team anchor', () => {
    const t = team({ weekAnchor: { weekNumber: 47, reportDate: '2023-11-17' } });
    const due = dueReminders(at('2023-12-08T19:00:00+08:00'), t, [member('U1')], [{ week: '2023-12-08', userId: 'U1', stage: 'nudge' }]);
    expect(due).toEqual([expect.objectContaining({ stage: 'deadline', week: { weekLabel: '第50周', weekNumber: 50, reportDate: '2023-12-08' } })]);
  });
});

test('the scheduler fires at each stage in the team zone and the first/nudge in every member zone', () => {
  const triggers = scheduleTriggers(team(), ['America/Los_Angeles', 'Asia/Shanghai']);
  expect(triggers).toEqual(
    expect.arrayContaining([
      { pattern: '0 16 * * 5', timeZone: 'Asia/Shanghai' },
      { pattern: '0 16 * * 5', timeZone: 'America/Los_Angeles' },
      { pattern: '0 18 * * 5', timeZone: 'America/Los_Angeles' },
      { pattern: '0 19 * * 5', timeZone: 'Asia/Shanghai' },
    ]),
  );
  expect(triggers).not.toContainEqual({ pattern: '0 19 * * 5', timeZone: 'America/Los_Angeles' });
  expect(triggers).toHaveLength(5);
});
