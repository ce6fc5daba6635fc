/**
 * The layer rule, read from the source's own imports (README "How it is built"):
 *
 *   domain  → nothing but the domain and the kernel (config, clock): no I/O, no SQLite, no Slack, no model
 *   adapters → domain, kernel, other adapters
 *   services → adapters, domain, kernel, other services
 *   front doors (cli, slack, workers) → services, domain, kernel; the CLI may start the Slack app
 *     (slack/serve) and the Slack app may use its answering worker (workers/)
 *
 * and no module imports itself through a cycle. A failure names the offending import.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

type Layer = 'kernel' | 'domain' | 'adapters' | 'services' | 'cli' | 'slack' | 'workers';

const ALLOWED: Record<Layer, readonly Layer[]> = {
  kernel: ['kernel'],
  domain: ['domain', 'kernel'],
  adapters: ['adapters', 'domain', 'kernel'],
  services: ['services', 'adapters', 'domain', 'kernel'],
  cli: ['cli', 'services', 'domain', 'kernel'],
  slack: ['slack', 'workers', 'services', 'domain', 'kernel'],
  workers: ['workers', 'services', 'domain', 'kernel'],
};

/** Front door to front door imports that are entry points, not reaches into another door's internals. */
const ENTRY_POINTS: ReadonlyArray<[Layer, string]> = [['cli', 'slack/serve.ts']];

/** Packages that do I/O or belong to one adapter: never in the domain. */
const FORBIDDEN_IN_DOMAIN = /^(better-sqlite3|hnswlib-node|openai|@slack\/|@notionhq\/|@langchain\/|@napi-rs\/canvas|(node:)?(child_process|http|https|net|worker_threads|fs)$)/;

/**
 * The one file read in the domain: jieba's dictionary, shipped inside the @node-rs/jieba package and
 * loaded once on the first question (part of the segmenter, like the library's own code).
 */
const DOMAIN_FILE_READERS = new Set(['domain/text/questionJieba.ts']);

function layerOf(rel: string): Layer {
  if (rel === 'config.ts' || rel === 'clock.ts') return 'kernel';
  const top = rel.split('/')[0];
  if (['domain', 'adapters', 'services', 'cli', 'slack', 'workers'].includes(top)) return top as Layer;
  throw new Error(`src/${rel} is outside every layer: put it in domain/, adapters/, services/ or a front door`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'([^']+)'/gm;

/** Every module specifier a file imports (comments stripped so examples in them do not count). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT)].map((m) => m[1]);
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const files = sourceFiles(SRC);
const graph = new Map<string, string[]>();
const edges: Array<{ from: string; to: string }> = [];
const packages: Array<{ from: string; name: string }> = [];
for (const file of files) {
  const targets: string[] = [];
  for (const specifier of importsOf(file)) {
    if (!specifier.startsWith('.')) {
      packages.push({ from: file, name: specifier });
      continue;
    }
    const target = resolveRelative(file, specifier);
    if (target) {
      targets.push(target);
      edges.push({ from: file, to: target });
    }
  }
  graph.set(file, targets);
}
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

describe('the layer rule', () => {
  test('every source file sits in a layer', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expect(() => layerOf(rel(file))).not.toThrow();
  });

  test('imports point one way: domain ← adapters ← services ← front doors', () => {
    const broken = edges
      .filter(({ from, to }) => {
        const a = layerOf(rel(from));
        const b = layerOf(rel(to));
        if (ALLOWED[a].includes(b)) return false;
        return !ENTRY_POINTS.some(([layer, entry]) => layer === a && rel(to) === entry);
      })
      .map(({ from, to }) => `${rel(from)} (${layerOf(rel(from))}) → ${rel(to)} (${layerOf(rel(to))})`);
    expect(broken).toEqual([]);
  });

  test('the domain uses no database, Slack, model, index or network package', () => {
    const broken = packages
      .filter(({ from, name }) => layerOf(rel(from)) === 'domain' && FORBIDDEN_IN_DOMAIN.test(name))
      .filter(({ from, name }) => !(name === 'node:fs' && DOMAIN_FILE_READERS.has(rel(from))))
      .map(({ from, name }) => `${rel(from)} → ${name}`);
    expect(broken).toEqual([]);
  });

  test('no import cycle', () => {
    expect(findCycles(graph).map((cycle) => cycle.map(rel).join(' → '))).toEqual([]);
  });
});

describe('the checker itself', () => {
  test('finds a cycle and only a cycle', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});

/** Strongly connected components with more than one module (or a self-import): Tarjan's algorithm. */
function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
