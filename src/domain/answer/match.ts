/**
 * How well an item matches a question's subject. Retrieval ranks candidates; this decides whether a
 * candidate is *about* the subject at all, so that "招商银行通道什么时候上线" finds nothing rather than
 * the closest unrelated 上线 line, and which of several matching lines carries the facts.
 */
import type { AliasTable } from '../text/aliases';
import { segmentQuery } from '../text/segment';
import { SECTION_SEPARATOR } from '../reports/model';
import type { StoredItem } from '../records';

export interface SubjectTerms {
  /** Each group: a term and its synonyms; a group matches when any member appears */
  groups: string[][];
  /** Weight of each group (its length in characters: 备份通道 says more than 的) */
  weights: number[];
}

export function subjectTerms(subject: string, aliases: AliasTable): SubjectTerms {
  // Alias terms are kept whole (数币收单 → 数币 + 收单), so 数币 can match 数字人民币.
  const tokens = dedupe(
    segmentQuery(subject, { lexicon: aliases.terms() })
      .map((t) => t.toLowerCase())
      .filter((t) => t.trim().length > 0),
  );
  const groups = tokens.map((t) => dedupe([t, ...aliases.synonyms(t).map((s) => s.normalize('NFKC').toLowerCase())]));
  const weights = tokens.map((t) => Math.min(4, [...t].length) + (/[a-z0-9]/i.test(t) ? 1 : 0));
  return { groups, weights };
}

/** Normalised for matching: NFKC, lower case, no whitespace (POS APP = posapp = ＰＯＳ　ＡＰＰ). */
export function forMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The item's searchable text: section path and text, lower-cased. */
export function itemHaystack(item: StoredItem): string {
  return (item.sectionPath.join(SECTION_SEPARATOR) + ' ' + item.text).normalize('NFKC').toLowerCase();
}

export function itemOwnText(item: StoredItem): string {
  return item.text.normalize('NFKC').toLowerCase();
}

/**
 * Fraction (0..1) of the subject's weight found in the text. A term that is not found whole gets
 * partial credit for its character bigrams, which tolerates rewording such as 备份的通道 vs 备份通道.
 */
export function subjectCoverage(terms: SubjectTerms, haystack: string): number {
  let total = 0;
  let matched = 0;
  terms.groups.forEach((group, i) => {
    const w = terms.weights[i];
    total += w;
    if (group.some((g) => haystack.includes(g))) {
      matched += w;
      return;
    }
    const chars = [...group[0]];
    if (chars.length >= 3) {
      let hits = 0;
      for (let k = 0; k + 1 < chars.length; k++) if (haystack.includes(chars[k] + chars[k + 1])) hits++;
      matched += (w * 0.8 * hits) / (chars.length - 1);
    }
  });
  return total === 0 ? 0 : matched / total;
}

/** Share of a subject's weight an item must carry to be about it (see subjectCoverage). */
const ABOUT_COVERAGE = 0.6;
/** A heading names the subject when it carries all of it (rounding aside). */
const HEADING_COVERAGE = 0.99;

/**
 * Items about `subject`: its words in the item's section path and text; with `headingOnly`, only
 * items under a heading that names the whole subject. A bare "无" is about nothing.
 */
export function itemsAbout(items: StoredItem[], subject: string, aliases: AliasTable, headingOnly = false): StoredItem[] {
  const terms = subjectTerms(subject, aliases);
  if (!terms.groups.length) return [];
  return items.filter((i) => {
    if (isNothingItem(i)) return false;
    if (headingOnly) return i.sectionPath.some((s) => subjectCoverage(terms, s.normalize('NFKC').toLowerCase()) >= HEADING_COVERAGE);
    return subjectCoverage(terms, itemHaystack(i)) >= ABOUT_COVERAGE;
  });
}

const GOAL_SECTION = /下周|下阶段|下一步|后续计划|下期/;
const REFLECTION_SECTION = /收获|反思|感悟|心得/;
const NOTHING = /^(无|暂无|没有|无事件|无生产事件)[。.]?$/;

/** A line from 下周工作及目标: a goal for next week, not a fact about this one. */
export function isGoalItem(item: StoredItem): boolean {
  return item.sectionPath.some((s) => GOAL_SECTION.test(s));
}

export function isNothingItem(item: StoredItem): boolean {
  return NOTHING.test(item.text.trim());
}

/**
 * How much an item can say, as a ranking adjustment: a project title with nothing after it, a
 * next-week goal, a reflection or a bare "无" loses to a line with dates, figures or a status.
 */
export function informativeness(item: StoredItem): number {
  let score = 0;
  if (isGoalItem(item)) score -= 2;
  if (item.sectionPath.some((s) => REFLECTION_SECTION.test(s))) score -= 1.5;
  if (isNothingItem(item)) score -= 3;
  const bare = !item.dates.length && !item.metrics.length && item.status === 'unknown';
  if (bare && [...item.text].length <= 12) score -= 0.8;
  if (item.dates.length) score += 0.2;
  if (item.metrics.length) score += 0.2;
  return score;
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
