/**
 * 离目标还差多少 / 距目标还有多远: the week's figure, the target the item states for it and how far
 * apart they are. A target is often said once, in the week the work started (P99 延迟 38ms，目标
 * 20ms), and the later weeks give only the figure (P99 延迟降至 26ms): the item's story holds it.
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import { GAP_ASKED, TARGET_LABEL, labelOf } from './metricFit';

/**
 * The target (same unit) in the figure's own line or, newest first, in the earlier weeks of its story,
 * and the gap: `目标 20ms（第47周），相差 6ms`. Null when the question asks no gap or no week states a target.
 */
export function targetGap(question: string, item: StoredItem, metric: ItemMetric, story: StoredItem[]): string | null {
  if (!GAP_ASKED.test(question) || TARGET_LABEL.test(labelOf(item, metric))) return null;
  const earlier = story.filter((i) => i !== item && i.reportDate <= item.reportDate).sort((a, b) => b.reportDate.localeCompare(a.reportDate));
  for (const source of [item, ...earlier]) {
    const target = source.metrics.find((m) => m !== metric && m.unit === metric.unit && TARGET_LABEL.test(labelOf(source, m)));
    if (!target) continue;
    const where = source === item ? '' : `（${source.weekLabel}）`;
    const gap = Math.abs(metric.value - target.value);
    if (!gap) return `目标 ${target.text}${where}，已达到`;
    // Between two percentages the gap is in points (52% to 55% is 3 个百分点, not 3%).
    const amount = `${formatLike(gap, metric, target)}${metric.unit === '%' ? ' 个百分点' : metric.unit}`;
    // 离92%目标还差多少 of a figure already past it: the story's first figure of the same name says
    // which side the work started on (89.2% → 92.3%, target 92%: passed; 420ms → 300ms, target 200ms: still short).
    const label = labelOf(item, metric);
    const start = [...earlier].reverse().flatMap((i) => i.metrics.filter((m) => m.unit === metric.unit && labelOf(i, m) === label))[0];
    // Said by the side it passed on: a duration brought under its target (158 → 96 分钟, target 100) is
    // 低于目标, not 超过 (which reads as worse).
    if (start && (start.value - target.value) * (metric.value - target.value) < 0) return `目标 ${target.text}${where}，已达成（${metric.value > target.value ? '高于' : '低于'}目标 ${amount}）`;
    return `目标 ${target.text}${where}，相差 ${amount}`;
  }
  return null;
}

/** The gap with as many decimals as the figures have (99.2% and 99.5%: 0.3%, not 0.30000000000000004%). */
function formatLike(gap: number, ...figures: ItemMetric[]): string {
  const decimals = Math.max(0, ...figures.map((f) => /\.(\d+)/.exec(String(f.value))?.[1].length ?? 0));
  return gap.toFixed(decimals).replace(/\.0+$/, '');
}
