/**
 * Keyword retrieval in PostgreSQL, the twin of ../search/keywordIndex.ts (read its comment first):
 * the same app-segmented tokens (domain/text/segment.ts), the same strict-then-relaxed expressions,
 * the same row budget beyond which matches are taken newest first, the same filters and scores'
 * meaning (strict matches above relaxed ones).
 *
 * Matching: items.search_vector (tsvector, 'simple' configuration, GIN index) @@ a tsquery built
 * here from quoted lexemes, so no user text is tsquery syntax. A one-character Han term is a prefix
 * query ('卡':*), as in FTS5.
 *
 * Ranking, close to FTS5's bm25: per fragment, ts_rank_cd (section lexemes weighted 0.4, text 1.0,
 * as BM25_WEIGHTS) stands in for the weighted term frequency, saturated and length-normalized as
 * BM25 does (k1 = 1.2, b = 0.75, length = the item's tokens against the store's average), times the
 * fragment's inverse document frequency (FTS5's formula). The counts come from store_state and
 * from capped per-fragment counts cached per generation.
 */
import type { Pool } from 'pg';
import { isHan, normalizeText, wordPieces } from '../../domain/text/segment';
// The strict/relaxed semantics and their bounds are FTS5's (keywordIndex.ts), so both backends choose alike.
import {
  BM25_MAX_ROWS,
  BM25_WEIGHTS,
  ENOUGH_STRICT,
  relaxedFragments,
  STRICT_BONUS,
  type KeywordSearchOptions,
  type ScoredId,
} from '../search/keywordIndex';
/** BM25's term-frequency saturation and length normalization (FTS5's constants). */
const K1 = 1.2;
const B = 0.75;
/** ts_rank_cd weights, in its order {D, C, B, A}: sections are written with weight B, texts with A. */
const RANK_WEIGHTS = `{0, 0, ${BM25_WEIGHTS.section}, ${BM25_WEIGHTS.body}}`;

/** A lexeme as tsquery text: always quoted, so & | ! ( ) : * are plain text. */
export function quoteLexeme(token: string): string {
  return "'" + token.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
}

/** The tsquery fragments that find one query term: keywordIndex's ftsTermTokens, in tsquery syntax. */
export function tsTermFragments(term: string): string[] {
  const out: string[] = [];
  for (const piece of wordPieces(normalizeText(term))) {
    if (!isHan(piece)) {
      out.push(quoteLexeme(piece));
      continue;
    }
    const chars = [...piece];
    if (chars.length === 1) {
      out.push(quoteLexeme(piece) + ':*');
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) out.push(quoteLexeme(chars[i] + chars[i + 1]));
  }
  return out;
}

/** Every variant's fragments AND'ed, variants OR'ed (segment.ts's ftsAllGroupsExpression of one group); '' when none. */
export function allFragmentsOfAnyVariant(variants: readonly string[]): string {
  const terms = new Set<string>();
  for (const variant of variants) {
    const fragments = [...new Set(tsTermFragments(variant))];
    if (fragments.length) terms.add(fragments.length === 1 ? fragments[0] : `(${fragments.join(' & ')})`);
  }
  return [...terms].join(' | ');
}

/** What the ranking needs of the whole store, read once per generation. */
interface StoreStats {
  generation: number;
  items: number;
  averageTokens: number;
  /** Capped row counts of single fragments */
  counts: Map<string, number>;
}

export class PgKeywordSearch {
  private stats: StoreStats = { generation: -1, items: 0, averageTokens: 1, counts: new Map() };

  constructor(private readonly pool: Pool) {}

  async search(tokenGroups: string[][], opts: KeywordSearchOptions): Promise<ScoredId[]> {
    const limit = Math.floor(opts.limit);
    if (limit <= 0) return [];
    // An explicitly empty filter selects nothing (not everything).
    if ((opts.teams && !opts.teams.length) || (opts.reportIds && !opts.reportIds.length) || (opts.weekNumbers && !opts.weekNumbers.length)) {
      return [];
    }
    const groups = tokenGroups
      .filter(Array.isArray)
      .map((group) => group.filter((t) => typeof t === 'string').map((term) => [...new Set(tsTermFragments(term))]).filter((f) => f.length))
      .filter((g) => g.length);
    if (!groups.length) return [];

    const stats = await this.currentStats();
    const distinct = [...new Set(groups.flat(2))];
    await this.countFragments(stats, distinct);
    const rowsOf = (fragment: string) => stats.counts.get(fragment) ?? 0;
    const filters = {
      teams: opts.teams?.length ? opts.teams : null,
      reports: opts.reportIds?.length ? opts.reportIds : null,
      weeks: opts.weekNumbers?.length ? opts.weekNumbers : null,
    };
    const run = async (query: string, fragments: string[], rows: number): Promise<Array<{ id: number; score: number }>> => {
      if (!query) return [];
      if (rows <= BM25_MAX_ROWS) return this.ranked(query, fragments, stats, filters, limit);
      // Scores descend with rank so that callers can still sort by score.
      return (await this.newestFirst(query, filters, limit)).map((id, i) => ({ id, score: -i / (limit + 1) }));
    };

    const strictRows = Math.min(...groups.map((g) => g.reduce((sum, fragments) => sum + Math.min(...fragments.map(rowsOf)), 0)));
    let strict: ScoredId[] = [];
    if (strictRows > 0) {
      const { query, fragments } = strictQuery(groups, rowsOf);
      strict = (await run(query, fragments, strictRows)).map((h) => ({ id: h.id, score: h.score + STRICT_BONUS, allGroups: true }));
    }
    if (strict.length >= Math.min(limit, ENOUGH_STRICT)) return strict;

    // Relaxed: the rarest fragments, OR'ed, as many as fit the row budget (always at least the rarest one).
    const { chosen, rows } = relaxedFragments(distinct, rowsOf);
    const relaxed = await run(chosen.join(' | '), chosen, rows);
    const seen = new Set(strict.map((h) => h.id));
    return [...strict, ...relaxed.filter((h) => !seen.has(h.id)).map((h) => ({ ...h, allGroups: false }))].slice(0, limit);
  }

