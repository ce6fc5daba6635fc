/**
 * A chat client for any OpenAI-compatible server (OpenAI, Azure-style gateways, vLLM, Ollama,
 * llama.cpp …), through the `openai` SDK. It adds what the bot needs on top of the SDK:
 *
 * - a per-attempt timeout that also covers a streamed reply (no chunk for `timeoutMs` = timed out),
 *   where the SDK's own timeout stops at the response headers;
 * - its own retries with exponential backoff and jitter, honouring Retry-After but never waiting
 *   longer than `maxBackoffMs` (a chat answer must not sit behind a 60 s Retry-After), and none
 *   that would start after `deadlineMs`; a stream is retried only until its first piece of
 *   content has been handed out;
 * - errors reduced to a few kinds (`LlmError.kind`) callers can act on, without content.
 *
 * The SDK is loaded on first use: an offline process never pays for requiring it.
 */
import type OpenAI from 'openai';
import type { Config } from '../config';

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
  /** Per attempt: until the reply is complete (complete) or between two streamed chunks (stream). Default 30 s. */
  timeoutMs?: number;
  /** All attempts and waits of one call together: no retry starts after this. Default 60 s. */
  deadlineMs?: number;
  /** Retries after a timeout, 408/409/429/5xx or a connection error. Default 2. */
  maxRetries?: number;
  /** First retry delay, doubled for each further retry, with up to 25% jitter. Default 500 ms. */
  backoffMs?: number;
  /** Upper bound of any wait between attempts, Retry-After included. Default 4 s. */
  maxBackoffMs?: number;
  /** Sampling temperature; not sent unless set (some models accept only their default). */
  temperature?: number;
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

export class OpenAICompatibleChat implements LlmClient {
  readonly model: string;
  private sdk: OpenAI | null = null;
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
    return this.withRetries(async (signal) => {
      const client = await this.client();
      const reply = await client.chat.completions.create({ ...this.body(request), stream: false }, { signal, maxRetries: 0, timeout: this.timeoutMs + 1_000 });
      const content = reply.choices?.[0]?.message?.content ?? '';
      if (!content.trim()) throw new LlmError('the model returned an empty reply', 'empty');
      return { content, usage: usageOf(reply.usage), model: reply.model || this.model };
    }, () => false);
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
    let handedOut = false;
    return this.withRetries(
      async (signal, touch) => {
        const client = await this.client();
        const chunks = await client.chat.completions.create(
          { ...this.body(request), stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) },
          { signal, maxRetries: 0, timeout: this.timeoutMs + 1_000 },
        );
        let content = '';
        let usage: TokenUsage | null = null;
        let model = this.model;
        for await (const chunk of chunks) {
          touch();
          if (chunk.model) model = chunk.model;
          if (chunk.usage) usage = usageOf(chunk.usage);
          const delta = chunk.choices?.[0]?.delta?.content;
          if (delta) {
            content += delta;
            handedOut = true;
            onText(delta);
          }
        }
        // The SDK ends the iteration quietly when the request is aborted: a cut-off reply is not a reply.
        if (signal.aborted) throw new LlmError('the reply stopped before it was complete', 'timeout', undefined, usage);
        if (!content.trim()) throw new LlmError('the model returned an empty reply', 'empty', undefined, usage);
        return { content, usage, model };
      },
      () => handedOut,
    );
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
   * Runs `attempt` with a fresh abort signal per try. The timer starts at the call and restarts
   * whenever the attempt calls `touch` (a streamed chunk arrived); when it fires, the attempt is
   * aborted and counts as a timeout.
   */
  private async withRetries(
    attempt: (signal: AbortSignal, touch: () => void) => Promise<Omit<ChatResult, 'millis' | 'attempts'>>,
    tooLateToRetry: () => boolean,
  ): Promise<ChatResult> {
    const started = Date.now();
    for (let tries = 1; ; tries++) {
      const controller = new AbortController();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const touch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, this.timeoutMs);
      };
      touch();
      try {
        const result = await attempt(controller.signal, touch);
        return { ...result, millis: Date.now() - started, attempts: tries };
      } catch (error) {
        const failure = toLlmError(error, timedOut, this.timeoutMs);
        if (tries > this.maxRetries || !isRetryable(failure) || tooLateToRetry()) throw failure;
        const delay = this.retryDelay(tries, error);
        // A retry that could not even start before the deadline is not worth waiting for.
        if (Date.now() - started + delay >= this.deadlineMs) throw failure;
        await sleep(delay);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  private retryDelay(tries: number, error: unknown): number {
    const hinted = retryAfterMs(error);
    if (hinted !== null) return Math.min(hinted, this.maxBackoffMs);
    const base = Math.min(this.backoffMs * 2 ** (tries - 1), this.maxBackoffMs);
    return base * (1 - Math.random() * 0.25);
  }

  private async client(): Promise<OpenAI> {
    if (!this.sdk) {
      const { default: OpenAIClient } = await import('openai');
      this.sdk = new OpenAIClient({ apiKey: this.endpoint.apiKey, baseURL: this.endpoint.baseURL, maxRetries: 0, timeout: this.timeoutMs + 1_000 });
    }
    return this.sdk;
  }
}

function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined): TokenUsage | null {
  if (!usage) return null;
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: usage.total_tokens ?? promptTokens + completionTokens };
}

function isRetryable(error: LlmError): boolean {
  return error.kind === 'timeout' || error.kind === 'rate_limited' || error.kind === 'server' || error.kind === 'connection';
}

/** The SDK's errors (and ours) as an LlmError. Messages carry kind and status only. */
function toLlmError(error: unknown, timedOut: boolean, timeoutMs: number): LlmError {
  if (error instanceof LlmError) return error;
  if (timedOut) return new LlmError(`no reply within ${timeoutMs} ms`, 'timeout');
  const e = error as { status?: unknown; name?: string };
  const status = typeof e?.status === 'number' ? e.status : undefined;
  if (status !== undefined) {
    if (status === 429) return new LlmError('rate limited (429)', 'rate_limited', status);
    if (status === 408 || status === 409 || status >= 500) return new LlmError(`server error (${status})`, 'server', status);
    return new LlmError(`request rejected (${status})`, 'rejected', status);
  }
  if (e?.name === 'APIConnectionTimeoutError') return new LlmError(`no reply within ${timeoutMs} ms`, 'timeout');
  return new LlmError(`could not reach the model server (${e?.name ?? 'error'})`, 'connection');
}

function retryAfterMs(error: unknown): number | null {
  const headers = (error as { headers?: { get?: (name: string) => string | null } })?.headers;
  if (!headers || typeof headers.get !== 'function') return null;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number.parseFloat(headers.get('retry-after') ?? '');
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
