/**
 * The model client's own parts, beside what the SDK does (retries, per-attempt timeout: covered
 * through the knowledge base in answer.test.ts): the SDK is loaded only when a call is made, and a
 * Retry-After given as a date is read against the injected clock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../src/clock';
import { createLlmClient } from '../../src/adapters/llm/client';

let mockSdkLoads = 0;
jest.mock('openai', () => {
  mockSdkLoads += 1;
  return jest.requireActual('openai');
});

/** A loopback server that answers each chat request with the next scripted status and headers. */
async function scriptedServer(script: Array<{ status: number; headers?: Record<string, string> }>) {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(performance.now());
      const step = script.shift() ?? { status: 200 };
      const body =
        step.status === 200
          ? { id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }
          : { error: { message: `status ${step.status}`, type: 'server_error' } };
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const hi = { purpose: 'test', messages: [{ role: 'user' as const, content: 'hi' }] };

test('the openai SDK is loaded at the first call, not when the client is created', async () => {
  const server = await scriptedServer([]);
  try {
    const client = createLlmClient({ apiKey: 'k', baseUrl: server.url, model: 'm' }, { maxRetries: 0 })!;
    expect(createLlmClient({})).toBeNull();
    expect(mockSdkLoads).toBe(0);
    await expect(client.complete(hi)).resolves.toMatchObject({ content: 'ok' });
    expect(mockSdkLoads).toBe(1);
  } finally {
    await server.close();
  }
});

test('a Retry-After date is read against the injected clock', async () => {
  // The server asks to wait until the clock's own "now": no wait at all. Read against the real
  // clock, that date is decades away and the wait would be the 3 s cap.
  const now = new Date('2100-01-01T00:00:00Z');
  const server = await scriptedServer([{ status: 429, headers: { 'retry-after': now.toUTCString() } }, { status: 200 }]);
  try {
    const client = createLlmClient(
      { apiKey: 'k', baseUrl: server.url, model: 'm' },
      { maxRetries: 1, maxBackoffMs: 3000, deadlineMs: 10_000, clock: fixedClock(now) },
    )!;
    await expect(client.complete(hi)).resolves.toMatchObject({ content: 'ok', attempts: 2 });
    expect(server.arrivals).toHaveLength(2);
    expect(server.arrivals[1] - server.arrivals[0]).toBeLessThan(1000);
  } finally {
    await server.close();
  }
});
