/**
 * Follow-ups in the Slack app: the middleware (team settings, thread answers, prompts after a
 * submission) and the reminder schedule, which runs while the app runs.
 */
import { webApi, type App } from '@slack/bolt';
import type { Config } from '../../../config';
import type { KnowledgeBaseApi } from '../../../services/knowledgeBaseTypes';
import { ReminderScheduler } from '../../../services/followups/scheduler';
import { scheduleTriggers } from '../../../domain/followup/schedule';
import type { FollowupService } from '../../../services/followups/service';
import type { SlackContext } from '../../context';
import type { SlackClient } from '../../types';
import { followupMiddleware } from './middleware';
import { directoryFor, followupsFor, SlackDirectory, SlackReminderSender } from './ports';

export function register(app: App, ctx: SlackContext): void {
  const service = followupsFor(ctx.kb, ctx.config, ctx.clock);
  if (!service) return;
  const directory = directoryFor(app.client);
  const scheduler = new ReminderScheduler({
    triggers: () => service.teams().flatMap((team) => scheduleTriggers(team, [...directory.timeZones])),
    tick: async (now) => {
      const zonesBefore = directory.timeZones.size;
      await runReminderTick(app.client, service, directory, now, ctx.logger);
      // A member in a time zone not seen before: fire at their local cron time too.
      if (directory.timeZones.size !== zonesBefore) scheduler.refresh();
    },
    clock: ctx.clock,
    onError: (error) => ctx.logger.error('reminder schedule:', error),
  });
  app.use(followupMiddleware(ctx, { service, directory, onScheduleChange: () => scheduler.refresh() }));
  runWhileAppRuns(app, scheduler);
}

/** One reminder run over Slack (the schedule's tick, and `zhoubao remind`). */
export async function runReminderTick(
  client: SlackClient,
  service: FollowupService,
  directory: SlackDirectory,
  now: Date,
  logger?: { info(...m: unknown[]): void; error(...m: unknown[]): void },
) {
  const run = await service.runReminders(now, directory, new SlackReminderSender(client, service, directory, logger));
  for (const r of run.sent) logger?.info(`reminder sent: ${r.team} ${r.week.weekLabel} ${r.stage}${r.userId ? ` to ${r.userId}` : ''}`);
  for (const f of run.failed) logger?.error(`reminder not sent (will retry): ${f.reminder.team} ${f.reminder.stage} ${f.reminder.userId}: ${f.error}`);
  return run;
}

/**
 * Bolt has no start/stop hooks, so the schedule follows the app's own start() and stop(): it starts
 * (with a catch-up tick) once the app is listening and stops before the app does.
 */
function runWhileAppRuns(app: App, scheduler: ReminderScheduler): void {
  const start = app.start.bind(app);
  const stop = app.stop.bind(app);
  app.start = (async (...args: Parameters<App['start']>) => {
    const server = await start(...args);
    void scheduler.start();
    return server;
  }) as App['start'];
  app.stop = async (...args: unknown[]) => {
    await scheduler.stop();
    return stop(...args);
  };
}

/**
 * `zhoubao remind [--now]`: one reminder run outside the bot (an external cron, tests), over the
 * Web API with the bot token. Returns what was sent and what failed.
 */
export async function remindOnce(kb: KnowledgeBaseApi, config: Config, now: Date, logger?: { info(...m: unknown[]): void; error(...m: unknown[]): void }) {
  const service = followupsFor(kb, config, () => now);
  if (!service) throw new Error('the follow-up store is not available for this knowledge base');
  const { apiUrl, botToken } = config.slack;
  // Imported here: app.ts registers these listeners, so a top-level import would be circular.
  const { WEB_API_RETRY_CONFIG } = await import('../../app');
  const client = new webApi.WebClient(botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    rejectRateLimitedCalls: false,
    retryConfig: WEB_API_RETRY_CONFIG,
    logLevel: webApi.LogLevel.ERROR,
  });
  return runReminderTick(client, service, new SlackDirectory(client), now, logger);
}
