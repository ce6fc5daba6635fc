/** Next week's plan (下周计划有哪些): each report's plan section, or the plan sentences of a prose report. */
import type { StoredItem, StoredReport } from '../../records';
import { isGoalItem, isNothingItem } from '../match';
import type { Answer } from '../model';
import { reportHeading } from './reportLines';
import { found, notFound } from './shared';

/** counted: 下周计划有几项 — each plan is headed by its size. */
export function composePlan(question: string, reports: StoredReport[], itemsOf: (id: number) => StoredItem[], prefix = '', counted = false): Answer {
  const parts: string[] = [];
  const cited: StoredItem[] = [];
  const without: string[] = [];
  for (const r of [...reports].sort((a, b) => a.team.localeCompare(b.team))) {
    const goals = goalsOf(itemsOf(r.id));
    if (!goals.length) {
      without.push(`${r.team}${r.weekLabel}`);
      continue;
    }
    parts.push(`${reportHeading(r, true)}周报的下周计划${counted ? `共 ${goals.length} 项` : ''}：\n${goals.map((g, n) => `${n + 1}. ${planText(g)}`).join('\n')}`);
    cited.push(...goals);
  }
  if (!cited.length) return notFound(question, `${without.join('、') || '这些'}周报没有写下周计划。`);
  if (without.length) parts.push(`（${without.join('、')}周报没有写下周计划。）`);
  return found(question, prefix + parts.join('\n\n'), cited);
}

/** A sentence that states next week's plan inside a prose line (……。下周重点是促销活动上线保障). */
const PLAN_SENTENCE = /下周(?:的)?(?:重点|计划|目标|安排|工作)(?:是|为|：|:)|下周(?:将|要|继续|准备|计划|会)(?=[\p{Script=Han}A-Za-z])/u;

/** Minutes held at the start of a week (成员 | 上周任务 | 本周任务): 本周 is what comes next. */
const THIS_WEEK_TASKS = /^本周(?:任务|计划|目标|安排)$/;
const LAST_WEEK_WORK = /^上周(?:任务|完成|工作|进展|总结)?/;

/**
 * A report's plan: its plan section, else its 本周任务 beside a 上周 part, else its unticked to-dos, else
 * the items of a prose report that state one.
 */
export function goalsOf(items: StoredItem[]): StoredItem[] {
  const section = items.filter((i) => isGoalItem(i) && !isNothingItem(i));
  if (section.length) return section;
  const looksBack = items.some((i) => i.sectionPath.some((s) => LAST_WEEK_WORK.test(s.trim())));
  const coming = looksBack ? items.filter((i) => i.sectionPath.some((s) => THIS_WEEK_TASKS.test(s.trim())) && !isNothingItem(i)) : [];
  if (coming.length) return coming;
  // Meeting minutes with a to-do list: the boxes not yet ticked are what comes next.
  const open = items.filter((i) => OPEN_TODO.test(i.rawLine));
  return open.length ? open : items.filter((i) => PLAN_SENTENCE.test(i.text));
}

/** An unticked to-do (- [ ] OAuth2 授权码模式上线，计划12/14). */
const OPEN_TODO = /^\s*(?:[-*+]\s*)?\[\s\]\s*\S/;

/** The plan part of a line: all of a plan-section line, the plan sentence of a prose one. */
function planText(item: StoredItem): string {
  if (isGoalItem(item)) return item.text;
  const at = item.text.search(PLAN_SENTENCE);
  return at >= 0 ? item.text.slice(at) : item.text;
}
