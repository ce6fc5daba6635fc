/**
 * The Slack latency benchmark's harness works: every mention gets its answer and both times are
 * recorded. Speed itself is measured by `npm run bench`, not asserted here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureSlackLatency, percentile } from '../../tools/bench/slackLatency';

test('percentile uses nearest rank', () => {
  expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
  expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
});

test('measureSlackLatency sends N signed mentions with K in flight and times ack and answer', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-bench-'));
  try {
    // A few mentions prove the path; the numbers themselves come from `npm run bench` (300 mentions).
    // Answered in this process: by default the bench forks dist/workers/askWorker.js when a build
    // exists (stale code, a second start-up) and answers in-process when none does; the answering
    // process itself is tested on the current sources in test/workers/askWorker.test.ts.
    const result = await measureSlackLatency({
      questions: ['光大备份通道什么时候上线', 'POS APP什么时候上线'],
      kbDataDir: dir,
      count: 24,
      inFlight: 6,
      answeringWorker: false,
    });
    expect(result.n).toBe(24);
    expect(result.inFlight).toBe(6);
    expect(result.busy).toBe(0);
    expect(result.ackP50).toBeGreaterThan(0);
    expect(result.ackP95).toBeGreaterThanOrEqual(result.ackP50);
    expect(result.ackMax).toBeGreaterThanOrEqual(result.ackP95);
    expect(result.answerP50).toBeGreaterThanOrEqual(result.ackP50 * 0.5);
    expect(result.answerP95).toBeGreaterThanOrEqual(result.answerP50);
    expect(result.answerMax).toBeGreaterThanOrEqual(result.answerP95);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
