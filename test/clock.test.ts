/**
 * One clock: whatever needs "now" is handed a Clock (src/clock.ts) from the entry points, so a
 * test or `--now` sets the date for the whole run. A direct `new Date()` / `Date.now()` elsewhere
 * would quietly use the real date instead. (Elapsed time is measured with performance.now().)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixedClock, systemClock } from '../src/clock';

const SRC = path.resolve(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('no module but src/clock.ts reads the real clock', () => {
  const reads: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel === 'clock.ts') continue;
    // Comments may mention the calls; only code counts.
    const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    code.split('\n').forEach((line, i) => {
      if (/\bnew Date\(\s*\)|\bDate\.now\(\s*\)/.test(line)) reads.push(`src/${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(reads).toEqual([]);
});

test('a fixed clock always tells the same time, in fresh Date objects', () => {
  const at = new Date('2023-11-24T16:00:00+08:00');
  const clock = fixedClock(at);
  const first = clock();
  first.setFullYear(2000);
  expect(clock().toISOString()).toBe('2023-11-24T08:00:00.000Z');
  expect(Math.abs(systemClock().getTime() - performance.timeOrigin - performance.now())).toBeLessThan(60_000);
});
