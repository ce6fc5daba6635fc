/**
 * Keyword retrieval: BM25 over items_fts (section path and item text, pre-segmented by ./segment.ts),
 * restricted by team / report / week through a join with items and reports.
 *
 * A team-scoped question also puts its team's token (items_fts.team, one token per item: see
 * teamIndexToken) into the MATCH expression. At a million items in 500 teams a team holds 0.2% of
 * the rows, so its doclist is short and FTS5's AND seeks through the common bigrams' doclists
 * (上线 in 220k rows) to that team's rows instead of walking them all and leaving the join to drop
 * 499 of every 500; newest-first walks stop after the team's own newest matches. The join still
 * filters by team, so the token only ever narrows what FTS5 reads, never what is found.
 *
 * Cost control: FTS5 computes bm25 for every row an expression matches, and an OR of common bigrams
 * (上线, 支付, 通道) matches a large share of 100k items (~70 ms). So:
 *   1. strict — every question word (or a synonym) must occur: usually few rows, and exactly the
 *      items a reader would call matches;
 *   2. relaxed, only when step 1 found fewer than a handful — the OR of the question's rarest tokens,
 *      as many as fit a budget of matched rows;
 *   and whenever an expression matches more rows than bm25 can rank quickly, those rows are taken
 *   newest first instead (FTS5 walks its index in rowid order and stops at the limit). A question
 *   that broad (支付) has no better order than recency anyway.
 * Strict matches rank above relaxed ones.
 *
 * A term's common fragments are left out of the strict expression when it has a rare one (数据仓库 is
 * found by 据仓, not by 数据 AND 据仓 AND 仓库): FTS5 reads a fragment's whole doclist to match it and
 * again to weigh it for bm25, and 数据 is in 220k of a million items (~30 ms per question), while a
 * line holding 据仓 and not the rest of 数据仓库 is all but impossible. Below a few thousand items no
 * fragment is that common and the expression is the whole term's.
 *
 * Newest first, FTS5 walks each fragment's doclist backwards, which costs more than the forward
 * walk (the doclist index it seeks by is laid out for reading forwards). When the asked teams hold
 * few items (~2,000 per team at a million items in 500 teams) every match is read forwards instead
 * and the newest kept: the same rows in the same order, since rowid order is total, at ~40% less of
 * the keyword SQL. Teams holding many items (8 teams at a million) keep the backward walk, which
 * stops at the limit. Which walk is taken only ever changes the cost, never what is found.
 */
import type Database from 'better-sqlite3';
import { ftsTermTokens, quoteFtsToken } from '../../domain/text/ftsQuery';

/**
 * bm25 column weights (section, body, team): a word in the item's own text says more than the same
 * word in the heading above it, but a heading match still counts (标题「支付系统双活」+ 条目「专线已打通」).
 * The team token only narrows the search: it adds nothing to a score.
 */
export const BM25_WEIGHTS = { section: 0.4, body: 1.0, team: 0 } as const;

/**
 * The team column's one token for an item of `team`: letters and digits only (unicode61 keeps it
 * one token whatever the team's name holds), never a word or bigram of segmented text. A hash, not
 * the name: two teams sharing a token would only make FTS5 read both teams' rows.
 */
export function teamIndexToken(team: string): string {
  // FNV-1a, 2 × 32 bits: deterministic across processes and versions (the tokens are stored).
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < team.length; i++) {
    const c = team.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `tm${h1.toString(36)}x${h2.toString(36)}`;
}

/** Below this many strict matches, relaxed matches are added. */
export const ENOUGH_STRICT = 10;
/** bm25 ranks at most this many matched rows (~3 µs each); beyond, rows are taken newest first. */
export const BM25_MAX_ROWS = 1500;
/** Newest-first searches of teams holding at most this many items read every match forwards (file comment). */
export const FORWARD_MAX_ROWS = 5000;
/** Added to strict matches' scores so that they always rank above relaxed ones. */
export const STRICT_BONUS = 1000;

export interface KeywordSearchOptions {
  /** Only these teams ([] = nothing) */
  teams?: string[];
  /** Only these reports ([] = nothing) */
  reportIds?: number[];
  /** Only these week numbers ([] = nothing) */
  weekNumbers?: number[];
  limit: number;
  /**
   * How many the caller reads when some item matches every word group (never fewer than
   * ENOUGH_STRICT are searched for). The hybrid retriever with the offline fallback fuses nothing
   * else then, so items past its own limit are never looked at: at a million items, a team's newest
   * 120 matches of common bigrams took FTS5 twice as far back as its newest 60.
   */
  limitWithStrictMatches?: number;
}

