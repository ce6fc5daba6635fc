/**
 * The subject's story across weeks, as the composer gets it: the chain up to the best match (and
 * after it while later weeks still match), a planned goal for a when-question that has no date, and
 * a version the question names taken out of the dates.
 */
import type { StoredItem } from '../../domain/records';
import { subjectPhrase } from '../../domain/followup/matchItems';
import { isGoalItem } from '../../domain/answer/match';
import { forMatch, grounding, itemHaystack, ownHaystack, termFound, withoutDelayWords, type GroundTerm } from './grounding';

/**
 * The chain up to the best match, and after it only while later weeks still match the whole question
 * (资金安全数据一致性的提测为什么推迟: the week that says 推迟 answers, not the next week's 联调中);
 * never across a link that is another item (a sibling of the same bank and phase, another release).
 */
export function storyOf(best: StoredItem, terms: GroundTerm[], chain: StoredItem[], toNewest = false): StoredItem[] {
  if (!chain.includes(best)) return chain;
  // The story starts after the last link before the best match that is another item (another
  // release, a sibling), and ends at the first one after it.
  const stretch = sameItemStretch(best, terms, chain);
  const at = stretch.indexOf(best);
  const out = stretch.slice(0, at + 1);
  // A version named once (K8s 集群升级至 1.27) is not repeated in the item's later lines (生产集群升级
  // 由12/5推迟至12/12): the matcher already says they are the same item.
  const wordsOnly = terms.filter((t) => t.kind !== 'version');
  const describedOnly = describedOnlyIn(best, withoutDelayWords(wordsOnly));
  for (const later of stretch.slice(at + 1)) {
    const missing = grounding(wordsOnly, itemHaystack(later)).missing;
    if (missing.length && !describedOnly(later, missing)) break;
    out.push(later);
  }
  return toNewest ? throughNewestNamedAlike(best, wordsOnly, out, stretch) : out;
}

/**
 * Where the item stands now (Airflow 任务全部切走了吗): a later week that calls the item by the same
 * name as the best line and writes a word of the question the story's last line lacks (调度系统迁移完成
 * 520/520 个任务，全部切换 after 调度系统迁移：Airflow 任务迁移至海豚调度…) answers it, whatever else it
 * leaves out. Only the same name: a chain also links lines that share a team's words (代付成功率 after
 * 浦发代付通道). Only with a word the story lacks: a later week that drops the asked word (排期 of
 * 黑名单同步服务排期了吗) says nothing about it.
 */
function throughNewestNamedAlike(best: StoredItem, words: GroundTerm[], story: StoredItem[], stretch: StoredItem[]): StoredItem[] {
  const name = forMatch(nameOf(best.text));
  if (name.length < 2) return story;
  const lacking = grounding(words, itemHaystack(story[story.length - 1])).missing;
  if (!lacking.length) return story;
  let last = -1;
  stretch.forEach((item, k) => {
    if (item.reportDate > best.reportDate && forMatch(nameOf(item.text)) === name && grounding(lacking, itemHaystack(item)).missing.length < lacking.length) last = k;
  });
  const end = stretch.indexOf(story[story.length - 1]);
  return last > end ? [...story, ...stretch.slice(end + 1, last + 1)] : story;
}

/**
 * A later week may call the item by its label alone (退款链路改造：已于11/23提测) once an earlier line
 * described it (退款链路改造：原路退款与退款重试拆分为独立服务，预计11/27提测): when the question was
 * asked in the description's words, the later line leaves them out and is still the item's next step.
 * Only for the same label before a colon, and never for a delay word (推迟 asked is what the week says).
 */
function describedOnlyIn(best: StoredItem, plain: GroundTerm[]): (later: StoredItem, missing: GroundTerm[]) => boolean {
  const label = labelOf(best.text);
  if (!label) return () => false;
  const description = forMatch(best.text.slice(best.text.indexOf(label) + label.length));
  // 商家App 5.6 版本：完成订单模块重构，进入测试: a clause of the description with every asked word the
  // label lacks, reporting that work done, answers for the part; a later week under the label alone
  // (发版推迟至11/28) is the rest of the item, not the part's next step.
  const asked = plain.filter((t) => !termFound(t, forMatch(label)));
  const partDone = asked.length > 0 && description.split(/[，,。；;]/).some((c) => PART_DONE.test(c) && asked.every((t) => termFound(t, c)));
  return (later, missing) =>
    !partDone && labelOf(later.text) === label && missing.every((t) => plain.includes(t) && !termFound(t, forMatch(label)) && termFound(t, description));
}

/** A clause reporting its work done: 完成订单模块重构, 口径管理页面开发完成, 已上线. */
const PART_DONE = /完成|做完|搞定|已上线|上线了|交付/;

/**
 * The label before a colon that opens the line (退款链路改造：…), without its list number; null when the
 * line has none. A colon inside brackets is a field (黑名单同步服务（状态：待排期）), not a label.
 */
