/**
 * HTTP mode's receiver: acknowledge first, work later.
 *
 * Bolt's own HTTPReceiver acknowledges an Events API delivery only once the app has parsed it,
 * authorised it and built the listener arguments, about a millisecond of this thread's time per
 * request before the 200 goes out; a hundred mentions arriving together were therefore acknowledged
 * over 100+ ms, behind each other and behind whatever answer work was running. Here a delivery is
 * read, its signature and timestamp checked, and an Events API delivery answered 200 at once; the app
 * sees the event afterwards, one event per turn of the event loop (`setImmediate`), so requests that
 * arrive meanwhile are read and acknowledged between two events' listener work.
 *
 * Everything else keeps Bolt's behaviour: slash commands and interactivity (block actions, view
 * submissions) wait for the listener's `ack()`, whose body is the HTTP response (404 when nobody
 * acknowledged within 3 s); `ssl_check` is answered without a signature; `url_verification` gets
 * its challenge back; a forged, unsigned or stale request gets 401 and reaches nothing; a body over
 * 4 MB gets 413, an unparsable one 400; only POST to the events path is served, anything else 404,
 * except `GET /healthz` when a health check is given (health.ts).
 * Redeliveries keep their X-Slack-Retry-Num / -Reason as `retryNum` / `retryReason`.
 *
 * May import: node built-ins and Bolt's types only (it is the app's front door, nothing behind it).
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { App, Logger, Receiver, ReceiverEvent } from '@slack/bolt';

/** Bolt's limit for a request body */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;
/** Slack's replay window: a request signed longer ago than this (or this far ahead) is refused */
export const SIGNATURE_MAX_AGE_SEC = 5 * 60;
/** Bolt's: a command or interaction nobody acknowledged in time gets a 404 (Slack has given up after 3 s) */
export const UNACKNOWLEDGED_TIMEOUT_MS = 3001;

export interface LeanHttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** The one path served (POST only) */
  path: string;
  /** Wall-clock milliseconds, for the replay window; tests move it */
  now?: () => number;
  /** How long stop() waits for events already acknowledged to get through the app's listeners */
  stopGraceMs?: number;
  /** Served as `GET /healthz` (200 when ok, else 503) for load balancers; without it that path is 404 */
  health?: () => Promise<{ ok: boolean }>;
}

export const HEALTH_PATH = '/healthz';

type Body = Record<string, unknown>;

export class LeanHttpReceiver implements Receiver {
  private app: App | null = null;
  private server: http.Server | null = null;
  /** Acknowledged events waiting for the app, oldest first */
  private readonly intake: ReceiverEvent[] = [];
  private intakeScheduled = false;
  /** Events handed to the app whose listeners have not finished (so stop() can wait for them) */
  private processing = 0;
  private drainWaiters: Array<() => void> = [];
  /** The signing secret as a key, prepared once rather than for every request */
  private readonly signingKey: KeyObject;

  constructor(private readonly options: LeanHttpReceiverOptions) {
    if (!options.signingSecret) throw new Error('LeanHttpReceiver: a signing secret is required');
    this.signingKey = createSecretKey(Buffer.from(options.signingSecret, 'utf8'));
  }

  init(app: App): void {
    this.app = app;
  }

