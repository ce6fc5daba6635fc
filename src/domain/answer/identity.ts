/**
 * Item identity across weeks: the line that is "the same item" as a given line in each other report
 * of its team, by the follow-up matcher's measure (src/followup/matchItems.ts). A timeline built this
 * way follows one item (光大备份通道 from 开发中 to 已上线) and never splices in another item that
 * merely shares words (POS主交易链路 and POS APP与应用市场 both say POS and 上线).
 */
import { SAME_ITEM_THRESHOLD, similarityAbove, subjectBigrams, subjectBigramsFolded } from '../followup/matchItems';
import { shareBigram, sharesStoredBigram, storedSubjectBigrams, subjectKey } from '../followup/subjectBigrams';
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
   * Given the lines as a LineReader reads them (ChainLine: text, headings, owner, team, the fields
   * of an item's haystack), so that most reports are never read whole; whole items when there is
   * no LineReader. (A method, so a test written for StoredItem[] that reads only these fields fits.)
   */
  mayNameSubject?(lines: ChainLine[]): boolean;
  /**
   * Reading a report's lines without building its items (the store's light read, itemCache.ts);
   * when absent, itemsOfReport may carry the same two functions. Chains are the same either way.
   */
  lines?: LineReader;
}

/**
 * A line as a chain reads it before keeping it: what the matcher compares and mayNameSubject tests,
 * and its subject bigrams when the store keeps them (worked out at ingest by the matcher's own
 * function, storedBigramsText); absent for lines written before it did, worked out here instead.
 */
export type ChainLine = Pick<StoredItem, 'id' | 'text' | 'sectionPath' | 'owner' | 'team'> & { storedBigrams?: string | null };

/**
 * A report's lines as a chain weighs them, and the line it keeps as a whole item: a chain passes
 * some twenty reports per question at a million items and keeps a line of only a few of them.
 */
