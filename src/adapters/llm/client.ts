/**
 * A chat client for any OpenAI-compatible server (OpenAI, Azure-style gateways, vLLM, Ollama,
 * llama.cpp …), through the `openai` SDK. Retries are the SDK's own (`maxRetries`: a timeout,
 * 408/409/429/5xx or a connection error, with backoff, honouring Retry-After; a streamed reply is
 * not retried once it has started), and so is the per-attempt timeout (until the response starts).
 * This adds only what the SDK lacks:
 *
 * - a cap on the wait a server asks for (a chat answer must not sit behind a 60 s Retry-After), and
 *   our own backoff (`backoffMs`) where an error status names none, both by rewriting the retryable
 *   response's headers before the SDK reads them (after a timeout or a dropped connection there is
 *   no response: the SDK's own backoff applies, from 0.5 s);
 * - an overall deadline for all attempts and waits of a call: a retry that could not start before
 *   it is not made (the response says `x-should-retry: false`), and a call still without a reply
 *   ends at the deadline (a streamed reply, once it has started, is bounded by the watchdog);
 * - an idle watchdog on a streamed reply: no chunk for `timeoutMs` and it is given up, where the
 *   SDK's timeout stops at the response headers;
 * - errors reduced to a few kinds (`LlmError.kind`) callers can act on, without content.
 *
 * The SDK is loaded on first use: an offline process never pays for requiring it.
 */
