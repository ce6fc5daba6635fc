/**
 * The `fetch` the Web API client calls with (its `fetch` option): a plain Node `http(s).request`
 * on keep-alive connections for the client's ordinary calls (a form-encoded string body), Node's
 * own `fetch` for anything else (file uploads' multipart bodies).
 *
 * Why: @slack/web-api 8 calls the global `fetch` (undici) for every Web API call, and under a burst
 * of mentions that was the largest part of the bot's own CPU per mention: a profile of 100 mentions
 * in flight had undici's request/response machinery (web streams, its WebAssembly HTTP parser,
 * abort signals) at about 0.9 s of the main thread's 1.6 s busy time, for two calls a mention
 * (the 👀 reaction and chat.postMessage). The same call over `http.request` costs a fraction of
 * that. The client keeps doing everything else itself: retries, rate-limit waits, timeouts (its
 * abort signal is honoured here), errors.
 *
 * Only what the client reads of a response is provided: status, statusText, url, headers (get,
 * entries), text(), json(), arrayBuffer(). A redirect is an error, as the client asks.
 *
 * May import: node built-ins only.
 */
import http from 'node:http';
import https from 'node:https';

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 50 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 50 });

/** The subset of fetch's RequestInit the Web API client passes. */
interface ClientRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  redirect?: string;
  signal?: AbortSignal;
}

/** Response headers, read the way fetch's Headers are (case-insensitive, comma-joined repeats). */
class ResponseHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name)!];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A response read whole, answering the calls the Web API client makes. */
export class WebApiResponse {
  readonly headers: ResponseHeaders;
  readonly ok: boolean;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: http.IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.headers = new ResponseHeaders(headers);
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }
}

/** fetch for the Web API client: see the file's comment. */
export function webApiFetch(input: string | URL, init: ClientRequestInit = {}): Promise<WebApiResponse | Response> {
  const url = new URL(String(input));
  const plain = typeof init.body === 'string' || init.body === undefined;
  if (!plain || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fetch(input, init as RequestInit);
  return request(url, init);
}

function request(url: URL, init: ClientRequestInit): Promise<WebApiResponse> {
  const { signal } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const body = typeof init.body === 'string' ? Buffer.from(init.body) : undefined;
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...init.headers };
    if (body) headers['content-length'] = body.length;
    const call = (secure ? https : http).request(url, { method: init.method ?? 'GET', headers, agent: secure ? httpsAgent : httpAgent }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && init.redirect === 'error') {
        res.resume();
        finish();
        reject(new TypeError(`fetch failed: redirected to ${res.headers.location}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        finish();
        resolve(new WebApiResponse(url.href, status, res.statusMessage ?? '', res.headers, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      });
      res.on('error', (error) => {
        finish();
        reject(error);
      });
    });
    const onAbort = () => {
      call.destroy();
      reject(signal!.reason);
    };
    const finish = () => signal?.removeEventListener('abort', onAbort);
    signal?.addEventListener('abort', onAbort, { once: true });
    call.on('error', (error) => {
      finish();
      reject(Object.assign(new TypeError(`fetch failed: ${error.message}`), { cause: error }));
    });
    call.end(body);
  });
}
