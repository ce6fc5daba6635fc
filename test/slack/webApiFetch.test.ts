/**
 * The Web API client over webApiFetch (src/slack/webApiFetch.ts): the client's own behaviour must
 * hold on it — results and Slack's errors read from the body, a 429 waited out and retried, a
 * timeout aborting the call, a redirect refused, a dead host reported as a request error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { webApiFetch } from '../../src/slack/webApiFetch';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

let server: http.Server;
let handler: Handler;
let apiUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (options: Record<string, unknown> = {}) =>
  new webApi.WebClient('xoxb-test', {
    slackApiUrl: apiUrl,
    fetch: webApiFetch as unknown as typeof fetch,
    logLevel: webApi.LogLevel.ERROR,
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 },
    ...options,
  });

const json = (res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
};

test('a call posts the form-encoded arguments with the token and returns the parsed result', async () => {
  let seen: { url?: string; auth?: string; body?: string } = {};
  handler = (req, body, res) => {
    seen = { url: req.url, auth: req.headers.authorization, body };
    json(res, 200, { ok: true, ts: '1700000000.000100', channel: 'C1' }, { 'x-oauth-scopes': 'chat:write' });
  };
  const result = await client().chat.postMessage({ channel: 'C1', text: '周报已收到', blocks: [{ type: 'divider' }] });
  expect(result).toMatchObject({ ok: true, ts: '1700000000.000100', response_metadata: { scopes: ['chat:write'] } });
  expect(seen.url).toBe('/api/chat.postMessage');
  expect(seen.auth).toBe('Bearer xoxb-test');
  const form = new URLSearchParams(seen.body);
  expect(form.get('text')).toBe('周报已收到');
  expect(JSON.parse(form.get('blocks')!)).toEqual([{ type: 'divider' }]);
});

test("Slack's error (ok: false) becomes the client's platform error", async () => {
  handler = (_req, _body, res) => json(res, 200, { ok: false, error: 'channel_not_found' });
  await expect(client().chat.postMessage({ channel: 'C404', text: 'x' })).rejects.toMatchObject({
    code: webApi.ErrorCode.PlatformError,
    data: { error: 'channel_not_found' },
  });
});

test('a 429 is waited out for its Retry-After and the call retried', async () => {
  let calls = 0;
  handler = (_req, _body, res) => {
    calls += 1;
    if (calls === 1) json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    else json(res, 200, { ok: true });
  };
  const started = Date.now();
  await expect(client().reactions.add({ channel: 'C1', timestamp: '1.1', name: 'eyes' })).resolves.toMatchObject({ ok: true });
  expect(calls).toBe(2);
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
});

test('an HTTP error status is reported with its status', async () => {
  handler = (_req, _body, res) => {
    res.writeHead(503);
    res.end('unavailable');
  };
  await expect(client({ retryConfig: { retries: 0 } }).chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 503 });
});

test('a call that outlives the timeout is aborted', async () => {
  handler = () => {};
  await expect(client({ timeout: 100, retryConfig: { retries: 0 } }).chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
});

test('a redirect is refused, not followed', async () => {
  let redirected = false;
  handler = (req, _body, res) => {
    if (req.url?.startsWith('/elsewhere')) {
      redirected = true;
      json(res, 200, { ok: true });
      return;
    }
    res.writeHead(302, { location: '/elsewhere' });
    res.end();
  };
  await expect(client({ retryConfig: { retries: 0 } }).chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
  expect(redirected).toBe(false);
});

test('a host that refuses connections is a request error', async () => {
  const dead = new webApi.WebClient('xoxb-test', {
    slackApiUrl: 'http://127.0.0.1:1/api/',
    fetch: webApiFetch as unknown as typeof fetch,
    logLevel: webApi.LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
  await expect(dead.auth.test()).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
});
