/**
 * The store's side of a vector index catch-up: what of ReportStore the index reads
 * (VectorIndexSource), and StoreItemSet, which answers "did the store's items change, and which ids
 * are missing from or extra in the index?" cheaply (generation, then fingerprint, then the id list)
 * and hands out the items to embed a batch at a time. The index itself (vectorIndex.ts) applies the
 * plan. Imports domain row types, the embedding text (embedder.ts) and the stamp arithmetic.
 */
import type Database from 'better-sqlite3';
import type { StoredItem } from '../../domain/records';
import { itemEmbeddingText } from './embedder';
import { sameStamp, STORE_STAMP_SQL, type ItemSetStamp } from './itemSetStamp';

/** The part of ReportStore the index reads. */
export interface VectorIndexSource {
  /** The store's connection: the fingerprint and the id list are read from the items table directly */
  readonly db: Database.Database;
  iterateItems(): IterableIterator<StoredItem>;
  countItems(): number;
  getItemsByIds(ids: number[]): StoredItem[];
  /** Moves with every write to items by any process: the cheap "did anything change?" */
  indexGeneration(): number;
}

/** What a catch-up changed. */
export interface IndexChanges {
  added: number;
  removed: number;
}

/** What a catch-up must do: as of `generation`, embed and add `missing`, remove `extra`. */
export interface CatchUpPlan {
  generation: number;
  missing: number[];
  extra: number[];
}

export const NO_CHANGES: IndexChanges = { added: 0, removed: 0 };

/** Items are read from the store (and embedded) this many at a time. */
export const REBUILD_BATCH = 256;

/** The store's items as the index sees them: generation, fingerprint, id list, item batches to embed. */
export class StoreItemSet {
  private statements: { stamp: Database.Statement; ids: Database.Statement } | null = null;

  constructor(private readonly store: VectorIndexSource) {}

  /**
   * What a catch-up must do, or null when the index already holds exactly the store's items. The
   * generation is read first: a write landing after it moves the generation again, so the next call
   * looks again (reading it last could mark as verified a generation whose items were never seen).
   * `verify` is called with the generation when the fingerprints agree (nothing to do, but checked).
   */
  plan(
    verifiedGeneration: number,
    stamp: ItemSetStamp,
    live: () => Set<number>,
    verify: (generation: number) => void,
  ): CatchUpPlan | null {
    const generation = this.store.indexGeneration();
    if (generation === verifiedGeneration) return null;
    const statements = this.storeStatements();
    if (sameStamp(stamp, statements.stamp.get() as ItemSetStamp)) {
      verify(generation);
      return null;
    }
    const inStore = statements.ids.all() as number[];
    const stored = new Set(inStore);
    const liveIds = live();
    return {
      generation,
      missing: inStore.filter((id) => !liveIds.has(id)),
      extra: [...liveIds].filter((id) => !stored.has(id)),
    };
  }

  /**
   * The items with these ids, a batch at a time. Each batch is read whole before it is handed out,
   * so no SQLite statement stays open across the embedder's await.
   */
  *itemBatches(ids: number[]): Generator<StoredItem[]> {
    for (let i = 0; i < ids.length; i += REBUILD_BATCH) yield this.store.getItemsByIds(ids.slice(i, i + REBUILD_BATCH));
  }

  /**
   * Every item's id and embedding text, in batches, read whole before any is embedded: awaiting a
   * remote embedder while a SQLite iterator is open would keep the connection busy for every other
   * query in this process.
   */
  allEmbeddingTexts(): Array<{ ids: number[]; texts: string[] }> {
    const batch: { ids: number[]; texts: string[] } = { ids: [], texts: [] };
    const batches: Array<{ ids: number[]; texts: string[] }> = [];
    for (const item of this.store.iterateItems()) {
      batch.ids.push(item.id);
      batch.texts.push(itemEmbeddingText(item));
      if (batch.ids.length === REBUILD_BATCH) batches.push({ ids: batch.ids.splice(0), texts: batch.texts.splice(0) });
    }
    if (batch.ids.length) batches.push(batch);
    return batches;
  }

  private storeStatements(): { stamp: Database.Statement; ids: Database.Statement } {
    if (!this.statements) {
      this.statements = {
        stamp: this.store.db.prepare(STORE_STAMP_SQL),
        ids: this.store.db.prepare('SELECT id FROM items ORDER BY id').pluck(),
      };
    }
    return this.statements;
  }
}
