'use strict';
/**
 * Fills the transpile cache of test/store/fixtures/requireTs.js with every file under src/ and
 * tools/ (test/store/fixtures/kbWorker.js loads tools/bench/syntheticItems.ts), in a process of
 * its own that the jest global setup starts in the background. The test children that run the
 * current sources (two `zhoubao serve` replicas, the CLI, the answering worker, the multi-process
 * workers) then start from the cache instead of each transpiling the same ~200 files at once after
 * a checkout or a change (up to ~9 s of CPU each when cold, on this machine under load). On a warm
 * cache this only hashes the files (~0.2 s).
 */
const fs = require('node:fs');
const path = require('node:path');
const { cacheTranspiled } = require('../store/fixtures/requireTs');

const ROOT = path.join(__dirname, '..', '..');

function tsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

for (const file of [...tsFiles(path.join(ROOT, 'src')), ...tsFiles(path.join(ROOT, 'tools'))]) {
  try {
    cacheTranspiled(file);
  } catch {
    // a file being edited right now: the child that needs it transpiles it itself
  }
}
