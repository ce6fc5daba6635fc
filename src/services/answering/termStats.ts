/**
 * Store-wide statistics the grounding gate weighs question terms by: how many items mention a term
 * (document frequency, from the FTS5 keyword index) and who the stored items belong to. Both are
 * cached per store generation (bumped by every write), so repeated questions cost a map lookup.
 */
import type Database from 'better-sqlite3';
import { ftsAllGroupsExpression } from '../../domain/text/ftsQuery';
import type { ReportStore } from '../../adapters/store/reportStore';

interface Cache {
  generation: number;
  df: Map<string, number>;
  total: number;
  owners: string[] | null;
}

const OWNER_IN_TEXT = /负责人\s*[:：]\s*([\p{Script=Han}]{2,3}|[A-Za-z][\w.-]{1,19})/u;
const DONE_BY = /由\s*([\p{Script=Han}]{2,3})\s*(?:完成|负责|跟进|主导|牵头|提交|实现|维护)/u;

const caches = new WeakMap<Database.Database, Cache>();

function cacheFor(store: ReportStore): Cache {
  const generation = store.indexGeneration();
  let cache = caches.get(store.db);
  if (!cache || cache.generation !== generation) {
    cache = { generation, df: new Map(), total: store.derivedValue('item-count', () => store.countItems()), owners: null };
    caches.set(store.db, cache);
  }
  return cache;
}

/** Counting stops here: beyond it a term is common, and exactly how common does not matter. */
const DF_CAP = 5000;

/**
 * Items whose section path or text contain every bigram of one of `variants` (an upper bound on the
 * items containing the term itself: the bigrams need not be adjacent). 0 means the store never
 * mentions the term in any spelling.
 */
export function documentFrequency(store: ReportStore, variants: string[]): number {
  const cache = cacheFor(store);
  const key = variants.join('\u0001');
  const known = cache.df.get(key);
  if (known !== undefined) return known;
  const expression = ftsAllGroupsExpression([variants]);
  let n = 0;
  if (expression) {
    try {
      n = (countStatement(store.db).get(expression, DF_CAP) as { n: number }).n;
    } catch {
      n = DF_CAP; // an expression FTS5 refuses: treat the term as common rather than unknown
    }
  }
  if (cache.df.size > 20_000) cache.df.clear();
  cache.df.set(key, n);
  return n;
}

/** The capped count, prepared once per connection (a question may look up several new terms). */
const countStatements = new WeakMap<Database.Database, Database.Statement>();

function countStatement(db: Database.Database): Database.Statement {
  let statement = countStatements.get(db);
  if (!statement) countStatements.set(db, (statement = db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT ?)')));
  return statement;
}

export function itemCount(store: ReportStore): number {
  return cacheFor(store).total;
}

/** Inverse document frequency: a term in 1 of 1000 items says far more than one in 300 of them. */
export function idf(df: number, total: number): number {
  return Math.log((total + 1) / (Math.min(df, total) + 1)) + 1;
}

/** Everyone the stored items name as their owner (per-person sections, owner columns, @handles). */
export function knownOwners(store: ReportStore): string[] {
  const cache = cacheFor(store);
  // Recorded in the store per generation (a cold ask at a million items does not search 20,000 lines for names).
  if (!cache.owners) cache.owners = store.derivedValue('known-owners', () => ownersOf(store));
  return cache.owners;
}

function ownersOf(store: ReportStore): string[] {
  try {
    // Both through indexes (reportQueries.ts): a cold question at a million items must not scan them all.
    const owners = new Set(store.itemOwners().map((o) => o.trim()).filter((o) => o.length >= 2));
    // Owners named in the line itself (由柏舟完成, 负责人：钟意) that the parser left in the text.
    for (const text of store.textsNamingPeople(20000)) {
      const m = OWNER_IN_TEXT.exec(text) ?? DONE_BY.exec(text);
      if (m) owners.add(m[1]);
    }
    return [...owners];
  } catch {
    return []; // a store from before owners were recorded
  }
}