import type OpenAI from 'openai';
import type { Config } from '../../config';
import { systemClock, type Clock } from '../../clock';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ChatRequest {
  /** What the call is for (answer, summary, translate, submission): for logs, never content */
  purpose: string;
  messages: ChatMessage[];
  /** Structured output: the reply must be JSON following this schema */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ChatResult {
  content: string;
  /** As reported by the server; null when it reports none */
  usage: TokenUsage | null;
  model: string;
  millis: number;
  attempts: number;
}

export interface LlmClient {
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatResult>;
  /** Like complete, handing out each piece of content as it arrives. */
  stream(request: ChatRequest, onText: (delta: string) => void): Promise<ChatResult>;
}

export type LlmFailure = 'timeout' | 'rate_limited' | 'server' | 'connection' | 'rejected' | 'empty';

/** A call that did not produce a usable reply. The message names the kind and status, never content. */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly kind: LlmFailure,
    readonly status?: number,
    /** Usage of the attempts that got that far (a stream that failed half-way) */
    readonly usage: TokenUsage | null = null,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

export interface LlmClientOptions {
  /** Per attempt until the response starts (the SDK's timeout), and between two streamed chunks. Default 30 s. */
  timeoutMs?: number;
  /** All attempts and waits of one call together: no retry starts after this, and a call without a reply (or a stream not yet started) ends at it. Default 60 s. */
  deadlineMs?: number;
  /** Retries after a timeout, 408/409/429/5xx or a connection error (the SDK's). Default 2. */
  maxRetries?: number;
  /** First wait before retrying an error status without Retry-After, doubled for each further retry, with up to 25% jitter. Default 500 ms. */
  backoffMs?: number;
  /** Upper bound of any wait between attempts, Retry-After included. Default 4 s. */
  maxBackoffMs?: number;
  /** Sampling temperature; not sent unless set (some models accept only their default). */
  temperature?: number;
  /** Reads a Retry-After given as a date against this clock. Default: the real one. */
  clock?: Clock;
}

export const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';

/** A client for `config.llm`, or null when no API key is configured (offline mode). */
export function createLlmClient(settings: Config['llm'], options: LlmClientOptions = {}): LlmClient | null {
  if (!settings.apiKey) return null;
  return new OpenAICompatibleChat({ apiKey: settings.apiKey, baseURL: settings.baseUrl, model: settings.model ?? DEFAULT_CHAT_MODEL }, options);
}

interface Endpoint {
  apiKey: string;
  baseURL?: string;
  model: string;
}

/** What the fetch of one call knows about its attempts. */
interface FetchPolicyState {
  attempts: number;
  /** performance.now() when the call started: the deadline is elapsed time, not the calendar */
  started: number;
  /** The last attempt's request was aborted before a response (the SDK's timeout, or ours) */
  lastTimedOut: boolean;
}

export class OpenAICompatibleChat implements LlmClient {
  readonly model: string;
  private sdkModule: typeof import('openai') | null = null;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly deadlineMs: number;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly options: LlmClientOptions = {},
  ) {
    this.model = endpoint.model;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.deadlineMs = options.deadlineMs ?? 60_000;
    this.maxRetries = Math.max(0, options.maxRetries ?? 2);
    this.backoffMs = options.backoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 4_000;
  }

  complete(request: ChatRequest): Promise<ChatResult> {
    return this.call(async (client, signal) => {
      const reply = await client.chat.completions.create({ ...this.body(request), stream: false }, { signal });
      const content = reply.choices?.[0]?.message?.content ?? '';
      if (!content.trim()) throw new LlmError('the model returned an empty reply', 'empty');
      return { content, usage: usageOf(reply.usage), model: reply.model || this.model };
    });
  }

  async stream(request: ChatRequest, onText: (delta: string) => void): Promise<ChatResult> {
    try {
      return await this.streamOnce(request, onText, true);
    } catch (error) {
      // Some compatible servers reject stream_options; without it they still stream (usage unreported).
      if (error instanceof LlmError && error.status === 400) return this.streamOnce(request, onText, false);
      throw error;
    }
  }

  private streamOnce(request: ChatRequest, onText: (delta: string) => void, includeUsage: boolean): Promise<ChatResult> {
    return this.call(async (client, signal, watchdog) => {
      const chunks = await client.chat.completions.create(
        { ...this.body(request), stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) },
        { signal },
      );
      let content = '';
      let usage: TokenUsage | null = null;
      let model = this.model;
      watchdog.touch();
      try {
        for await (const chunk of chunks) {
          watchdog.touch();
          if (chunk.model) model = chunk.model;
          if (chunk.usage) usage = usageOf(chunk.usage);
          const delta = chunk.choices?.[0]?.delta?.content;
          if (delta) {
            content += delta;
            onText(delta);
          }
        }
      } catch (error) {
        throw signal.aborted ? new LlmError('the reply stopped before it was complete', 'timeout', undefined, usage) : error;
      } finally {
        watchdog.stop();
      }
      // The SDK ends the iteration quietly when the request is aborted: a cut-off reply is not a reply.
      if (signal.aborted) throw new LlmError('the reply stopped before it was complete', 'timeout', undefined, usage);
      if (!content.trim()) throw new LlmError('the model returned an empty reply', 'empty', undefined, usage);
      return { content, usage, model };
    });
  }

  private body(request: ChatRequest) {
    return {
      model: this.model,
      messages: request.messages,
      ...(this.options.temperature !== undefined ? { temperature: this.options.temperature } : {}),
      ...(request.jsonSchema
        ? { response_format: { type: 'json_schema' as const, json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } } }
        : {}),
    };
  }

  /**
   * One call: the SDK's attempts and retries, through a fetch that applies the wait cap and the
   * deadline, ended at the deadline (abort) or by the watchdog a stream arms and touches per chunk.
   */
  private async call(
    run: (client: OpenAI, signal: AbortSignal, watchdog: { touch(): void; stop(): void }) => Promise<Omit<ChatResult, 'millis' | 'attempts'>>,
  ): Promise<ChatResult> {
    // Loading the SDK is not the server's time: no timer runs until it is loaded.
    const sdk = await this.sdk();
    const OpenAIClient = sdk.default;
    const started = performance.now();
    const controller = new AbortController();
    let stopped: 'deadline' | 'idle' | null = null;
    const stop = (why: 'deadline' | 'idle') => {
      stopped ??= why;
      controller.abort();
    };
    const deadline = setTimeout(() => stop('deadline'), this.deadlineMs);
    let idle: NodeJS.Timeout | undefined;
    const watchdog = {
      // A reply that is streaming is bounded by the gaps between its chunks, not by the deadline.
      touch: () => {
        clearTimeout(deadline);
        clearTimeout(idle);
        idle = setTimeout(() => stop('idle'), this.timeoutMs);
      },
      stop: () => clearTimeout(idle),
    };
    const policy: FetchPolicyState = { attempts: 0, started, lastTimedOut: false };
    const client = new OpenAIClient({
      apiKey: this.endpoint.apiKey,
      baseURL: this.endpoint.baseURL,
      maxRetries: this.maxRetries,
      timeout: this.timeoutMs,
      fetch: this.fetchWithPolicy(policy),
    });
    // The SDK sleeps between attempts without watching the signal: the deadline ends the call all
    // the same. (The watchdog's abort ends a stream's iteration, which then reports what it got.)
    const pastDeadline = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => stopped === 'deadline' && reject(new LlmError(`no reply within ${this.deadlineMs} ms`, 'timeout')), { once: true });
    });
    try {
      const result = await Promise.race([run(client, controller.signal, watchdog), pastDeadline]);
      return { ...result, millis: Math.round(performance.now() - started), attempts: Math.max(1, policy.attempts) };
    } catch (error) {
      // The SDK's timeout surfaces as a connection error where it cannot recognise its own abort (test VMs): the fetch knows.
      if (error instanceof sdk.APIConnectionTimeoutError || (error instanceof sdk.APIConnectionError && policy.lastTimedOut && !stopped)) {
        throw new LlmError(`no reply within ${this.timeoutMs} ms`, 'timeout');
      }
      throw toLlmError(error, stopped, stopped === 'idle' ? this.timeoutMs : this.deadlineMs);
    } finally {
      clearTimeout(deadline);
      watchdog.stop();
    }
  }

  /**
   * The fetch the SDK uses for one call. On a status the SDK retries, it sets the wait the SDK
   * will honour (Retry-After capped at maxBackoffMs, or our backoff), and forbids the retry when
   * it could not start before the deadline.
   */
  private fetchWithPolicy(policy: FetchPolicyState): typeof fetch {
    return async (input, init) => {
      policy.attempts += 1;
      policy.lastTimedOut = false;
      let response: Response;
      try {
        response = await fetch(input, init);
      } catch (error) {
        // Aborted by the SDK's per-attempt timer (our own aborts are the deadline and the watchdog).
        policy.lastTimedOut = Boolean(init?.signal?.aborted);
        throw error;
      }
      if (!isRetryableStatus(response.status)) return response;
      const hinted = retryAfterMs(response.headers, this.options.clock ?? systemClock);
      const wait = Math.min(hinted ?? this.backoffMs * 2 ** (policy.attempts - 1) * (1 - Math.random() * 0.25), this.maxBackoffMs);
      const headers = new Headers(response.headers);
      headers.delete('retry-after');
      headers.set('retry-after-ms', String(Math.max(0, Math.round(wait))));
      if (performance.now() - policy.started + wait >= this.deadlineMs) headers.set('x-should-retry', 'false');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    };
  }

  private async sdk(): Promise<typeof import('openai')> {
    this.sdkModule ??= await import('openai');
    return this.sdkModule;
  }
}

