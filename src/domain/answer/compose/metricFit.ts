/**
 * How well a stated figure fits a metric question: scores that pickMetric (metric.ts) adds up — the
 * label's words, the asked deed, unit, weekday, change or target — and the helpers that read a
 * figure's label and unit. Pure functions of the question, the line and its figures.
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import type { TimeScope } from '../questionScope';

/** A weekday as weekday-grid reports and questions write it (周一 … 周日). */
export const WEEKDAY = /周[一二三四五六日天]/;

/** A plan's or target's figure (目标准确率 92%) is not a measured value of the week. */
export const TARGET_LABEL = /目标|计划|预计|预期|期望/;

/** How many of the subject's two-character pieces the label has: 报名商户累计 shares more with 年终促销报名商户数 than 新商户. */
export function sharedBigrams(label: string, subject: string): number {
  const l = label.toLowerCase();
  const chars = [...subject.replace(/\s+/g, '')];
  let n = 0;
  for (let i = 0; i + 1 < chars.length; i++) if (l.includes(chars[i] + chars[i + 1])) n++;
  return n;
}

/** 进度 / 完成度 / 占比 ask for a share or a done-of-total, not a count. */
export function progressBonus(question: string, metric: ItemMetric): number {
  return /进度|完成度|率|占比|比例|百分/.test(question) && (metric.unit === '%' || metric.unit.startsWith('/')) ? 1 : 0;
}

/**
 * 进度 / 完成度 asked of a line that ends in a bare percentage after a gap (…，实验流量 20%\t\t85%) or
 * names it 进度: that figure is the line's completion, not the other percentages in its words.
 */
/** 进度 / 完成了多少 / 做到多少了 / 开发到百分之几: how far the work is, a completion figure. */
export const PROGRESS_ASKED = /进度|完成度|完成了?多少|百分之(?:几|多少)|(?:做|干|搞|弄|推进|开发|进行)到(?:了)?(?:多少|百分之|几成)/;

export function completionBonus(question: string, item: StoredItem, metric: ItemMetric): number {
  if (!PROGRESS_ASKED.test(question) || metric.unit !== '%') return 0;
  if (/进度|完成/.test(metric.label ?? '')) return 1;
  // The line as written: the gap before a completion column is collapsed in the item's text.
  const text = (item.rawLine || item.text).normalize('NFKC').trimEnd();
  return text.endsWith(metric.text) && /(?:\t|\s{2,})$/.test(text.slice(0, text.length - metric.text.length)) ? 1 : 0;
}

/** 310/520 and 455/520 are the same measure; so are 42mW and 35mW. */
export function unitKey(metric: ItemMetric): string {
  return metric.unit.startsWith('/') ? '/' : metric.unit;
}

/** The metric's label, else the clause before it in the line (报名商户累计 1,480 家: the parser leaves such a label empty). */
export function labelOf(item: StoredItem, metric: ItemMetric): string {
  if (metric.label) return metric.label;
  const text = item.text.normalize('NFKC');
  const at = text.indexOf(metric.text);
  if (at < 0) return '';
  const before = text.slice(0, at);
  let clause = before.split(/[，,。；;！!？?、|]/).pop() ?? '';
  // Another figure of the line before this one (实验流量 20%\t85%) is not part of its label.
  for (const m of item.metrics) if (m !== metric) clause = clause.split(m.text).join(' ');
  return clause.trim().slice(-16);
}

/** What a figure counts, by the deed: 38个离线指标中已完成开发35个 answers 完成了多少个 with 35. */
const ACTIONS = /完成|新增|减少|下线|上线|回收|修复|迁移|合入|覆盖|节省|拦截|补充|释放|发放|报名|学习|参会|处理|失败|延迟|耗时|提升|提高|增长|增加|下降|降低|剩余|剩|待处理/g;

/**
 * The question's deed (完成了多少个, 回收了多少份) is in the figure's label: that figure is the one
 * asked, even against a figure whose label repeats the subject (38个离线指标 is what is counted, not
 * how many are done). A deed that is part of the subject itself (上线后延迟) only breaks ties.
 */
export function actionBonus(question: string, subject: string, label: string): number {
  const asked = (question.match(ACTIONS) ?? []).filter((a) => label.includes(a));
  if (!asked.length) return 0;
  return asked.some((a) => !subject.includes(a)) ? 1.5 : 0.3;
}

/**
 * 比上次提升多少 / 较上周下降了多少: the change itself is asked, the figure whose label states the change
 * (较上次调研提升 3 分), not the level it reached (综合满意度 87 分).
 */
