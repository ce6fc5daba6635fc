/** The items of each report, kept across questions until the store changes. */
import type { ReportStore } from '../../adapters/store/reportStore';
import type { ItemLine } from '../../adapters/store/reportRows';
import type { LineReader } from '../../domain/answer/identity';
import type { StoredItem } from '../../domain/records';
import type { AnswerDeps, ItemsOf } from './answerDeps';

/**
 * What is known of one report: all its items once something asked for them all; before that, its
 * lines (id, headings, text) and the few items built alone, which the whole read then reuses, so an
 * item is one object whichever way it was reached (answers compare items by identity).
 */
interface Entry {
  items: StoredItem[] | null;
  lines: ItemLine[] | null;
  single: Map<number, StoredItem> | null;
}

/**
 * Items of a report, kept across questions until the store changes (its generation moves with every
 * write, by this process or another): timelines read the same team's weeks question after question.
 */
interface ItemCache {
  generation: number;
  reports: Map<number, Entry>;
}
const itemCaches = new WeakMap<ReportStore, ItemCache>();
/** About 80k items at 40 a report: enough for every chain of a busy hour, bounded memory at 1M items. */
const CACHED_REPORTS = 2000;

/**
 * The items of a report (ItemsOf), carrying a LineReader (identity.ts) when the store can read lines
 * alone: a chain then reads each report's lines and builds only the line it keeps.
 */
export function memoItems(deps: AnswerDeps): ItemsOf & Partial<LineReader> {
  const { store } = deps;
  const generation = store.indexGeneration();
  let cache = itemCaches.get(store);
  if (!cache || cache.generation !== generation) itemCaches.set(store, (cache = { generation, reports: new Map() }));
  const { reports } = cache;
  const entry = (id: number): Entry => {
    let e = reports.get(id);
    if (e) {
      // Least recently used goes first (a Map keeps insertion order): neighbouring weeks that the
      // next question's chain reads again stay, where clearing the whole cache reloaded them all.
      reports.delete(id);
      reports.set(id, e);
    } else {
      if (reports.size >= CACHED_REPORTS) reports.delete(reports.keys().next().value!);
      reports.set(id, (e = { items: null, lines: null, single: null }));
    }
    return e;
  };
  const itemsOf = (id: number): StoredItem[] => {
    const e = entry(id);
    if (!e.items) {
      const items = store.getItemsForReport(id);
      if (e.single) for (let k = 0; k < items.length; k++) items[k] = e.single.get(items[k].id) ?? items[k];
      e.items = items;
      e.single = null;
    }
    return e.items;
  };
  if (typeof store.getItemLinesForReport !== 'function') return itemsOf;
  const linesOfReport = (id: number): ItemLine[] => {
    const e = entry(id);
    // Whole items are lines too (text and headings): no second read once they are here. Lines read
    // first stay what this returns, so what a chain indexed of them is kept with them.
    return e.lines ?? e.items ?? (e.lines = store.getItemLinesForReport(id));
  };
  const itemOfReport = (reportId: number, k: number): StoredItem | null => {
    const e = entry(reportId);
    const line = (e.lines ?? e.items)?.[k];
    if (!line) return null;
    if (e.items) return e.items[k]?.id === line.id ? e.items[k] : (e.items.find((i) => i.id === line.id) ?? null);
    let item = e.single?.get(line.id);
    if (!item) {
      // Null when a write in another process removed it since the lines were read: the whole report says what is there now.
      const read = store.getItemOfReport(reportId, line.id);
      if (!read) return itemsOf(reportId).find((i) => i.id === line.id) ?? null;
      (e.single ??= new Map()).set(line.id, (item = read));
    }
    return item;
  };
  return Object.assign(itemsOf, { linesOfReport, itemOfReport });
}
