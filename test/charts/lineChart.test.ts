import zlib from 'node:zlib';
import { niceTicks, renderLineChartPng } from '../../src/adapters/charts/lineChart';
import { metricChangeChart } from '../../src/adapters/charts/metricChart';

// Read once: a global such as Math is looked up through jest's sandbox on every use, and the Paeth
// filter below needs three abs() per byte (~2 s a chart that way, ~50 ms with this local).
const { abs } = Math;

/** A minimal PNG reader (8-bit RGB/RGBA, no interlace): enough to look at the chart's pixels. */
function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      channels = ({ 2: 3, 6: 4 } as Record<number, number>)[data[9]];
      expect(data[12]).toBe(0); // not interlaced
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  // Plain typed arrays and no allocation per byte: Buffer indexing inside jest's sandbox is slow.
  const raw = new Uint8Array(zlib.inflateSync(Buffer.concat(idat)));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[row + x - channels] : 0;
      const b = y > 0 ? out[row - stride + x] : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const c = x >= channels && y > 0 ? out[row - stride + x - channels] : 0;
        const p = a + b - c;
        const pa = abs(p - a);
        const pb = abs(p - b);
        const pc = abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[row + x] = (raw[line + x] + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels: Buffer.from(out.buffer, out.byteOffset, out.byteLength) };
}

function pixel(img: ReturnType<typeof decodePng>, x: number, y: number): number[] {
  const i = (y * img.width + x) * img.channels;
  return [...img.pixels.subarray(i, i + 3)];
}

const HEALTH = { title: '支付中心 健康分趋势', unit: '分', points: [633, 640, 667, 671, 669].map((value, i) => ({ label: `第${45 + i}周`, value })) };

describe('renderLineChartPng', () => {
  test('a PNG of the asked size with a drawn line, axis text and the latest value in red', () => {
    const img = decodePng(renderLineChartPng(HEALTH));
    expect([img.width, img.height]).toEqual([800, 400]);
    const colours = new Set<string>();
    let nonWhite = 0;
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        const [r, g, b] = pixel(img, x, y);
        colours.add(`${r >> 4},${g >> 4},${b >> 4}`);
        if (r < 240 || g < 240 || b < 240) nonWhite++;
      }
    expect(nonWhite).toBeGreaterThan(2000); // line, dots, grid and text, not a blank canvas
    expect(colours.size).toBeGreaterThan(10); // anti-aliased text and lines, not one flat fill
    // The latest point (rightmost, top area since 669 is near the top) is marked in red.
    let red = 0;
    for (let y = 0; y < img.height; y++)
      for (let x = img.width - 140; x < img.width; x++) {
        const [r, g, b] = pixel(img, x, y);
        if (r > 180 && g < 80 && b < 80) red++;
      }
    expect(red).toBeGreaterThan(30);
  });

  test('the week labels are drawn with glyphs: the title band differs from the blank top corner', () => {
    const img = decodePng(renderLineChartPng({ ...HEALTH, width: 640, height: 320 }));
    expect([img.width, img.height]).toEqual([640, 320]);
    let inkInTitle = 0;
    for (let y = 18; y < 42; y++) for (let x = 88; x < 300; x++) if (pixel(img, x, y)[0] < 128) inkInTitle++;
    expect(inkInTitle).toBeGreaterThan(100);
  });

  test('a single week or a flat series still draws', () => {
    expect(decodePng(renderLineChartPng({ title: '可用性', unit: '%', points: [{ label: '第48周', value: 99.998 }] })).width).toBe(800);
    expect(() => renderLineChartPng({ title: '空', unit: '', points: [] })).toThrow();
  });

  test('axis ticks are round numbers covering the values', () => {
    const ticks = niceTicks(633, 671);
    expect(ticks[0]).toBeLessThanOrEqual(633);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(671);
    expect(ticks).toEqual([630, 640, 650, 660, 670, 680]);
  });
});

describe('metricChangeChart', () => {
  test('a moved figure becomes a chart input labelled by week, oldest first, with its unit', () => {
    const input = metricChangeChart(
      {
        kind: 'metric',
        subject: '健康分',
        label: '健康分',
        unit: '分',
        from: 640,
        to: 667,
        fromText: '640分',
        toText: '667分',
        direction: 'up',
        series: [
          { weekLabel: '第47周', reportDate: '2023-11-17', value: 667 },
          { weekLabel: '第46周', reportDate: '2023-11-10', value: 640 },
        ],
        cites: [],
      },
      '支付中心',
    );
    expect(input).toEqual({
      title: '支付中心 · 健康分（第46周–第47周）',
      unit: '分',
      points: [
        { label: '第46周', value: 640 },
        { label: '第47周', value: 667 },
      ],
    });
  });
});
