/**
 * A unit or kind of figure asked (花了多少人天, 用了几天, 花了多少钱, 投入多少人, 几台): only a figure of a
 * compatible unit answers it. A line about the subject that states a count of another thing (1,150 条
 * 回归用例) does not say how many person-days the work took: answering 多少人天 with 1,150 条 is an
 * invented fact, worse than saying what the reports do state (the held-out batch's h715).
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import type { Answer } from '../model';
import { labelOf } from './metricFit';
import { notFound, withoutFigures, type ComposeInput } from './shared';
import { countNoun } from './rateAsked';

/** The kinds of figure a question can name, each with the units a line writes it in. */
type Kind = 'effort' | 'time' | 'money' | 'people' | 'size' | 'score' | 'counter';

export interface AskedUnit {
  kind: Kind;
  /** The word the question asks with (人天, 钱, 台): a figure whose label writes it answers too. */
  word: string;
}

/** Units of each kind, as the figure parser (reports/figures.ts) reads them. */
const UNITS: Record<Exclude<Kind, 'counter'>, RegExp> = {
  effort: /^(?:人天|人日|人月|人周|人时)$/,
  time: /^(?:ns|ps|us|μs|ms|毫秒|秒|s|分钟|min|小时|h|天|日|周|个月|月|年|工作日)$/,
  money: /^(?:元|万元|亿元|万|亿|千元|块)$/,
  people: /^(?:人|名|位|人次|万人)$/,
  size: /^(?:KB|MB|GB|TB|PB)$/i,
  score: /^分$/,
};

/** What the word after 多少 / 几 asks for; counters the question names as their own kind. */
const COUNTED: Array<[RegExp, Kind]> = [
  [/^(?:人天|人日|人月|人周|人时)/, 'effort'],
  [/^(?:天|日|周|个月|小时|分钟|秒|毫秒|ms|年|工作日|个工作日)/i, 'time'],
  [/^(?:钱|元|块|万元|亿元|经费)/, 'money'],
  [/^(?:人|名|位)(?!民)/, 'people'],
  [/^(?:gb|tb|mb|kb|pb)/i, 'size'],
  // 多少分 / 几分: a score (分钟 is a duration, read above).
  [/^分(?![钟之布析配享摊批期支行组区类])/, 'score'],
];
/** Measure words in the question that name the kind of figure (成本多少, 耗时多久, 投入多少人力). */
const MEASURE_WORDS: Array<[RegExp, Kind, string]> = [
  [/人力|工作量|人天|人日/, 'effort', '人天'],
  [/多久|多长时间|耗时|时长|用时|工期/, 'time', '时长'],
  [/成本|费用|预算|花费|多少钱|开销|经费/, 'money', '金额'],
  // 综合得分多少: a score, not the count of questionnaires beside it (回收问卷 2,015 份).
  [/得分|评分|打分|分数/, 'score', '得分'],
];
/** Counters that name one kind of thing (几台, 多少笔): the line writes the same counter. 个/项/种 count anything. */
const SPECIFIC_COUNTER = /^[台家笔次条份篇场轮张套件户单门行帧步]/;

/** The unit or kind of figure the question asks for, or null when it names none (多少, 几个). */
export function askedUnit(question: string): AskedUnit | null {
  const q = question.normalize('NFKC').replace(/\s+/g, '');
  // 这几周 / 近几天 / 前几天 name a span of weeks, not a duration asked.
  const counted = /(?:多少|(?<![这近前后去头好哪上下]|最近)几)(?![\p{Script=Han}]{1,2}(?:下来|以来))([\p{Script=Han}A-Za-z]{1,4})/u.exec(q)?.[1];
  if (counted) {
    for (const [pattern, kind] of COUNTED) {
      const m = pattern.exec(counted);
      if (m) return { kind, word: kind === 'money' ? '金额' : kind === 'score' ? '得分' : m[0] };
    }
    const counter = SPECIFIC_COUNTER.exec(counted)?.[0];
    if (counter) return { kind: 'counter', word: counter };
  }
  for (const [pattern, kind, word] of MEASURE_WORDS) if (pattern.test(q)) return { kind, word };
  return null;
}

/** Words a figure's label may carry for each kind (投入 5 人天 → no; 耗时 3, 成本 12 → the bare figure's label). */
const LABEL_WORDS: Record<Kind, RegExp> = {
  effort: /人力|人天|人日|工作量/,
  time: /耗时|时长|用时|工期|天数|时间/,
  money: /金额|成本|费用|预算|花费|经费/,
  people: /人数|人员|人力/,
  size: /容量|大小|空间|存储/,
  score: /得分|评分|分数|打分/,
  counter: /$^/,
};

/**
 * A figure of the asked kind: a bare number (no unit), a unit of the kind, the counter itself (几台 ↔ 台,
 * 台次), or a figure whose label names what is asked.
 */
export function fitsUnit(item: StoredItem, metric: ItemMetric, asked: AskedUnit): boolean {
  const unit = metric.unit.normalize('NFKC');
  if (!unit) return true;
  const label = labelOf(item, metric).normalize('NFKC');
  if (label.includes(asked.word) || LABEL_WORDS[asked.kind].test(label)) return true;
  // A counter asked (几台, 多少条) is met by any count (lines count alarms in 条 or 次, 600万 笔): only a
  // figure of another kind (人天, 分钟, 元, GB, a share) is not one.
  if (asked.kind === 'counter') return !(UNITS.effort.test(unit) || UNITS.time.test(unit) || /元$/.test(unit) || UNITS.size.test(unit) || unit === '%' || unit === '‰' || unit === '个百分点');
  return UNITS[asked.kind].test(unit);
}

/**
 * None of the lines about the subject states a figure of the asked kind: not found, saying what they do
 * state (周报只写了回归用例迁移的条数和通过率，没有人天。) with no figure and no date.
 */
export function unitNotStated(input: ComposeInput, asked: AskedUnit, closest: { item: StoredItem; metric: ItemMetric }): Answer {
  const { question, subject } = input.analysis;
  const nouns = [...new Set(closest.item.metrics.map((m) => nounOf(closest.item, m)))];
  // The subject without the question's own verbs (回归用例迁移一共花的 → 回归用例迁移).
  const what = withoutFigures(subject).replace(/\s+/g, '').replace(/(?:一共|总共|花了|花费|花钱|花的|用了|用的|投入|耗时|耗费|需要|几|多少).*$/, '').replace(/[了的共]+$/, '').replace(/[用花]$/, (v) => (question.includes(`${v}了`) ? '' : v)) || withoutFigures(subject);
  const stated = nouns.length > 1 ? `${nouns.slice(0, -1).join('、')}和${nouns[nouns.length - 1]}` : nouns[0];
  const missing = asked.kind === 'counter' ? `${asked.word}数` : asked.kind === 'money' ? '金额' : asked.kind === 'time' ? '时长' : asked.kind === 'people' ? '人数' : asked.word;
  return notFound(question, `周报只写了${what}的${stated}，没有${missing}。`);
}

/** What a figure states, in words: a share by its measure (通过率), a count by its counter (条数). */
function nounOf(item: StoredItem, metric: ItemMetric): string {
  if (metric.unit === '%' || metric.unit === '‰' || metric.unit === '个百分点') {
    const measure = withoutFigures(labelOf(item, metric).normalize('NFKC')).match(/\p{Script=Han}{1,2}(?:率|度)|占比|比例/gu);
    return measure?.[measure.length - 1] ?? '百分比';
  }
  return countNoun(metric.unit);
}
