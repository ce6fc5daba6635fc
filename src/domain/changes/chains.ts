/**
 * Item chains: one item followed across a team's weekly reports. Owners reword their lines every
 * week ("光大备份通道已提测，计划11/23上线" → "光大备份通道已于11/23上线，运行平稳"), so two lines
 * belong to one chain when the follow-up matcher (src/followup/matchItems.ts) says they are the same
 * item — never because they merely share a word. Pure: items in, chains out.
 */
import type { ReportItem } from '../reports/model';
import { itemSimilarity, SAME_ITEM_THRESHOLD } from '../followup/matchItems';

/** One line of a chain: which week (index into the history) and which item. */
export interface Mention {
  weekIndex: number;
  item: ReportItem;
  /** The line sits under a next-week plan heading (下周计划, 下周工作及目标 …) */
  plan: boolean;
}

export interface ItemChain {
  id: number;
  /** Oldest week first; within a week, report order */
  mentions: Mention[];
}

export interface ChainOptions {
  /** Minimum similarity for "the same item" (default: the follow-up matcher's threshold) */
  threshold?: number;
  /**
   * How many weeks a chain may skip and still be continued (default 2: an item left out of one
   * report and mentioned again in the next is still the same item).
   */
  maxGapWeeks?: number;
}

/** Headings of next-week plans: their lines say what will happen, not what did. */
const PLAN_SECTION = /下周|下阶段|下期|下月|下一周|后续计划|工作计划|^计划$|next\s*week|^plans?$|^todo$/i;

/**
 * Version numbers name different items ("实时数仓 v2.1" / "v2.2", "商家App 5.6" / "5.7"); the
 * matcher drops figures before comparing, so two lines naming different versions are told apart here.
 */
const VERSION = /(?:\bv\s?|[a-z]\s?)(\d+(?:\.\d+)+)(?![\d.%])|(\d+(?:\.\d+)+)\s?(?:版本|版)/gi;

/** Dotted numbers written as versions: after "v" or a product name ("App 5.6"), or before 版/版本; never a figure (99.9%). */
function versionsOf(text: string): Set<string> {
  return new Set([...text.normalize('NFKC').matchAll(VERSION)].map((m) => m[1] ?? m[2]));
}

/** The follow-up matcher's similarity, zero when the two lines name different versions. */
export function chainSimilarity(a: ReportItem, b: ReportItem): number {
  const va = versionsOf(a.text);
  const vb = versionsOf(b.text);
  if (va.size && vb.size && ![...va].some((v) => vb.has(v))) return 0;
  return itemSimilarity({ sectionPath: a.sectionPath, text: namedText(a) }, { sectionPath: b.sectionPath, text: namedText(b) });
}

/** A line that starts with its progress ("开发中，进度30%", "已提测，预计12/1灰度") is about the heading above it. */
const STARTS_WITH_PROGRESS = /^(?:预计|计划|已于|已经|已|目前|当前|仍|开发|研发|测试|联调|进度|完成|上线|提测|灰度|其中|同时|另外|此外|并且|并|且|\d)/;

/** The line's text, prefixed with its innermost heading when the line itself names no subject. */
export function namedText(item: Pick<ReportItem, 'text' | 'sectionPath'>): string {
  const heading = item.sectionPath[item.sectionPath.length - 1];
  return heading && STARTS_WITH_PROGRESS.test(item.text.trim()) ? `${heading}：${item.text}` : item.text;
}

export function isPlanSection(sectionPath: readonly string[]): boolean {
  return sectionPath.some((s) => PLAN_SECTION.test(s.trim()));
}

/**
 * Link each week's items to the chains of earlier weeks.
 *
 * Per week: every open chain (mentioned within `maxGapWeeks`) is compared with every item, by the
 * best similarity to any of the chain's lines in its latest week; pairs are taken best first, one
 * item per chain. A leftover item joins a chain already continued this week only when it is a plan
 * line about the same item as that chain's line, or the other way round ("光大备份通道已提测，计划11/23上线"
 * and, under 下周工作, "光大备份通道上线"): the two lines then speak for one item. Anything else starts
 * a chain of its own.
 */