function labelOf(text: string): string | null {
  const m = /^\s*(?:\d+\s*[.、)）]\s*)?([^，,。；;：:（()）|]{2,20})[：:]/.exec(text);
  return m ? m[1].trim() : null;
}

/**
 * The chain around the best match, cut where a link is another item (see anotherItem): the stretch of
 * weeks that are the best line's own item, with no test of the question's words (a later week may
 * leave out a detail the first one named: 差分升级 under 网关固件 OTA).
 */
export function sameItemStretch(best: StoredItem, terms: GroundTerm[], chain: StoredItem[]): StoredItem[] {
  const at = chain.indexOf(best);
  if (at < 0) return chain;
  const another = anotherItem(best, terms);
  let [start, end] = [at, at];
  while (start > 0 && !another(chain[start - 1])) start--;
  while (end + 1 < chain.length && !another(chain[end + 1])) end++;
  return chain.slice(start, end + 1);
}

/**
 * Whether a link of the best match's chain is in truth another item: a line naming another version
 * (反欺诈模型 v3.3 after v3.2) is another release; a line that leaves out a word of the subject the best
 * line writes in its own words, and names what it is about otherwise (北京银行一期消息中心 beside
 * 北京银行一期清结算系统, 百信一期收银台改版 beside 上海银行一期收银台改版), is a sibling item that
 * shares the rest of the name and the week's wording. The chain may reach it through the matcher
 * (same template words) or through the team's name and a kind noun standing in for the missing word;
 * either way its dates are not the asked item's. A line whose subject is part of the best line (边缘
 * 网关固件 OTA v2.1 after 边缘网关固件 OTA v2.1：差分升级…) only leaves a detail out.
 */
function anotherItem(best: StoredItem, terms: GroundTerm[]): (item: StoredItem) => boolean {
  const versions = terms.filter((t) => t.kind === 'version');
  const bestText = forMatch(best.text);
  // The words that name the item (推迟 of 提测推迟过吗 asks what happened to it); a kind noun (系统,
  // 平台) says what kind of thing, and owners leave it out from week to week.
  const named = withoutDelayWords(terms).filter((t) => t.kind === 'word' && !t.optional && termFound(t, bestText));
  return (item) => {
    if (item === best) return false;
    if (versions.length > 0 && grounding(versions, itemHaystack(item)).missing.length > 0 && VERSION_IN_TEXT.test(item.text)) return true;
    const own = ownHaystack(item);
    if (named.every((t) => termFound(t, own))) return false;
    return !bestText.includes(forMatch(nameOf(item.text)));
  };
}

/** What a line calls its item: the label before a colon (2. POS APP与应用市场：…), else its subject phrase; no list number. */
function nameOf(text: string): string {
  const first = text.split(/[，,。；;]/)[0] ?? '';
  const colon = first.search(/[：:]/);
  const name = colon >= 2 && colon <= 20 ? first.slice(0, colon) : subjectPhrase(text);
  return name.replace(/^\s*\d+\s*[.、)）]\s*/, '');
}

/**
 * The line is from the weeks of the story (a quarter either side of it, as far as a cross-week chain
 * reaches in weekly reports): not a mention of the subject from another year.
 */
export function sameStretch(item: StoredItem, story: StoredItem[]): boolean {
  const day = Date.parse(item.reportDate);
  const days = story.map((i) => Date.parse(i.reportDate));
  return day >= Math.min(...days) - STRETCH_MS && day <= Math.max(...days) + STRETCH_MS;
}

/** Sixteen weeks: the reports a chain looks at on each side of its item (identity.ts, MAX_REPORTS). */
const STRETCH_MS = 16 * 7 * 86_400_000;

/** A version written in a line: v3.3, 2.1.0, V5. */
const VERSION_IN_TEXT = /(?<![\d.])v?\d+\.\d+(?:\.\d+)*(?![\d.]*[%个台万亿元])|\bv\d+\b/i;

/**
 * A date may be written only in a week's 下周计划 (冷数据归档方案评审（11/22）) while the work lines
 * before and after carry none. For a when-question whose timeline has no date for the event, the
 * newest such goal line about the subject from the same team, no later than the timeline and not from
 * another year's round of the work (sameStretch), joins it as a plan. Timelines never contain goal
 * lines otherwise (a goal is not a fact about the week).
 */
export function withPlannedGoal(timeline: StoredItem[], matches: StoredItem[], event: string | null): StoredItem[] {
  if (!timeline.length) return timeline;
  const forEvent = (d: StoredItem['dates'][number]) => !event || d.event === event || d.event === null;
  if (timeline.some((i) => i.dates.some(forEvent))) return timeline;
  const last = timeline[timeline.length - 1];
  const goal = matches
    .filter((m) => isGoalItem(m) && m.team === last.team && m.reportDate <= last.reportDate && sameStretch(m, timeline) && !timeline.includes(m) && m.dates.some((d) => d.planned && forEvent(d)))
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