export interface ScoredId {
  id: number;
  /** Higher is better: negated bm25, plus a large constant for items matching every word group */
  score: number;
  /** True when the item contains every word group (a strict match) */
  allGroups: boolean;
}

interface Statements {
  byBm25: Database.Statement;
  byRecency: Database.Statement;
  /** Every match, oldest first (no LIMIT): for the few rows of small teams (FORWARD_MAX_ROWS) */
  forwards: Database.Statement;
  cappedCount: Database.Statement;
  /** How many items the listed teams' reports hold (reports.item_count, through the covering reports_listing index) */
  teamItems: Database.Statement;
  generation: Database.Statement;
  /** Capped row counts of single fragments for the current store generation (see tokenRowCounter) */
  tokenRows: { generation: string; counts: Map<string, number> };
  /** The index's terms starting with a prefix (prefixExpander), read when first needed */
  termsFrom: Database.Statement | null;
  /** Prefix → its terms (null: too many to list) for the current store generation */
  prefixTerms: { generation: string; terms: Map<string, string[] | null> };
}

const statementsByDb = new WeakMap<Database.Database, Statements>();

function statements(db: Database.Database): Statements {
  let s = statementsByDb.get(db);
  if (!s) {
    // One statement per order for every filter combination: a NULL list means "no restriction".
    const select = (score: string, order: string, limit = 'LIMIT @limit') =>
      db.prepare(`
        SELECT f.rowid AS id, ${score} AS score
        FROM items_fts AS f
        JOIN items AS i ON i.id = f.rowid
        JOIN reports AS r ON r.id = i.report_id
        WHERE items_fts MATCH @match
          AND (@teams IS NULL OR r.team IN (SELECT value FROM json_each(@teams)))
          AND (@reports IS NULL OR r.id IN (SELECT value FROM json_each(@reports)))
          AND (@weeks IS NULL OR r.week_number IN (SELECT value FROM json_each(@weeks)))
        ORDER BY ${order}
        ${limit}`);
    s = {
      byBm25: select(`-bm25(items_fts, ${BM25_WEIGHTS.section}, ${BM25_WEIGHTS.body}, ${BM25_WEIGHTS.team})`, 'score DESC, f.rowid DESC'),
      byRecency: select('0', 'f.rowid DESC'),
      forwards: select('0', 'f.rowid ASC', ''),
      // Counting stops at the cap: the cost stays bounded however common the tokens are.
      cappedCount: db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT ?)'),
      teamItems: db.prepare('SELECT coalesce(sum(item_count), 0) FROM reports WHERE team IN (SELECT value FROM json_each(?))').pluck(),
      generation: db.prepare("SELECT value FROM meta WHERE key = 'index_generation'").pluck(),
      tokenRows: { generation: '', counts: new Map() },
      termsFrom: null,
      prefixTerms: { generation: '', terms: new Map() },
    };
    statementsByDb.set(db, s);
  }
  return s;
}

/**
 * Items matching the token groups (each group: a term and its synonyms), best first. Any user text
 * is safe here: terms are reduced to index tokens and quoted (see segment.ts).
 */
/**
 * The relaxed query's fragments: the rarest first, as many as fit the row budget that BM25 ranking
 * may read (always at least the rarest one). Shared with PostgreSQL's keyword search.
 */
export function relaxedFragments(fragments: readonly string[], rowsOf: (fragment: string) => number): { chosen: string[]; rows: number } {
  const counted = fragments
    .map((fragment) => ({ fragment, rows: rowsOf(fragment) }))
    .filter((f) => f.rows > 0)
    .sort((a, b) => a.rows - b.rows);
  const chosen: string[] = [];
  let rows = 0;
  for (const f of counted) {
    if (chosen.length && rows + f.rows > BM25_MAX_ROWS) break;
    chosen.push(f.fragment);
    rows += f.rows;
  }
  return { chosen, rows };
}

