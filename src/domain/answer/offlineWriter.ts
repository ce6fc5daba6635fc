/**
 * The offline writer: the answer the pipeline composed (compose/), or, when it composed nothing (it
 * cannot summarise) but items were selected, those items as written, week by week. It is what is
 * given whenever the model writer's answer is not: the answer is never emptier than what the model
 * would have been shown. (With no model configured, the composed answer is given as it is, without
 * selecting anything: answerQuestion in src/services/answering.)
 */
import type { StoredItem } from '../records';
import { citationOf } from './compose';
import type { Answer } from './model';
import type { SelectedEvidence } from './writer';

/** Lines listed when the items stand in for a summary: the citations hold the rest. */
const LISTED_LINES = 30;

export function writeOffline(question: string, evidence: SelectedEvidence): Answer {
  if (evidence.composed.found || !evidence.items.length) return { ...evidence.composed, question };
  return listing(question, evidence.items);
}

/** The items as written, week by week: what can be said about them without a model. */
function listing(question: string, items: StoredItem[]): Answer {
  const shown = items.slice(0, LISTED_LINES);
  const lines = shown.map((i, n) => `${n + 1}. ${i.team} ${i.weekLabel}${i.sectionPath.length ? ` · ${i.sectionPath[i.sectionPath.length - 1]}` : ''}：${i.text}`);
  const more = items.length > shown.length ? `\n…另有 ${items.length - shown.length} 项未列出。` : '';
  return {
    question,
    found: true,
    answer: `相关周报共 ${items.length} 项：\n${lines.join('\n')}${more}`,
    citations: shown.map(citationOf),
  };
}
