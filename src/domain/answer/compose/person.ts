/** Questions about people: a person's work or plan (张三本周做了什么, 张三下周计划), and who owns a subject (谁负责X). */
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem } from '../../records';
import { isGoalItem, isNothingItem } from '../match';
import type { Answer } from '../model';
import { goalsOf } from './plan';
import { groupedLines, workItems } from './reportLines';
import { found, notFound } from './shared';

/**
 * A person's lines: their work (负责什么 / 做了什么) or their plan (下周计划), from the reports
 * handed in (the asked week, or the latest report that names them).
 */
export function composePerson(question: string, person: string, items: StoredItem[], wantsPlan: boolean, prefix = ''): Answer {
  // A plan section, else what minutes list as this week's tasks beside last week's (成员 | 上周任务 | 本周任务).
  const plan = wantsPlan ? goalsOfPerson(items) : items.filter((i) => isGoalItem(i) && !isNothingItem(i));
  const work = workItems(items);
  const chosen = wantsPlan ? plan : work.length ? work : plan;
  if (!chosen.length) {
    return notFound(question, wantsPlan ? `周报里没有${person}的下周计划。` : `周报里没有写明${person}负责的事项。`);
  }
  const first = chosen[0];
  const weeks = [...new Set(chosen.map((i) => `${i.weekLabel}（${md(i.reportDate)}）`))];
  const where = `${first.team}${weeks.join('、')}`;
  const what = wantsPlan ? '下周计划' : /负责/.test(question) ? '负责的事项' : '本期工作';
  const { text, shown } = groupedLines(chosen);
  return found(question, `${prefix}${where}周报中${person}的${what}（共 ${chosen.length} 项）：\n${text}`, shown);
}

/** A person's plan, report by report, read as the report's plan is read (plan.ts). */
function goalsOfPerson(items: StoredItem[]): StoredItem[] {
  const byReport = new Map<number, StoredItem[]>();
  for (const i of items) byReport.set(i.reportId, [...(byReport.get(i.reportId) ?? []), i]);
  return [...byReport.values()].flatMap((own) => goalsOf(own).filter((i) => own.includes(i)));
}

/** 谁负责X: the owners of the matched item (and of the lines under it when X is a project heading). */
export function composeWho(question: string, subject: string, items: StoredItem[], ownerOf: (i: StoredItem) => string | null): Answer {
  const owned = items.filter((i) => ownerOf(i));
  // Lines that name the subject as asked (实时数仓 v2.2 …) outweigh lines that only share its words
  // (熟悉数仓开发规范): their owners are the answer when there are any.
  const plain = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const named = owned.filter((i) => plain([...i.sectionPath, i.text].join('|')).includes(plain(subject)));
  const withOwner = named.length ? named : owned;
  if (!withOwner.length) {
    return notFound(question, `周报提到了「${subject}」，但没有写明负责人。`);
  }
  const owners = [...new Set(withOwner.map((i) => ownerOf(i)!))];
  const first = withOwner[0];
  const where = `${first.team}${first.weekLabel}（${md(first.reportDate)}）`;
  const lines = withOwner.slice(0, 8).map((i) => `- ${ownerOf(i)}：${i.text}`);
  return found(question, `「${subject}」由 ${owners.join('、')} 负责（${where}周报）：\n${lines.join('\n')}`, withOwner.slice(0, 8));
}
