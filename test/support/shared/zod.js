'use strict';
// zod, loaded once per jest worker (see environment.js)
module.exports = globalThis.__zhoubaoWorkerRequire('zod');
