'use strict';
/**
 * The jest environment of this suite: node's, plus one hook. Each test file gets a fresh module
 * registry, so every file that touches Slack loaded @slack/bolt again (~650 files with express,
 * undici, zod: about a second of CPU per file, the suite's largest fixed cost). Packages listed in
 * jest.config.js's moduleNameMapper are instead required once per jest worker through this outer
 * `require` (see ./module.js), and shared by the files that worker runs. Only third-party packages
 * that keep no per-test state are shared; the project's own sources are always loaded fresh.
 */
const { TestEnvironment } = require('jest-environment-node');

class SharedPackagesEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__zhoubaoWorkerRequire = require;
  }
}

module.exports = SharedPackagesEnvironment;
