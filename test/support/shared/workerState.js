'use strict';
/**
 * State that lives as long as a jest worker, across the test files it runs (required through the
 * environment's worker-wide require, see environment.js): the data directories holding data/samples
 * already ingested (test/support/samplesOnce.ts), removed when the worker exits.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** key (clock and configuration of the ingest) → a data directory holding data/samples */
const samplesTemplates = new Map();

/** Where this worker keeps its templates: named by its pid, so a later worker can tell leftovers. */
const templateRoot = () => path.join(os.tmpdir(), `zhoubao-samples-${process.pid}-`);

process.on('exit', () => {
  for (const dir of samplesTemplates.values()) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * jest stops a busy worker without letting it exit normally, so its templates can stay behind:
 * each new worker removes those of processes that no longer run.
 */
function removeLeftovers() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(/^zhoubao-samples-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if (err.code === 'ESRCH') fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}
removeLeftovers();

module.exports = { samplesTemplates, templateRoot };
