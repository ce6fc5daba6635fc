/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // tsconfig.json has isolatedModules: ts-jest only transpiles (type checking is `npm run typecheck`).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // One worker per core — two on the 2-core machine this is developed on, where jest's default
  // (cores − 1) is a single worker: many test files mostly wait on loopback servers, child processes
  // and timers, so two files overlap well. Override with --maxWorkers (or -i) to time one file.
  maxWorkers: '100%',
  testTimeout: 30000,
};
