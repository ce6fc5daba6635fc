'use strict';
// @notionhq/client, loaded once per jest worker (see environment.js)
module.exports = globalThis.__zhoubaoWorkerRequire('@notionhq/client');