export function keywordSearch(db: Database.Database, tokenGroups: string[][], opts: KeywordSearchOptions): ScoredId[] {
  const limit = Math.floor(opts.limit);
  if (limit <= 0) return [];
  // An explicitly empty filter selects nothing (not everything).
  if ((opts.teams && !opts.teams.length) || (opts.reportIds && !opts.reportIds.length) || (opts.weekNumbers && !opts.weekNumbers.length)) {
    return [];
  }
  const s = statements(db);
  const list = (xs?: Array<string | number>) => (xs && xs.length ? JSON.stringify(xs) : null);
  const params = { teams: list(opts.teams), reports: list(opts.reportIds), weeks: list(opts.weekNumbers) };
  const rowsOf = tokenRowCounter(s);
  const listPrefixes = prefixExpander(db, s);
  // Both orders are total (bm25 then rowid, or rowid), so a smaller LIMIT gives a prefix of the same list;
  // and at least ENOUGH_STRICT are asked for, so whether relaxed matches are added is decided as before.
  const strictLimit = Math.max(Math.min(limit, Math.floor(opts.limitWithStrictMatches ?? limit)), Math.min(limit, ENOUGH_STRICT));
  // The asked teams' tokens, ANDed in front of every expression (see the file comment).
  const teamTokens = opts.teams ? [...new Set(opts.teams.map((t) => `"${teamIndexToken(t)}"`))] : [];
  const teamClause = teamTokens.length === 1 ? teamTokens[0] : teamTokens.length ? `(${teamTokens.join(' OR ')})` : '';
  // What any expression ANDed with teamClause matches, at most (Infinity: no team asked): the
  // teams' items (a token two teams shared would only add rows that the join drops, at some cost).
  const teamRows = params.teams ? teamItemsOf(s, params.teams) : Infinity;
  /** bm25 when the expression matches few enough rows (`rows` is an upper bound), else newest first. */
  const run = (expression: string, rows: number, wanted: number): Array<{ id: number; score: number }> => {
    if (!expression) return [];
    const match = teamClause ? `${teamClause} AND (${expression})` : expression;
    if (rows <= BM25_MAX_ROWS) return s.byBm25.all({ ...params, limit: wanted, match }) as Array<{ id: number; score: number }>;
    // Scores descend with rank so that callers can still sort by score (spaced by the full limit,
    // so a shorter list has the same scores).
    const recent =
      teamRows <= FORWARD_MAX_ROWS
        ? (s.forwards.all({ ...params, match: listPrefixes(match) }) as Array<{ id: number }>).slice(-wanted).reverse()
        : (s.byRecency.all({ ...params, limit: wanted, match: listPrefixes(match) }) as Array<{ id: number }>);
    return recent.map((h, i) => ({ id: h.id, score: -i / (limit + 1) }));
  };

  // group → term → the term's FTS fragments
  const groups = tokenGroups
    .filter(Array.isArray)
    .map((group) => group.filter((t) => typeof t === 'string').map((term) => [...new Set(ftsTermTokens(term))]).filter((f) => f.length))
    .filter((g) => g.length);
  if (!groups.length) return [];

  // Strict: a group matches at most the sum over its terms of their rarest fragment's rows; all groups at most the smallest of those.
  const strictRows = Math.min(...groups.map((g) => g.reduce((sum, fragments) => sum + Math.min(...fragments.map(rowsOf)), 0)));
  const strict: ScoredId[] =
    strictRows > 0
      ? run(strictExpression(groups, rowsOf), strictRows, strictLimit).map((h) => ({ id: h.id, score: h.score + STRICT_BONUS, allGroups: true }))
      : [];
  if (strict.length >= Math.min(limit, ENOUGH_STRICT)) return strict;

  // Relaxed: the rarest fragments, OR'ed, as many as fit the row budget (always at least the rarest one).
  const wanted = strict.length ? strictLimit : limit;
  const { chosen, rows } = relaxedFragments([...new Set(groups.flat(2))], rowsOf);
  const relaxed = run(chosen.join(' OR '), rows, wanted);
  const seen = new Set(strict.map((h) => h.id));
  return [...strict, ...relaxed.filter((h) => !seen.has(h.id)).map((h) => ({ ...h, allGroups: false }))].slice(0, wanted);
}

/**
 * Every group (AND), any of its terms (OR), a term as all of its fragments (AND) — or, when some of
 * them are rare, as its rare ones only (see the file comment). Fragments are quoted index tokens.
 */
