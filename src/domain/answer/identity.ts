/**
 * Item identity across weeks: the line that is "the same item" as a given line in each other report
 * of its team, by the follow-up matcher's measure (src/followup/matchItems.ts). A timeline built this
 * way follows one item (光大备份通道 from 开发中 to 已上线) and never splices in another item that
 * merely shares words (POS主交易链路 and POS APP与应用市场 both say POS and 上线).
 */
import { eachSubjectBigram, itemSimilarity, mayReachSimilarity, SAME_ITEM_THRESHOLD, subjectBigrams } from '../followup/matchItems';
import type { StoredItem, StoredReport } from '../records';
import { isGoalItem, isNothingItem } from './match';

/** A chain may skip this many reports in a row (an item left out one week) before it ends. */
const MAX_GAP = 2;
/** Reports looked at on each side of the item: enough for a quarter of weekly reports. */
const MAX_REPORTS = 16;

export interface ChainSource {
  /** The team's reports that answers may draw on, any order */
  reports: StoredReport[];
  itemsOfReport: (reportId: number) => StoredItem[];
  /**
   * For a week whose line the matcher does not recognise (reworded beyond its measure, or a project
   * whose heading carries the name): lines that name the asked subject, and how telling each is.
   */
  namesSubject?: (item: StoredItem) => boolean;
  tellingness?: (item: StoredItem) => number;
  /**
   * False only when no line of these can pass namesSubject (a test on the lines together, cheaper
   * than one per line): most reports a chain passes by are another owner's, about other things.
   */
  mayNameSubject?: (items: StoredItem[]) => boolean;
}

/**
 * The item and its counterparts in the team's other reports, oldest first. Each step compares with
 * the nearest link already in the chain, because owners reword their lines a little every week.
 * `until` (ISO) stops the chain at the end of an asked week.
 */
export function chainOf(item: StoredItem, source: ChainSource, until: string | null = null): StoredItem[] {
  const { earlier, later } = nearestReports(teamReports(source.reports, item.team), item, until);
  const back = walk(item, earlier, source);
  const forward = walk(item, later, source);
  return [...back.reverse(), item, ...forward];
}

/**
 * chainOf, remembered for one question: ranking checks a few candidates' chains and the answer then
 * builds the best one's again. Only valid while `source` (its subject test) stays the same.
 */
export function memoizedChains(source: ChainSource): (item: StoredItem, until?: string | null) => StoredItem[] {
  const chains = new Map<string, StoredItem[]>();
  return (item, until = null) => {
    const key = `${item.id}\u0001${until ?? ''}`;
    let chain = chains.get(key);
    if (!chain) chains.set(key, (chain = chainOf(item, source, until)));
    return chain;
  };
}

/**
 * The MAX_REPORTS reports dated before the item's (nearest first) and after it (oldest first), none
 * after `until`, from the team's reports oldest first. Found by binary search rather than a pass over
 * the team's reports: a team of fifty members writes thousands of reports a year.
 */
function nearestReports(reports: StoredReport[], item: StoredItem, until: string | null): { earlier: StoredReport[]; later: StoredReport[] } {
  const usable = (r: StoredReport) => r.id !== item.reportId && (!until || r.reportDate <= until);
  const firstAtOrAfter = firstIndex(reports, (r) => r.reportDate >= item.reportDate);
  const firstAfter = firstIndex(reports, (r) => r.reportDate > item.reportDate);
  const earlier: StoredReport[] = [];
  for (let k = firstAtOrAfter - 1; k >= 0 && earlier.length < MAX_REPORTS; k--) if (usable(reports[k])) earlier.push(reports[k]);
  const later: StoredReport[] = [];
  for (let k = firstAfter; k < reports.length && later.length < MAX_REPORTS; k++) {
    if (until && reports[k].reportDate > until) break;
    if (usable(reports[k])) later.push(reports[k]);
  }
  return { earlier, later };
}

