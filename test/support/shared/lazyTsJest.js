'use strict';
/**
 * ts-jest, loaded only when a file really has to be transpiled. jest asks a transformer for a cache
 * key for every file in every test file, and only transpiles on a miss; ts-jest computes that key
 * through its configuration, which loads TypeScript (~0.4 s of CPU) in jest's main process (for the
 * global setup) and again in every worker, before the first test can start — on a warm jest cache
 * for nothing. Here the key is computed without TypeScript, from everything ts-jest's own key and
 * output depend on under isolatedModules (the file's text and path, the transformer's options, the
 * text of the tsconfig, the versions of ts-jest and TypeScript, and this file), and ts-jest is
 * loaded at the first miss and does the transpiling itself.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** JSON of the transformer's options → the wrapper for them (jest asks once per test file). */
const transformers = new Map();

function versionOf(pkg) {
  return require(`${pkg}/package.json`).version;
}

function createTransformer(tsJestOptions = {}) {
  const optionsKey = JSON.stringify(tsJestOptions);
  const known = transformers.get(optionsKey);
  if (known) return known;
  let tsJest = null;
  const real = () => (tsJest ??= require('ts-jest').default.createTransformer(tsJestOptions));
  /** rootDir → the part of the key that does not depend on the file */
  const fixedParts = new Map();
  const fixedPart = (rootDir) => {
    let fixed = fixedParts.get(rootDir);
    if (fixed === undefined) {
      // The per-file key below relies on isolatedModules: each file's output depends on its own
      // text only. Without it ts-jest's key also covers the files it imports: leave it to ts-jest.
      const tsconfigPath = path.resolve(rootDir, typeof tsJestOptions.tsconfig === 'string' ? tsJestOptions.tsconfig : 'tsconfig.json');
      const tsconfig = fs.readFileSync(tsconfigPath, 'utf8');
      fixed = /"isolatedModules"\s*:\s*true/.test(tsconfig) && !/"extends"/.test(tsconfig) ? [versionOf('ts-jest'), versionOf('typescript'), optionsKey, tsconfig, fs.readFileSync(__filename, 'utf8')].join('\0') : null;
      fixedParts.set(rootDir, fixed);
    }
    return fixed;
  };
  const transformer = {
    getCacheKey(source, filename, options) {
      const fixed = fixedPart(options.config.rootDir);
      if (fixed === null) return real().getCacheKey(source, filename, options);
      return crypto
        .createHash('sha1')
        .update(fixed)
        .update(`\0${options.config.rootDir}\0instrument:${options.instrument ? 'on' : 'off'}\0esm:${options.supportsStaticESM ? 'on' : 'off'}\0`)
        .update(filename)
        .update('\0')
        .update(source)
        .digest('hex');
    },
    process(source, filename, options) {
      return real().process(source, filename, options);
    },
  };
  transformers.set(optionsKey, transformer);
  return transformer;
}

module.exports = { createTransformer };