function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined): TokenUsage | null {
  if (!usage) return null;
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: usage.total_tokens ?? promptTokens + completionTokens };
}

/** The statuses the SDK retries (unless told not to). */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The SDK's errors (and ours) as an LlmError. Messages carry kind and status only. */
function toLlmError(error: unknown, stopped: 'deadline' | 'idle' | null, waitedMs: number): LlmError {
  if (error instanceof LlmError) return error;
  if (stopped === 'idle') return new LlmError(`no streamed chunk within ${waitedMs} ms`, 'timeout');
  if (stopped === 'deadline') return new LlmError(`no reply within ${waitedMs} ms`, 'timeout');
  const e = error as { status?: unknown; name?: string };
  const status = typeof e?.status === 'number' ? e.status : undefined;
  if (status !== undefined) {
    if (status === 429) return new LlmError('rate limited (429)', 'rate_limited', status);
    if (status === 408 || status === 409 || status >= 500) return new LlmError(`server error (${status})`, 'server', status);
    return new LlmError(`request rejected (${status})`, 'rejected', status);
  }
  return new LlmError(`could not reach the model server (${e?.name ?? 'error'})`, 'connection');
}

/** The wait a response asks for (retry-after-ms, or Retry-After in seconds or as a date, read against `clock`), or null. */
function retryAfterMs(headers: Headers, clock: Clock): number | null {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - clock().getTime()) : null;
}
