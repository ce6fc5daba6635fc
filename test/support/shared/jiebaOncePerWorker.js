'use strict';
/**
 * @node-rs/jieba as the sources see it in tests, with `Jieba.withDict` remembered per dictionary for
 * the whole jest worker: building jieba from its 5 MB dictionary costs ~200 ms, and every test file
 * that segments a question used to pay it again. The sources only call `cut` on the result (it is
 * never changed after loading), so one instance per dictionary serves every file.
 */
const crypto = require('node:crypto');
const real = require('@node-rs/jieba');

const byDictionary = new Map();

/** Only what the sources use of the class: its dictionary constructor. */
const Jieba = {
  withDict(dict) {
    const key = crypto.createHash('sha1').update(dict).digest('hex');
    let jieba = byDictionary.get(key);
    if (!jieba) {
      jieba = real.Jieba.withDict(dict);
      byDictionary.set(key, jieba);
    }
    return jieba;
  },
};

module.exports = { ...real, Jieba };
