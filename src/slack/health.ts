/**
 * `GET /healthz` for load balancers (HTTP mode): 200 when the store answers and Slack accepts the
 * bot token, 503 otherwise, with a small JSON body saying which part failed. A replica whose store
 * is gone or whose token was revoked is taken out of rotation instead of acknowledging events it
 * cannot answer.
 *
 * auth.test is a Web API call: a success is trusted for a minute and a failure re-checked after a
 * few seconds, so a balancer probing every second costs Slack one call a minute. The path is served
 * by the HTTP receiver (httpReceiver.ts).
 */
import type { Clock } from '../clock';

export interface HealthReport {
  ok: boolean;
  store: 'ok' | string;
  slack: 'ok' | string;
}

export interface HealthProbes {
  /** Throws when the store cannot be read */
  store(): void | Promise<void>;
  /** Slack's auth.test for the bot token; throws (or resolves ok:false) when refused or unreachable */
  slackAuth(): Promise<{ ok?: boolean; error?: string }>;
  clock: Clock;
}

const AUTH_OK_TTL_MS = 60_000;
const AUTH_FAILED_TTL_MS = 5_000;

/** A health check over the probes, with auth.test's answer cached (see the file comment). */
export function createHealthCheck(probes: HealthProbes): () => Promise<HealthReport> {
  let auth: { result: 'ok' | string; at: number } | null = null;
  let pending: Promise<'ok' | string> | null = null;

  const slackStatus = async (): Promise<'ok' | string> => {
    const now = probes.clock().getTime();
    if (auth && now - auth.at < (auth.result === 'ok' ? AUTH_OK_TTL_MS : AUTH_FAILED_TTL_MS)) return auth.result;
    // Concurrent probes share one auth.test call.
    pending ??= probes
      .slackAuth()
      .then(
        (r) => (r.ok === false ? `auth.test: ${r.error ?? 'refused'}` : 'ok'),
        (error: Error & { data?: { error?: string } }) => `auth.test: ${error.data?.error ?? error.message}`,
      )
      .then((result) => {
        auth = { result, at: probes.clock().getTime() };
        pending = null;
        return result;
      });
    return pending;
  };

  const storeStatus = async (): Promise<'ok' | string> => {
    try {
      await probes.store();
      return 'ok';
    } catch (error) {
      return `store: ${(error as Error).message}`;
    }
  };

  return async () => {
    const [store, slack] = await Promise.all([storeStatus(), slackStatus()]);
    return { ok: store === 'ok' && slack === 'ok', store, slack };
  };
}
