/**
 * Socket Mode that outlives an outage and refuses a wrong app token at once.
 *
 * Left to itself, Bolt gives the Socket Mode client the app's Web API options, so our 5-retry
 * policy (WEB_API_RETRY_CONFIG) replaced the client's own for `apps.connections.open`: after
 * ~15 s without Slack the reconnect gave up with an unhandled rejection and the process exited.
 * And a wrong token that the library does not list as fatal (a bot token pasted in:
 * `not_allowed_token_type`; a token without `connections:write`: `missing_scope`) was retried forever.
 *
 * Here the library's own reconnecting is off and this receiver owns the policy: one
 * `apps.connections.open` call per attempt (no hidden retries), then a capped exponential backoff
 * with jitter, forever, logged at each failure; an answer that says the token itself is wrong
 * ends it with a Chinese message that names SLACK_APP_TOKEN.
 */
import { SocketModeReceiver, type Logger, type LogLevel, type webApi } from '@slack/bolt';
import { SlackConfigError } from './errors';

export interface ReconnectPolicy {
  /** Wait after the first failed attempt; doubled after each further failure */
  minDelayMs: number;
  /** The longest wait between two attempts: how soon the bot is back once Slack is */
  maxDelayMs: number;
  /** An attempt (URL, WebSocket handshake, Slack's hello) that takes longer is abandoned */
  attemptTimeoutMs: number;
}

/** How long stop() waits for Slack to answer the close frame (it answers in milliseconds). */
const CLOSE_WAIT_MS = 2000;

export const DEFAULT_RECONNECT: ReconnectPolicy = { minDelayMs: 1000, maxDelayMs: 30_000, attemptTimeoutMs: 30_000 };

/** Wait before attempt `attempt + 1`: min·2^(attempt-1), capped, ±20 % so that many bots do not retry in step. */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * What is wrong with SLACK_APP_TOKEN, in Chinese, when Slack's answer says the token itself is
 * wrong (retrying cannot help); null for anything else (network, 5xx, rate limits: retry).
 */
export function appTokenProblem(error: unknown): string | null {
  const code = (error as { code?: string } | null)?.code;
  if (code !== 'slack_webapi_platform_error') return null;
  const reason = String((error as { data?: { error?: string } }).data?.error ?? '');
  const where = '（Slack 应用设置 → Basic Information → App-Level Tokens）';
  switch (reason) {
    case 'not_allowed_token_type':
      return `SLACK_APP_TOKEN 的类型不对（${reason}）：这里要填 xapp- 开头的应用级令牌${where}，不是机器人令牌 xoxb-…。`;
    case 'missing_scope':
      return `SLACK_APP_TOKEN 缺少 connections:write 权限（${reason}）：请生成一个带 connections:write 的应用级令牌${where}，填入 .env 后重启。`;
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
    case 'token_expired':
    case 'account_inactive':
      return `SLACK_APP_TOKEN 无效（${reason}）：令牌可能填错、已被撤销，或不属于这个应用；请重新复制应用级令牌${where}，填入 .env 后重启。`;
    case 'team_disabled':
    case 'user_removed_from_team':
      return `SLACK_APP_TOKEN 所属的工作区或应用已不可用（${reason}）：请检查 Slack 应用的安装状态。`;
    default:
      return null;
  }
}

export interface SupervisedSocketModeOptions {
  appToken: string;
  logger: Logger;
  logLevel: LogLevel;
  /** The Web API base URL for apps.connections.open (tests: the loopback stand-in) */
  apiUrl?: string;
  reconnect?: Partial<ReconnectPolicy>;
  /** A wrong token found while reconnecting (revoked at run time): the caller decides how to stop */
  onFatal: (error: SlackConfigError) => void;
}

export class SupervisedSocketModeReceiver extends SocketModeReceiver {
  private readonly policy: ReconnectPolicy;
  private readonly log: Logger;
  private readonly onFatal: (error: SlackConfigError) => void;
  private stopping = false;
  private connecting = false;
  private reconnecting: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(options: SupervisedSocketModeOptions) {
    super({
      appToken: options.appToken,
      logger: options.logger,
      logLevel: options.logLevel,
      autoReconnectEnabled: false,
      installerOptions: {
        clientOptions: {
          ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
          // One call per attempt: the backoff below is the only retry policy.
          retryConfig: { retries: 0 },
          timeout: 15_000,
        },
      },
    });
    this.policy = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.log = options.logger;
    this.onFatal = options.onFatal;
    this.client.on('disconnected', () => this.onConnectionLost());
  }

  /** Connects, retrying transient failures for as long as it takes; rejects only for a wrong token. */
  override async start(): Promise<webApi.AppsConnectionsOpenResponse> {
    this.stopping = false;
    return this.connectUntilUp();
  }

  /**
   * Resolves once the socket is closed (Slack answered our close frame), not as soon as the frame
   * is sent: Bolt's stop() does not wait for the client's disconnect. A caller that tears down
   * right after stop() (closing the knowledge base, exiting, a test closing its server) otherwise
   * cuts the close handshake, and @slack/socket-mode then disconnects a second time and loses the
   * handle of its first 30-second handshake timer: the process stays alive 30 s after everything
   * else ended. Bounded, for a peer that never answers.
   */
  override async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    let resolveClosed = () => {};
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
    // Registered first: with no socket open, the client reports 'disconnected' inside super.stop().
    this.client.once('disconnected', resolveClosed);
    let timer: NodeJS.Timeout | undefined;
    try {
      await super.stop();
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    } finally {
      clearTimeout(timer);
      this.client.off('disconnected', resolveClosed);
    }
  }

  private onConnectionLost(): void {
    if (this.stopping || this.connecting || this.reconnecting) return;
    this.log.warn('Socket Mode 连接已断开，正在重连…');
    this.reconnecting = this.connectUntilUp()
      .then(() => undefined)
      .catch((error: unknown) => {
        const fatal = error instanceof SlackConfigError ? error : new SlackConfigError(String(error));
        this.log.error(fatal.message);
        this.onFatal(fatal);
      })
      .finally(() => {
        this.reconnecting = null;
      });
  }

  private async connectUntilUp(): Promise<webApi.AppsConnectionsOpenResponse> {
    for (let attempt = 1; !this.stopping; attempt++) {
      this.connecting = true;
      try {
        const connection = await this.attempt();
        this.connecting = false;
        if (attempt > 1) this.log.info(`Socket Mode 已重新连接（第 ${attempt} 次尝试）`);
        return connection;
      } catch (error) {
        this.connecting = false;
        const problem = appTokenProblem(error);
        if (problem) throw new SlackConfigError(problem);
        if (this.stopping) break;
        const delay = reconnectDelay(attempt, this.policy);
        this.log.warn(`Socket Mode 连接失败（第 ${attempt} 次：${(error as Error)?.message ?? String(error)}），${Math.round(delay / 100) / 10} 秒后重试`);
        await this.sleep(delay);
      }
    }
    return { ok: false, error: 'stopped' };
  }

  /** One connection attempt, abandoned (and its socket closed) when it takes too long. */
  private async attempt(): Promise<webApi.AppsConnectionsOpenResponse> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection within ${this.policy.attemptTimeoutMs} ms`)), this.policy.attemptTimeoutMs);
    });
    const starting = this.client.start();
    try {
      return await Promise.race([starting, timedOut]);
    } catch (error) {
      starting.catch(() => {}); // settled later, after the timeout: nothing to do with it
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
