'use strict';
// @slack/bolt, loaded once per jest worker (see environment.js)
module.exports = globalThis.__zhoubaoWorkerRequire('@slack/bolt');
