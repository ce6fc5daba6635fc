/**
 * Other spellings of what a question names: a day (11/20 as 11月20日), a phase (第一期 as 一期, 2期 as
 * 二期), and a word held by a team's name rather than by any line (客服 of 智能客服项目组). Used by the
 * grounding gate (grounding.ts) and the not-found check (answerQuestion.ts).
 */
import type { ReportStore } from '../../adapters/store/reportStore';
import { documentFrequency } from './termStats';

/**
 * A word no line has that a team's name holds (客服 of 智能客服项目组), whole or as its first or last
 * part when the segmenter glued it to a word the lines do have (外呼话术库: 外呼 + 话术库): the team's
 * lines may hold the rest, so the word is not unknown.
 */
export function heldByTeam(term: { text: string; variants: string[]; kind: string }, teamNames: string[], store: ReportStore): boolean {
  if (term.kind !== 'word') return false;
  if (term.variants.some((v) => teamNames.some((n) => n.includes(v)))) return true;
  const chars = [...term.text];
  if (chars.length < 4 || !/^\p{Script=Han}+$/u.test(term.text)) return false;
  for (let cut = 2; cut + 2 <= chars.length; cut++) {
    const [head, tail] = [chars.slice(0, cut).join(''), chars.slice(cut).join('')];
    if (teamNames.some((n) => n.includes(head)) && documentFrequency(store, [tail]) > 0) return true;
    if (teamNames.some((n) => n.includes(tail)) && documentFrequency(store, [head]) > 0) return true;
  }
  return false;
}

/** 11/20, 11月20日, 11月20号 (not 2023-11-20's year-month, not a version 5.6). */
export const DAY_IN_SUBJECT = /(?<![\d./-])(1[0-2]|0?[1-9])\s*(?:\/|月)\s*(3[01]|[12]\d|0?[1-9])(?:日|号)?(?![\d./])/g;

/** The spellings of a day (M/D) that reports use: 11/20, 11月20日, 11月20号, 11-20 (as in 2023-11-20), 11.20. */
export function daySpellings(day: string): string[] {
  const [m, d] = day.split('/');
  const pad = (n: string) => n.padStart(2, '0');
  return [`${m}月${d}日`, `${m}月${d}号`, `${pad(m)}-${pad(d)}`, `${m}.${d}`];
}

/** 第一期 is 一期 (鸿蒙版一期), in either kind of numeral; 一期 already finds 第一期 as part of it. */
export function phaseSpellings(phase: string): string[] {
  const spellings = [otherNumerals(phase)];
  if (phase.startsWith('第')) spellings.push(phase.slice(1), otherNumerals(phase).slice(1));
  return spellings;
}

const HAN_DIGITS = '零一二三四五六七八九';

/** 2期 ↔ 二期, 第3阶段 ↔ 第三阶段: a phase written with the other kind of numeral (one to nine). */
function otherNumerals(phase: string): string {
  return phase.replace(/[1-9]|[一二三四五六七八九]/g, (c) => (/\d/.test(c) ? HAN_DIGITS[Number(c)] : String(HAN_DIGITS.indexOf(c))));
}

/**
 * Common input-method slips: a word typed with the right pinyin and the wrong characters (借口 for
 * 接口, 登陆 for 登录). Read as the slip only when no report line has the typed word (grounding.ts),
 * so a word the reports do use keeps its meaning. A short list of known slips, not a guesser: two
 * words that sound alike are usually both words (上线 / 上限), and a wrong guess states a wrong fact.
 */
export const TYPOS = new Map<string, string>([
  ['借口', '接口'],
  ['登陆', '登录'],
  ['帐号', '账号'],
  ['帐单', '账单'],
  ['对帐', '对账'],
  ['布署', '部署'],
  ['部属', '部署'],
  ['测式', '测试'],
  ['调式', '调试'],
  ['体测', '提测'],
  ['连调', '联调'],
  ['迭带', '迭代'],
  ['兼融', '兼容'],
  ['灰渡', '灰度'],
  ['配制', '配置'],
  ['优华', '优化'],
  ['数剧', '数据'],
  // 备用通到现在: 通道 typed with its pinyin's other characters (a verb 通到 only where a report writes it).
  ['通到', '通道'],
]);
