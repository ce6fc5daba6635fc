/**
 * Composing an offline answer, one file per kind of answer: when.ts (a date and how it moved),
 * metric.ts (a figure and its trend), status.ts (where it stands), list.ts (which items),
 * weekSummary.ts, plan.ts, person.ts (a person's lines, who owns what), people.ts (how many people a
 * report names), comparison.ts (two weeks), why.ts (the reason for a slip), reportRoles.ts (who wrote,
 * hosted or recorded a report, from its header) and spelledCounts.ts (两个币种: counts in Chinese
 * numerals). Pure functions: the facts (items, their weeks, the latest week of each team) come in; a
 * Chinese answer with citations goes out. Nothing here may invent a date or a figure: every number
 * in an answer is copied from an item. Imports: the domain only (reports, calendar, records,
 * answer, follow-up matching).
 */
import type { Answer } from '../model';
import { composeList } from './list';
import { composeMetric } from './metric';
import type { ComposeInput } from './shared';
import { askedRate } from './rateAsked';
import { composeStatus } from './status';
import { composeWhen } from './when';
import { composeWhy, WHY_SLIP_ASKED } from './why';

export { citationOf, notFound, withoutFigures, STATUS_WORDS, type ComposeInput } from './shared';
export { comparesParts, splitConjoinedSubject, subjectParts } from './subjectParts';
export { composeWeekSummary } from './weekSummary';
export { composePlan } from './plan';
export { asksPeopleCount, composePeopleCount } from './people';
export { composePerson, composeWho } from './person';
export { composeSubjectComparison, composeWeekComparison, type SubjectWeek } from './comparison';
export { askedReportRole, composeReportRole } from './reportRoles';
export { composeProjectState, projectHeader, type ProjectHeader } from './projectHeader';
export { spelledCounts } from './spelledCounts';

/** An answer about one subject (its matches and timeline), by the kind of question. */
export function composeAnswer(input: ComposeInput): Answer {
  // 为什么推迟: the slip's line and its reason, whatever kind the question was read as.
  const why = WHY_SLIP_ASKED.test(input.analysis.question) ? composeWhy(input) : null;
  if (why) return why;
  switch (input.analysis.type) {
    case 'when':
      return composeWhen(input);
    case 'metric':
      return composeMetric(input);
    case 'list':
    case 'count':
    case 'summary':
      return composeList(input);
    case 'general':
      // 日志平台ES磁盘水位 / 网关峰值QPS: a bare subject that ends in the name of the line's figure asks for it;
      // so does one that ends in a rate (问卷的回收率), whose status is no answer to it.
      return endsInFigureName(input) || endsInRate(input) ? composeMetric(input) : composeStatus(input);
    default:
      return wentThroughWeeks(input) ? composeMetric(input) : composeStatus(input);
  }
}

/** 这几周…怎么样 / 最近几周…如何: a stretch of weeks and how it went over them. */
const STRETCH_HOW = /(?:这|最近|近)几周.*(?:怎么样|如何|咋样|怎样)/;

/**
 * 历史挂账这几周清得怎么样: how the work went over a stretch of weeks whose lines give its figure in two
 * weeks or more is that figure's series (待处理 1,280笔 → … → 188笔); a figure stated once is no
 * series, and the status answers (开发进度70% one week, 开发完成 the next).
 */
function wentThroughWeeks(input: ComposeInput): boolean {
  if (input.analysis.type !== 'status' || input.analysis.scope.kind !== 'all' || !STRETCH_HOW.test(input.analysis.question)) return false;
  return new Set(input.timeline.filter((i) => i.metrics.length).map((i) => i.reportDate)).size >= 2;
}

/** The subject's last word is a rate (问卷 回收率), as rateAsked.ts reads one. */
function endsInRate(input: ComposeInput): boolean {
  const subject = input.analysis.subject.normalize('NFKC').trim();
  return /率$/.test(subject) && askedRate(input.analysis.question, subject) !== null;
}

const DEEDS = /^(?:推迟|延期|延后|提前|上线|提测|发布|完成|启动|评审|验收|开放|交付|升级|迁移|下线|灰度|全量|联调|取消|暂停)$/;

/** The subject's last word is the label of a figure in the best match (水位 in ES 磁盘水位降至 58%). */
function endsInFigureName(input: ComposeInput): boolean {
  const best = input.matches[0];
  const pieces = input.analysis.subject.normalize('NFKC').toLowerCase().match(/\p{Script=Han}+|[a-z0-9]+/gu) ?? [];
  const last = pieces[pieces.length - 1] ?? '';
  const tail = /^\p{Script=Han}+$/u.test(last) ? [...last].slice(-2).join('') : last;
  if (!best || [...tail].length < 2 || /为什么|为何|为啥|原因/.test(input.analysis.question)) return false;
  // A label names what it measures (ES 磁盘水位, 网关 P99 延迟稳定在), a unit what it counts (学习 1,420 人次);
  // a deed (推迟, 上线) inside a label is not a figure's name.
  if (DEEDS.test(tail)) return false;
  return best.metrics.some((m) => {
    if (m.unit.toLowerCase() === tail) return true;
    const label = (m.label ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '');
    const at = label.indexOf(tail);
    // 离线 AUC 0.772 … 70%: a number right after the name in the label is the named figure, not this one.
    return at >= 0 && !/\d/.test(label.slice(at + tail.length));
  });
}
