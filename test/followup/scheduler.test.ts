import { ReminderScheduler } from '../../src/services/followups/scheduler';

afterEach(() => {
  jest.useRealTimers();
});

test('ticks once at start, at each trigger time in its zone, and on the catch-up interval; never after stop', async () => {
  jest.useFakeTimers({ now: new Date('2023-12-08T15:50:00+08:00') });
  const ticks: string[] = [];
  const scheduler = new ReminderScheduler({
    triggers: () => [{ pattern: '0 16 * * 5', timeZone: 'Asia/Shanghai' }],
    catchUpPattern: '7 * * * *',
    tick: async (now) => {
      ticks.push(now.toISOString());
    },
  });
  await scheduler.start();
  expect(scheduler.jobCount).toBe(2);
  await jest.advanceTimersByTimeAsync(41 * 60_000); // to 16:31
  await scheduler.stop();
  await jest.advanceTimersByTimeAsync(60 * 60_000);
  // 15:50 start; 16:00 the Friday cron in Shanghai; 16:07 the hourly catch-up. Nothing after stop.
  const times = ticks.map((t) => new Date(t).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai' }).slice(0, 5));
  expect(times).toEqual(['15:50', '16:00', '16:07']);
});

test('a failing tick is reported and does not stop the schedule; slow ticks never overlap or pile up', async () => {
  jest.useFakeTimers({ now: new Date('2023-12-08T07:59:00Z') });
  const errors: unknown[] = [];
  let running = 0;
  let overlapped = false;
  let calls = 0;
  const scheduler = new ReminderScheduler({
    triggers: () => [],
    catchUpPattern: '* * * * *',
    tick: async () => {
      calls++;
      running++;
      if (running > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 90_000)); // slower than the interval
      running--;
      if (calls === 1) throw new Error('slack down');
    },
    onError: (e) => errors.push(e),
  });
  void scheduler.start();
  await jest.advanceTimersByTimeAsync(5 * 60_000);
  const stopping = scheduler.stop();
  await jest.advanceTimersByTimeAsync(3 * 60_000); // the running tick finishes; stop waits for it
  await stopping;
  expect(errors).toHaveLength(1);
  // Five minutes of one-minute triggers with 90-second ticks: folded, not queued five deep.
  expect(calls).toBeGreaterThan(1);
  expect(calls).toBeLessThanOrEqual(4);
  expect(overlapped).toBe(false);
});
