/**
 * jest's global setup, two things started in the background so that no test file waits for them
 * unless it needs them:
 *   - ONE PostgreSQL server for the whole run instead of one per test file that needs it (initdb
 *     and the start cost ~2 s of CPU each). This returns as soon as its port is chosen; the workers
 *     find it through the environment (usePostgres() in test/support/postgres.ts waits for it).
 *   - the transpile cache for test children that run the current sources
 *     (test/support/prewarmTranspileCache.js).
 * test/support/globalTeardown.ts stops both.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launchSharedPostgres, SHARED_DIR_ENV, SHARED_PORT_ENV } from './postgres';

export const SHARED_SERVER_KEY = '__zhoubaoSharedPostgres';
export const PREWARM_KEY = '__zhoubaoPrewarmTranspile';

export default async function globalSetup(): Promise<void> {
  const prewarm = spawn(process.execPath, [path.join(__dirname, 'prewarmTranspileCache.js')], { stdio: 'ignore' });
  prewarm.on('error', () => {}); // only a cache: the children transpile what they need themselves
  prewarm.unref();
  (globalThis as Record<string, unknown>)[PREWARM_KEY] = prewarm;

  const shared = await launchSharedPostgres();
  // Read by the workers, which jest starts after this returns, and by in-band runs in this process.
  process.env[SHARED_PORT_ENV] = String(shared.port);
  process.env[SHARED_DIR_ENV] = shared.dir;
  (globalThis as Record<string, unknown>)[SHARED_SERVER_KEY] = shared;
}
