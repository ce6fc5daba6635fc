/**
 * The Bolt app: receiver, Web API client (client.ts) and listeners. Thin on purpose: an incoming
 * message is classified once (classify.ts) and dispatched; listeners call the services they are
 * given (the app's dependencies, built here in one place) and render the result; formatting lives
 * in blocks/.
 *
 * HTTP mode (default): events, slash commands and interactivity all arrive at POST /slack/events;
 * the receiver (httpReceiver.ts) verifies every request's signature and timestamp (401 otherwise)
 * and acknowledges events before the app sees them. Socket Mode when SLACK_APP_TOKEN is set.
 */
import type { AddressInfo } from 'node:net';
import { App, type Logger } from '@slack/bolt';
import { systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import type { Followups } from '../services/followups/index';
import type { ReminderScheduler } from '../services/followups/scheduler';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import { requireSlackCredentials, slackApiUrlOf, webClientOptions } from './client';
import { SlackConfigError } from './errors';
import { defaultTeamResolver, type SlackContext, type TeamResolver } from './context';
import { CachedChannelDirectory, followupTeamResolver, profileTimeZoneResolver, reminderSchedule, SlackDirectory } from './followups/index';
import { createHealthCheck } from './health';
import { LeanHttpReceiver } from './httpReceiver';
import { registerListeners } from './listeners/index';
import { RedactingLogger, parseLogLevel } from './logger';
import { SupervisedSocketModeReceiver, type ReconnectPolicy } from './socketMode';
import { ConversationMemory } from './threadContext';
import { DEFAULT_WORK_QUEUE, WorkQueue, type WorkQueueOptions } from './workQueue';

export const EVENTS_PATH = '/slack/events';

export interface SlackAppDeps {
  kb: KnowledgeBaseApi;
  config: Config;
  /**
   * Team settings, reminders, prompts after a submission, answers in threads (services/followups).
   * Without it the app says so in its log and runs without them: everyone reports for the default
   * team, in the install's time zone.
   */
  followups?: Followups | null;
  clock?: Clock;
  /** Where log lines go (each already redacted); defaults to stderr */
  logger?: Logger;
  /** Defaults to 'socket' when SLACK_APP_TOKEN is set, else 'http' */
  receiver?: 'http' | 'socket';
  /**
   * Which team a member's submissions belong to; defaults to the first follow-up team that counts
   * them as a member (else config.defaultTeam)
   */
  teamFor?: TeamResolver;
  /** Socket Mode's reconnect timing (socketMode.ts); tests make it short */
  socketReconnect?: Partial<ReconnectPolicy>;
  /**
   * Socket Mode found SLACK_APP_TOKEN wrong while reconnecting (revoked at run time): `zhoubao serve`
   * exits non-zero; by default the app stops and the error is logged.
   */
  onFatal?: (error: SlackConfigError) => void;
  /** Bounds of the answer queue (workQueue.ts); tests make it small */
  workQueue?: Partial<Omit<WorkQueueOptions, 'onError'>>;
}

export interface SlackAppHandle {
  app: App;
  /**
   * Verifies the bot token (auth.test), then listens (HTTP) or connects (Socket Mode).
   * Port 0 = any free port; `host` limits the interface (tests and benchmarks use 127.0.0.1).
   */
  start(port?: number, host?: string): Promise<{ port: number }>;
  stop(): Promise<void>;
  /** The reminder schedule, not started: `zhoubao serve` starts it once the app listens (null without follow-ups) */
  reminders: ReminderScheduler | null;
}

export { SlackConfigError };

/** How long stop() waits for queued answers to finish before the caller closes the knowledge base. */
const STOP_GRACE_MS = 10_000;

export function createSlackApp(deps: SlackAppDeps): SlackAppHandle {
  const { config } = deps;
  const { botToken, signingSecret, appToken } = config.slack;
  const mode = deps.receiver ?? (appToken ? 'socket' : 'http');
  requireSlackCredentials(config, mode);

  const level = parseLogLevel(config.logLevel);
  const sink = deps.logger;
  const logger = new RedactingLogger({
    level,
    name: 'zhoubao-slack',
    secrets: [botToken ?? '', signingSecret ?? '', appToken ?? ''],
    write: sink ? (line, lineLevel) => sink[lineLevel](line) : undefined,
  });

  const clientOptions = webClientOptions(config);

  let app: App;
  // Socket Mode gets its own receiver and retry policy: see socketMode.ts for why not Bolt's.
  const socketReceiver =
    mode === 'socket'
      ? new SupervisedSocketModeReceiver({
          appToken: appToken!,
          logger,
          logLevel: level,
          apiUrl: slackApiUrlOf(config),
          reconnect: deps.socketReconnect,
          onFatal:
            deps.onFatal ??
            ((error) => {
              logger.error(`Slack 机器人已停止：${error.message}`);
              void app.stop().catch(() => {});
            }),
        })
      : null;
  // HTTP mode: events are acknowledged before the app sees them (see httpReceiver.ts for why not Bolt's receiver).
  const clock = deps.clock ?? systemClock;
  const health = createHealthCheck({
    // The shared store on a replica; else the cheapest read that goes through the store (a closed or broken database throws)
    store: () => (deps.kb.ping ? deps.kb.ping() : void deps.kb.teams()),
    slackAuth: () => app.client.auth.test(),
    clock,
  });
  const receiver = socketReceiver ?? new LeanHttpReceiver({ signingSecret: signingSecret!, logger, path: EVENTS_PATH, health });
  app = new App({
    token: botToken!,
    logger,
    logLevel: level,
    clientOptions,
    // auth.test runs in start(), where a bad token becomes a clear error instead of an unhandled rejection.
    deferInitialization: true,
    ignoreSelf: true,
    convoStore: false,
    receiver,
  });

  const followups = deps.followups ?? null;
  if (!followups) logger.info('follow-ups are off (no follow-up service given): no team settings, reminders or follow-up questions');
  const directory = new SlackDirectory(app.client, clock);
  const reminders = followups ? reminderSchedule(app.client, followups, directory, clock, logger) : null;
  const ctx = appDependencies({ deps, followups, directory, clock, logger, onScheduleChange: () => reminders?.refresh() });
  registerListeners(app, ctx);
  app.error(async (error) => {
    logger.error('unhandled error in a listener:', error);
  });

  let started = false;
  return {
    app,
    reminders,
    async start(port = config.slack.port, host?: string) {
      try {
        await app.init();
      } catch (error) {
        if ((error as { code?: string }).code === 'slack_webapi_platform_error') {
          throw new SlackConfigError(`Slack 认证失败（auth.test）：${(error as Error).message}。请检查 SLACK_BOT_TOKEN。`);
        }
        throw new SlackConfigError(`无法连接 Slack（auth.test）：${(error as Error).message}。请检查网络后重试。`);
      }
      const server = mode === 'http' && host ? await app.start({ port, host }) : await app.start(port);
      started = true;
      const address = mode === 'http' && server && typeof server.address === 'function' ? (server.address() as AddressInfo | null) : null;
      const actualPort = address?.port ?? 0;
      logger.info(mode === 'http' ? `Slack app listening on port ${actualPort} (${EVENTS_PATH})` : 'Slack app connected (Socket Mode)');
      return { port: actualPort };
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      // Answers already queued are finished (the knowledge base closes after this), within reason.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ctx.work.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
      clearTimeout(timer);
    },
  };
}


/**
 * The app's dependencies, built in this one place and given to every listener: the services the
 * caller passed, and the Slack-side pieces over the app's client (the member directory, which team
 * and time zone a member submits for, conversation memory, the answer queue).
 */
function appDependencies(parts: {
  deps: SlackAppDeps;
  followups: Followups | null;
  directory: SlackDirectory;
  clock: Clock;
  logger: Logger;
  onScheduleChange: () => void;
}): SlackContext {
  const { deps, followups, directory, clock, logger, onScheduleChange } = parts;
  const { config } = deps;
  // Submissions read channel member lists on every DM: those are kept for a few minutes.
  const submitters = new CachedChannelDirectory(directory, undefined, clock);
  return {
    kb: deps.kb,
    config,
    clock,
    followups,
    directory,
    submissions: {
      kb: deps.kb,
      followups,
      defaultTeam: config.defaultTeam,
      timeZone: config.timeZone,
      onFollowupError: (error) => logger.error('following up a submission failed:', error),
    },
    onScheduleChange,
    teamFor: deps.teamFor ?? (followups ? followupTeamResolver(followups, submitters, config.defaultTeam) : defaultTeamResolver(config)),
    ...(followups ? { timeZoneOf: profileTimeZoneResolver(submitters) } : {}),
    conversations: new ConversationMemory(),
    logger,
    work: new WorkQueue({
      ...DEFAULT_WORK_QUEUE,
      ...deps.workQueue,
      onError: (error) => logger.error('unhandled error in queued work:', error),
    }),
  };
}
