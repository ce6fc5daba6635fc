/**
 * Composing an offline answer, one file per kind of answer: when.ts (a date and how it moved),
 * metric.ts (a figure and its trend), status.ts (where it stands), list.ts (which items),
 * weekSummary.ts, plan.ts, person.ts (a person's lines, who owns what) and comparison.ts (two
 * weeks). Pure functions: the facts (items, their weeks, the latest week of each team) come in; a
 * Chinese answer with citations goes out. Nothing here may invent a date or a figure: every number
 * in an answer is copied from an item. Imports: the domain only (reports, calendar, records,
 * answer, follow-up matching).
 */
import type { Answer } from '../model';
import { composeList } from './list';
import { composeMetric } from './metric';
import type { ComposeInput } from './shared';
import { composeStatus } from './status';
import { composeWhen } from './when';

export { citationOf, notFound, withoutFigures, STATUS_WORDS, type ComposeInput } from './shared';
export { splitConjoinedSubject } from './metric';
export { composeWeekSummary } from './weekSummary';
export { composePlan } from './plan';
export { composePerson, composeWho } from './person';
export { composeSubjectComparison, composeWeekComparison, type SubjectWeek } from './comparison';

/** An answer about one subject (its matches and timeline), by the kind of question. */
export function composeAnswer(input: ComposeInput): Answer {
  switch (input.analysis.type) {
    case 'when':
      return composeWhen(input);
    case 'metric':
      return composeMetric(input);
    case 'list':
    case 'count':
    case 'summary':
      return composeList(input);
    default:
      return composeStatus(input);
  }
}
