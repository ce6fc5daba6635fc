/**
 * The subject's story across weeks, as the composer gets it: the chain up to the best match (and
 * after it while later weeks still match), a planned goal for a when-question that has no date, and
 * a version the question names taken out of the dates.
 */
import type { StoredItem } from '../../domain/records';
import { isGoalItem } from '../../domain/answer/match';
import { forMatch, grounding, itemHaystack, type GroundTerm } from './grounding';

/**
 * The chain up to the best match, and after it only while later weeks still match the whole question
 * (资金安全数据一致性的提测为什么推迟: the week that says 推迟 answers, not the next week's 联调中).
 */
export function storyOf(best: StoredItem, terms: GroundTerm[], chain: StoredItem[]): StoredItem[] {
  const at = chain.indexOf(best);
  if (at < 0) return chain;
  const versions = terms.filter((t) => t.kind === 'version');
  // A line naming another version is another release (v3.3 after v3.2): the story starts after the
  // last such line before the best match, and ends at the first one after it.
  const otherVersion = (item: StoredItem) => versions.length > 0 && grounding(versions, itemHaystack(item)).missing.length > 0 && VERSION_IN_TEXT.test(item.text);
  let start = at;
  while (start > 0 && !otherVersion(chain[start - 1])) start--;
  const out = chain.slice(start, at + 1);
  // A version named once (K8s 集群升级至 1.27) is not repeated in the item's later lines (生产集群升级
  // 由12/5推迟至12/12): the matcher already says they are the same item.
  const wordsOnly = terms.filter((t) => t.kind !== 'version');
  for (const later of chain.slice(at + 1)) {
    if (grounding(wordsOnly, itemHaystack(later)).missing.length) break;
    // …but a later line naming another version (反欺诈模型 v3.2 → v3.3) is the next release, not this one.
    if (otherVersion(later)) break;
    out.push(later);
  }
  return out;
}

/** A version written in a line: v3.3, 2.1.0, V5. */
const VERSION_IN_TEXT = /(?<![\d.])v?\d+\.\d+(?:\.\d+)*(?![\d.]*[%个台万亿元])|\bv\d+\b/i;

/**
 * A date may be written only in a week's 下周计划 (冷数据归档方案评审（11/22）) while the work lines
 * before and after carry none. For a when-question whose timeline has no date for the event, the
 * newest such goal line about the subject from the same team, no later than the timeline, joins it
 * as a plan. Timelines never contain goal lines otherwise (a goal is not a fact about the week).
 */
export function withPlannedGoal(timeline: StoredItem[], matches: StoredItem[], event: string | null): StoredItem[] {
  if (!timeline.length) return timeline;
  const forEvent = (d: StoredItem['dates'][number]) => !event || d.event === event || d.event === null;
  if (timeline.some((i) => i.dates.some(forEvent))) return timeline;
  const last = timeline[timeline.length - 1];
  const goal = matches
    .filter((m) => isGoalItem(m) && m.team === last.team && m.reportDate <= last.reportDate && !timeline.includes(m) && m.dates.some((d) => d.planned && forEvent(d)))
    .sort((a, b) => b.reportDate.localeCompare(a.reportDate))[0];
  if (!goal) return timeline;
  const at = timeline.findIndex((i) => i.reportDate > goal.reportDate);
  return at < 0 ? [...timeline, goal] : [...timeline.slice(0, at), goal, ...timeline.slice(at)];
}

/**
 * The parser keeps a version after a version word ("升级至 1.27") out of the dates, but one without
 * such a word ("切到 1.27") may still be read as 1月27日; when the question names 1.27 as a version,
 * it is the version and not a date the answer may give. Returns copies (stored items are shared between
 * questions), the same copy for the same item so identity checks in composing still hold.
 */
export function versionDatesRemoved(terms: GroundTerm[]): (item: StoredItem) => StoredItem {
  const versions = new Set(terms.filter((t) => t.kind === 'version').map((t) => t.text));
  const copies = new Map<StoredItem, StoredItem>();
  return (item) => {
    if (!versions.size || !item.dates.some((d) => versions.has(forMatch(d.text)))) return item;
    let copy = copies.get(item);
    if (!copy) copies.set(item, (copy = { ...item, dates: item.dates.filter((d) => !versions.has(forMatch(d.text))) }));
    return copy;
  };
}