  /** Listens on `port` (or `{ port, host }`); resolves with the server once it listens. */
  start(portOrOptions: number | { port: number; host?: string } = 3000): Promise<http.Server> {
    if (this.server) return Promise.reject(new Error('LeanHttpReceiver: already started'));
    const server = http.createServer((req, res) => this.onRequest(req, res));
    this.server = server;
    const listen = typeof portOrOptions === 'number' ? { port: portOrOptions } : portOrOptions;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => {
        this.server = null;
        reject(error);
      });
      server.listen(listen, () => resolve(server));
    });
  }

  /**
   * Stops listening, then waits (within the grace period) until every event already acknowledged has
   * been through the app's listeners: their queued work is then in the app's work queue, which the
   * app waits for before the knowledge base closes.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) throw new Error('LeanHttpReceiver: not started');
    this.server = null;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.drained(), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopGraceMs ?? 10_000)))]);
    clearTimeout(timer);
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = pathOf(req.url);
    const health = this.options.health;
    if (health && path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      req.resume();
      health().then(
        (report) => respond(res, report.ok ? 200 : 503, req.method === 'HEAD' ? undefined : JSON.stringify(report), { 'content-type': 'application/json' }),
        () => respond(res, 503),
      );
      return;
    }
    if (path !== this.options.path || req.method !== 'POST') {
      this.options.logger.info(`Unhandled HTTP request (${req.method}) made to ${path}`);
      respond(res, 404);
      req.resume();
      return;
    }
    readBody(req, BODY_LIMIT_BYTES).then(
      (raw) => this.onDelivery(req, res, raw),
      (error: Error & { tooLarge?: boolean }) => {
        if (error.tooLarge) {
          this.options.logger.warn(`Request body exceeded the maximum allowed size (limit: ${BODY_LIMIT_BYTES} bytes)`);
          respond(res, 413, undefined, { connection: 'close' });
          return;
        }
        this.options.logger.warn(`Failed to read the request body: ${error.message}`);
        respond(res, 401);
      },
    );
  }

  private onDelivery(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): void {
    const text = raw.toString('utf8');
    const form = isFormEncoded(req.headers['content-type']);
    // Slack's ssl_check needs no signature; nothing else in it is read (no unsigned payload gets in).
    if (form && parseQueryString(text).ssl_check === '1') {
      respond(res, 200);
      return;
    }
    const refusal = signatureRefusal(this.signingKey, req.headers, text, (this.options.now ?? Date.now)());
    if (refusal) {
      this.options.logger.warn(`Failed to verify authenticity: ${refusal}`);
      respond(res, 401);
      return;
    }
    let body: Body;
    try {
      body = parseBody(text, form);
    } catch (error) {
      this.options.logger.warn(`Malformed request body: ${(error as Error).message}`);
      respond(res, 400);
      return;
    }
    if (body.type === 'url_verification') {
      respond(res, 200, JSON.stringify({ challenge: body.challenge }), { 'content-type': 'application/json' });
      return;
    }
    const retries = { retryNum: retryNumOf(req.headers), retryReason: headerOf(req.headers, 'x-slack-retry-reason') };
    if (!form) {
      // Events API (JSON: an event_callback, an app_rate_limited notice): nothing is expected in the
      // response, so it goes out before any listener runs.
      respond(res, 200);
      this.intake.push({ body, ack: async () => {}, ...retries, customProperties: {} });
      this.scheduleIntake();
      return;
    }
    // Commands and interactions: the listener's ack() is the response (its body may matter).
    this.process({ body, ack: this.responseAck(res), ...retries, customProperties: {} }, res);
  }

  /** ack() for a command or interaction: writes its body as the response, once; 404 if never called in time. */
  private responseAck(res: http.ServerResponse): ReceiverEvent['ack'] {
    let acknowledged = false;
    const timer = setTimeout(() => {
      if (acknowledged) return;
      this.options.logger.error('An incoming event was not acknowledged within 3 seconds. Ensure that the ack() argument is called in a listener.');
      if (!res.headersSent) respond(res, 404);
    }, UNACKNOWLEDGED_TIMEOUT_MS);
    timer.unref();
    return async (response?: unknown) => {
      if (acknowledged) throw Object.assign(new Error('The receiver\'s `ack` function was called multiple times.'), { code: 'slack_bolt_receiver_ack_multiple_error' });
      acknowledged = true;
      clearTimeout(timer);
      if (res.headersSent) return;
      if (!response) respond(res, 200);
      else if (typeof response === 'string') respond(res, 200, response);
      else respond(res, 200, JSON.stringify(response), { 'content-type': 'application/json' });
    };
  }

  /** One acknowledged event per turn of the event loop: requests that arrived meanwhile are read and acknowledged in between. */
  private scheduleIntake(): void {
    if (this.intakeScheduled || !this.intake.length) return;
    this.intakeScheduled = true;
    setImmediate(() => {
      this.intakeScheduled = false;
      const event = this.intake.shift();
      if (event) this.process(event, null);
      this.scheduleIntake();
    });
  }

  /** Hands an event to the app; a failure before the response went out answers 500 (401 for a failed authorisation). */
  private process(event: ReceiverEvent, res: http.ServerResponse | null): void {
    const app = this.app;
    if (!app) {
      if (res) respond(res, 500);
      return;
    }
    this.processing += 1;
    app
      .processEvent(event)
      .catch((error: Error & { code?: string }) => {
        if (res && !res.headersSent) {
          this.options.logger.error('An unhandled error occurred while Bolt processed an event');
          respond(res, error.code === 'slack_bolt_authorization_error' ? 401 : 500);
        } else {
          this.options.logger.error('An unhandled error occurred after the request was acknowledged:', error);
        }
      })
      .finally(() => {
        this.processing -= 1;
        this.notifyIfDrained();
      });
  }

  private drained(): Promise<void> {
    if (!this.processing && !this.intake.length) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private notifyIfDrained(): void {
    if (this.processing || this.intake.length) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Why a request's signature is refused, or null when it is Slack's: the `v0` HMAC-SHA256 of
 * `v0:{timestamp}:{body}` under the signing secret, compared in constant time, with a timestamp
 * within SIGNATURE_MAX_AGE_SEC of now (a replayed request is refused).
 */
export function signatureRefusal(signingSecret: string | KeyObject, headers: http.IncomingHttpHeaders, body: string, nowMs: number): string | null {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return 'missing x-slack-signature or x-slack-request-timestamp';
  const timestampSec = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(timestampSec)) return `x-slack-request-timestamp is not a number (${timestamp.slice(0, 20)})`;
  if (Math.abs(Math.floor(nowMs / 1000) - timestampSec) > SIGNATURE_MAX_AGE_SEC) return 'x-slack-request-timestamp is more than 5 minutes from now (stale or replayed)';
  if (!signature.startsWith('v0=')) return 'unknown signature version';
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  // A malformed hex string decodes short: the length check refuses it before the constant-time compare.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature mismatch';
  return null;
}

/** An events envelope (JSON), or a command / interaction (form-encoded, the interaction's JSON in `payload`). */
export function parseBody(text: string, form: boolean): Body {
  const fields = form ? parseQueryString(text) : null;
  const parsed: unknown = !fields ? JSON.parse(text) : typeof fields.payload === 'string' ? JSON.parse(fields.payload) : fields;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the body is not an object');
  return parsed as Body;
}

function isFormEncoded(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function headerOf(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryNumOf(headers: http.IncomingHttpHeaders): number | undefined {
  const value = headerOf(headers, 'x-slack-retry-num');
  return value === undefined ? undefined : Number.parseInt(value, 10);
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end < 0 ? raw : raw.slice(0, end);
}

function respond(res: http.ServerResponse, status: number, body?: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, headers);
  res.end(body);
}

/** The whole body, refused past `limit` bytes (by its declared length, or as it arrives). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => Object.assign(new Error('request entity too large'), { tooLarge: true });
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}
