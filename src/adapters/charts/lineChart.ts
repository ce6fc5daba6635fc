/**
 * A metric's trend as a PNG line chart, drawn server-side and offline: @napi-rs/canvas (Skia, its
 * prebuilt binary ships inside the npm package) and Noto Sans SC from @embedpdf/fonts-sc (an OTF
 * shipped through npm), so Chinese labels render without any system font. Axes: weeks (第45周…)
 * along the bottom, values with the unit on the left; the latest value is marked and labelled.
 *
 * Both packages are loaded when the first chart is drawn, so the rest of the app starts (and its
 * tests run) without them.
 */
import path from 'node:path';

export interface ChartPoint {
  /** The x-axis label: "第45周" */
  label: string;
  value: number;
}

export interface LineChartInput {
  title: string;
  /** "分", "%", "笔" … ('' for none) */
  unit: string;
  points: ChartPoint[];
  width?: number;
  height?: number;
}

/** The font family the chart registers its bundled font under (not a system name, so nothing else can answer to it). */
export const CHART_FONT_FAMILY = 'ZhoubaoChartSans';
const FONT_PACKAGE = '@embedpdf/fonts-sc';
const FONT_FILE = 'NotoSansHans-Regular.otf';

const COLORS = { background: '#ffffff', text: '#1f2328', muted: '#6e7781', grid: '#d8dee4', line: '#1f6feb', latest: '#cf222e' };

// The parts of @napi-rs/canvas this module uses: typed here so the project compiles without it installed.
interface Ctx2D {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  stroke(): void;
  fill(): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  setLineDash(segments: number[]): void;
}
interface CanvasModule {
  createCanvas(width: number, height: number): { getContext(kind: '2d'): Ctx2D; toBuffer(mime: 'image/png'): Buffer };
  GlobalFonts: { registerFromPath(file: string, family?: string): unknown; has(family: string): boolean };
}

let canvasModule: CanvasModule | null = null;

function loadCanvas(): CanvasModule {
  if (canvasModule) return canvasModule;
  let mod: CanvasModule;
  try {
    mod = require('@napi-rs/canvas') as CanvasModule;
  } catch (err) {
    throw new Error(`画图需要 @napi-rs/canvas：请先 npm install（${(err as Error).message}）`);
  }
  if (!mod.GlobalFonts.has(CHART_FONT_FAMILY)) {
    const font = bundledFontPath();
    if (!mod.GlobalFonts.registerFromPath(font, CHART_FONT_FAMILY)) throw new Error(`无法加载图表字体：${font}`);
  }
  canvasModule = mod;
  return mod;
}

/** The OTF inside the font package (its exports map only names its index, so resolve from there). */
export function bundledFontPath(): string {
  let entry: string;
  try {
    entry = require.resolve(FONT_PACKAGE);
  } catch (err) {
    throw new Error(`画图需要中文字体包 ${FONT_PACKAGE}：请先 npm install（${(err as Error).message}）`);
  }
  return path.join(path.dirname(entry), '..', 'fonts', FONT_FILE);
}

/** Room around the plot for the title, the axis labels and the latest value's label. */
const MARGIN = { top: 64, right: 96, bottom: 56, left: 88 };

export function renderLineChartPng(input: LineChartInput): Buffer {
  const width = Math.round(input.width ?? 800);
  const height = Math.round(input.height ?? 400);
  const points = input.points.filter((p) => Number.isFinite(p.value));
  if (!points.length) throw new Error('renderLineChartPng: no values to draw');
  const { createCanvas } = loadCanvas();
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const font = (px: number) => `${px}px ${CHART_FONT_FAMILY}`;

  g.fillStyle = COLORS.background;
  g.fillRect(0, 0, width, height);

  g.fillStyle = COLORS.text;
  g.font = font(20);
  g.textAlign = 'left';
  g.textBaseline = 'alphabetic';
  g.fillText(input.title, MARGIN.left, 36);

  const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const ticks = niceTicks(Math.min(...points.map((p) => p.value)), Math.max(...points.map((p) => p.value)));
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const xOf = (i: number) => plot.x + (points.length === 1 ? plot.w / 2 : (i * plot.w) / (points.length - 1));
  const yOf = (v: number) => plot.y + plot.h - ((v - lo) / (hi - lo)) * plot.h;

  // Value axis: grid lines and labels with the unit.
  g.font = font(13);
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  g.lineWidth = 1;
  for (const t of ticks) {
    g.strokeStyle = COLORS.grid;
    g.beginPath();
    g.moveTo(plot.x, yOf(t));
    g.lineTo(plot.x + plot.w, yOf(t));
    g.stroke();
    g.fillStyle = COLORS.muted;
    g.fillText(`${formatTick(t, ticks)}${input.unit}`, plot.x - 10, yOf(t));
  }

  // Week axis.
  g.textAlign = 'center';
  g.textBaseline = 'top';
  const every = Math.max(1, Math.ceil((points.length * 64) / plot.w));
  points.forEach((p, i) => {
    if (i % every !== 0 && i !== points.length - 1) return;
    g.fillStyle = COLORS.muted;
    g.fillText(p.label, xOf(i), plot.y + plot.h + 12);
  });
  g.strokeStyle = COLORS.muted;
  g.beginPath();
  g.moveTo(plot.x, plot.y + plot.h);
  g.lineTo(plot.x + plot.w, plot.y + plot.h);
  g.stroke();

  // The line and its points.
  g.strokeStyle = COLORS.line;
  g.lineWidth = 3;
  g.beginPath();
  points.forEach((p, i) => (i === 0 ? g.moveTo(xOf(i), yOf(p.value)) : g.lineTo(xOf(i), yOf(p.value))));
  g.stroke();
  g.fillStyle = COLORS.line;
  points.forEach((p, i) => {
    g.beginPath();
    g.arc(xOf(i), yOf(p.value), 4, 0, Math.PI * 2);
    g.fill();
  });

  // The latest value: a larger red dot and its figure beside it.
  const last = points[points.length - 1];
  const lx = xOf(points.length - 1);
  const ly = yOf(last.value);
  g.fillStyle = COLORS.latest;
  g.beginPath();
  g.arc(lx, ly, 7, 0, Math.PI * 2);
  g.fill();
  g.font = font(16);
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  g.fillText(`${formatValue(last.value)}${input.unit}`, lx + 12, ly);

  return canvas.toBuffer('image/png');
}

/** Five or so round tick values covering [min, max] (a flat series gets a band around its value). */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.01 : 1;
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function formatTick(value: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(step >= 1 && Number.isInteger(step) ? 0 : decimals + (Number.isInteger(Number((step * 10 ** decimals).toPrecision(12))) ? 0 : 1));
}

function formatValue(value: number): string {
  return String(Number(value.toPrecision(12)));
}