  /** Items matching every fragment of one of `variants`, counted up to `cap`. */
  async documentFrequency(variants: readonly string[], cap: number): Promise<number> {
    const query = allFragmentsOfAnyVariant(variants);
    if (!query) return 0;
    return this.cappedCount(query, cap);
  }

  /** The matches of `query` ranked BM25-like over `fragments` (see the file comment), best first. */
  private async ranked(
    query: string,
    fragments: string[],
    stats: StoreStats,
    filters: { teams: string[] | null; reports: number[] | null; weeks: number[] | null },
    limit: number,
  ): Promise<Array<{ id: number; score: number }>> {
    const params: unknown[] = [query, filters.teams, filters.reports, filters.weeks, limit, stats.averageTokens];
    const frequencies: string[] = [];
    const terms: string[] = [];
    fragments.forEach((fragment, k) => {
      params.push(fragment, idf(stats.items, stats.counts.get(fragment) ?? 0));
      const q = params.length - 1;
      frequencies.push(`ts_rank_cd('${RANK_WEIGHTS}', i.search_vector, $${q}::tsquery, 0) AS tf${k}`);
      terms.push(`$${q + 1}::float8 * m.tf${k} * ${K1 + 1} / (m.tf${k} + ${K1} * m.norm)`);
    });
    const sql = `
      SELECT m.id, (${terms.join(' + ')}) AS score FROM (
        SELECT i.id, ${1 - B} + ${B} * i.token_count / $6::float8 AS norm, ${frequencies.join(', ')}
        FROM items AS i JOIN reports AS r ON r.id = i.report_id
        WHERE i.search_vector @@ $1::tsquery ${FILTERS}
      ) AS m
      ORDER BY score DESC, m.id DESC
      LIMIT $5`;
    const result = await this.pool.query(sql, params);
    return result.rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
  }

  private async newestFirst(query: string, filters: { teams: string[] | null; reports: number[] | null; weeks: number[] | null }, limit: number): Promise<number[]> {
    const result = await this.pool.query(
      `SELECT i.id FROM items AS i JOIN reports AS r ON r.id = i.report_id
       WHERE i.search_vector @@ $1::tsquery ${FILTERS}
       ORDER BY i.id DESC LIMIT $5`,
      [query, filters.teams, filters.reports, filters.weeks, limit],
    );
    return result.rows.map((r) => Number(r.id));
  }

  private async cappedCount(query: string, cap: number): Promise<number> {
    const result = await this.pool.query('SELECT count(*)::int AS n FROM (SELECT 1 FROM items WHERE search_vector @@ $1::tsquery LIMIT $2) AS s', [
      query,
      Math.max(0, Math.floor(cap)),
    ]);
    return result.rows[0].n as number;
  }

  /** Row counts (capped just above the budget) of the fragments not counted yet at this generation. */
  private async countFragments(stats: StoreStats, fragments: string[]): Promise<void> {
    const missing = fragments.filter((f) => !stats.counts.has(f));
    if (stats.counts.size + missing.length > 50_000) stats.counts.clear();
    const counts = await Promise.all(missing.map((f) => this.cappedCount(f, BM25_MAX_ROWS + 1)));
    missing.forEach((f, k) => stats.counts.set(f, counts[k]));
  }

  private async currentStats(): Promise<StoreStats> {
    const r = (await this.pool.query('SELECT generation, item_count, token_total FROM store_state WHERE id = 1')).rows[0];
    const generation = Number(r.generation);
    if (generation !== this.stats.generation) {
      const items = Number(r.item_count);
      this.stats = { generation, items, averageTokens: items ? Math.max(1, Number(r.token_total) / items) : 1, counts: new Map() };
    }
    return this.stats;
  }
}

/** The filters every search statement shares ($2 teams, $3 report ids, $4 week numbers; NULL = no restriction). */
const FILTERS = `
  AND ($2::text[] IS NULL OR r.team = ANY ($2::text[]))
  AND ($3::bigint[] IS NULL OR r.id = ANY ($3::bigint[]))
  AND ($4::int[] IS NULL OR r.week_number = ANY ($4::int[]))`;

/** FTS5's inverse document frequency: ln((N − n + 0.5) / (n + 0.5)), never below a tiny positive value. */
function idf(items: number, rows: number): number {
  const value = Math.log((items - rows + 0.5) / (rows + 0.5));
  return value > 0 ? value : 1e-6;
}

/**
 * keywordIndex.ts's strict expression in tsquery syntax: every group (&), any of its terms (|), a term
 * as all of its fragments (&) or its rare ones only. Also the fragments it contains (ranked over).
 */
function strictQuery(groups: string[][][], rowsOf: (fragment: string) => number): { query: string; fragments: string[] } {
  const any = (parts: string[], op: '&' | '|') => (parts.length === 1 ? parts[0] : `(${parts.join(` ${op} `)})`);
  const used = new Set<string>();
  const query = groups
    .map((group) => {
      const terms = group.map((fragments) => {
        const rare = fragments.filter((f) => rowsOf(f) <= BM25_MAX_ROWS);
        const chosen = rare.length ? rare : fragments;
        chosen.forEach((f) => used.add(f));
        return any(chosen, '&');
      });
      return any([...new Set(terms)], '|');
    })
    .join(' & ');
  return { query, fragments: [...used] };
}