export function buildChains(weeks: ReadonlyArray<readonly ReportItem[]>, options: ChainOptions = {}): ItemChain[] {
  const threshold = options.threshold ?? SAME_ITEM_THRESHOLD;
  const maxGap = Math.max(1, options.maxGapWeeks ?? 2);
  const chains: ItemChain[] = [];

  weeks.forEach((items, weekIndex) => {
    const open = chains.filter((c) => weekIndex - lastWeekOf(c) <= maxGap);
    const pairs: Array<{ chain: ItemChain; item: number; score: number }> = [];
    for (const chain of open) {
      const reps = mentionsIn(chain, lastWeekOf(chain));
      items.forEach((item, j) => {
        if (j > 0 && continuesPrevious(item, items[j - 1])) return;
        const score = Math.max(...reps.map((m) => chainSimilarity(m.item, item)));
        if (score >= threshold) pairs.push({ chain, item: j, score });
      });
    }
    // Best first; a plan line is weaker evidence than the work line it plans for, so it yields on
    // near ties; then the more recently mentioned chain wins (it is the likelier antecedent).
    const weight = (p: { item: number; score: number }) => p.score - (isPlanSection(items[p.item].sectionPath) ? PLAN_PENALTY : 0);
    pairs.sort((a, b) => weight(b) - weight(a) || lastWeekOf(b.chain) - lastWeekOf(a.chain) || a.chain.id - b.chain.id);

    const placed = new Map<number, ItemChain>();
    const continued = new Set<ItemChain>();
    for (const p of pairs) {
      if (placed.has(p.item) || continued.has(p.chain)) continue;
      placed.set(p.item, p.chain);
      continued.add(p.chain);
      p.chain.mentions.push({ weekIndex, item: items[p.item], plan: isPlanSection(items[p.item].sectionPath) });
    }

    // The only line under a project heading, in both weeks, is that project's line however it is worded.
    items.forEach((item, j) => {
      if (placed.has(j) || !soleUnderProject(item, items)) return;
      const heirs = open.filter((c) => !continued.has(c) && soleLineOfChain(c, weeks) && sameSection(soleLineOfChain(c, weeks)!, item));
      if (heirs.length !== 1) return;
      placed.set(j, heirs[0]);
      continued.add(heirs[0]);
      heirs[0].mentions.push({ weekIndex, item, plan: isPlanSection(item.sectionPath) });
    });

    // Leftovers, in report order: a plan line's companion, a continuation line, or a chain of its own.
    const touched: ItemChain[] = [...continued];
    items.forEach((item, j) => {
      if (placed.has(j)) return;
      const plan = isPlanSection(item.sectionPath);
      const previous = j > 0 ? placed.get(j - 1) : undefined;
      const chain =
        companionChain(item, plan, touched, weekIndex, threshold) ??
        (previous && continuesPrevious(item, items[j - 1]) ? previous : null);
      const mention: Mention = { weekIndex, item, plan };
      if (chain) {
        chain.mentions.push(mention);
        placed.set(j, chain);
        if (!touched.includes(chain)) touched.push(chain);
        return;
      }
      const fresh: ItemChain = { id: chains.length, mentions: [mention] };
      chains.push(fresh);
      touched.push(fresh);
      placed.set(j, fresh);
    });
    // Keep each chain's mentions in report order within the week.
    for (const chain of touched) chain.mentions.sort((a, b) => a.weekIndex - b.weekIndex || a.item.ordinal - b.item.ordinal);
  });
  return chains;
}

const PLAN_PENALTY = 0.1;

/** Headings that name a kind of content, not a project: lines under them are about many things. */
const GENERIC_HEADING = /本周|上周|工作|进展|完成|重点|风险|问题|求助|数据|事件|反思|收获|总结|备注|其他|运行|指标|^O\d|^\S{0,2}$/i;

function sameSection(a: ReportItem, b: ReportItem): boolean {
  return a.sectionPath.join('\u0000') === b.sectionPath.join('\u0000');
}

/** The item is the only line under a heading that names a project ("总账凭证自动生成"). */
function soleUnderProject(item: ReportItem, weekItems: readonly ReportItem[]): boolean {
  const heading = item.sectionPath[item.sectionPath.length - 1]?.trim();
  if (!heading || GENERIC_HEADING.test(heading) || isPlanSection(item.sectionPath)) return false;
  return weekItems.filter((other) => sameSection(other, item)).length === 1;
}

/** The chain's line in its latest week, when it was the only line under its project heading that week. */
function soleLineOfChain(chain: ItemChain, weeks: ReadonlyArray<readonly ReportItem[]>): ReportItem | null {
  const last = mentionsIn(chain, lastWeekOf(chain)).filter((m) => !m.plan);
  if (last.length !== 1) return null;
  return soleUnderProject(last[0].item, weeks[last[0].weekIndex]) ? last[0].item : null;
}

/** A line with no subject of its own ("预计11/15上线，首批开放线上商城场景") continues the line above it. */
const SUBJECTLESS = /^(?:预计|计划|已于|目前|当前|其中|同时|另外|此外|并且|并|且|\d{1,2}\s*[/月]\s*\d{1,2})/;

function continuesPrevious(item: ReportItem, above: ReportItem): boolean {
  return SUBJECTLESS.test(item.text.trim()) && item.sectionPath.join('\u0000') === above.sectionPath.join('\u0000');
}

/** A chain already holding this week's line for the same item, where exactly one of the two lines is a plan. */
function companionChain(item: ReportItem, plan: boolean, candidates: ItemChain[], weekIndex: number, threshold: number): ItemChain | null {
  let best: { chain: ItemChain; score: number } | null = null;
  for (const chain of candidates) {
    for (const m of mentionsIn(chain, weekIndex)) {
      if (m.plan === plan) continue;
      const score = chainSimilarity(m.item, item);
      if (score >= threshold && (!best || score > best.score)) best = { chain, score };
    }
  }
  return best?.chain ?? null;
}

export function lastWeekOf(chain: ItemChain): number {
  return chain.mentions[chain.mentions.length - 1].weekIndex;
}

export function mentionsIn(chain: ItemChain, weekIndex: number): Mention[] {
  return chain.mentions.filter((m) => m.weekIndex === weekIndex);
}

/** The line that speaks for the item in a week: its first line outside the plan sections, else its plan line. */
export function primaryMention(chain: ItemChain, weekIndex: number): Mention | null {
  const inWeek = mentionsIn(chain, weekIndex);
  return inWeek.find((m) => !m.plan) ?? inWeek[0] ?? null;
}

/** The weeks (indexes, ascending) in which the chain is mentioned. */
export function weeksOf(chain: ItemChain): number[] {
  return [...new Set(chain.mentions.map((m) => m.weekIndex))];
}
