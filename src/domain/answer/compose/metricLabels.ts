/**
 * How a metric's label and value are read for an answer: the figure a change reaches (由 92% 提升至
 * 97.5% → 97.5%), the same measure restated in another week's words, and the label as the answer
 * states it. Split from metric.ts, which picks the figure.
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';

/** A weekday grid's cell label (周二). */
const WEEKDAY_ONLY = /^周[一二三四五六日天]$/;

/** 自动勾对率由92%提升至97.5%: the figure asked for is the one after 至. */
export function finalValue(item: StoredItem, metric: ItemMetric): ItemMetric {
  const i = item.metrics.indexOf(metric);
  const next = item.metrics[i + 1];
  if (!next || next.unit !== metric.unit) return metric;
  const text = item.text.normalize('NFKC');
  const between = text.slice(text.indexOf(metric.text) + metric.text.length, text.indexOf(next.text, text.indexOf(metric.text) + metric.text.length));
  return /至|到|为|→|->/.test(between) && between.length <= 8 ? next : metric;
}

/**
 * A reworded week (崩溃率降至 0.18% → 崩溃率由 0.32% 降至 0.21%) keeps its figure in the series: the
 * figure in the same unit whose label shares most with the asked one (finalValue then takes 0.21%).
 */
export function closestOfUnit(item: StoredItem, asked: ItemMetric): ItemMetric | undefined {
  const same = item.metrics.filter((m) => m.unit === asked.unit);
  const label = cleanLabel(asked.label);
  const shared = (m: ItemMetric) => [...cleanLabel(m.label)].filter((c) => label.includes(c)).length;
  return same.length ? same.reduce((a, b) => (shared(b) > shared(a) ? b : a)) : undefined;
}

/** 差错归因助手归因准确率 88% restates 归因准确率 86%: a longer label ending in the picked one, same unit. */
export function endsWithLabel(later: ItemMetric, picked: ItemMetric): boolean {
  const label = cleanLabel(picked.label);
  return later.unit === picked.unit && [...label].length >= 3 && cleanLabel(later.label).endsWith(label);
}

/**
 * A weekday grid's row (主控板主频调优：周三 1.2GHz … / 主控板主频调优：周一 回退至 1.4GHz): the labels differ
 * by the day, the row's name before the colon is the measure; the unit must agree.
 */
export function sameRowHead(a: ItemMetric, b: ItemMetric): boolean {
  const head = (label: string | null) => (/[：:]/.test(label ?? '') ? cleanLabel(label).split(/[：:]/)[0].trim() : '');
  return a.unit === b.unit && head(a.label) !== '' && head(a.label) === head(b.label);
}

/** The label's last words (商家App 5.6 版本已于11/28发版，新版本覆盖率 → 新版本覆盖率). */
export function labelTail(label: string | null): string {
  const tail = cleanLabel(label).split(/[，,：:；;\s]/).pop() ?? '';
  return [...tail].length >= 2 ? tail : `\u0000${cleanLabel(label)}`;
}

/**
 * The label as the answer states it: without a leading particle (中已完成开发 → 已完成开发), and
 * whole when the parser kept only the end of a word (本治理 for 成本治理 in the line).
 */
export function displayLabel(item: StoredItem, metric: ItemMetric): string {
  const raw = cleanLabel(metric.label).replace(/\s+/g, ' ');
  const label = raw.replace(/^[中的了及和与、，,]+/, '');
  if (label !== raw) return label;
  const text = item.text;
  // A weekday grid's cell (周二 480/480): the row's name says what it measures.
  if (WEEKDAY_ONLY.test(label)) return `${text.split(/[：:]/)[0]}（${label}）`;
  const at = label ? text.indexOf(label) : -1;
  if (at <= 0) return label;
  // At most two characters: a clipped word (成本治理, 覆盖率), not the clause before it.
  let start = at;
  while (start > 0 && at - start < 2 && /\p{Script=Han}/u.test(text[start - 1])) start--;
  return text.slice(start, at) + label;
}

export function cleanLabel(label: string | null): string {
  return (label ?? '').replace(/[由从]$/, '').replace(/[：:]$/, '').trim();
}

export function sameLabel(a: string | null, b: string | null): boolean {
  return cleanLabel(a) === cleanLabel(b);
}