export interface LineReader {
  /** The report's lines in itemsOfReport's order (at least these fields of each) */
  linesOfReport(reportId: number): ChainLine[];
  /** itemsOfReport(reportId)[k], the same object, built alone; null when the report no longer has it */
  itemOfReport(reportId: number, k: number): StoredItem | null;
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
 * A report's lines that can be a link (not next-week goals, not a bare "无"), each with its place
 * among the report's lines, and what sharingWords learns of each line, kept for the next chain
 * passing the same report: its text as the matcher's subject key starts from, and its subject bigrams.
 */
interface Linkable<T extends ChainLine> {
  items: T[];
  places: number[];
  folded: Array<string | undefined>;
  bigrams: Array<readonly number[] | undefined>;
}
const linkables = new WeakMap<ChainLine[], Linkable<ChainLine>>();

function linkable<T extends ChainLine>(lines: T[]): Linkable<T> {
  let out = linkables.get(lines) as Linkable<T> | undefined;
  if (!out) {
    const items: T[] = [];
    const places: number[] = [];
    lines.forEach((line, k) => {
      // Both tests read only the headings and the text, which a line read for comparing has.
      if (isGoalItem(line as unknown as StoredItem) || isNothingItem(line as unknown as StoredItem)) return;
      items.push(line);
      places.push(k);
    });
    linkables.set(lines, (out = { items, places, folded: [], bigrams: [] }));
  }
  return out;
}

/**
 * Indexes of the lines sharing a subject bigram with `item`, in report order (ties go to the earlier
 * line). A subject key (subjectKey) is the NFKC-folded, lower-cased text with words and punctuation
 * taken out, so both characters of a shared bigram are in the line's folded text: a line lacking
 * them is passed over without working out its key, which most lines of a report are (~60%).
 */
function sharingWords(item: StoredItem, report: Linkable<ChainLine>): number[] {
  const wanted = subjectBigrams(item.text);
  if (!wanted.length) return [];
  let pairs: Array<[string, string]> | null = null; // for lines the store has no bigrams of
  const out: number[] = [];
  for (let k = 0; k < report.items.length; k++) {
    const line = report.items[k];
    const stored = line.storedBigrams;
    if (stored != null) {
      // Worked out at ingest: one merge of two short lists, read in place, says whether they share
      // one; only a line that does is made a list, which the matcher compares next (similarityAbove).
      if (sharesStoredBigram(stored, wanted)) {
        report.bigrams[k] ??= storedSubjectBigrams(stored);
        out.push(k);
      }
      continue;
    }
    const text = line.text;
    const folded = (report.folded[k] ??= text.normalize('NFKC').toLowerCase());
    // The key's characters are the folded text's in order (subjectKey only takes some out), so the
    // first character of a shared bigram comes before its second somewhere in the folded text.
    if (!anyInOrder(folded, (pairs ??= keyPairs(item.text)))) continue;
    // Through the matcher's cache: nearly every line getting this far shares a bigram, and
    // similarityAbove then asks for its bigrams again.
    const bigrams = (report.bigrams[k] ??= subjectBigramsFolded(text, folded));
    if (shareBigram(bigrams, wanted)) out.push(k);
  }
  return out;
}

function anyInOrder(folded: string, pairs: Array<[string, string]>): boolean {
  for (let k = 0; k < pairs.length; k++) {
    const [p, q] = pairs[k];
    const first = folded.indexOf(p);
    // A one-character key's pair is that character twice: it need only be there.
    if (first >= 0 && (p === q || folded.lastIndexOf(q) > first)) return true;
  }
  return false;
}

/**
 * The characters of each bigram of a text's subject key (a one-character key: that character
 * twice), remembered for the few texts a question's chains start from or pass through.
 */
const pairsOfText = new Map<string, Array<[string, string]>>();

function keyPairs(text: string): Array<[string, string]> {
  let pairs = pairsOfText.get(text);
  if (!pairs) {
    const points = [...subjectKey(text)];
    pairs = points.length === 1 ? [[points[0], points[0]]] : points.slice(1).map((q, i): [string, string] => [points[i], q]);
    if (pairsOfText.size >= 1000) pairsOfText.clear();
    pairsOfText.set(text, pairs);
  }
  return pairs;
}

/** The source's way of reading lines alone: its own, or one its itemsOfReport carries (itemCache.ts). */
function lineReaderOf(source: ChainSource): LineReader | null {
  if (source.lines) return source.lines;
  const carried = source.itemsOfReport as Partial<LineReader>;
  return typeof carried.linesOfReport === 'function' && typeof carried.itemOfReport === 'function' ? (carried as LineReader) : null;
}

function walk(start: StoredItem, reports: StoredReport[], source: ChainSource): StoredItem[] {
  const reader = lineReaderOf(source);
  const out: StoredItem[] = [];
  let anchor = start;
  let gap = 0;
  for (const report of reports) {
    // With a line reader, only the link itself is read as a whole item, and the whole report only
    // when no line shares enough words and some line may name the subject (namedInstead).
    const candidates: Linkable<ChainLine> = linkable<ChainLine>(reader ? reader.linesOfReport(report.id) : source.itemsOfReport(report.id));
    let bestAt = -1;
    let bestScore = 0;
    // Lines sharing no subject word with the nearest link are below the threshold: not compared.
    for (const k of sharingWords(anchor, candidates)) {
      const c = candidates.items[k];
      // Most lines sharing a word share too few to reach the threshold whatever they name, and a line
      // whose similarity to the nearest link cannot exceed the best score so far cannot be the link
      // (the score is at most that similarity): neither is weighed further (similarityAbove: -1).
      // (With the line's bigrams as sharingWords got them: the matcher need not look them up.)
      const bigrams = candidates.bigrams[k];
      const toAnchor = similarityAbove(anchor, c, SAME_ITEM_THRESHOLD, bestScore, bigrams);
      if (toAnchor < SAME_ITEM_THRESHOLD || toAnchor <= bestScore) continue;
      // Compare with the asked item too: a chain drifting away from it ends. Only a similarity above
      // toAnchor - 0.1 changes the score, so one that cannot exceed it is not worked out.
      const toStart = anchor === start ? toAnchor : similarityAbove(start, c, 0, toAnchor - 0.1, bigrams);
      const s = Math.min(toAnchor, Math.max(toStart, toAnchor - 0.1));
      if (s > bestScore) [bestAt, bestScore] = [k, s];
    }
    let best: StoredItem | null = null;
    if (bestAt >= 0 && bestScore >= SAME_ITEM_THRESHOLD) {
      best = reader ? reader.itemOfReport(report.id, candidates.places[bestAt]) : (candidates.items[bestAt] as StoredItem);
    }
    if (!best) best = namedInstead(report.id, candidates, source, reader);
    if (best) {
      out.push(best);
      anchor = best;
      gap = 0;
    } else if (++gap > MAX_GAP) break;
  }
  return out;
}

/** The line of the report that names the subject best, for a week whose line the matcher does not recognise. */
function namedInstead(reportId: number, lines: Linkable<ChainLine>, source: ChainSource, reader: LineReader | null): StoredItem | null {
  if (!source.namesSubject) return null;
  if (source.mayNameSubject && !source.mayNameSubject(lines.items)) return null;
  const named = candidatesByName(reportId, lines, source, reader).filter(source.namesSubject);
  if (!named.length) return null;
  const score = source.tellingness ?? (() => 0);
  return named.reduce((a, b) => (score(b) > score(a) ? b : a));
}

/**
 * The report's linkable lines as whole items, in report order, or only those that may name the
 * subject on their own: mayNameSubject of one line is false only when that line cannot pass
 * namesSubject, so the others would be filtered out anyway, and with a LineReader the few left are
 * built alone rather than the whole report (most reports that pass the test together name the
 * subject's words in one line or two).
 */
function candidatesByName(reportId: number, lines: Linkable<ChainLine>, source: ChainSource, reader: LineReader | null): StoredItem[] {
  if (!reader) return lines.items as StoredItem[];
  if (!source.mayNameSubject) return linkable(source.itemsOfReport(reportId)).items;
  const out: StoredItem[] = [];
  lines.items.forEach((line, k) => {
    if (!mayNameAlone(source, line)) return;
    const item = reader.itemOfReport(reportId, lines.places[k]);
    if (item) out.push(item);
  });
  return out;
}

/**
 * source.mayNameSubject of one line, remembered with the source (one question's subject test):
 * the question's other chains pass the same weeks and test the same lines again.
 */
const aloneTests = new WeakMap<ChainSource, WeakMap<ChainLine, boolean>>();

function mayNameAlone(source: ChainSource, line: ChainLine): boolean {
  let tests = aloneTests.get(source);
  if (!tests) aloneTests.set(source, (tests = new WeakMap()));
  let result = tests.get(line);
  if (result === undefined) tests.set(line, (result = source.mayNameSubject!([line])));
  return result;
}
