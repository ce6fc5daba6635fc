/**
 * The Bolt app: receiver, Web API client options and listeners. Thin on purpose: listeners parse
 * payloads and call the knowledge base; formatting lives in blocks/.
 *
 * HTTP mode (default): events, slash commands and interactivity all arrive at POST /slack/events;
 * Bolt verifies every request's signature and timestamp (401 otherwise) and acknowledges events
 * before the listeners run. Socket Mode when SLACK_APP_TOKEN is set.
 */
import type { AddressInfo } from 'node:net';
import { App, type Logger } from '@slack/bolt';
import type { Config } from '../config';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import { SlackConfigError } from './errors';
import { defaultTeamResolver, type SlackContext, type TeamResolver } from './context';
import { registerListeners } from './listeners/index';
import { memberResolvers } from './listeners/followups/membership';
import { RedactingLogger, parseLogLevel } from './logger';
import { SupervisedSocketModeReceiver, type ReconnectPolicy } from './socketMode';
import { ConversationMemory } from './threadContext';
import { DEFAULT_WORK_QUEUE, WorkQueue, type WorkQueueOptions } from './workQueue';

export const EVENTS_PATH = '/slack/events';

export interface SlackAppDeps {
  kb: KnowledgeBaseApi;
  config: Config;
  clock?: () => Date;
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
}

/**
 * Web API retries: a 429 is waited out for its Retry-After and retried (rejectRateLimitedCalls
 * false); network errors are retried a few times with a short backoff, so a reply is not lost to a
 * blip, but a dead API does not hold a listener for half an hour (the library's default policy).
 */
export const WEB_API_RETRY_CONFIG = { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 5000, randomize: true };

export { SlackConfigError };

/** How long stop() waits for queued answers to finish before the caller closes the knowledge base. */
const STOP_GRACE_MS = 10_000;

export function createSlackApp(deps: SlackAppDeps): SlackAppHandle {
  const { config } = deps;
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  const mode = deps.receiver ?? (appToken ? 'socket' : 'http');
  if (!botToken) throw new SlackConfigError('缺少 SLACK_BOT_TOKEN（机器人令牌 xoxb-…）：在 .env 中设置后再启动 Slack 机器人。');
  if (mode === 'http' && !signingSecret) {
    throw new SlackConfigError('缺少 SLACK_SIGNING_SECRET：HTTP 模式需要它来校验 Slack 请求（或设置 SLACK_APP_TOKEN 改用 Socket Mode）。');
  }
  if (mode === 'socket' && !appToken) throw new SlackConfigError('缺少 SLACK_APP_TOKEN（xapp-…）：Socket Mode 需要它。');

  const level = parseLogLevel(config.logLevel);
  const sink = deps.logger;
  const logger = new RedactingLogger({
    level,
    name: 'zhoubao-slack',
    secrets: [botToken, signingSecret ?? '', appToken ?? ''],
    write: sink ? (line, lineLevel) => sink[lineLevel](line) : undefined,
  });

  const clientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    rejectRateLimitedCalls: false,
    retryConfig: WEB_API_RETRY_CONFIG,
    timeout: 30_000,
  };

  let app: App;
  // Socket Mode gets its own receiver and retry policy: see socketMode.ts for why not Bolt's.
  const socketReceiver =
    mode === 'socket'
      ? new SupervisedSocketModeReceiver({
          appToken: appToken!,
          logger,
          logLevel: level,
          apiUrl: clientOptions.slackApiUrl,
          reconnect: deps.socketReconnect,
          onFatal:
            deps.onFatal ??
            ((error) => {
              logger.error(`Slack 机器人已停止：${error.message}`);
              void app.stop().catch(() => {});
            }),
        })
      : null;
  app = new App({
    token: botToken,
    logger,
    logLevel: level,
    clientOptions,
    // auth.test runs in start(), where a bad token becomes a clear error instead of an unhandled rejection.
    deferInitialization: true,
    ignoreSelf: true,
    convoStore: false,
    ...(socketReceiver ? { receiver: socketReceiver } : { signingSecret, endpoints: EVENTS_PATH, processBeforeResponse: false }),
  });

  const clock = deps.clock ?? (() => new Date());
  // Null for a stand-in knowledge base: everyone reports for the default team, in its time zone.
  const members = memberResolvers(app.client, deps.kb, config, clock);
  const ctx: SlackContext = {
    kb: deps.kb,
    config,
    clock,
    teamFor: deps.teamFor ?? members?.teamFor ?? defaultTeamResolver(config),
    ...(members ? { timeZoneOf: members.timeZoneOf } : {}),
    conversations: new ConversationMemory(),
    logger,
    work: new WorkQueue({
      ...DEFAULT_WORK_QUEUE,
      ...deps.workQueue,
      onError: (error) => logger.error('unhandled error in queued work:', error),
    }),
  };
  registerListeners(app, ctx);
  app.error(async (error) => {
    logger.error('unhandled error in a listener:', error);
  });

  let started = false;
  return {
    app,
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

