/** jest's global teardown: stops what test/support/globalSetup.ts started (the shared PostgreSQL, the cache prewarm). */
import type { ChildProcess } from 'node:child_process';
import { SHARED_DIR_ENV, SHARED_PORT_ENV } from './postgres';
import { PREWARM_KEY, SHARED_SERVER_KEY } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  const prewarm = state[PREWARM_KEY] as ChildProcess | undefined;
  if (prewarm && prewarm.exitCode === null && prewarm.signalCode === null) prewarm.kill();
  const shared = state[SHARED_SERVER_KEY] as { stop(): Promise<void> } | undefined;
  delete process.env[SHARED_PORT_ENV];
  delete process.env[SHARED_DIR_ENV];
  await shared?.stop();
}
