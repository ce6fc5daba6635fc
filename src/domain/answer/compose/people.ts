/**
 * How many people a week's report names (数据平台组第49周有几个人写了周报, 周会有几位成员): the people who
 * own its lines or head its per-person sections, each once, in report order. Pure: the caller says who
 * owns a line (the parser's owner, （负责人：X）, @handle) and which names are people.
 */
import type { StoredItem, StoredReport } from '../../records';
import type { Answer } from '../model';
import type { QuestionAnalysis } from '../question';
import { reportHeading } from './reportLines';
import { found, notFound } from './shared';

/** 几个人 / 几位 / 多少名成员 / 几个成员. */
const PEOPLE_COUNT = /(?:几|多少)\s*(?:个)?(?:人(?!次|天|日|月|均)|位|名(?!称|字|单)|成员)/;
/** What may stand around the count without naming a subject: writing, attending, the report itself. */
const AROUND_PEOPLE = /几|多少|个|人|位|名|成员|同学|同事|写|交|提交|参会|参加|参与|出席|周报|周会|例会|报告|日志|一共|总共|共|都|有|了|的|在|里|中/g;

/** The question counts the people of a report and names nothing else to count. */
export function asksPeopleCount(analysis: QuestionAnalysis): boolean {
  return PEOPLE_COUNT.test(analysis.question) && !analysis.subject.replace(AROUND_PEOPLE, '').replace(/\s+/g, '');
}

export function composePeopleCount(
  question: string,
  reports: StoredReport[],
  itemsOf: (reportId: number) => StoredItem[],
  ownerOf: (item: StoredItem) => string | null,
  knownPeople: string[],
): Answer {
  const people = new Set(knownPeople);
  const parts: string[] = [];
  const cited: StoredItem[] = [];
  for (const r of [...reports].sort((a, b) => a.team.localeCompare(b.team) || a.reportDate.localeCompare(b.reportDate))) {
    const firstLine = new Map<string, StoredItem>();
    for (const item of itemsOf(r.id)) {
      const names = [ownerOf(item), ...item.sectionPath.filter((s) => people.has(s.trim()))];
      for (const name of names) if (name && !firstLine.has(name.trim())) firstLine.set(name.trim(), item);
    }
    if (!firstLine.size) continue;
    parts.push(`${reportHeading(r, true)}周报中共 ${firstLine.size} 人：${[...firstLine.keys()].join('、')}。`);
    cited.push(...firstLine.values());
  }
  if (!cited.length) return notFound(question, '这些周报没有写明成员或负责人。');
  return found(question, parts.join('\n'), cited);
}
