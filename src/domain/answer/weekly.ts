/**
 * Answers about whole reports rather than one item: a team's week (X第N周做了什么, 总结第N周周报),
 * next week's plan (the latest report's plan section), a person's work (张三本周做了什么, 张三负责什么,
 * 张三下周计划) and a comparison of two weeks. All extractive: lines as written, grouped by the
 * section they sit in, every line cited. Pure functions over items handed in.
 */
import { matchAcrossWeeks } from '../followup/matchItems';
import { formatMonthDay as md } from '../calendar';
import type { StoredItem, StoredReport } from '../records';
import { citationOf } from './compose';
import { isGoalItem, isNothingItem } from './match';
import type { Answer } from './model';

/** Lines shown per section and in all: a summary is for reading in Slack, the citations hold the rest. */
const PER_SECTION = 12;
const IN_ALL = 40;

const REFLECTION = /收获|反思|感悟|心得|体会/;

export function found(question: string, answer: string, cited: StoredItem[]): Answer {
  const seen = new Set<number>();
  const unique = cited.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
  return { question, found: true, answer: answer.trim(), citations: unique.map(citationOf) };
}

export function notFoundAnswer(question: string, reason: string): Answer {
  return { question, found: false, answer: reason, citations: [] };
}

function reportHeading(r: StoredReport, withTeam: boolean): string {
  return `${withTeam ? r.team : ''}${r.weekLabel}（${md(r.reportDate)}）`;
}

