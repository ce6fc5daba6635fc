'use strict';
/**
 * State that lives as long as a jest worker, across the test files it runs (required through the
 * environment's worker-wide require, see environment.js): the data directories holding data/samples
 * already ingested (test/support/samplesOnce.ts), removed when the worker exits, and the
 * fingerprint of what an ingest depends on.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** key (clock and configuration of the ingest) → a data directory holding data/samples */
const samplesTemplates = new Map();

/** Where this worker keeps its templates: named by its pid, so a later worker can tell leftovers. */
const templateRoot = () => path.join(os.tmpdir(), `zhoubao-samples-${process.pid}-`);

process.on('exit', () => {
  // Only this worker's own copies: the others are the cache kept between runs.
  for (const dir of samplesTemplates.values()) if (dir.startsWith(templateRoot())) fs.rmSync(dir, { recursive: true, force: true });
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

const ROOT = path.join(__dirname, '..', '..', '..');
/** What an ingest of data/samples depends on besides its clock and configuration. */
const INGEST_INPUTS = ['src', 'prompts', path.join('data', 'samples'), path.join('data', 'aliases.txt'), path.join('data', 'synonyms.txt'), 'package-lock.json'];
let fingerprint = null;

function filesUnder(full) {
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [full];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(path.join(full, name)));
}

/**
 * A hash of every file an ingest reads or runs (the sources, prompts, data files, the locked
 * package versions), of node's version and of where the checkout is: computed once per worker
 * (~20 ms), it names the samples cached between runs (test/support/samplesOnce.ts), so any change
 * means a fresh ingest. The checkout's path counts because the store keeps each report's absolute
 * source path, and git worktrees that share one node_modules (hence one cache) would otherwise be
 * handed each other's paths.
 */
function ingestFingerprint() {
  if (fingerprint) return fingerprint;
  const hash = crypto.createHash('sha256').update(process.version).update('\0').update(ROOT).update('\0');
  for (const file of INGEST_INPUTS.flatMap((input) => filesUnder(path.join(ROOT, input)))) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return (fingerprint = hash.digest('hex').slice(0, 16));
}

module.exports = { samplesTemplates, templateRoot, ingestFingerprint };