export function deltaBonus(question: string, label: string): number {
  const change = /(?:比|较|相比|环比|同比).{0,8}?(提升|提高|增加|增长|上涨|上升|下降|降低|减少)了?(?:多少|几)/.exec(question);
  if (change) return /(?:比|较)/.test(label) && label.includes(change[1]) ? 2 : 0;
  // 最后打了多少分 asks the level (综合满意度 87 分); a change against an earlier one (较上次调研提升 3 分) is not it.
  return CHANGE_LABEL.test(label.trim()) && !CHANGE_ASKED.test(question) ? -1 : 0;
}

/** A figure's label that states a change against an earlier one: 较上次调研提升, 环比下降. */
const CHANGE_LABEL = /(?:比|较|环比|同比).{0,10}?(?:提升|提高|增加|增长|上涨|上升|下降|降低|减少)了?$/;
/** The question asks how a figure moved (涨了多少, 降了几, 变化), not where it stands. */
const CHANGE_ASKED = /提升|提高|增加|增长|上涨|上升|下降|降低|减少|涨|降|跌|增|减|变化|变了|差(?:了)?多少|比(?![例率])/;

/**
 * 比上次高了几分 / 较上周多了多少: how far the figure moved since the time before, asked beside the figure
 * itself (得分多少，比上次高了几分). A colloquial 高 / 多 asks it as well as 提升 does.
 */
const MOVED_SINCE_ASKED = /(?:比|较|相比|跟|和)(?:上|前)一?(?:次|回|轮|周|期|个?月)[^，,。？?]{0,6}?(?:高|低|多|少|涨|降|升|增|减|快|慢|提升|提高|增加|增长|上涨|上升|下降|降低|减少)了?(?:多少|几)/;

/** The change the line states right after the picked figure (综合满意度 87 分，较上次调研提升 3 分), when the question asks it too. */
export function statedMove(question: string, item: StoredItem, metric: ItemMetric): ItemMetric | null {
  if (!MOVED_SINCE_ASKED.test(question) || CHANGE_LABEL.test(labelOf(item, metric).trim())) return null;
  const after = item.metrics.slice(item.metrics.indexOf(metric) + 1);
  return after.find((m) => CHANGE_LABEL.test(labelOf(item, m).trim())) ?? null;
}

/** 周二待机电流多少 / 12月5日那天待机功耗多少: in a weekday grid, the named day's figure. */
export function dayFit(day: string | null, label: string): number {
  return day && label.includes(day) ? 2 : 0;
}

/** The weekday the question names (周二), or the one of the day it names (12月5日那天, a Tuesday: 周二). */
export function askedWeekday(question: string, scope: TimeScope): string | null {
  const named = WEEKDAY.exec(question)?.[0];
  if (named) return named;
  if (scope.kind !== 'date' || !scope.day) return null;
  return `周${'日一二三四五六'[new Date(`${scope.iso}T12:00:00Z`).getUTCDay()]}`;
}

/** 离目标还差多少 / 离55%的目标还差几个点 / 离100分钟目标还差多少: how far the figure is from its target (compose/targetGap.ts); the figure is asked, not the target. */
export const GAP_ASKED = /(?:离|距离?)\s*(?:年底|年末|年终|年度|全年|今年|季度末?|本季度?|月底|本月)?的?\s*(?:\d+(?:\.\d+)?\s*(?:[%‰]|ms|s|分钟|分|小时|秒|天|万|元)?\s*的?)?\s*(?:目标|预期)值?.{0,6}?(?:差|远|多少|几)|(?:达到|达成|实现)目标(?:还)?(?:差|要)/;

/** 目标是多少 asks for the target (目标准确率 92%); otherwise a target is not the week's figure. */
export function targetFit(question: string, label: string): number {
  const target = TARGET_LABEL.test(label);
  if (/目标|计划|预计|预期/.test(question) && !GAP_ASKED.test(question)) return target ? 1 : 0;
  return target ? -0.5 : 0;
}

/** 多少台 / 几门 / 学习人次: a figure in the unit the question names fits it better. */
export function askedUnitBonus(question: string, metric: ItemMetric): number {
  const unit = metric.unit;
  if (unit.startsWith('/') || unit === '%') return 0;
  const counted = /(?:多少|几)\s*([\p{Script=Han}A-Za-z]+)/u.exec(question);
  if (counted && counted[1].startsWith(unit)) return 1;
  return [...unit].length >= 2 && question.includes(unit) ? 1 : 0;
}
