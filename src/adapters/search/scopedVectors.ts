/**
 * The offline fallback's search within a small scope (a team, some weeks, some reports), without
 * the HNSW index: the scope's items are read from SQLite, embedded on the spot with the offline
 * embedder and compared with the question exactly (exactSearch.ts). Why: at a million items the
 * index is 600 MB on disk, ~1 GB in memory and 7 minutes to build, while a team's year is 2,000
 * items, embedded in ~0.2 s (BENCHMARKS.md, "Scale"). Exact over the scope also gives the scope's
 * own nearest items, where the index's global top k filtered by scope may keep few or none.
 *
 * Adapters only: SQLite statements and exactSearch.ts (not embedder.ts: it loads @langchain/core,
 * which a cold ask that never needs the fallback should not pay for).
 */
import type Database from 'better-sqlite3';
import { exactTopK, type VectorHit } from './exactSearch';
import { SECTION_SEPARATOR } from '../../domain/reports/model';

/** What a question is restricted to (as RetrieverSearchOptions; an empty list selects nothing). */
export interface VectorScope {
  teams?: string[];
  weekNumbers?: number[];
  reportIds?: number[];
}

/**
 * Up to this many items in scope the fallback embeds them on the spot instead of using the index.
 * Embedding costs ~80–150 µs an item on the shared 2-core machine (a team's 2,000 items: 0.16–0.3 s;
 * 20,000: 2.4 s), so the worst case stays under what loading the million-item index costs (~2.7 s,
 * plus ~1 GB of memory); see BENCHMARKS.md, "Scale".
 */
export const SCOPED_EXACT_MAX_ITEMS = 20_000;

export function isScoped(scope: VectorScope | undefined): scope is VectorScope {
  return Boolean(scope && (scope.teams || scope.weekNumbers || scope.reportIds));
}

interface ScopeStatements {
  count: Database.Statement;
  items: Database.Statement;
}

type ScopeParams = { teams?: string; reports?: string; weeks?: string };

/** Per database, one pair of statements for each combination of the restrictions a scope sets. */
const statementsByDb = new WeakMap<Database.Database, Map<string, ScopeStatements>>();

const CONDITIONS: Record<keyof ScopeParams, string> = {
  teams: 'r.team IN (SELECT value FROM json_each(@teams))',
  reports: 'r.id IN (SELECT value FROM json_each(@reports))',
  weeks: 'r.week_number IN (SELECT value FROM json_each(@weeks))',
};

/**
 * Only the restrictions the scope sets go into the SQL, and the reports are read first (CROSS JOIN
 * fixes the order), then their items through items_by_report. Why: written as one statement with
 * "@teams IS NULL OR …" for every restriction, SQLite could use no index on reports and scanned all
 * items by id instead, joining each to its report — at a million items ~110 ms for the count and
 * ~250 ms for a team's 2,000 rows, on every question that reached this fallback; now ~0.5 ms and ~3–7 ms.
 * The rows are the same (ORDER BY i.id fixes their order either way).
 */
function statements(db: Database.Database, p: ScopeParams): ScopeStatements {
  let byKeys = statementsByDb.get(db);
  if (!byKeys) statementsByDb.set(db, (byKeys = new Map()));
  const keys = (Object.keys(CONDITIONS) as Array<keyof ScopeParams>).filter((k) => p[k] !== undefined);
  const name = keys.join(',');
  let s = byKeys.get(name);
  if (!s) {
    const where = `
      FROM reports AS r CROSS JOIN items AS i ON i.report_id = r.id
      ${keys.length ? `WHERE ${keys.map((k) => CONDITIONS[k]).join(' AND ')}` : ''}`;
    s = {
      count: db.prepare(`SELECT count(*) ${where}`).pluck(),
      // By id: exactTopK breaks ties by row order, so results depend only on what is stored.
      items: db.prepare(`SELECT i.id, i.section_path, i.text ${where} ORDER BY i.id`).raw(),
    };
    byKeys.set(name, s);
  }
  return s;
}

function params(scope: VectorScope): ScopeParams | null {
  const empty = (xs?: unknown[]) => Boolean(xs && !xs.length);
  if (empty(scope.teams) || empty(scope.reportIds) || empty(scope.weekNumbers)) return null;
  const p: ScopeParams = {};
  if (scope.teams) p.teams = JSON.stringify(scope.teams);
  if (scope.reportIds) p.reports = JSON.stringify(scope.reportIds);
  if (scope.weekNumbers) p.weeks = JSON.stringify(scope.weekNumbers);
  return p;
}

/** Items in the scope: one SQL count. */
export function countScopeItems(db: Database.Database, scope: VectorScope): number {
  const p = params(scope);
  return p ? (statements(db, p).count.get(p) as number) : 0;
}

/** The k items of the scope nearest to `vector`, exactly, each embedded now with `embed`. */
export function searchScopeExactly(
  db: Database.Database,
  scope: VectorScope,
  embed: (text: string) => Float32Array,
  vector: ArrayLike<number>,
  k: number,
): VectorHit[] {
  const p = params(scope);
  if (!p || k <= 0) return [];
  const rows = statements(db, p).items.all(p) as Array<[number, string, string]>;
  if (!rows.length) return [];
  const ids: number[] = new Array<number>(rows.length);
  let data: Float32Array | null = null;
  let dims = 0;
  rows.forEach(([id, sectionPath, text], row) => {
    const v = embed(embeddingText(sectionPath, text));
    if (!data) {
      dims = v.length;
      data = new Float32Array(rows.length * dims);
    }
    data.set(v, row * dims);
    ids[row] = id;
  });
  return exactTopK(ids, data!, dims, vector, k);
}

/** itemEmbeddingText (embedder.ts) from the stored columns: the same text the index embeds. */
function embeddingText(sectionPath: string, text: string): string {
  return sectionPath ? `${sectionPath.split(SECTION_SEPARATOR).join(' ')} ${text}` : text;
}
