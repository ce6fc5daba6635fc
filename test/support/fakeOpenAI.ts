/**
 * A stand-in for an OpenAI-compatible server on loopback, for tests (point OPENAI_BASE_URL, or
 * config.llm.baseUrl, at `fake.url`). It serves
 *
 * - POST /v1/chat/completions, plain and streamed (server-sent events, with a usage chunk when
 *   `stream_options.include_usage` is set), and structured replies (any JSON value as content);
 * - POST /v1/embeddings, with deterministic vectors from the offline hashing embedder, after
 *   rewriting each `synonyms` group to its first word: a stand-in for a model that knows what
 *   words mean (数据中心 ≈ 机房), which the keyword leg cannot;
 *
 * and records every request (path, parsed body, whether the bearer key matched). Replies are
 * scripted: queue them with `reply(...)` (one per chat request, in order), or decide per request
 * with `onChat(handler)`; with neither, a chat request gets DEFAULT_REPLY. A scripted reply can
 * be content (streamed in chunks of a given size, with a pause between chunks), an HTTP error
 * (500, 429 with Retry-After …), a delay before the response (past a client's timeout), a stream
 * that stalls after some chunks, or a dropped connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HashingEmbeddings } from '../../src/adapters/search/embedder';

export type FakeChatReply =
  | {
      kind?: 'content';
      content: string;
      /** Characters per streamed chunk (default 8) */
      chunkSize?: number;
      /** Pause between streamed chunks (default 0) */
      chunkDelayMs?: number;
      /** Stop sending (but keep the connection open) after this many chunks: a stalled stream */
      stallAfterChunks?: number;
      /** Reported usage; default: characters / 2 for prompt and completion */
      usage?: { prompt_tokens: number; completion_tokens: number; total_tokens?: number };
    }
  | { kind: 'json'; value: unknown }
  | { kind: 'error'; status: number; message?: string; retryAfterMs?: number }
  | { kind: 'delay'; ms: number; then: FakeChatReply }
  | { kind: 'disconnect' };

export interface RecordedOpenAIRequest {
  path: string;
  /** True when `Authorization: Bearer <apiKey>` matched */
  authorized: boolean;
  body: any;
  at: number;
}

/** A chat request with its messages split out, for assertions and handlers. */
export interface ChatRequestView {
  body: any;
  system: string;
  user: string;
  stream: boolean;
  /** The JSON schema name when structured output was asked for */
  schemaName: string | null;
}

export const DEFAULT_REPLY = 'fake model reply';

export class FakeOpenAI {
  readonly requests: RecordedOpenAIRequest[] = [];
  readonly apiKey: string;
  private readonly queue: FakeChatReply[] = [];
  private handler: ((request: ChatRequestView) => FakeChatReply) | null = null;
  private readonly embedder = new HashingEmbeddings({ dimensions: 64 });
  private readonly open = new Set<http.ServerResponse>();
  private readonly sleepers = new Set<() => void>();

  private constructor(
    private readonly server: http.Server,
    apiKey: string,
    private readonly synonyms: string[][] = [],
  ) {
    this.apiKey = apiKey;
  }

