'use strict';
// html-to-text, loaded once per jest worker (see environment.js)
module.exports = globalThis.__zhoubaoWorkerRequire('html-to-text');
