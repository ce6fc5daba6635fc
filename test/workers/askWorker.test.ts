/**
 * The answering process of `zhoubao serve`: the same answers as in-process, fresh after the bot's
 * writes, the bot's thread stays free while a burst is answered, and the process yields the CPU to
 * the bot. Runs the worker on the current sources (test/support/askWorkerFromSources.js: no build,
 * never stale), or the one named by ZHOUBAO_ASK_WORKER (e.g. a compiled dist/workers/askWorker.js).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ANSWERING_NICENESS, AskWorker, withAnsweringWorker } from '../../src/workers/askPool';
import { EVAL_NOW, REPO_ROOT, openTestKb } from '../support/kb';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';

const WORKER_FILE = process.env.ZHOUBAO_ASK_WORKER ?? path.join(REPO_ROOT, 'test', 'support', 'askWorkerFromSources.js');
let kb: KnowledgeBase;
let dataDir: string;
let worker: AskWorker | null;

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb());
  kb.close(); // persist the index so the worker loads it instead of rebuilding
  ({ kb } = await openTestKb({ dataDir, samples: false }));
  worker = await AskWorker.start(dataDir, { workerFile: WORKER_FILE });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the compiled worker starts and gives the same answers as the main thread', async () => {
  expect(worker).not.toBeNull();
  for (const q of ['光大备份通道什么时候上线', '第47周入金有效成功率是多少', '火星支付通道什么时候上线']) {
    const inProcess = await kb.ask(q, { now: EVAL_NOW });
    const fromWorker = await worker!.ask(q, { now: EVAL_NOW });
    expect(fromWorker).toEqual(inProcess);
  }
});

test('a report stored by the main thread is answerable by the worker at once', async () => {
  await kb.ingestText('# 支付中心 第50周 2023-12-08\n\n## 重点工作\n\n- 北斗清算通道已于12/6上线\n', { source: 'test:worker' });
  const answer = await worker!.ask('北斗清算通道什么时候上线', { now: new Date('2023-12-08T18:00:00+08:00') });
  expect(answer.found).toBe(true);
  expect(answer.answer).toContain('12/6');
});

test('while the worker answers a burst, the main thread keeps turning', async () => {
  const slack = withAnsweringWorker(kb, worker!);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const questions = Array.from({ length: 40 }, (_, i) => (i % 2 ? '光大备份通道什么时候上线' : 'POS收单系统建设进展如何'));
  const started = Date.now();
  const answers = await Promise.all(questions.map((q) => slack.ask(q, { now: EVAL_NOW })));
  const elapsed = Date.now() - started;
  clearInterval(timer);
  expect(answers.every((a) => a.found)).toBe(true);
  // A blocked loop would tick a handful of times; a free one ticks for most of the elapsed time.
  expect(ticks).toBeGreaterThan(Math.min(20, elapsed / 10));
});

test('the answering process runs at a lower priority than the bot, on every thread', () => {
  const pid = worker!.pid!;
  expect(os.getPriority(pid)).toBeGreaterThanOrEqual(ANSWERING_NICENESS);
  if (process.platform !== 'linux') return;
  const threads = fs.readdirSync(`/proc/${pid}/task`).map(Number);
  expect(threads.length).toBeGreaterThan(1);
  for (const thread of threads) expect(os.getPriority(thread)).toBeGreaterThanOrEqual(ANSWERING_NICENESS);
});

test('if the answering process dies, questions are still answered, by the bot itself', async () => {
  const doomed = (await AskWorker.start(dataDir, { workerFile: WORKER_FILE }))!;
  const logged: string[] = [];
  const slack = withAnsweringWorker(kb, doomed, (m) => logged.push(m));
  process.kill(doomed.pid!, 'SIGKILL');
  await waitUntilGone(doomed.pid!);
  const answer = await slack.ask('光大备份通道什么时候上线', { now: EVAL_NOW });
  expect(answer).toEqual(await kb.ask('光大备份通道什么时候上线', { now: EVAL_NOW }));
  expect(answer.found).toBe(true);
  expect(logged.join('\n')).toContain('改为在主进程回答');
  await doomed.close();
});

// Closes the shared worker (afterAll's close is then a no-op): no test after this one asks it, and a
// third process would only cost another start-up (loading the sources, opening the store).
test('closing ends the answering process', async () => {
  const pid = worker!.pid!;
  expect(isRunning(pid)).toBe(true);
  await worker!.close();
  await waitUntilGone(pid);
  expect(isRunning(pid)).toBe(false);
});

test('with no compiled worker available, start() says so and the caller stays in-process', async () => {
  expect(await AskWorker.start(dataDir, { workerFile: path.join(dataDir, 'nope.js') })).toBeNull();
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A killed process is reaped a moment later; give it up to 5 s. */
async function waitUntilGone(pid: number): Promise<void> {
  for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}
