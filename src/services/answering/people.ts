/** Questions about people: whose an item is (谁负责X), and what a person did or plans (张三本周做了什么). */
import type { StoredItem, StoredReport } from '../../domain/records';
import { composePerson, composeWho, notFound } from '../../domain/answer/compose';
import type { Answer } from '../../domain/answer/model';
import type { QuestionAnalysis } from '../../domain/answer/question';
import type { AnswerDeps, Chains, ItemsOf } from './answerDeps';

/** 谁负责X: the owners of the best match, or of the lines about it, this week or another. */
export function answerWho(analysis: QuestionAnalysis, matches: StoredItem[], chains: Chains, itemsOf: ItemsOf, knownPeople: string[] = []): Answer {
  const people = new Set(knownPeople);
  const owner = (i: StoredItem) => ownerOf(i) ?? blockOwner(i, itemsOf) ?? doerInProse(i, people);
  return composeWho(analysis.question, analysis.subject, ownerLines(matches[0], matches, chains, itemsOf, owner), owner);
}

/** Who an item belongs to: the parser's owner, else （负责人：张三） or an @handle in the line. */
export function ownerOf(item: StoredItem): string | null {
  if (item.owner) return item.owner;
  const named =
    /负责人\s*[:：]\s*([\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z.]{1,11})/u.exec(item.text) ??
    /@([\p{Script=Han}\w.-]{2,20})/u.exec(item.text) ??
    /由\s*([\p{Script=Han}]{2,3})\s*(?:完成|负责|跟进|主导|牵头|提交|实现|维护)/u.exec(item.text);
  return named ? named[1] : null;
}

/**
 * 严柯负责出具测试报告: a prose line names who does it, as a clause that opens with the person. Only a
 * person the reports name elsewhere (an owner, a member) counts: 后端负责 or 团队负责 is nobody.
 */
function doerInProse(item: StoredItem, people: Set<string>): string | null {
  for (const m of item.text.matchAll(/(?:^|[，,。；;：:\s])([\p{Script=Han}]{2,3})(?:负责|牵头|主导|跟进)(?!人)/gu)) {
    if (people.has(m[1])) return m[1];
  }
  return null;
}

/** A task block's 负责人 line (### 3. 压测平台对接 / - 负责人：白露) names the owner of its siblings. */
function blockOwner(item: StoredItem, itemsOf: ItemsOf): string | null {
  const key = item.sectionPath.join('\u0001');
  for (const sibling of itemsOf(item.reportId)) {
    if (sibling.sectionPath.join('\u0001') !== key && !sibling.sectionPath.includes(item.text)) continue;
    const m = /^负责人\s*[:：]\s*([\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z.]{1,11})/u.exec(sibling.text.replace(/\*\*/g, ''));
    if (m) return m[1];
  }
  return null;
}

/**
 * The lines that answer 谁负责X. The owner is often written once, in the week a task was set up (a
 * task block's 负责人, "由付晨负责"), and later weeks only report progress: when the best match names
 * nobody, the other lines about the subject and the same item's other weeks (newest first) are asked.
 */
function ownerLines(
  best: StoredItem,
  matches: StoredItem[],
  chains: Chains,
  itemsOf: ItemsOf,
  owner: (i: StoredItem) => string | null,
): StoredItem[] {
  const lines = ownedLines(best, matches, itemsOf, owner);
  if (lines.some(owner)) return lines;
  const otherWeeks = chains(best).filter((i) => i !== best).reverse();
  for (const other of [...matches.filter((m) => m !== best), ...otherWeeks]) {
    const theirs = ownedLines(other, matches, itemsOf, owner);
    if (theirs.some(owner)) return theirs;
  }
  return lines;
}

/** The lines whose owners answer 谁负责X: the best match, or the lines under it when it is a heading. */
function ownedLines(best: StoredItem, matches: StoredItem[], itemsOf: ItemsOf, owner: (i: StoredItem) => string | null): StoredItem[] {
  const sameReport = matches.filter((m) => m.reportId === best.reportId);
  if (owner(best)) return [best, ...sameReport.filter((m) => m !== best && owner(m))];
  // A project heading: its lines; the heading line itself may be an item with the lines under it.
  const children = itemsOf(best.reportId).filter((i) => i.sectionPath.includes(best.text) || sameReport.includes(i));
  return children.length ? children : [best];
}

export function answerPerson(analysis: QuestionAnalysis, deps: AnswerDeps, scoped: StoredReport[] | null, itemsOf: ItemsOf): Answer {
  const person = analysis.person!;
  const isTheirs = (i: StoredItem) => ownerOf(i) === person || i.sectionPath.includes(person);
  let pool = scoped ?? deps.reports();
  if (analysis.teams.length) pool = pool.filter((r) => analysis.teams.includes(r.team));
  // Newest first: the latest report that names them answers 张三本周做了什么 on an old store too.
  const ordered = [...pool].sort((a, b) => b.reportDate.localeCompare(a.reportDate));
  // Without a week, a person who reports rarely (a contributor to a biweekly report) is answered
  // from the last few reports that name them; with a week, from that week.
  const reportsWanted = analysis.scopeExplicit || analysis.asksPlan ? 1 : 3;
  const dates = [...new Set(ordered.filter((r) => itemsOf(r.id).some(isTheirs)).map((r) => r.reportDate))];
  for (let k = 0; k < dates.length; k++) {
    const window = new Set(dates.slice(k, k + reportsWanted));
    const theirs = ordered.filter((o) => window.has(o.reportDate)).flatMap((o) => itemsOf(o.id).filter(isTheirs));
    const answer = composePerson(analysis.question, person, theirs, analysis.asksPlan);
    if (answer.found || !analysis.asksPlan) return answer;
  }
  return notFound(analysis.question, analysis.asksPlan ? `周报里没有${person}的下周计划。` : `周报里没有写明${person}负责的事项。`);
}
