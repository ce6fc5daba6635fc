/**
 * A metric's trend in one line of text, for surfaces without images (CLI, plain Slack text):
 * `633 ▁▂▆▇▇ 669`. Pure.
 */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One bar per value, scaled between the smallest (▁) and the largest (█); a flat series is all ▄. */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (max === min) return BARS[3].repeat(finite.length);
  return finite.map((v) => BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))]).join('');
}

/** `633 ▁▂▆▇▇ 669`: the first value, the bars, the last value (as written when given, else the number with its unit). */
export function sparklineText(values: readonly number[], options: { unit?: string; firstText?: string; lastText?: string } = {}): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return '';
  const unit = options.unit ?? '';
  const first = options.firstText ?? `${formatNumber(finite[0])}${unit}`;
  const last = options.lastText ?? `${formatNumber(finite[finite.length - 1])}${unit}`;
  return `${first} ${sparkline(finite)} ${last}`;
}

/** A figure without float noise: 99.99600000001 → "99.996". */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}
