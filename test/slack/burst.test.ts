/**
 * Bursts of questions: answering never holds an acknowledgement. The answer work waits in a bounded
 * queue that yields to pending I/O between jobs; when the queue is full the asker is told to try
 * again instead of hearing nothing. (Timings are measured by `npm run bench`, not asserted here.)
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { busyMessage } from '../../src/slack/blocks/notices';
import { WorkQueue } from '../../src/slack/workQueue';
import { CHANNEL, mentionEvent, startHarness, waitUntil, type Harness } from './harness';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function spin(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a synchronous answer, as a slow search would be
  }
}

describe('WorkQueue', () => {
  test('a job never starts inside offer(), only on a later turn of the event loop', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxQueued: 10 });
    let started = false;
    expect(queue.offer(async () => void (started = true))).not.toBeNull();
    expect(started).toBe(false);
    await queue.idle();
    expect(started).toBe(true);
  });

  test('no more than `concurrency` jobs run and no more than `maxQueued` wait; one more is refused', async () => {
    const queue = new WorkQueue({ concurrency: 2, maxQueued: 3 });
    let running = 0;
    let mostRunning = 0;
    const gates: Array<() => void> = [];
    const job = () =>
      new Promise<void>((resolve) => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        gates.push(() => {
          running -= 1;
          resolve();
        });
      });
    const accepted = Array.from({ length: 7 }, () => queue.offer(job) !== null);
    // 2 running + 3 waiting at most, whether or not the first ones have started yet.
    expect(accepted).toEqual([true, true, true, true, true, false, false]);
    await waitUntil(() => queue.active === 2 || null, 2000, 'two jobs running');
    expect(queue.queued).toBe(3);
    expect(queue.offer(job)).toBeNull();
    for (let released = 0; released < 5; released++) {
      await waitUntil(() => gates.length > 0 || null, 2000, 'a running job');
      gates.shift()!();
      await tick();
    }
    await queue.idle();
    expect(mostRunning).toBe(2);
  });

  test('a request that arrives while a job runs is read before the next job starts', async () => {
    const order: string[] = [];
    const server = net.createServer((socket) => socket.on('data', () => order.push('request read')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', resolve));
    await waitUntil(() => (server as any)._connections > 0 || null, 2000, 'the connection');
    try {
      const queue = new WorkQueue({ concurrency: 1, maxQueued: 10 });
      queue.offer(async () => {
        order.push('job 1');
        client.write('a mention');
        spin(60);
      });
      queue.offer(async () => void order.push('job 2'));
      await queue.idle();
      await waitUntil(() => order.includes('request read') || null, 2000, 'the request');
      expect(order).toEqual(['job 1', 'request read', 'job 2']);
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('offer() gives a promise of the job being done, so that later steps can wait for it', async () => {
    const queue = new WorkQueue({ concurrency: 2, maxQueued: 10 });
    const order: string[] = [];
    const done = queue.offer(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('job');
    });
    await done;
    order.push('after');
    expect(order).toEqual(['job', 'after']);
    // Also when the job fails: the failure goes to onError, the waiter is not left hanging.
    await expect(queue.offer(async () => Promise.reject(new Error('boom')))).resolves.toBeUndefined();
  });

  test('a job that throws is reported and does not stop the queue', async () => {
    const errors: unknown[] = [];
    const queue = new WorkQueue({ concurrency: 1, maxQueued: 10, onError: (e) => errors.push(e) });
    let ran = false;
    queue.offer(async () => {
      throw new Error('boom');
    });
    queue.offer(async () => void (ran = true));
    await queue.idle();
    expect(errors).toHaveLength(1);
    expect(ran).toBe(true);
  });
});

describe('a burst of mentions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workQueue: { concurrency: 2, maxQueued: 3 } });
  });
  afterAll(async () => {
    await h.close();
  });

  test('every mention is acknowledged at once; the queue bound holds; the overflow is told to try again', async () => {
    const realAsk = h.kb.ask.bind(h.kb);
    const asked: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    h.kb.ask = async (question, context) => {
      asked.push(question);
      await gate;
      return realAsk(question, context);
    };
    try {
      const events = Array.from({ length: 7 }, (_, i) => mentionEvent(h, `光大备份通道什么时候上线 ${i}`));
      const responses = await Promise.all(events.map((e) => h.sender.sendEvent(e)));
      // Acknowledged while every answer is still held at the gate.
      expect(responses.map((r) => r.status)).toEqual(Array(7).fill(200));
      const busyText = busyMessage().text;
      const busyReplies = await waitUntil(() => {
        const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.body.text === busyText);
        return posts.length === 2 && posts;
      }, 5000, 'two busy replies');
      expect(busyReplies.every((c) => c.body.channel === CHANNEL)).toBe(true);
      expect(asked).toHaveLength(2); // concurrency 2: the other three wait their turn

      open();
      const answered = await waitUntil(() => {
        const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.body.text !== busyText && events.some((e) => e.ts === c.body.thread_ts));
        return posts.length === 5 && posts;
      }, 10_000, 'five answers');
      const threads = (calls: typeof answered) => calls.map((c) => c.body.thread_ts).sort();
      // Each mention got exactly one reply: an answer or a "busy", never both, never none.
      expect([...threads(answered), ...threads(busyReplies)].sort()).toEqual(events.map((e) => e.ts).sort());
      expect(asked).toHaveLength(5);
      expect(h.logs.filter((l) => l.includes('answer queue full'))).toHaveLength(2);
    } finally {
      h.kb.ask = realAsk;
    }
  });
});
