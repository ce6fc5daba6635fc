/** @type {import('jest').Config} */
module.exports = {
  // Node's environment, plus a worker-wide require for the packages mapped below (see the file).
  testEnvironment: '<rootDir>/test/support/shared/environment.js',
  // jest's runtime, plus V8's code cache per worker: a module's code is compiled once per worker
  // instead of once per test file that loads it (~20 % less CPU; see the file). Modules still run
  // fresh in every test file.
  runtime: '<rootDir>/test/support/shared/codeCacheRuntime.js',
  // Large third-party packages loaded once per jest worker instead of once per test file (~1 s of
  // CPU per Slack test file for @slack/bolt alone). The project's sources are never shared.
  moduleNameMapper: {
    '^@slack/bolt$': '<rootDir>/test/support/shared/slackBolt.js',
    '^zod$': '<rootDir>/test/support/shared/zod.js',
    '^mammoth$': '<rootDir>/test/support/shared/mammoth.js',
    '^html-to-text$': '<rootDir>/test/support/shared/htmltotext.js',
    '^@notionhq/client$': '<rootDir>/test/support/shared/notionhqclient.js',
    '^openai$': '<rootDir>/test/support/shared/openai.js',
    '^pdf-parse/lib/pdf\\.js/v1\\.10\\.100/build/pdf\\.js$': '<rootDir>/test/support/shared/pdfjs.js',
    // jieba's dictionary (~200 ms to load) built once per worker, not once per file that asks
    '^@node-rs/jieba$': '<rootDir>/test/support/shared/nodeRsJieba.js',
  },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // tsconfig.json has isolatedModules: ts-jest only transpiles (type checking is `npm run typecheck`).
  // Through a wrapper that loads ts-jest (and TypeScript) only when a file is not in jest's cache.
  transform: { '^.+\\.ts$': ['<rootDir>/test/support/shared/lazyTsJest.js', { tsconfig: 'tsconfig.json' }] },
  // One and a half workers per core: three on the 2-core machine this is developed on. A third of
  // a file's wall time is waiting (child processes, PostgreSQL, sockets, retry waits; see the CPU
  // log in test/support/shared/environment.js), which a third worker fills: 27.3 s against 32.8 s
  // wall on a quiet machine for the same CPU (issue 12). Override with --maxWorkers (or -i) to time
  // one file. (A number: jest reads a percentage above 100 % as a worker count.)
  maxWorkers: Math.max(1, Math.floor(require('node:os').availableParallelism() * 1.5)),
  // Known-long files first even without jest's timing cache (a fresh clone, CI); see the file.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 30000,
  // ONE PostgreSQL server for the run, launched in the background and shared by the files that
  // need it (each gets its own databases; see test/support/postgres.ts), and the transpile cache of
  // the test children that run the sources, filled in the background.
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};
