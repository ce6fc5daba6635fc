'use strict';
/**
 * The order jest hands test files to its workers (jest.config.js's testSequencer).
 *
 * jest's own sequencer runs the files it has no timing for first, largest file first, and the rest
 * longest-last-time first. Its timings live in jest's cache directory, which a fresh clone (CI) does
 * not have: there every file is ordered by size, and the slowest files — which are slow because
 * they wait (child processes, PostgreSQL, retries), not because they are long — could start last
 * and leave the other workers idle at the end (issue 12). So a file without a timing of its own
 * takes the duration below, measured on a quiet 2-core machine; files not listed count as short.
 * A stale entry only costs ordering (never a result), and jest's own timing wins once it has one.
 */
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/** Seconds of wall each took (warm cache, 2 workers), for the files of about 0.7 s and more. */
const KNOWN_SECONDS = {
  'store/multiProcess.test.ts': 4.9,
  'llm/answer.test.ts': 3.7,
  'replica/evalAnswers.test.ts': 2.8,
  'store/contract.test.ts': 2.8,
  'replica/replicaKnowledgeBase.test.ts': 2.4,
  'slack/events.test.ts': 2.3,
  'llm/slack.test.ts': 2.2,
  'cli/cli.test.ts': 1.6,
  'replica/twoReplicas.test.ts': 1.6,
  'answer/paraphrase.test.ts': 1.5,
  'answer/answer.test.ts': 1.4,
  'replica/followups.test.ts': 1.4,
  'slack/socketMode.test.ts': 1.3,
  'slack/webApiFetch.test.ts': 1.1,
  'slack/interactivity.test.ts': 1.1,
  'cli/migrate.test.ts': 1.1,
  'workers/askWorker.test.ts': 1.1,
  'search/vectorIndex.test.ts': 1.1,
  'cli/commands.test.ts': 1.0,
  'slack/reminders.test.ts': 0.9,
  'store/crash.test.ts': 0.9,
  'import/documents.test.ts': 0.8,
  'import/confluence.test.ts': 0.8,
  'answer/freshBatch.test.ts': 0.8,
  'slack/changesDigest.test.ts': 0.8,
  'store/followupClaims.test.ts': 0.8,
  'slack/burst.test.ts': 0.7,
  'followup/service.test.ts': 0.7,
  'slack/followups.test.ts': 0.7,
  'followup/schedule.test.ts': 0.7,
};

const TEST_ROOT = path.resolve(__dirname, '..');

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const size = new Map();
    const bytes = (test) => {
      if (!size.has(test.path)) size.set(test.path, test.context.hasteFS.getSize(test.path) ?? 0);
      return size.get(test.path);
    };
    const seconds = new Map();
    for (const test of tests) {
      const cached = this.time(test); // jest's milliseconds from the last run, if any
      const known = KNOWN_SECONDS[path.relative(TEST_ROOT, test.path).split(path.sep).join('/')];
      test.duration = cached ?? (known === undefined ? undefined : known * 1000);
      seconds.set(test.path, test.duration ?? 0);
    }
    // A file that failed last time still goes first (quickest feedback), as with jest's own order.
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      const failedB = this.hasFailed(b);
      if (failedA !== failedB) return failedA ? -1 : 1;
      const bySeconds = seconds.get(b.path) - seconds.get(a.path);
      return bySeconds !== 0 ? bySeconds : bytes(b) - bytes(a);
    });
  }
}

module.exports = LongestFirstSequencer;
