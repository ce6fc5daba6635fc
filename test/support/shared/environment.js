'use strict';
/**
 * The jest environment of this suite: node's, plus a worker-wide require, the removal of the temp
 * directories a file made with tempDir() (test/support/kb.ts), and an optional CPU log (below).
 *
 * The worker-wide require: each test file gets a fresh module
 * registry, so every file that touches Slack loaded @slack/bolt again (~650 files with express,
 * undici, zod: about a second of CPU per file, the suite's largest fixed cost). Packages listed in
 * jest.config.js's moduleNameMapper are instead required once per jest worker through this outer
 * `require` (see ./module.js), and shared by the files that worker runs. Only third-party packages
 * that keep no per-test state are shared; the project's own sources are always loaded fresh.
 */
const fs = require('node:fs');
const { TestEnvironment } = require('jest-environment-node');

/**
 * With ZHOUBAO_TEST_CPU_LOG=<file>, one JSON line per test file appended there: the CPU seconds the
 * jest worker spent on it (`self`, environment setup to teardown: loading, transforming, running)
 * and its child processes that ended meanwhile (`children`: CLI spawns, kb workers; read from
 * /proc, Linux only), its wall seconds, and when and in which worker it started. How the
 * suite's CPU and time divide between files (issue 12).
 */
const CPU_LOG = process.env.ZHOUBAO_TEST_CPU_LOG;

/** [own, waited-for children's] CPU seconds of this process, from /proc/self/stat. */
function cpuSeconds() {
  let stat;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return [NaN, NaN]; // no /proc: the log says null
  }
  // Fields after the command name (which may hold spaces): utime is the 14th field, cstime the 17th.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const tick = 100; // USER_HZ, 100 on every Linux that node runs on
  return [(f[11] + f[12]) / tick, (f[13] + f[14]) / tick];
}

class SharedPackagesEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__zhoubaoWorkerRequire = require;
    // Directories made by test/support/kb.ts's tempDir(), removed when the file ends (teardown).
    this.global.__zhoubaoTempDirs = [];
    this.testPath = context.testPath;
  }

  async setup() {
    if (CPU_LOG) this.cpuStart = { cpu: cpuSeconds(), wall: Date.now() };
    await super.setup();
  }

  async teardown() {
    for (const dir of this.global.__zhoubaoTempDirs ?? []) fs.rmSync(dir, { recursive: true, force: true });
    await super.teardown();
    if (!CPU_LOG || !this.cpuStart) return;
    const [self, children] = cpuSeconds();
    const line = {
      file: this.testPath,
      self: +(self - this.cpuStart.cpu[0]).toFixed(2),
      children: +(children - this.cpuStart.cpu[1]).toFixed(2),
      wall: (Date.now() - this.cpuStart.wall) / 1000,
      // when it started and in which worker: the run's timeline (idle workers, the last file's tail)
      start: this.cpuStart.wall / 1000,
      worker: process.pid,
    };
    fs.appendFileSync(CPU_LOG, `${JSON.stringify(line)}\n`);
  }
}

module.exports = SharedPackagesEnvironment;