/** The section an item is listed under: its outermost heading (【O1 业务交付】), or 其他. */
function topSection(item: StoredItem): string {
  return (item.sectionPath[0] ?? '其他').replace(/[【】\[\]#*]/g, '').trim() || '其他';
}

/** Items grouped by their outermost section, in report order, at most PER_SECTION lines each. */
function groupedLines(items: StoredItem[]): { text: string; shown: StoredItem[] } {
  const groups = new Map<string, StoredItem[]>();
  for (const i of items) groups.set(topSection(i), [...(groups.get(topSection(i)) ?? []), i]);
  const out: string[] = [];
  const shown: StoredItem[] = [];
  for (const [section, list] of groups) {
    if (shown.length >= IN_ALL) break;
    const taken = list.slice(0, Math.min(PER_SECTION, IN_ALL - shown.length));
    out.push(`【${section}】`);
    for (const i of taken) out.push(`- ${i.text}`);
    if (list.length > taken.length) out.push(`- …（另有 ${list.length - taken.length} 条）`);
    shown.push(...taken);
  }
  return { text: out.join('\n'), shown };
}

/** What a report says it did: its lines except next week's plan, reflections and bare 无. */
function workItems(items: StoredItem[]): StoredItem[] {
  return items.filter((i) => !isGoalItem(i) && !isNothingItem(i) && !i.sectionPath.some((s) => REFLECTION.test(s)));
}

export function composeWeekSummary(question: string, reports: StoredReport[], itemsOf: (id: number) => StoredItem[], prefix = ''): Answer {
  const parts: string[] = [];
  const cited: StoredItem[] = [];
  for (const r of [...reports].sort((a, b) => a.team.localeCompare(b.team) || a.reportDate.localeCompare(b.reportDate))) {
    const items = workItems(itemsOf(r.id));
    if (!items.length) continue;
    const { text, shown } = groupedLines(items);
    parts.push(`${reportHeading(r, true)}周报要点：\n${text}`);
    cited.push(...shown);
  }
  if (!cited.length) return notFoundAnswer(question, '这些周报里没有可总结的工作内容。');
  return found(question, prefix + parts.join('\n\n'), cited);
}

export function composePlan(question: string, reports: StoredReport[], itemsOf: (id: number) => StoredItem[], prefix = ''): Answer {
  const parts: string[] = [];
  const cited: StoredItem[] = [];
  const without: string[] = [];
  for (const r of [...reports].sort((a, b) => a.team.localeCompare(b.team))) {
    const goals = goalsOf(itemsOf(r.id));
    if (!goals.length) {
      without.push(`${r.team}${r.weekLabel}`);
      continue;
    }
    parts.push(`${reportHeading(r, true)}周报的下周计划：\n${goals.map((g, n) => `${n + 1}. ${planText(g)}`).join('\n')}`);
    cited.push(...goals);
  }
  if (!cited.length) return notFoundAnswer(question, `${without.join('、') || '这些'}周报没有写下周计划。`);
  if (without.length) parts.push(`（${without.join('、')}周报没有写下周计划。）`);
  return found(question, prefix + parts.join('\n\n'), cited);
}

/** A sentence that states next week's plan inside a prose line (……。下周重点是促销活动上线保障). */
const PLAN_SENTENCE = /下周(?:的)?(?:重点|计划|目标|安排|工作)(?:是|为|：|:)|下周(?:将|要|继续|准备|计划|会)(?=[\p{Script=Han}A-Za-z])/u;

/** A report's plan: its plan section, else the items of a prose report that state one. */
function goalsOf(items: StoredItem[]): StoredItem[] {
  const section = items.filter((i) => isGoalItem(i) && !isNothingItem(i));
  return section.length ? section : items.filter((i) => PLAN_SENTENCE.test(i.text));
}

/** The plan part of a line: all of a plan-section line, the plan sentence of a prose one. */
function planText(item: StoredItem): string {
  if (isGoalItem(item)) return item.text;
  const at = item.text.search(PLAN_SENTENCE);
  return at >= 0 ? item.text.slice(at) : item.text;
}

/**
 * A person's lines: their work (负责什么 / 做了什么) or their plan (下周计划), from the reports
 * handed in (the asked week, or the latest report that names them).
 */
export function composePerson(question: string, person: string, items: StoredItem[], wantsPlan: boolean, prefix = ''): Answer {
  const plan = items.filter((i) => isGoalItem(i) && !isNothingItem(i));
  const work = workItems(items);
  const chosen = wantsPlan ? plan : work.length ? work : plan;
  if (!chosen.length) {
    return notFoundAnswer(question, wantsPlan ? `周报里没有${person}的下周计划。` : `周报里没有写明${person}负责的事项。`);
  }
  const first = chosen[0];
  const weeks = [...new Set(chosen.map((i) => `${i.weekLabel}（${md(i.reportDate)}）`))];
  const where = `${first.team}${weeks.join('、')}`;
  const what = wantsPlan ? '下周计划' : /负责/.test(question) ? '负责的事项' : '本期工作';
  const { text, shown } = groupedLines(chosen);
  return found(question, `${prefix}${where}周报中${person}的${what}（共 ${chosen.length} 项）：\n${text}`, shown);
}

/** 谁负责X: the owners of the matched item (and of the lines under it when X is a project heading). */
export function composeWho(question: string, subject: string, items: StoredItem[], ownerOf: (i: StoredItem) => string | null): Answer {
  const withOwner = items.filter((i) => ownerOf(i));
  if (!withOwner.length) {
    return notFoundAnswer(question, `周报提到了「${subject}」，但没有写明负责人。`);
  }
  const owners = [...new Set(withOwner.map((i) => ownerOf(i)!))];
  const first = withOwner[0];
  const where = `${first.team}${first.weekLabel}（${md(first.reportDate)}）`;
  const lines = withOwner.slice(0, 8).map((i) => `- ${ownerOf(i)}：${i.text}`);
  return found(question, `「${subject}」由 ${owners.join('、')} 负责（${where}周报）：\n${lines.join('\n')}`, withOwner.slice(0, 8));
}

/**
 * Two weeks of a team side by side, without a subject: what appeared, what is no longer there, and
 * what changed status, by the follow-up matcher's idea of the same item.
 */
export function composeWeekComparison(question: string, earlier: StoredReport, later: StoredReport, itemsOf: (id: number) => StoredItem[]): Answer {
  const a = workItems(itemsOf(earlier.id));
  const b = workItems(itemsOf(later.id));
  const pairs = matchAcrossWeeks(a, b);
  const matchedLater = new Set(pairs.filter((p) => p.later).map((p) => p.later!.id));
  const added = b.filter((i) => !matchedLater.has(i.id));
  const dropped = pairs.filter((p) => !p.later).map((p) => p.earlier);
  const changed = pairs.filter((p) => p.later && p.later.status !== p.earlier.status && p.later.status !== 'unknown').map((p) => p.later!);
  const head = `${earlier.team}${earlier.weekLabel}（${md(earlier.reportDate)}）与${later.weekLabel}（${md(later.reportDate)}）相比：`;
  const parts = [head];
  const list = (title: string, items: StoredItem[]) => {
    if (!items.length) return;
    parts.push(`\n${title}：\n${items.slice(0, 8).map((i) => `- ${i.text}`).join('\n')}${items.length > 8 ? `\n- …（另有 ${items.length - 8} 条）` : ''}`);
  };
  list(`${later.weekLabel}新出现`, added);
  list('状态有变化', changed);
  list(`${later.weekLabel}不再提及`, dropped);
  if (parts.length === 1) parts.push('两周的事项相同，状态没有变化。');
  const cited = [...added.slice(0, 8), ...changed.slice(0, 8), ...dropped.slice(0, 8)];
  return found(question, parts.join(''), cited.length ? cited : [...b, ...a].slice(0, 1));
}
