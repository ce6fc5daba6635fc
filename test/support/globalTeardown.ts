/**
 * jest's global teardown: stops what test/support/globalSetup.ts started (the shared PostgreSQL, the
 * cache prewarm), and with ZHOUBAO_TEST_CPU_LOG set logs the CPU no test file accounts for.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { SHARED_DIR_ENV, SHARED_PORT_ENV } from './postgres';
import { PREWARM_KEY, SHARED_SERVER_KEY } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  const prewarm = state[PREWARM_KEY] as ChildProcess | undefined;
  if (prewarm && prewarm.exitCode === null && prewarm.signalCode === null) prewarm.kill();
  const shared = state[SHARED_SERVER_KEY] as { serverPid(): number | undefined; stop(): Promise<void> } | undefined;
  delete process.env[SHARED_PORT_ENV];
  delete process.env[SHARED_DIR_ENV];
  const serverPid = shared?.serverPid();
  // Read before it stops: the server's CPU includes its connections' (the backends it reaped).
  const serverCpu = serverPid ? processCpuSeconds(serverPid) : null;
  await shared?.stop();
  logRunCpu(serverCpu);
}

/** CPU seconds of process `pid` and of its children that ended, from /proc (Linux); null elsewhere. */
function processCpuSeconds(pid: number): { self: number; children: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return { self: (f[11] + f[12]) / 100, children: (f[13] + f[14]) / 100 };
  } catch {
    return null;
  }
}

/**
 * With ZHOUBAO_TEST_CPU_LOG (see test/support/shared/environment.js, which logs each test file):
 * the CPU of what no test file accounts for — the shared PostgreSQL server, and jest's main process
 * (scheduling, reporting, this setup; its children are the workers and the server, counted apart;
 * in a run in band, where jest runs the files in this process, the tests too).
 */
function logRunCpu(server: { self: number; children: number } | null): void {
  const file = process.env.ZHOUBAO_TEST_CPU_LOG;
  if (!file) return;
  const main = process.cpuUsage();
  const lines: Record<string, unknown>[] = [
    { file: '(jest main process)', self: +((main.user + main.system) / 1e6).toFixed(2), children: 0, wall: process.uptime(), start: Date.now() / 1000 - process.uptime() },
  ];
  if (server) lines.push({ file: '(shared PostgreSQL server)', self: server.self, children: server.children, wall: 0 });
  fs.appendFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}
