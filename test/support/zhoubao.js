#!/usr/bin/env node
'use strict';
/**
 * bin/zhoubao on the current sources: the same launcher (argv in, exit code out, a message instead
 * of a stack trace), but src/cli/main.ts transpiled on load (test/store/fixtures/requireTs.js)
 * instead of the compiled dist/, so a test that spawns the CLI needs no build and never runs stale code.
 */
require('../store/fixtures/requireTs');
const path = require('node:path');

require(path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts'))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`zhoubao: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
