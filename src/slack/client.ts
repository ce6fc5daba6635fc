/**
 * The Slack credentials a mode needs, and the Web API client's options: one definition for the Bolt
 * app, `zhoubao serve` and `zhoubao remind` (which talks to the Web API without the app).
 */
import { webApi } from '@slack/bolt';
import type { Config } from '../config';
import { SlackConfigError } from './errors';
import { webApiFetch } from './webApiFetch';

/** 'http' and 'socket' receive events; 'web' only calls the Web API (`zhoubao remind`). */
export type SlackMode = 'http' | 'socket' | 'web';

/**
 * Web API retries: a 429 is waited out for its Retry-After and retried (rejectRateLimitedCalls
 * false); network errors are retried a few times with a short backoff, so a reply is not lost to a
 * blip, but a dead API does not hold a listener for half an hour (the library's default policy).
 */
export const WEB_API_RETRY_CONFIG = { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 5000, randomize: true };

/** The mode the app runs in: Socket Mode when an app token is set, else HTTP. */
export function slackModeOf(config: Config): 'http' | 'socket' {
  return config.slack.appToken ? 'socket' : 'http';
}

/** The settings a mode needs that are not set, by their environment names. */
export function missingSlackCredentials(config: Config, mode: SlackMode = slackModeOf(config)): string[] {
  const missing: string[] = [];
  if (!config.slack.botToken) missing.push('SLACK_BOT_TOKEN');
  if (mode === 'http' && !config.slack.signingSecret) missing.push('SLACK_SIGNING_SECRET');
  if (mode === 'socket' && !config.slack.appToken) missing.push('SLACK_APP_TOKEN');
  return missing;
}

/** Throws a SlackConfigError naming every missing setting and where to set it. */
export function requireSlackCredentials(config: Config, mode: SlackMode = slackModeOf(config)): void {
  const missing = missingSlackCredentials(config, mode);
  if (!missing.length) return;
  const needs =
    mode === 'web'
      ? '请在 .env 中设置 SLACK_BOT_TOKEN（机器人令牌 xoxb-…）。'
      : '请在 .env 中设置 SLACK_BOT_TOKEN（xoxb-…），以及 SLACK_SIGNING_SECRET（HTTP 模式，用来校验 Slack 请求）或 SLACK_APP_TOKEN（xapp-…，Socket Mode），参见 .env.example。';
  throw new SlackConfigError(`缺少 ${missing.join('、')}：${needs}`);
}

/** The configured API host (a gateway, the test stand-in) with the trailing slash the client wants. */
export function slackApiUrlOf(config: Config): string | undefined {
  const { apiUrl } = config.slack;
  return apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined;
}

/** The Web API client's options: API host, rate-limit waits, retries, timeout, and the lean HTTP calls (webApiFetch.ts). */
export function webClientOptions(config: Config) {
  const slackApiUrl = slackApiUrlOf(config);
  return {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    fetch: webApiFetch as unknown as typeof fetch,
    rejectRateLimitedCalls: false,
    retryConfig: WEB_API_RETRY_CONFIG,
    timeout: 30_000,
  };
}

/** A Web API client with the bot token, outside the Bolt app (`zhoubao remind`). */
export function webClientFor(config: Config): webApi.WebClient {
  requireSlackCredentials(config, 'web');
  return new webApi.WebClient(config.slack.botToken, { ...webClientOptions(config), logLevel: webApi.LogLevel.ERROR });
}
