'use strict';
// @node-rs/jieba with its dictionary loaded once per jest worker (see jiebaOncePerWorker.js)
module.exports = globalThis.__zhoubaoWorkerRequire('./jiebaOncePerWorker.js');
