/**
 * The one clock (kernel: imports nothing). Whatever needs "now" takes a `Clock`, injected from the
 * entry points (cli/main.ts, serve, the KnowledgeBase options), so tests and `--now` can fix the
 * date and nothing else in src/ reads the real clock. Measuring elapsed time (performance.now())
 * is not reading the calendar and does not go through here.
 */

/** The one clock type: every part that needs the time takes one of these, so tests can set it. */
export type Clock = () => Date;

/** The real clock. */
export const systemClock: Clock = () => new Date();

/** A clock stopped at one instant (`--now`, tests). Each call hands out a fresh Date. */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return () => new Date(ms);
}
