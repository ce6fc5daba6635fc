/**
 * Token usage per answer (or per parsed submission), as one log line. The line carries counts,
 * timings, the model's name and the outcome: never the question, the reports, the reply, the API
 * key or the server's address (a base URL may embed credentials).
 */
import type { ChatResult, LlmError, TokenUsage } from './client';

export type UsageOutcome = 'model' | 'fallback' | 'offline';

export class UsageMeter {
  private calls = 0;
  private readonly tokens: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  private unreported = 0;
  private readonly started = performance.now();

  constructor(
    /** answer, summary, submission … */
    private readonly purpose: string,
    private readonly model: string,
  ) {}

  add(result: Pick<ChatResult, 'usage'> | LlmError): void {
    this.calls += 1;
    const usage = result.usage;
    if (!usage) {
      this.unreported += 1;
      return;
    }
    this.tokens.promptTokens += usage.promptTokens;
    this.tokens.completionTokens += usage.completionTokens;
    this.tokens.totalTokens += usage.totalTokens;
  }

  /** `llm usage purpose=answer model=… calls=2 prompt_tokens=… completion_tokens=… total_tokens=… ms=… outcome=model` */
  line(outcome: UsageOutcome, reason?: string): string {
    const fields: Array<[string, string | number]> = [
      ['purpose', this.purpose],
      ['model', safeToken(this.model)],
      ['calls', this.calls],
      ['prompt_tokens', this.tokens.promptTokens],
      ['completion_tokens', this.tokens.completionTokens],
      ['total_tokens', this.tokens.totalTokens],
      ['ms', Math.round(performance.now() - this.started)],
      ['outcome', outcome],
    ];
    if (this.unreported) fields.push(['calls_without_usage', this.unreported]);
    if (reason) fields.push(['reason', safeToken(reason)]);
    return `llm usage ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}`;
  }
}

/** Reasons and model names are our own short identifiers; anything else is cut to a safe shape. */
function safeToken(value: string): string {
  return value.replace(/[^A-Za-z0-9._:/-]+/g, '_').slice(0, 60);
}