function strictExpression(groups: string[][][], rowsOf: (fragment: string) => number): string {
  const any = (parts: string[], op: 'AND' | 'OR') => (parts.length === 1 ? parts[0] : `(${parts.join(` ${op} `)})`);
  return groups
    .map((group) => {
      const terms = group.map((fragments) => {
        const rare = fragments.filter((f) => rowsOf(f) <= BM25_MAX_ROWS);
        return any(rare.length ? rare : fragments, 'AND');
      });
      return any([...new Set(terms)], 'OR');
    })
    .join(' AND ');
}

/** Most terms a prefix is listed as (a one-character question word: 金 → 金额, 金融, 金托…); beyond, it stays a prefix. */
const MAX_PREFIX_TERMS = 64;
/** A quoted prefix fragment of an expression ("金"*), quotes inside doubled (quoteFtsToken). */
const PREFIX_FRAGMENT = /"((?:[^"]|"")+)"\*/g;
const ONE_HAN = /^\p{Script=Han}$/u;

/**
 * For the newest-first order only: each prefix fragment ("金"*, a one-character question word) as the
 * OR of the index's terms that start with it, which match exactly the same rows. FTS5 answers a
 * prefix (without a prefix index) by merging every such term's whole doclist before it can stop at
 * the limit, where an OR of the terms seeks through them like any other fragment: at a million
 * items ~10 ms of a question's ~13 ms of keyword search. Not for bm25, which weighs an OR's terms
 * apart. The terms are read through a temporary fts5vocab table and remembered per store generation.
 */
function prefixExpander(db: Database.Database, s: Statements): (expression: string) => string {
  return (expression) => {
    if (!expression.includes('"*')) return expression;
    const generation = String(s.generation.get());
    if (s.prefixTerms.generation !== generation) s.prefixTerms = { generation, terms: new Map() };
    const known = s.prefixTerms.terms;
    return expression.replace(PREFIX_FRAGMENT, (fragment, quoted: string) => {
      const prefix = quoted.replace(/""/g, '"');
      // Only a Han character (what ftsTermTokens makes a prefix of), which the tokenizer stores unchanged.
      if (!ONE_HAN.test(prefix)) return fragment;
      let terms = known.get(prefix);
      if (terms === undefined) {
        if (!s.termsFrom) {
          db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.items_fts_terms USING fts5vocab(main, 'items_fts', 'row')");
          s.termsFrom = db.prepare('SELECT term FROM temp.items_fts_terms WHERE term >= ? AND term < ? LIMIT ?').pluck();
        }
        const found = s.termsFrom.all(prefix, prefix + '\u{10FFFF}', MAX_PREFIX_TERMS + 1) as string[];
        terms = found.length && found.length <= MAX_PREFIX_TERMS ? found : null;
        if (known.size > 1000) known.clear();
        known.set(prefix, terms);
      }
      return terms ? `(${terms.map(quoteFtsToken).join(' OR ')})` : fragment;
    });
  };
}

/**
 * The items of the teams listed (as JSON), remembered with the fragments' counts until the store's
 * generation changes (tokenRowCounter runs first in every search and resets them), under a key no
 * fragment has. Read from the reports (~30 µs), not by counting the teams' tokens in the keyword
 * index, which cost a tenth of what reading forwards saves.
 */
function teamItemsOf(s: Statements, teams: string): number {
  const key = `\u0000${teams}`;
  let n = s.tokenRows.counts.get(key);
  if (n === undefined) {
    n = s.teamItems.get(teams) as number;
    s.tokenRows.counts.set(key, n);
  }
  return n;
}

/**
 * Rows matching one FTS fragment, counted up to BM25_MAX_ROWS + 1 (bounded cost however common the
 * token) and remembered until the store's generation changes: the same bigrams recur across questions.
 */
function tokenRowCounter(s: Statements): (fragment: string) => number {
  const generation = String(s.generation.get());
  if (s.tokenRows.generation !== generation) s.tokenRows = { generation, counts: new Map() };
  const counts = s.tokenRows.counts;
  return (fragment) => {
    let n = counts.get(fragment);
    if (n === undefined) {
      n = (s.cappedCount.get(fragment, BM25_MAX_ROWS + 1) as { n: number }).n;
      if (counts.size > 50_000) counts.clear();
      counts.set(fragment, n);
    }
    return n;
  };
}
