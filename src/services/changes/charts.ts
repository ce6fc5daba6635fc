/**
 * Line charts of the figures the changes digest and trend answers talk about, as PNG bytes: the one
 * place the front doors (the CLI's --chart, Slack's thread uploads) get a chart from, so neither
 * needs the chart adapters. The canvas and the font load with the first chart drawn (lineChart.ts).
 */
import { metricChangeChart, weeklySeriesChart } from '../../adapters/charts/metricChart';
import { renderLineChartPng, type LineChartInput } from '../../adapters/charts/lineChart';
import type { MetricChange, MetricPoint } from '../../domain/changes/types';

/** Pixel size; the chart's default (a trend answer's full size) when left out. */
export interface ChartSize {
  width?: number;
  height?: number;
}

export interface RenderedChart {
  /** The chart's title, also what a Slack upload uses as its title and alt text: "支付中心 · 健康分（第45周–第49周）" */
  title: string;
  png: Buffer;
}

/** A figure that moved this week, for `team`. */
export function renderMetricChartPng(change: MetricChange, team: string, size: ChartSize = {}): RenderedChart {
  return render({ ...metricChangeChart(change, team), ...size });
}

/** Any weekly series (a trend answer's), titled `title`, values in `unit`. */
export function renderSeriesChartPng(title: string, unit: string, series: readonly MetricPoint[], size: ChartSize = {}): RenderedChart {
  return render({ ...weeklySeriesChart(title, unit, series), ...size });
}

function render(chart: LineChartInput): RenderedChart {
  return { title: chart.title, png: renderLineChartPng(chart) };
}