  static async start(options: { apiKey?: string; synonyms?: string[][] } = {}): Promise<FakeOpenAI> {
    let fake: FakeOpenAI | undefined;
    const server = http.createServer((req, res) => {
      fake!.handle(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error), type: 'fake_error' } }));
      });
    });
    fake = new FakeOpenAI(server, options.apiKey ?? 'test-key', options.synonyms);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** The base URL to configure: http://127.0.0.1:PORT/v1 */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Queue replies for the next chat requests, in order. */
  reply(...replies: FakeChatReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Decide every chat request's reply (after the queue is empty). */
  onChat(handler: ((request: ChatRequestView) => FakeChatReply) | null): this {
    this.handler = handler;
    return this;
  }

  /** Chat requests so far, messages split out. */
  chatRequests(): ChatRequestView[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => viewOf(r.body));
  }

  embeddingRequests(): RecordedOpenAIRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/embeddings'));
  }

  /** Forget recorded requests, queued replies and the handler. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.handler = null;
  }

  close(): Promise<void> {
    for (const res of this.open) res.destroy();
    for (const wake of this.sleepers) wake();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = (req.url ?? '').split('?')[0];
    const authorized = req.headers.authorization === `Bearer ${this.apiKey}`;
    this.requests.push({ path, authorized, body, at: Date.now() });
    if (!authorized) return sendJson(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    if (req.method === 'POST' && path.endsWith('/chat/completions')) {
      const view = viewOf(body);
      const reply = this.queue.shift() ?? this.handler?.(view) ?? { content: DEFAULT_REPLY };
      return this.chat(res, view, reply);
    }
    if (req.method === 'POST' && path.endsWith('/embeddings')) return this.embeddings(res, body);
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
  }

  private async chat(res: http.ServerResponse, request: ChatRequestView, reply: FakeChatReply): Promise<void> {
    switch (reply.kind) {
      case 'delay':
        await this.pause(res, reply.ms);
        if (res.destroyed) return;
        return this.chat(res, request, reply.then);
      case 'disconnect':
        res.socket?.destroy();
        return;
      case 'error': {
        const headers: Record<string, string> = {};
        if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
        return sendJson(res, reply.status, { error: { message: reply.message ?? `fake error ${reply.status}`, type: 'server_error' } }, headers);
      }
      case 'json':
        return this.chat(res, request, { content: JSON.stringify(reply.value) });
      default: {
        const model = String(request.body?.model ?? 'fake-model');
        const promptChars = (request.system + request.user).length;
        const usage = {
          prompt_tokens: reply.usage?.prompt_tokens ?? Math.ceil(promptChars / 2),
          completion_tokens: reply.usage?.completion_tokens ?? Math.ceil(reply.content.length / 2),
          total_tokens: 0,
        };
        usage.total_tokens = reply.usage?.total_tokens ?? usage.prompt_tokens + usage.completion_tokens;
        if (!request.stream) {
          return sendJson(res, 200, {
            id: 'chatcmpl-fake',
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
            usage,
          });
        }
        return this.streamContent(res, model, reply, usage, Boolean(request.body?.stream_options?.include_usage));
      }
    }
  }

  private async streamContent(
    res: http.ServerResponse,
    model: string,
    reply: Extract<FakeChatReply, { content: string }>,
    usage: object,
    includeUsage: boolean,
  ): Promise<void> {
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
    const send = (data: object | string) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    const size = Math.max(1, reply.chunkSize ?? 8);
    const pieces: string[] = [];
    const chars = [...reply.content];
    for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (let i = 0; i < pieces.length; i++) {
      if (reply.stallAfterChunks !== undefined && i >= reply.stallAfterChunks) return; // left open: the client must give up
      if (res.destroyed) return;
      send({ ...base, choices: [{ index: 0, delta: { content: pieces[i] }, finish_reason: null }] });
      if (reply.chunkDelayMs) await this.pause(res, reply.chunkDelayMs);
    }
    if (res.destroyed) return;
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (includeUsage) send({ ...base, choices: [], usage });
    send('[DONE]');
    res.end();
  }

  /** Waits `ms`, or less when the client goes away or the stand-in closes (no timer outlives a test). */
  private pause(res: http.ServerResponse, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        res.off('close', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
      res.once('close', wake);
    });
  }

  private async embeddings(res: http.ServerResponse, body: any): Promise<void> {
    const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? '')];
    const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: Array.from(this.embedder.embedSync(this.meaning(text))) }));
    const tokens = inputs.reduce((n, t) => n + Math.ceil(t.length / 2), 0);
    sendJson(res, 200, { object: 'list', data, model: String(body?.model ?? 'fake-embedding'), usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  /** The text as the stand-in model understands it: every synonym written as its group's first word. */
  private meaning(text: string): string {
    let out = text;
    for (const [canonical, ...others] of this.synonyms) for (const word of others) out = out.split(word).join(canonical);
    return out;
  }
}

function viewOf(body: any): ChatRequestView {
  const messages: Array<{ role: string; content: unknown }> = Array.isArray(body?.messages) ? body.messages : [];
  const text = (role: string) =>
    messages
      .filter((m) => m.role === role)
      .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
      .join('\n');
  return {
    body,
    system: text('system'),
    user: text('user'),
    stream: body?.stream === true,
    schemaName: body?.response_format?.type === 'json_schema' ? String(body.response_format.json_schema?.name ?? '') : null,
  };
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}
