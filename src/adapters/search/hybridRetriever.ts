/**
 * Hybrid retrieval: a keyword leg (question words + aliases → FTS5 BM25, filtered in SQL) and a
 * vector leg (hashed n-gram or remote embedding → HNSW), fused with weighted reciprocal rank fusion.
 *
 * The keyword leg leads. Measured on invented report lines (tools/bench/segmenters.ts,
 * tools/bench/vectorRecall.ts): HNSW itself finds ~90% of the exact nearest neighbours at 100k items,
 * but hashed n-gram neighbourhoods are weak — among near-duplicate lines the vector leg ranks the
 * answering line first far less often than BM25 does. Equal-weight RRF cut hit@1 among 10k lines
 * from 87% (keyword alone) to 51%; putting items that contain every question word first brought it
 * to 78%; and on the labelled questions the vector leg never rescued a keyword miss, so every weight
 * above ~0.02 only cost hit@1 (0.1: 84%, 0.05: 85%, 0.02: 87%). Hence weight 0.02: with the offline
 * embedder the vector leg breaks ties and fills in candidates when the keyword leg runs dry, and
 * nothing depends on it. (A real embedding model may deserve more: pass `weights`.) Vector hits are
 * filtered by scope after the search (generous k), so a narrow scope may leave that leg empty; the
 * keyword leg is filtered in SQL. (The offline fallback searches a small scope's own items instead:
 * vectorLeg.ts.)
 *
 * With the offline embedder the vector leg is a fallback (vectorLeg.ts): it is searched only when
 * the keyword leg found no item containing every question word, the case where it could add a
 * candidate at all; otherwise the keyword leg alone answers and the index is never loaded. With a
 * real embedding model it is a partner, searched for every question.
 */
import type Database from 'better-sqlite3';
import type { ReportStore } from '../store/reportStore';
import type { StoredItem } from '../../domain/records';
import type { AliasTable } from '../../domain/text/aliases';
import type { IndexEmbeddings } from './embedder';
import { reciprocalRankFusion } from './fusion';
import { keywordSearch, type ScoredId } from './keywordIndex';
import { segmentQuery } from '../../domain/text/segment';
import type { VectorHit } from './vectorIndex';
import type { VectorLeg } from './vectorLeg';

export interface HybridRetrieverDeps {
  db: Database.Database;
  store: ReportStore;
  /** The vector leg, partner or fallback (see the file comment) */
  vectorLeg: VectorLeg;
  embedder: IndexEmbeddings;
  aliases: AliasTable;
  /** RRF weights of the two legs (default keyword 1, vector 0.02; see the file comment) */
  weights?: { keyword: number; vector: number };
  /**
   * Vector hits below this cosine similarity are dropped: a nearest-neighbour search always returns
   * k items, related or not. Default 0.1 for the hashed n-gram embedder (unrelated texts score about
   * 0 ± 0.05 there), 0 for others, whose similarity scales differ.
   */
  minVectorScore?: number;
}

export interface RetrieverSearchOptions {
  teams?: string[];
  weekNumbers?: number[];
  reportIds?: number[];
  /** Results wanted (default 20) */
  limit?: number;
  /** More term groups for the keyword leg (e.g. an event's synonyms), each OR'ed like the question's */
  extraTokenGroups?: string[][];
}

export interface RetrievedItem {
  item: StoredItem;
  /** Fused score, higher is better: weighted RRF, plus 1 for items containing every question word */
  score: number;
  /** 1-based rank in the keyword leg, null when it did not find the item */
  keywordRank: number | null;
  /** 1-based rank in the vector leg (after filtering), null when it did not find the item */
  vectorRank: number | null;
}

const DEFAULT_LIMIT = 20;
/** The vector leg searches at least this many before filtering by scope. */
const VECTOR_K = 100;

export class HybridRetriever {
  private readonly weights: { keyword: number; vector: number };
  private readonly minVectorScore: number;
  private readonly scopeStatement: Database.Statement;

  constructor(private readonly deps: HybridRetrieverDeps) {
    this.weights = deps.weights ?? { keyword: 1, vector: 0.02 };
    this.minVectorScore = deps.minVectorScore ?? (deps.embedder.id.startsWith('hash-') ? 0.1 : 0);
    this.scopeStatement = deps.db.prepare(`
      SELECT i.id, r.id AS report_id, r.team, r.week_number FROM items AS i JOIN reports AS r ON r.id = i.report_id
      WHERE i.id IN (SELECT value FROM json_each(?))`);
  }

  /**
   * Synchronous search. The vector leg runs when the embedder can embed synchronously (the offline
   * one can); with a remote embedder use searchAsync, or this returns the keyword leg alone.
   */
  search(query: string, opts: RetrieverSearchOptions = {}): RetrievedItem[] {
    const words = this.queryWords(query);
    const keyword = this.keywordLeg(words, opts);
    const embed = this.deps.embedder.embedSync;
    const nearest = words.length && embed && this.wantsVectorLeg(keyword) ? this.nearest(embed.call(this.deps.embedder, words.join(' ')), opts) : [];
    return this.combine(keyword, nearest, opts);
  }

