/**
 * An Answer as a Slack message: the answer, where it came from (team · week · M/D · section), a
 * button to read the cited original lines, and 👍/👎. The buttons carry what their handlers need
 * in their values (kept within Slack's limit), so no server-side state is needed to handle them
 * and they keep working after a restart.
 */
import type { Answer, Citation } from '../../domain/answer/model';
import { formatMonthDay } from '../../domain/calendar';
import { ACTION_IDS } from '../ids';
import type { KnownBlock, SlackMessage } from '../types';
import { mrkdwnWithMentions } from '../entities';
import { SLACK_LIMITS, contextBlock, escapeMrkdwn, fitBlocks, fitButtonValue, messageText, mrkdwnSections, truncate } from './limits';

/** What 👍/👎 carry: question, answer and compact citations (report id, item id, line number). */
export interface FeedbackValue {
  q: string;
  a: string;
  c: Array<[number, number, number]>;
}

/** What 查看原文 carries: the question and each cited line with its label. */
export interface SourceValue {
  q: string;
  l: Array<{ s: string; t: string }>;
}

const MAX_CITATIONS_SHOWN = SLACK_LIMITS.contextElements - 1;
/** An answer longer than this is cut in the message: nobody reads more in a chat reply. */
export const MAX_ANSWER_CHARS = 12_000;

/** "支付中心 · 第48周 · 11/24 · O1 业务交付" */
export function citationLabel(c: Citation): string {
  return [c.team, c.week, formatMonthDay(c.date), c.section || '（无标题）'].join(' · ');
}

export function feedbackValue(answer: Answer): string {
  const data: FeedbackValue = {
    q: answer.question,
    a: answer.answer,
    c: answer.citations.map((c) => [c.reportId, c.itemId, c.lineNo]),
  };
  return fitButtonValue(data, (d, level) => ({
    q: truncate(d.q, Math.max(40, 400 - level * 40), '…'),
    a: truncate(d.a, Math.max(80, 1200 - level * 120), '…'),
    c: d.c.slice(0, Math.max(1, 10 - level)),
  }));
}

export function sourceValue(answer: Answer): string {
  const data: SourceValue = { q: answer.question, l: answer.citations.map((c) => ({ s: citationLabel(c), t: c.text })) };
  return fitButtonValue(data, (d, level) => ({
    q: truncate(d.q, Math.max(20, 200 - level * 20), '…'),
    l: d.l.slice(0, Math.max(1, 8 - Math.floor(level / 2))).map((x) => ({
      s: truncate(x.s, Math.max(20, 80 - level * 5), '…'),
      t: truncate(x.t, Math.max(40, 400 - level * 30), '…'),
    })),
  }));
}

export function parseFeedbackValue(value: string | undefined): FeedbackValue | null {
  try {
    const v = JSON.parse(value ?? '') as FeedbackValue;
    return typeof v?.q === 'string' && typeof v.a === 'string' && Array.isArray(v.c) ? v : null;
  } catch {
    return null;
  }
}

export function parseSourceValue(value: string | undefined): SourceValue | null {
  try {
    const v = JSON.parse(value ?? '') as SourceValue;
    return typeof v?.q === 'string' && Array.isArray(v.l) ? v : null;
  } catch {
    return null;
  }
}

export function answerMessage(answer: Answer): SlackMessage {
  // Cited report lines may mention people (`<@U…>`): shown as mentions, not as escaped literals.
  const sections: KnownBlock[] = mrkdwnSections(truncate(mrkdwnWithMentions(answer.answer), MAX_ANSWER_CHARS));
  // Citations and buttons stay even when a very long answer has to be cut.
  const tail: KnownBlock[] = [];
  if (answer.citations.length) {
    const shown = answer.citations.slice(0, MAX_CITATIONS_SHOWN).map((c) => `📄 ${escapeMrkdwn(citationLabel(c))}`);
    const more = answer.citations.length - MAX_CITATIONS_SHOWN;
    tail.push(contextBlock(more > 0 ? [...shown, `…另有 ${more} 条来源`] : shown));
  } else if (!answer.found) {
    tail.push(contextBlock(['💡 可以换个说法，或指明团队和周次（例如：支付中心 第48周 …）；发送 `/zhoubao help` 查看用法。']));
  }
  const buttons = [];
  if (answer.citations.length) {
    buttons.push({ type: 'button' as const, action_id: ACTION_IDS.showSource, text: { type: 'plain_text' as const, text: '查看原文' }, value: sourceValue(answer) });
  }
  const feedback = feedbackValue(answer);
  buttons.push(
    { type: 'button' as const, action_id: ACTION_IDS.feedbackUp, text: { type: 'plain_text' as const, text: '👍 有用', emoji: true }, value: feedback },
    { type: 'button' as const, action_id: ACTION_IDS.feedbackDown, text: { type: 'plain_text' as const, text: '👎 不对', emoji: true }, value: feedback },
  );
  tail.push({ type: 'actions', block_id: 'answer_actions', elements: buttons });
  return { text: messageText(answer.answer), blocks: fitBlocks(sections, SLACK_LIMITS.messageBlocks, tail) };
}
