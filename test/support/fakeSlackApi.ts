/**
 * A stand-in for the Slack Web API on loopback, for tests and the latency benchmark.
 *
 * It answers the methods the bot uses with responses shaped like Slack's, records every call
 * (method, parsed body, time), serves file downloads for `url_private_download`, receives
 * `response_url` posts, keeps a small per-channel message history for `conversations.replies`,
 * and can be told to answer 429 with Retry-After for the next N calls of a method, or to be
 * unreachable (an outage: connections dropped). Like Slack, it rejects calls without the expected
 * bot token; `apps.connections.open` (Socket Mode) wants the app-level token instead and answers
 * with `socketModeUrl`.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** Web API method ("chat.postMessage"), "response_url" for posts to a response URL, "file_download" for downloads */
  method: string;
  /** Parsed body: form fields, with JSON-looking fields (blocks, view, …) parsed */
  body: Record<string, any>;
  /** Date.now() when the call arrived */
  at: number;
  /** performance.now() when the call arrived (same process as the sender: comparable with its timings) */
  hrAt: number;
  /** The HTTP status the stand-in answered with */
  status: number;
  /** The JSON the stand-in answered with (e.g. the ts of a posted message) */
  response: Record<string, any>;
}

export interface FakeMessage {
  ts: string;
  user?: string;
  bot_id?: string;
  text: string;
  thread_ts?: string;
  blocks?: unknown[];
}

export interface FakeFile {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  content: Buffer;
}

/** A file sent with files.uploadV2: requested (getUploadURLExternal), its bytes received, then shared (completeUploadExternal). */
export interface UploadedFile {
  id: string;
  filename: string;
  /** The length announced in files.getUploadURLExternal */
  length: number;
  /** The bytes posted to the upload URL (null until they arrive) */
  content: Buffer | null;
  title?: string;
  /** Where completeUploadExternal shared it (null until then) */
  channel: string | null;
  threadTs: string | null;
}

export interface FakeSlackApiOptions {
  botToken?: string;
  /** The app-level token (xapp-…) that apps.connections.open accepts */
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

type Json = Record<string, any>;

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly botToken: string;
  readonly appToken: string;
  /** What apps.connections.open answers with (a FakeSocketModeServer's url) */
  socketModeUrl = '';
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private readonly emitter = new EventEmitter();
  private readonly rateLimits = new Map<string, { remaining: number; retryAfterSec: number }>();
  private readonly failures = new Map<string, { remaining: number; error: string }>();
  private readonly messages = new Map<string, FakeMessage[]>();
  private readonly files = new Map<string, FakeFile>();
  private readonly users = new Map<string, Json>();
  private readonly uploads = new Map<string, UploadedFile>();
  private tsCounter = 0;
  private viewCounter = 0;
  private unreachable = false;

  private constructor(
    private readonly server: http.Server,
    options: FakeSlackApiOptions,
  ) {
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = options.appToken ?? 'xapp-1-fake-app-token';
    this.botUserId = options.botUserId ?? 'UBOT0000001';
    this.botId = options.botId ?? 'BBOT0000001';
    this.teamId = options.teamId ?? 'T0000TEAM1';
    this.emitter.setMaxListeners(0);
  }