  /** Like search, embedding the question with any embedder (a remote one included). */
  async searchAsync(query: string, opts: RetrieverSearchOptions = {}): Promise<RetrievedItem[]> {
    const words = this.queryWords(query);
    const keyword = this.keywordLeg(words, opts);
    let nearest: VectorHit[] = [];
    if (words.length && this.wantsVectorLeg(keyword)) {
      const text = words.join(' ');
      const vector = this.deps.embedder.embedSync ? this.deps.embedder.embedSync(text) : await this.deps.embedder.embedQuery(text);
      nearest = this.nearest(vector, opts);
    }
    return this.combine(keyword, nearest, opts);
  }

  /** The question's content words (what both legs search for). */
  queryWords(query: string): string[] {
    return segmentQuery(query, { lexicon: this.deps.aliases.terms() });
  }

  /** A partner is searched for every question; a fallback only when no keyword hit holds every word. */
  private wantsVectorLeg(keyword: ScoredId[]): boolean {
    return this.deps.vectorLeg.role === 'partner' || !keyword.some((h) => h.allGroups);
  }

  /**
   * The vector leg's hits for the question's vector: a partner's index, or the fallback's search
   * (exact within a small scope, else its index if it may be used: vectorLeg.ts).
   */
  private nearest(vector: ArrayLike<number>, opts: RetrieverSearchOptions): VectorHit[] {
    const leg = this.deps.vectorLeg;
    const k = Math.max(VECTOR_K, candidatesFor(opts));
    const scope = { teams: opts.teams, weekNumbers: opts.weekNumbers, reportIds: opts.reportIds };
    const hits = leg.role === 'fallback' ? leg.fallbackSearch(vector, k, scope) : (leg.searchIndex()?.search(vector, k) ?? []);
    return hits.filter((h) => h.score >= this.minVectorScore);
  }

  private keywordLeg(words: string[], opts: RetrieverSearchOptions): ScoredId[] {
    const groups = [...this.deps.aliases.expand(words), ...(opts.extraTokenGroups ?? [])];
    return keywordSearch(this.deps.db, groups, {
      teams: opts.teams,
      weekNumbers: opts.weekNumbers,
      reportIds: opts.reportIds,
      limit: candidatesFor(opts),
      // A fallback is not searched when some item holds every word: fusion then keeps the keyword
      // leg's first limitOf(opts) items and never looks further (a partner's hits may lift any of them).
      limitWithStrictMatches: this.deps.vectorLeg.role === 'fallback' ? limitOf(opts) : undefined,
    });
  }

  private combine(keyword: ScoredId[], nearest: VectorHit[], opts: RetrieverSearchOptions): RetrievedItem[] {
    const limit = limitOf(opts);
    const candidates = candidatesFor(opts);
    const vectorHits = this.inScope(nearest, opts).slice(0, candidates);

    const fused = this.fuse(keyword, vectorHits).slice(0, limit);
    const keywordRank = new Map(keyword.map((h, i) => [h.id, i + 1]));
    const vectorRank = new Map(vectorHits.map((h, i) => [h.id, i + 1]));
    const items = this.deps.store.getItemsByIds(fused.map((f) => f.id));
    const scoreOf = new Map(fused.map((f) => [f.id, f.score]));
    return items.map((item) => ({
      item,
      score: scoreOf.get(item.id)!,
      keywordRank: keywordRank.get(item.id) ?? null,
      vectorRank: vectorRank.get(item.id) ?? null,
    }));
  }

  /**
   * Weighted RRF of the two legs, then items containing every question word (strict keyword
   * matches) before the rest: an item that merely looks similar to the vector leg must not outrank
   * one that says everything asked about.
   */
  private fuse(keyword: ScoredId[], vectorHits: Array<{ id: number }>): Array<{ id: number; score: number }> {
    const fused = reciprocalRankFusion([keyword, vectorHits], { weights: [this.weights.keyword, this.weights.vector] });
    const strict = new Set(keyword.filter((h) => h.allGroups).map((h) => h.id));
    if (!strict.size) return fused;
    const tierBonus = 1; // RRF scores are below 2 / (k + 1), so +1 sorts strict matches first
    return fused.map((f) => (strict.has(f.id) ? { id: f.id, score: f.score + tierBonus } : f)).sort((a, b) => b.score - a.score);
  }

  /**
   * Vector hits inside the requested teams / weeks / reports. (Unscoped hits are not checked here:
   * an index entry whose item another process deleted is dropped when items are loaded.)
   */
  private inScope<T extends { id: number }>(hits: T[], opts: RetrieverSearchOptions): T[] {
    const scoped = opts.teams || opts.weekNumbers || opts.reportIds;
    if (!hits.length || !scoped) return hits;
    const rows = this.scopeStatement.all(JSON.stringify(hits.map((h) => h.id))) as Array<{
      id: number;
      report_id: number;
      team: string;
      week_number: number;
    }>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return hits.filter((h) => {
      const row = byId.get(h.id);
      if (!row) return false;
      return (
        (!opts.teams || opts.teams.includes(row.team)) &&
        (!opts.weekNumbers || opts.weekNumbers.includes(row.week_number)) &&
        (!opts.reportIds || opts.reportIds.includes(row.report_id))
      );
    });
  }
}

function limitOf(opts: RetrieverSearchOptions): number {
  return Math.max(1, Math.floor(opts.limit ?? DEFAULT_LIMIT));
}

/** Each leg is asked for more than the limit, so fusion has candidates to reorder. */
function candidatesFor(opts: RetrieverSearchOptions): number {
  return Math.max(limitOf(opts) * 2, 50);
}
