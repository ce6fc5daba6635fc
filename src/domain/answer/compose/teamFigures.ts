/**
 * 第49周清结算和支付中心健康分谁高 / 两个中心的健康分对比: a figure asked of two or more named teams is
 * answered for each of them, from each team's own best line, and which is ahead when the units agree.
 * One team's figure alone answers half the question (and reads as if it were the only one).
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import type { Answer } from '../model';
import { finish, type ComposeInput } from './shared';

export interface TeamFigure {
  item: StoredItem;
  metric: ItemMetric;
}

/** 谁高 / 哪个低 / 谁更多: the question asks which of them is ahead. */
export const WHICH_AHEAD = /(?:谁|哪个|哪家|哪边|哪方)的?更?(高|多|大|快|好|低|少|小|慢|差)/;

export function figuresPerTeam(
  input: ComposeInput,
  pick: (input: ComposeInput, subject: string) => TeamFigure | null,
  label: (figure: TeamFigure) => string,
): Answer | null {
  const { analysis } = input;
  if (analysis.teams.length < 2) return null;
  const asked = analysis.question.normalize('NFKC');
  // In the order the question names them (清结算和支付中心: 清结算中心 first).
  const teams = [...analysis.teams].sort((a, b) => position(asked, a) - position(asked, b));
  const figures: TeamFigure[] = [];
  for (const team of teams) {
    const own = input.matches.filter((i) => i.team === team);
    if (!own.length) return null;
    const figure = pick({ ...input, matches: own, timeline: input.timeline.filter((i) => i.team === team) }, analysis.subject);
    if (!figure) return null;
    figures.push(figure);
  }
  const parts = figures.map((f) => `${f.item.team}${f.item.weekLabel}${label(f)}为 ${f.metric.text}`);
  const sameUnit = figures.every((f) => f.metric.unit === figures[0].metric.unit);
  const ahead = WHICH_AHEAD.exec(asked);
  let verdict = '';
  if (ahead && sameUnit) {
    const wantsLow = /[低少小慢差]/.test(ahead[1]);
    const best = figures.reduce((a, b) => (wantsLow ? (b.metric.value < a.metric.value ? b : a) : b.metric.value > a.metric.value ? b : a));
    if (figures.filter((f) => f.metric.value === best.metric.value).length === 1) verdict = `，${best.item.team}更${ahead[1]}`;
  }
  return finish(analysis.question, [`${parts.join('；')}${verdict}。`], figures.map((f) => f.item));
}

/** Where the question names a team, by its full name or its first two characters (清结算 for 清结算中心). */
function position(question: string, team: string): number {
  const at = question.indexOf(team);
  if (at >= 0) return at;
  const short = question.indexOf(team.slice(0, 2));
  return short >= 0 ? short : Number.MAX_SAFE_INTEGER;
}
