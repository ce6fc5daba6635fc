'use strict';
/**
 * The answering process (src/workers/askWorker.ts) on the current sources, transpiled on load
 * (test/store/fixtures/requireTs.js): what a test forks instead of dist/workers/askWorker.js, so it
 * needs no build and never runs stale code. Arguments and IPC are the worker's own.
 */
require('../store/fixtures/requireTs');
require('../../src/workers/askWorker.ts');