/** The first index whose report passes `test` (false for a prefix of the list, true after), or the length. */
function firstIndex(reports: StoredReport[], test: (r: StoredReport) => boolean): number {
  let [lo, hi] = [0, reports.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(reports[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Each team's reports oldest first, sorted once per report list (the list is replaced on every write). */
const reportsByTeam = new WeakMap<StoredReport[], Map<string, StoredReport[]>>();

function teamReports(reports: StoredReport[], team: string): StoredReport[] {
  let byTeam = reportsByTeam.get(reports);
  if (!byTeam) {
    byTeam = new Map();
    for (const r of reports) {
      const list = byTeam.get(r.team);
      if (list) list.push(r);
      else byTeam.set(r.team, [r]);
    }
    for (const list of byTeam.values()) list.sort((a, b) => a.reportDate.localeCompare(b.reportDate));
    reportsByTeam.set(reports, byTeam);
  }
  return byTeam.get(team) ?? [];
}

/**
 * A report's lines that can be a link (not next-week goals, not a bare "无"), with an index from
 * each subject bigram to the lines that have it, built once per loaded report.
 */
interface Linkable {
  items: StoredItem[];
  byBigram: Map<number, number[]>;
}
const linkableItems = new WeakMap<StoredItem[], Linkable>();

function linkable(reportItems: StoredItem[]): Linkable {
  let out = linkableItems.get(reportItems);
  if (!out) {
    const items = reportItems.filter((i) => !isGoalItem(i) && !isNothingItem(i));
    const byBigram = new Map<number, number[]>();
    items.forEach((item, k) => {
      // A line's bigrams may repeat here: each list holds the line once (its pushes come together).
      eachSubjectBigram(item.text, (g) => {
        const list = byBigram.get(g);
        if (!list) byBigram.set(g, [k]);
        else if (list[list.length - 1] !== k) list.push(k);
      });
    });
    linkableItems.set(reportItems, (out = { items, byBigram }));
  }
  return out;
}

/** The lines sharing a subject bigram with `item`, in report order (ties go to the earlier line). */
function sharingWords(item: StoredItem, report: Linkable): StoredItem[] {
  const hits = new Set<number>();
  for (const g of subjectBigrams(item.text)) for (const k of report.byBigram.get(g) ?? []) hits.add(k);
  return [...hits].sort((a, b) => a - b).map((k) => report.items[k]);
}

function walk(start: StoredItem, reports: StoredReport[], source: ChainSource): StoredItem[] {
  const out: StoredItem[] = [];
  let anchor = start;
  let gap = 0;
  for (const report of reports) {
    const candidates = linkable(source.itemsOfReport(report.id));
    let best: StoredItem | null = null;
    let bestScore = 0;
    // Lines sharing no subject word with the nearest link are below the threshold: not compared.
    for (const c of sharingWords(anchor, candidates)) {
      // Most lines sharing a word share too few to reach the threshold whatever they name: not weighed further.
      if (!mayReachSimilarity(anchor, c, SAME_ITEM_THRESHOLD)) continue;
      // Compare with the nearest link and with the asked item: a chain drifting away from it ends.
      // The score is at most the nearest link's similarity, so a candidate below the threshold there
      // can never be the link: skip the second comparison.
      const toAnchor = itemSimilarity(anchor, c);
      if (toAnchor < SAME_ITEM_THRESHOLD) continue;
      const toStart = anchor === start ? toAnchor : itemSimilarity(start, c);
      const s = Math.min(toAnchor, Math.max(toStart, toAnchor - 0.1));
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    if (!best || bestScore < SAME_ITEM_THRESHOLD) best = namedInstead(candidates.items, source);
    if (best) {
      out.push(best);
      anchor = best;
      gap = 0;
    } else if (++gap > MAX_GAP) break;
  }
  return out;
}

function namedInstead(candidates: StoredItem[], source: ChainSource): StoredItem | null {
  if (!source.namesSubject) return null;
  if (source.mayNameSubject && !source.mayNameSubject(candidates)) return null;
  const named = candidates.filter(source.namesSubject);
  if (!named.length) return null;
  const score = source.tellingness ?? (() => 0);
  return named.reduce((a, b) => (score(b) > score(a) ? b : a));
}
