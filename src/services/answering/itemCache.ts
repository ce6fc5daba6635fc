/** The items of each report, kept across questions until the store changes. */
import type { ReportStore } from '../../adapters/store/reportStore';
import type { StoredItem } from '../../domain/records';
import type { AnswerDeps, ItemsOf } from './answerDeps';

/**
 * Items of a report, kept across questions until the store changes (its generation moves with every
 * write, by this process or another): timelines read the same team's weeks question after question.
 */
interface ItemCache {
  generation: number;
  items: Map<number, StoredItem[]>;
}
const itemCaches = new WeakMap<ReportStore, ItemCache>();
/** About 80k items at 40 a report: enough for every chain of a busy hour, bounded memory at 1M items. */
const CACHED_REPORTS = 2000;

export function memoItems(deps: AnswerDeps): ItemsOf {
  const generation = deps.store.indexGeneration();
  let cache = itemCaches.get(deps.store);
  if (!cache || cache.generation !== generation) itemCaches.set(deps.store, (cache = { generation, items: new Map() }));
  const { items: byReport } = cache;
  return (id) => {
    let items = byReport.get(id);
    if (items) {
      // Least recently used goes first (a Map keeps insertion order): neighbouring weeks that the
      // next question's chain reads again stay, where clearing the whole cache reloaded them all.
      byReport.delete(id);
      byReport.set(id, items);
    } else {
      if (byReport.size >= CACHED_REPORTS) byReport.delete(byReport.keys().next().value!);
      byReport.set(id, (items = deps.store.getItemsForReport(id)));
    }
    return items;
  };
}
