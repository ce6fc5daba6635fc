/** The figure rules of detectChanges (a labelled figure whose value moved, with its series): one kind of change, kept apart like the others. */
import type { ItemMetric, ReportItem } from '../reports/model';
import { subjectOf } from './lineSignals';
import { namedText, type ItemChain, type Mention } from './chains';
import { primaryMention, ref, type Context } from './detectContext';
import type { MetricChange, MetricPoint } from './types';

/** Labels of figures that are targets or deltas ("目标年底", "每月下降"): not a level that can move. */
const NOT_A_LEVEL = /目标|预计|计划|较上周|同比|环比|下降$|提升$|增长$|减少$|降低$|缩短$|节省$|增加$/;

/** Figures with the same label and unit whose value changed since the item's previous mention. */
export function metricChanges(chain: ItemChain, mine: Mention, before: Mention, ctx: Context): MetricChange[] {
  const out: MetricChange[] = [];
  for (const metric of mine.item.metrics) {
    const key = metricKey(metric);
    if (!key || !uniqueIn(mine.item, key)) continue;
    const old = metricIn(before.item, key);
    if (!old || old.value === metric.value) continue;
    out.push({
      kind: 'metric',
      subject: metricName(displayLabel(metric.label!), mine.item),
      label: displayLabel(metric.label!),
      unit: metric.unit,
      from: old.value,
      to: metric.value,
      fromText: old.text,
      toText: metric.text,
      direction: metric.value > old.value ? 'up' : 'down',
      series: seriesOf(chain, key, ctx),
      cites: [ref(ctx, mine), ref(ctx, before)],
    });
  }
  return out;
}

/** The label and unit that identify a figure across weeks; null for an unlabelled figure, a target or a delta. */
function metricKey(metric: ItemMetric): string | null {
  const label = metric.label?.normalize('NFKC').replace(/\s+/g, '');
  if (!label || NOT_A_LEVEL.test(label)) return null;
  if (!Number.isFinite(metric.value)) return null;
  return `${label}\u0000${metric.unit}`;
}

function uniqueIn(item: ReportItem, key: string): boolean {
  return item.metrics.filter((m) => metricKey(m) === key).length === 1;
}

function metricIn(item: ReportItem, key: string): ItemMetric | null {
  const found = item.metrics.filter((m) => metricKey(m) === key);
  return found.length === 1 ? found[0] : null;
}

function seriesOf(chain: ItemChain, key: string, ctx: Context): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let w = 0; w <= ctx.now; w++) {
    const m = primaryMention(chain, w);
    const metric = m && !m.plan ? metricIn(m.item, key) : null;
    if (metric) out.push({ weekLabel: ctx.weeks[w].report.weekLabel, reportDate: ctx.weeks[w].report.reportDate, value: metric.value });
  }
  return out;
}

/** A label too short to stand alone ("进度", "交易", "健康分") is named with its item: "设备指纹 SDK 二期 进度". */
const MIN_STANDALONE_LABEL = 5;

function metricName(label: string, item: ReportItem): string {
  if ([...label].length >= MIN_STANDALONE_LABEL) return label;
  const subject = subjectOf(namedText(item));
  return subject && !label.includes(subject) && !subject.includes(label) && [...subject].length <= 20 ? `${subject} ${label}` : label;
}

/** "中已完成开发" → "已完成开发": the parser's label may start with the tail of the previous word. */
function displayLabel(label: string): string {
  return label.replace(/^(其中|中|的|共)/, '').trim() || label;
}