  static async start(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
    let fake: FakeSlackApi | undefined;
    const server = http.createServer((req, res) => {
      fake!.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    fake = new FakeSlackApi(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** http://127.0.0.1:PORT/ */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** What to give the WebClient as slackApiUrl */
  get apiUrl(): string {
    return `${this.baseUrl}api/`;
  }

  /** A response_url that records what is posted to it */
  responseUrl(id: string = 'r1'): string {
    return `${this.baseUrl}respond/${encodeURIComponent(id)}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- configuring behaviour -------------------------------------------------------------

  /** Answer the next `times` calls of `method` with HTTP 429 and Retry-After: `retryAfterSec`. */
  rateLimitNext(method: string, times = 1, retryAfterSec = 1): void {
    this.rateLimits.set(method, { remaining: times, retryAfterSec });
  }

  /**
   * An outage: while true, every Web API call's connection is dropped without an answer (recorded
   * with status 0), as when Slack cannot be reached.
   */
  setUnreachable(unreachable: boolean): void {
    this.unreachable = unreachable;
  }

  /** Answer the next `times` calls of `method` with { ok: false, error }. */
  failNext(method: string, error: string, times = 1): void {
    this.failures.set(method, { remaining: times, error });
  }

  /** A file the bot can fetch with files.info and download; returns the file object as a file_share event carries it. */
  addFile(file: { id: string; name: string; mimetype: string; filetype: string; content: Buffer | string }): Json {
    const stored: FakeFile = { ...file, content: Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8') };
    this.files.set(file.id, stored);
    return this.fileObject(stored);
  }

  /** Record a user's message, as Slack stores it before sending the event (for conversations.replies). */
  recordMessage(channel: string, message: FakeMessage): void {
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    this.messages.set(channel, list);
  }

  addUser(user: { id: string; name?: string; real_name?: string; tz?: string }): void {
    this.users.set(user.id, user);
  }

  // ---- inspecting -------------------------------------------------------------------------

  /** Files uploaded with files.uploadV2, in the order they were requested */
  uploadedFiles(): UploadedFile[] {
    return [...this.uploads.values()];
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Successful posts and updates of messages (what a user would see), including response_url posts */
  posts(): RecordedCall[] {
    return this.calls.filter(
      (c) => succeeded(c) && (c.method === 'chat.postMessage' || c.method === 'chat.update' || c.method === 'chat.postEphemeral' || c.method === 'response_url'),
    );
  }

  reset(): void {
    this.calls.length = 0;
  }

  /**
   * Resolves with the first successful call (already recorded or arriving later) of `method`
   * that satisfies `predicate`; rejects after `timeoutMs`.
   */
  waitForCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    const matches = (c: RecordedCall) => c.method === method && succeeded(c) && predicate(c);
    const existing = this.calls.find(matches);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onCall = (c: RecordedCall) => {
        if (!matches(c)) return;
        clearTimeout(timer);
        this.emitter.off('call', onCall);
        resolve(c);
      };
      const timer = setTimeout(() => {
        this.emitter.off('call', onCall);
        const seen = this.calls.map((c) => `${c.method}(${c.status})`).join(', ') || 'none';
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}; calls seen: ${seen}`));
      }, timeoutMs);
      this.emitter.on('call', onCall);
    });
  }

  // ---- the server -------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');

    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      return this.receiveUpload(req, res, url, bytes);
    }

    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      return this.serveFile(req, res, url);
    }
    if (url.pathname.startsWith('/respond/')) {
      const body = parseBody(raw, req.headers['content-type']);
      this.record('response_url', { ...body, response_url_id: decodeURIComponent(url.pathname.slice('/respond/'.length)) }, 200, { ok: true });
      return sendJson(res, 200, { ok: true });
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404);
      res.end();
      return;
    }

    const method = url.pathname.slice('/api/'.length);
    const body = parseBody(raw, req.headers['content-type']);
    const limit = this.rateLimits.get(method);
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      this.record(method, body, 429, { ok: false, error: 'ratelimited' });
      res.writeHead(429, { 'retry-after': String(limit.retryAfterSec), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (this.unreachable) {
      this.record(method, body, 0, { ok: false, error: 'unreachable' });
      req.socket.destroy();
      return;
    }
    const token = bearer(req.headers.authorization) ?? (typeof body.token === 'string' ? body.token : undefined);
    if (method === 'apps.connections.open') {
      return this.openSocketModeConnection(token, body, res);
    }
    if (token !== this.botToken) {
      const refusal = { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
      this.record(method, body, 200, refusal);
      return sendJson(res, 200, refusal);
    }
    const failure = this.failures.get(method);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      const refusal = { ok: false, error: failure.error };
      this.record(method, body, 200, refusal);
      return sendJson(res, 200, refusal);
    }
    const answer = this.answer(method, body);
    this.record(method, body, 200, answer);
    sendJson(res, 200, answer);
  }

  /** Socket Mode: only the app-level token may open a connection (a bot token is the wrong type). */
  private openSocketModeConnection(token: string | undefined, body: Json, res: http.ServerResponse): void {
    const refusal = !token ? 'not_authed' : token === this.appToken ? null : token.startsWith('xoxb-') ? 'not_allowed_token_type' : 'invalid_auth';
    const failure = this.failures.get('apps.connections.open');
    let answer: Json;
    if (refusal) answer = { ok: false, error: refusal };
    else if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      answer = { ok: false, error: failure.error };
    } else if (!this.socketModeUrl) answer = { ok: false, error: 'internal_error' };
    else answer = { ok: true, url: this.socketModeUrl };
    this.record('apps.connections.open', body, 200, answer);
    sendJson(res, 200, answer);
  }

  private record(method: string, body: Json, status: number, response: Json = {}): void {
    const call: RecordedCall = { method, body, at: Date.now(), hrAt: performance.now(), status, response };
    this.calls.push(call);
    this.emitter.emit('call', call);
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private answer(method: string, body: Json): Json {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake-workspace.slack.com/',
          team: 'Fake Workspace',
          user: 'zhoubao',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const message: FakeMessage = { ts, user: this.botUserId, bot_id: this.botId, text: String(body.text ?? ''), thread_ts: body.thread_ts, blocks: body.blocks };
        this.recordMessage(String(body.channel), message);
        return { ok: true, channel: body.channel, ts, message: { type: 'message', ...message } };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text ?? '' };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.delete':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'reactions.add':
      case 'reactions.remove':
        return { ok: true };
      case 'conversations.open': {
        const users = String(body.users ?? '').split(',')[0];
        return { ok: true, channel: { id: `D${users.replace(/^U/, '')}` } };
      }
      case 'conversations.replies': {
        const channelMessages = this.messages.get(String(body.channel)) ?? [];
        const thread = channelMessages.filter((m) => m.ts === body.ts || m.thread_ts === body.ts);
        if (!thread.length) return { ok: false, error: 'thread_not_found' };
        return { ok: true, messages: thread.map((m) => ({ type: 'message', ...m })), has_more: false };
      }
      case 'users.info': {
        const id = String(body.user);
        const user = this.users.get(id) ?? { id, name: id.toLowerCase(), real_name: id };
        return { ok: true, user: { tz: 'Asia/Shanghai', ...user, profile: { real_name: user.real_name, display_name: user.name } } };
      }
      case 'views.open':
      case 'views.publish':
      case 'views.update':
      case 'views.push': {
        this.viewCounter += 1;
        const view = typeof body.view === 'object' && body.view ? body.view : {};
        return { ok: true, view: { id: `V${String(this.viewCounter).padStart(8, '0')}`, team_id: this.teamId, ...view } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(body.length);
        if (!body.filename || !(length > 0)) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(this.uploads.size + 1).padStart(9, '0')}UP`;
        this.uploads.set(id, { id, filename: String(body.filename), length, content: null, channel: null, threadTs: null });
        return { ok: true, upload_url: `${this.baseUrl}upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(body.files) ? body.files : []) as Array<{ id: string; title?: string }>;
        const uploads = files.map((f) => this.uploads.get(f.id));
        // Like Slack: a file whose bytes never arrived cannot be completed.
        if (!files.length || uploads.some((u) => !u || !u.content)) return { ok: false, error: 'file_not_found' };
        for (const [i, u] of uploads.entries()) {
          u!.title = files[i].title ?? u!.filename;
          u!.channel = body.channel_id ? String(body.channel_id) : null;
          u!.threadTs = body.thread_ts ? String(body.thread_ts) : null;
        }
        return { ok: true, files: uploads.map((u) => ({ id: u!.id, name: u!.filename, title: u!.title, size: u!.content!.length })) };
      }
      case 'files.info': {
        const file = this.files.get(String(body.file));
        return file ? { ok: true, file: this.fileObject(file) } : { ok: false, error: 'file_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private fileObject(file: FakeFile): Json {
    const url = `${this.baseUrl}files/${file.id}/${encodeURIComponent(file.name)}`;
    return {
      id: file.id,
      created: 1700000000,
      timestamp: 1700000000,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      filetype: file.filetype,
      pretty_type: file.filetype,
      user: 'U0000000000',
      mode: 'hosted',
      editable: false,
      is_external: false,
      is_public: false,
      size: file.content.length,
      url_private: url,
      url_private_download: `${url}?download=1`,
    };
  }

  /** The upload URL: files.uploadV2 posts the bytes as multipart form data (or raw). */
  private receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, bytes: Buffer): void {
    const id = decodeURIComponent(url.pathname.slice('/upload/'.length));
    const upload = this.uploads.get(id);
    const content = upload ? multipartFile(bytes, req.headers['content-type']) : null;
    if (upload && content) upload.content = content;
    this.record('file_upload', { file: id }, upload ? 200 : 404, { bytes: content?.length ?? 0 });
    res.writeHead(upload ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(upload ? `OK - ${content?.length ?? 0}` : 'not found');
  }

  private serveFile(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const id = url.pathname.split('/')[2] ?? '';
    const file = this.files.get(id);
    const authorized = bearer(req.headers.authorization) === this.botToken;
    this.record('file_download', { file: id, authorized }, authorized && file ? 200 : authorized ? 404 : 403, { bytes: authorized && file ? file.content.length : 0 });
    if (!authorized) {
      // Slack answers an unauthenticated download with its login page, not the file.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in to Slack</body></html>');
      return;
    }
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.content.length) });
    res.end(file.content);
  }
}

/** Answered 200 with ok: true (what Slack counts as done) */
function succeeded(call: RecordedCall): boolean {
  return call.status === 200 && call.response.ok !== false;
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m ? m[1] : undefined;
}

/** The first file part of a multipart body (the whole body when it is not multipart). */
function multipartFile(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(delimiter);
  if (start < 0) return body;
  const headersEnd = body.indexOf('\r\n\r\n', start);
  const next = body.indexOf(delimiter, headersEnd);
  if (headersEnd < 0 || next < 0) return body;
  // The part's content ends with the CRLF that precedes the next delimiter.
  return body.subarray(headersEnd + 4, next - 2);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The WebClient posts form fields with objects JSON-encoded; response_url posts are JSON. */
function parseBody(raw: string, contentType: string | undefined): Json {
  if (!raw) return {};
  if ((contentType ?? '').includes('application/json')) {
    try {
      return JSON.parse(raw) as Json;
    } catch {
      return { _raw: raw };
    }
  }
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: Json): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
export * from './slackRequests';
