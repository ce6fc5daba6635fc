'use strict';
/**
 * jest's runtime, with V8's code cache kept per jest worker. Every test file gets a fresh module
 * registry, so each file compiled the project's sources (and the packages not shared through
 * environment.js) again from their text, and compiled again each function it called. Here a
 * module's transformed text is compiled as a script; the next time a test file in the same worker
 * loads the same text, V8's code cache taken from that script (holding every function compiled so
 * far, not only the top level) replaces the parse. Measured in-band over test/slack and
 * test/followup: ~20 % less CPU (jest's own compile ~25.5 s, top-level cache only ~23 s, this ~20.5 s).
 *
 * Modules still run fresh in every file, in that file's context: only V8's compiled code for
 * identical text is reused, never a module's state. The text is wrapped in a function as jest's
 * compileFunction does, on a line of its own (lineOffset -1), so line and column numbers in stack
 * traces are the file's. The cache is keyed by file name and checked against the whole text (V8
 * only compares its length); an edited file is compiled from scratch. Whatever fails here (a
 * syntax error, a rejected cache) falls back to jest's own compile, which reports it.
 *
 * Before compiling, jest reads each module's source again for every test file, hashes it into a
 * transform cache key, and reads the transformed text back from its disk cache (checksummed): ~5 %
 * of a worker's CPU (profiled in-band over test/slack, test/answer, test/reports). Here a
 * worker keeps what it read and transformed: a source is read again only when its file changed
 * (size, mtime or inode: an edit during a run is seen), and transformed again only when its text
 * changed. The transformed text is then the same string in every file, so the check above is a
 * pointer comparison. Not with coverage, whose transform differs per run.
 */
const fs = require('node:fs');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

/** file name → { wrapped text, the script compiled from it, its code cache once taken } */
const compiled = new Map();
/** file name → { stat signature, source text } */
const sources = new Map();
/** file name + transform flags → { source text, jest's transform result for it } */
const transformed = new Map();

class CodeCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (!executor || typeof executor.compile !== 'function') return; // a jest whose runtime changed: its own compile
    // V8 coverage maps offsets in the compiled text, which the wrapper would shift, and coverage
    // instruments what it transforms: with coverage, jest reads, transforms and compiles itself.
    const coverage = args[5];
    if (coverage?.collectCoverage) return;
    shareSourcesAndTransforms(this.fileCache, this.transformCache);
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (source, filename) => compileWithCache(executor, jestCompile, source, filename);
  }
}

/** Serves this test file's reads and transforms from the worker's (see the top of the file). */
function shareSourcesAndTransforms(fileCache, transformCache) {
  if (!fileCache?.strings || typeof fileCache.readFile !== 'function') return; // a jest whose runtime changed
  fileCache.readFile = (filename) => {
    let source = fileCache.strings.get(filename);
    if (source === undefined) {
      source = readSource(filename);
      fileCache.strings.set(filename, source);
    }
    return source;
  };
  const { scriptTransformer, transforms, sourceMaps, getFullTransformationOptions } = transformCache ?? {};
  if (!scriptTransformer || !transforms || !sourceMaps || typeof getFullTransformationOptions !== 'function') return;
  const jestTransform = transformCache.transform.bind(transformCache);
  transformCache.transform = (filename, options) => {
    if (options?.isInternalModule) return jestTransform(filename, options);
    const full = getFullTransformationOptions(options);
    const key = `${filename}\0${full.instrument}\0${full.supportsDynamicImport}\0${full.supportsExportNamespaceFrom}\0${full.supportsStaticESM}\0${full.supportsTopLevelAwait}`;
    const source = fileCache.readFile(filename);
    let known = transformed.get(key);
    if (!known || known.source !== source) {
      known = { source, file: scriptTransformer.transform(filename, full, source) };
      transformed.set(key, known);
    }
    transforms.set(filename, known.file);
    if (known.file.sourceMapPath) sourceMaps.set(filename, known.file.sourceMapPath);
    return known.file.code;
  };
}

/** The text of `filename`, read again only when the file changed since this worker last read it. */
function readSource(filename) {
  const stat = fs.statSync(filename);
  const signature = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  const known = sources.get(filename);
  if (known && known.signature === signature) return known.source;
  const source = fs.readFileSync(filename, 'utf8');
  sources.set(filename, { signature, source });
  return source;
}

function compileWithCache(executor, jestCompile, source, filename) {
  const vmContext = executor.environment.getVmContext();
  if (vmContext == null || executor.resolution.isCoreModule(filename)) return jestCompile(source, filename);
  const parameters = executor.injectedModuleParameters.join(', ');
  let known = compiled.get(filename);
  // Usually the very string compiled before (see shareSourcesAndTransforms): compared by pointer.
  if (known && (known.source !== source || known.parameters !== parameters)) known = undefined;
  const wrapped = known ? known.wrapped : `(function (${parameters}) {\n${source}\n})`;
  // The cache is taken the second time a text is needed: by then the first file ran it, so the
  // functions it called are compiled and included.
  if (known && !known.cachedData) {
    known.cachedData = known.script.createCachedData();
    known.script = null;
  }
  let script;
  let moduleFunction;
  try {
    script = new vm.Script(wrapped, {
      filename,
      lineOffset: -1,
      cachedData: known?.cachedData,
      // as jest's compile does: a dynamic import() in a CommonJS module goes through jest's loader
      importModuleDynamically: (specifier, _script, importAttributes, ...rest) =>
        executor.dynamicImport(specifier, filename, vmContext, importAttributes, rest[0]),
    });
    moduleFunction = script.runInContext(vmContext);
  } catch {
    compiled.delete(filename);
    return jestCompile(source, filename);
  }
  if (!known || script.cachedDataRejected) compiled.set(filename, { source, parameters, wrapped, script, cachedData: null });
  return moduleFunction;
}

module.exports = CodeCacheRuntime;
module.exports.default = CodeCacheRuntime;
