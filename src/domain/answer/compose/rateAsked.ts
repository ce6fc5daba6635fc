/**
 * A rate or a share asked (问卷的回收率是多少, 新客占比多少, 百分之几): only a figure that is one answers
 * it. A count on the line about the subject (回收问卷 2,015 份) is not its 回收率: answering a rate with
 * a count is a wrong figure, worse than saying the reports do not state it.
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import type { Answer } from '../model';
import { cleanLabel, displayLabel } from './metricLabels';
import { labelOf } from './metricFit';
import { finish, notFound, quote, staleNote, weekOf, withoutFigures, type ComposeInput } from './shared';

/** What the question asks for: the rate word it names (回收率, 占比), or '' for 百分之几 (any share). */
export interface AskedRate {
  word: string;
  /** The question's subject, without spaces */
  subject: string;
}

/**
 * Rates that are not shares, stated in their own units (频率 in 次/天, 功率 in W, 帧率 in fps, 汇率 as a
 * price, 效率 often as a count per person): the rule leaves them to the figure pickers.
 */
const NOT_A_SHARE = /(?:频|功|帧|码|汇|效|速|倍|采样|波特|刷新|分辨|比特)率$/;
/** Share words written in the question itself (jieba and the subject cutter drop them as question words). */
const SHARE_ASKED = /占比|比例|比率|百分比|百分之(?:几|多少)/;

/** The rate or share the question asks for, or null when it asks for none. */
export function askedRate(question: string, subject: string): AskedRate | null {
  const s = subject.normalize('NFKC').replace(/\s+/g, ' ');
  const bare = s.replace(/ /g, '');
  // The last word of the subject that ends in 率 (商户满意度问卷 回收率 → 回收率): two characters of its stem
  // name the rate as lines write it (问卷回收率 → 回收率; 费率 stays 费率).
  const words = s.match(/\p{Script=Han}*率(?!\p{Script=Han})/gu) ?? [];
  const last = words[words.length - 1];
  if (last && [...last].length >= 2) {
    const word = [...last].slice(-3).join('');
    return NOT_A_SHARE.test(word) ? null : { word, subject: bare };
  }
  const share = SHARE_ASKED.exec(question.normalize('NFKC'))?.[0];
  if (!share) return null;
  return { word: share.startsWith('百分之') ? '' : share, subject: bare };
}

/** 进度 45% answers 完成率: a completion figure is the rate of done work. */
const COMPLETION_WORD = /进度|完成/;
/** A measure's name inside a label: 好评率, 满意度, 占比. */
const MEASURE_IN_LABEL = /\p{Script=Han}{1,2}(?:率|度)|占比|比例/gu;

/**
 * A figure that is the asked rate: a percentage (%, ‰, 个百分点) or a done-of-total (455/520), or any
 * figure whose label writes the rate word. Strict, when it is sought among figures that fit the subject
 * less well than a count did: a percentage whose label names another measure (好评率 92%, 满意度 87%) is
 * not the asked 回收率. The best-fitting figure is held only to a measure the subject itself names as
 * something else (员工敬业度调研的回收率: 敬业度 91%): the question may name the asked measure in other
 * words than the line (闪退率 for 崩溃率).
 */
export function isRateFigure(item: StoredItem, metric: ItemMetric, rate: AskedRate, strict = false): boolean {
  const label = labelOf(item, metric).normalize('NFKC');
  if (rate.word && label.includes(rate.word)) return true;
  if (!isShare(metric)) return false;
  if (!rate.word.endsWith('率')) return true;
  const stem = [...rate.word.slice(0, -1)];
  // A measure sharing a character of the stem is the same one worded otherwise (利用率 for 使用率).
  const others = (label.match(MEASURE_IN_LABEL) ?? []).filter((m) => !(COMPLETION_WORD.test(m) && COMPLETION_WORD.test(rate.word)) && !stem.some((ch) => m.includes(ch)));
  return strict ? others.length === 0 : !others.some((m) => rate.subject.includes(m));
}

/**
 * When the lines about the subject state no figure that is the asked rate: the rate written with a bare
 * number (回收率 0.82, which the figure parser reads as no figure) on one of those lines, else not found,
 * saying what the reports do state (周报只写了…的份数，没有回收率。) with no figure and no date.
 */
export function rateNotStated(input: ComposeInput, rate: AskedRate, closest: { item: StoredItem; metric: ItemMetric }): Answer {
  const { question, subject } = input.analysis;
  const lines = [closest.item, ...input.matches.slice(0, 3).filter((i) => i !== closest.item)];
  if (rate.word) {
    const pattern = new RegExp(`${rate.word}\\s*(?:为|是|达到?|约|[:：])?\\s*(\\d+(?:\\.\\d+)?)(?![\\d.,]|\\s*[\\p{Script=Han}A-Za-z%‰])`, 'u');
    for (const item of lines) {
      const m = pattern.exec(item.text.normalize('NFKC'));
      if (m) return finish(question, [`${weekOf(item, input)}${rate.word}为 ${m[1]}。`, `原文：${quote(item)}。`, staleNote(item, input)], [item]);
    }
  }
  // The line's count says what the reports have (回收 312 份), rather than a share of another measure on it.
  const metric = isShare(closest.metric) ? closest.item.metrics.find((m) => !isShare(m)) ?? closest.metric : closest.metric;
  const what = withoutFigures(cleanLabel(displayLabel(closest.item, metric) || labelOf(closest.item, metric))).replace(/^[的了及和与、，,]+/, '');
  const asked = rate.word || '百分比';
  const stated = `${what || withoutFigures(subject)}的${countNoun(metric.unit)}`;
  return notFound(question, `周报只写了${stated}，没有${asked}。`);
}

/** A percentage (%, ‰, 个百分点) or a done-of-total (455/520). */
function isShare(metric: ItemMetric): boolean {
  return metric.unit === '%' || metric.unit === '‰' || metric.unit === '个百分点' || metric.unit.startsWith('/');
}

/** What a figure in this unit counts, in words: 份 → 份数, 元 → 金额, 小时 → 时长. */
export function countNoun(unit: string): string {
  if (/^[份个人次家笔台条项件套张户单门位名篇场轮]$/.test(unit)) return `${unit}数`;
  if (/元$/.test(unit)) return '金额';
  if (/^(?:ms|毫秒|秒|分钟|小时|天|周|个月)$/.test(unit)) return '时长';
  return '数字';
}
