/**
 * What to draw for a metric: a change's series (src/changes) or any weekly series, as the line
 * chart's input. Pure (no canvas): callers render with renderLineChartPng only when they post or
 * write an image, so text-only surfaces never load the canvas.
 */
import type { MetricChange, MetricPoint } from '../../domain/changes/types';
import { formatMonthDay } from '../../domain/calendar';
import type { LineChartInput } from './lineChart';

/** A chart for a figure that moved this week: "支付中心 · 稳定性度量 健康分（第45周–第49周）". */
export function metricChangeChart(change: MetricChange, team: string): LineChartInput {
  return weeklySeriesChart(`${team} · ${change.subject}`, change.unit, change.series);
}

/**
 * A weekly series as chart points labelled by week (第45周…). Two points of the same week label in
 * different years (第1周 of 2023 and of 2024) keep apart by their dates.
 */
export function weeklySeriesChart(title: string, unit: string, series: readonly MetricPoint[]): LineChartInput {
  const sorted = [...series].sort((a, b) => a.reportDate.localeCompare(b.reportDate));
  const labels = sorted.map((p) => p.weekLabel);
  const duplicated = new Set(labels.filter((l, i) => labels.indexOf(l) !== i));
  const points = sorted.map((p) => ({ label: duplicated.has(p.weekLabel) ? `${p.weekLabel}(${formatMonthDay(p.reportDate)})` : p.weekLabel, value: p.value }));
  const range = sorted.length > 1 ? `（${sorted[0].weekLabel}–${sorted[sorted.length - 1].weekLabel}）` : '';
  return { title: `${title}${range}`, unit, points };
}
