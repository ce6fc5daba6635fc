/** Metric questions: a figure, from the line whose label fits the question, and its trend across weeks. */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import type { Answer } from '../model';
import { isGoalItem } from '../match';
import { finish, notFound, quote, staleNote, weekOf, withoutFigures, type ComposeInput } from './shared';
import { composeStatus } from './status';
import { PROGRESS_ASKED, TARGET_LABEL, actionBonus, askedUnitBonus, askedWeekday, completionBonus, dayFit, deltaBonus, labelOf, progressBonus, sharedBigrams, statedMove, targetFit, unitKey } from './metricFit';
import { isSpelledCount, spelledCounts } from './spelledCounts';
import { figuresPerTeam } from './teamFigures';
import { figuresPerPart, subjectParts } from './subjectParts';
import { targetGap } from './targetGap';
import { BEFORE_ASKED, asksNowAndBefore, beforeWord, figureBefore } from './beforeChange';
import { cleanLabel, closestOfUnit, displayLabel, endsWithLabel, finalValue, labelTail, sameLabel, sameRowHead } from './metricLabels';
import { CHANGE_SINCE, CHANGE_SINCE_PREVIOUS } from '../question';
import { askedRate, isRateFigure, rateNotStated } from './rateAsked';
import { askedUnit, fitsUnit, unitNotStated } from './unitAsked';

/** A weekday as weekday-grid reports and questions write it (周一 … 周日). */
const WEEKDAYS = /周[一二三四五六日天]/g;

interface MetricPick {
  item: StoredItem;
  metric: ItemMetric;
  score: number;
}

export function composeMetric(input: ComposeInput): Answer {
  const { analysis } = input;
  const rank = RANK_ASKED.test(analysis.question) ? rankIn(input) : null;
  if (rank) return rank;
  const parts = subjectParts(analysis.subject, analysis.question);
  // 排序v5的实验流量跟向量召回那次比哪个大: each item's figure, named, and which is ahead.
  const compared = figuresPerPart(input, parts, pickMetric, (f) => displayLabel(f.item, f.metric) || labelOf(f.item, f.metric));
  if (compared) return compared;
  if (parts.length > 1) {
    const picks = parts.map((p) => pickMetric(input, p)).filter((p): p is MetricPick => !!p);
    if (picks.length === parts.length && new Set(picks.map((p) => p.metric)).size === picks.length) {
      const text = picks.map((p) => `${p.metric.label ?? ''}为 ${finalValue(p.item, p.metric).text}`).join('，');
      return finish(analysis.question, [`${weekOf(picks[0].item, input)}${text}。`, staleNote(picks[0].item, input)], picks.map((p) => p.item));
    }
  }
  // 清结算和支付中心健康分谁高: each named team's figure, not the first team's alone.
  const perTeam = figuresPerTeam(input, pickMetric, (f) => displayLabel(f.item, f.metric) || labelOf(f.item, f.metric));
  if (perTeam) return perTeam;
  let chosen = pickMetric(input, analysis.subject);
  // Only a rate answers a rate (回收率 of a line giving 回收问卷 2,015 份: rateAsked.ts), and only a figure of
  // the asked kind answers 花了多少人天 (not 1,150 条回归用例: unitAsked.ts). Another line's figure that fits
  // takes over when it scores close enough; otherwise the answer says what the reports do state.
  const rate = askedRate(analysis.question, analysis.subject);
  const unit = rate ? null : askedUnit(analysis.question);
  const asked = rate
    ? { fits: (i: StoredItem, m: ItemMetric) => isRateFigure(i, m, rate), fitsLoosely: (i: StoredItem, m: ItemMetric) => isRateFigure(i, m, rate, true), notStated: (c: MetricPick) => rateNotStated(input, rate, c) }
    : unit
      ? { fits: (i: StoredItem, m: ItemMetric) => fitsUnit(i, m, unit), fitsLoosely: (i: StoredItem, m: ItemMetric) => fitsUnit(i, m, unit), notStated: (c: MetricPick) => unitNotStated(input, unit, c) }
      : null;
  if (asked && chosen && !asked.fits(chosen.item, chosen.metric)) {
    const fitting = pickMetric(input, analysis.subject, asked.fitsLoosely);
    if (!fitting || (fitting.item !== chosen.item && fitting.score < chosen.score - RATE_MARGIN)) return asked.notStated(chosen);
    chosen = fitting;
  }
  if (!chosen) return figureInAskedUnit(input) ?? measureNotStated(input) ?? composeStatus(input);
  if (isSpelledCount(chosen.metric)) {
    // 两个线上 badcase: the count and what it counts, as the line words them.
    return finish(analysis.question, [`${weekOf(chosen.item, input)}共 ${chosen.metric.text}。`, `原文：${quote(chosen.item)}。`, staleNote(chosen.item, input)], [chosen.item]);
  }
  // 什么进度 answered by a count of the line (灰度升级失败 2 次) is not a progress: the line's status answers.
  if (/什么进度|进度如何|进度怎么样|到哪/.test(analysis.question) && !isProgressFigure(chosen.metric)) return composeStatus(input);
  const picked = askedWeekday(analysis.question, analysis.scope) ? chosen : lastOfDay(chosen);
  const bare = bareFigure(picked, analysis.subject);
  if (bare) {
    // 离线 AUC 0.772 70%: the asked figure has no unit, so the parser left it in the next figure's label.
    return finish(analysis.question, [`${weekOf(picked.item, input)}${bare.label}为 ${bare.value}。`, `原文：${quote(picked.item)}。`, staleNote(picked.item, input)], [picked.item]);
  }
  // 告警收敛之前日均告警有多少: the figure before the change, the first the reports give for it.
  const since = CHANGE_SINCE.test(analysis.question);
  // 现在多少，扩容前是多少: the newest figure, then the one before (beforeChange.ts).
  const before = BEFORE_ASKED.test(analysis.question) && !since && !(analysis.scopeExplicit && analysis.scope.kind !== 'latest');
  const nowToo = before && asksNowAndBefore(analysis.question);
  const newestPick = latestOfSameItem(picked, input);
  const earlier = before ? figureBefore(picked, analysis.question, input.timeline, newestPick) : null;
  const best = before && !nowToo ? earlier! : newestPick;
  const value = before && !nowToo ? best.metric : finalValue(best.item, best.metric);
  // 什么进度 of an item whose newest week states no figure (开发进度70% → 开发完成，预计12/12提测): the
  // newest week's words answer, not the old figure.
  const newest = input.timeline[input.timeline.length - 1];
  const namedWeek = analysis.scopeExplicit && analysis.scope.kind !== 'latest';
  if (!namedWeek && /进度|进展|到哪/.test(analysis.question) && newest && newest.reportDate > best.item.reportDate && !newest.metrics.length) {
    return composeStatus(input);
  }

  // 提升到多少 / 涨到多少 ask for the figure reached; 提升了多少 / 涨了吗 ask how it moved.
  const asksChange = since || analysis.scope.kind === 'all' || /变化|怎么变|如何变|趋势|走势|(?:提升|下降|涨|跌)(?![到至])|比上周|环比/.test(analysis.question);
  if (asksChange) {
    const version = versionsOf(best.item.text);
    const timelineSeries = input.timeline
      .filter((item) => !version || !versionsOf(item.text) || versionsOf(item.text) === version)
      .map((item) => ({ item, metric: item.metrics.find((m) => sameLabel(m.label, best.metric.label)) ?? closestOfUnit(item, best.metric) }))
      .filter((p): p is { item: StoredItem; metric: ItemMetric } => !!p.metric);
    const trend = analysis.scope.kind === 'all' ? weeklySeries(input, picked) : null;
    // The wider series (the figure's lines in every week of the team) when it covers more weeks than
    // the one item's chain: a figure is often restated in a differently worded line.
    const wide = trend && trend.points.length >= timelineSeries.length ? trend.points : timelineSeries;
    // 比前一周涨了几个点: the last step, the newest figure and the one before it.
    const series = CHANGE_SINCE_PREVIOUS.test(analysis.question) ? wide.slice(-2) : wide;
    if (series.length > 1) {
      // 由 18% 提升至 26%: the week's starting figure is part of the trend too.
      const step = (p: SeriesPoint) => {
        if (p.also?.length) return [p.metric, ...p.also].map((m) => m.text).join(' → ');
        const end = finalValue(p.item, p.metric);
        return end === p.metric ? end.text : `${p.metric.text} → ${end.text}`;
      };
      const trail = series.map((p) => `${p.item.weekLabel} ${step(p)}`).join(' → ');
      const label = wide === trend?.points ? trend.label : cleanLabel(best.metric.label);
      return finish(analysis.question, [`${label || '该指标'}：${trail}。`], [series[series.length - 1].item, ...series.map((p) => p.item)]);
    }
  }
  // A completion column (…\t\t70%) is the item's progress, whatever words precede it.
  const label = completionBonus(analysis.question, best.item, best.metric) > 0 && !/进度|完成/.test(best.metric.label ?? '') ? '进度' : displayLabel(best.item, best.metric) || labelOf(best.item, best.metric) || analysis.subject;
  // 离目标还差多少: the target the item's weeks state and the gap, after the figure.
  const gap = targetGap(analysis.question, best.item, value, input.timeline);
  // 比上次高了几分: the change the line states beside the figure, said after it.
  const moved = statedMove(analysis.question, best.item, value);
  // 首批3家商户: the figure carries its own noun (家商户), which is no label to say it again with.
  const said = label && value.text.endsWith(label) ? `：${value.text}` : `${label}为 ${value.text}`;
  const then = nowToo && earlier && earlier.metric !== value ? `；${beforeWord(analysis.question)}${earlier.item === best.item ? '' : `（${earlier.item.weekLabel}）`}为 ${earlier.metric.text}` : '';
  const parts2 = [`${weekOf(best.item, input)}${said}${moved ? `，${cleanLabel(labelOf(best.item, moved))} ${moved.text}` : ''}${gap ? `；${gap}` : ''}${then}。`];
  if (said.startsWith('：') || !best.item.text.includes(label) || best.item.text.length <= 60) parts2.push(`原文：${quote(best.item)}。`);
  if (then && earlier!.item !== best.item) parts2.push(`原文：${quote(earlier!.item)}。`);
  // The earlier figure is old by design: later weeks did mention the item.
  if (!before || nowToo) parts2.push(staleNote(best.item, input));
  return finish(analysis.question, parts2, then ? [best.item, earlier!.item] : [best.item]);
}

/** 排名第几 / 排第几: a rank, which the line writes as 排名（中心）第N, not a figure with a unit. */
const RANK_ASKED = /排名|排第几|排在第几|第几名/;

function rankIn(input: ComposeInput): Answer | null {
  for (const item of input.matches.slice(0, 3)) {
    const m = /排(?:名|在)?[^\d，,。；;]{0,6}?第\s*(\d+)\s*(?:名|位)?/.exec(item.text.normalize('NFKC'));
    if (!m) continue;
    const score = scoreBesideRank(input, item);
    const stated = score ? `${cleanLabel(score.label)}为 ${score.text}，排名第 ${m[1]}` : `排名第 ${m[1]}`;
    return finish(input.analysis.question, [`${weekOf(item, input)}${stated}。`, `原文：${quote(item)}。`, staleNote(item, input)], [item]);
  }
  return null;
}

/**
 * 健康分多少，排名第几 / 健康分和排名: the question also asks for a figure of the same line besides the
 * rank (its label's words are in the question, and a second ask: 多少, 和, a comma). 健康分排名第几
 * asks for the rank alone.
 */
function scoreBesideRank(input: ComposeInput, item: StoredItem): ItemMetric | null {
  const asked = input.analysis.question.normalize('NFKC').replace(RANK_ASKED, ' ').toLowerCase();
  if (!/多少|几分|以及|和|与|及|、|,|分数|得分/.test(asked)) return null;
  const fits = item.metrics.filter((metric) => {
    const label = cleanLabel(metric.label).toLowerCase();
    const tail = label.slice(-Math.min(label.length, 3));
    return [...tail].length >= 2 && asked.includes(tail);
  });
  return fits[0] ?? null;
}

/**
 * 视频教程出了几集: a figure in a unit the parser does not read as one (3 集) is still the answer when
 * the question names that unit: the number written right before it in the best line.
 */
function figureInAskedUnit(input: ComposeInput): Answer | null {
  const unit = /(?:多少|几)\s*(\p{Script=Han})/u.exec(input.analysis.question)?.[1];
  if (!unit) return null;
  for (const item of input.matches.slice(0, 3)) {
    const m = new RegExp(`(\\d[\\d,.]*)\\s*${unit}`).exec(item.text.normalize('NFKC'));
    if (m) {
      return finish(input.analysis.question, [`${weekOf(item, input)}为 ${m[1]} ${unit}。`, `原文：${quote(item)}。`, staleNote(item, input)], [item]);
    }
  }
  return null;
}

/**
 * 退款成功率是多少, where the lines about 退款 state no 成功率 (their later weeks may, about another
 * figure of the item): a rate or degree the question names and no matched line states is not in the
 * reports. Its status is not an answer to "how much", and a nearby line's date is worse than none.
 */
function measureNotStated(input: ComposeInput): Answer | null {
  const subject = input.analysis.subject.normalize('NFKC').replace(/\s+/g, '');
  const measure = /\p{Script=Han}{2}[率度]$/u.exec(subject)?.[0];
  // 进度 / 程度 ask where the work stands, which its status answers; 年度 / 季度 are periods.
  if (!measure || /(?:进|程|年|季|月|态|力)度$/.test(measure)) return null;
  if (input.matches.slice(0, 3).some((item) => item.text.normalize('NFKC').includes(measure))) return null;
  return notFound(input.analysis.question, `周报没有写${withoutFigures(subject)}的数字。`);
}

/**
 * A label that ends in a bare number (离线 AUC 0.772, before the line's 70%) holds a figure without a
 * unit; when the question names that label's words (AUC), that number is the answer.
 */
function bareFigure(pick: MetricPick, subject: string): { label: string; value: string } | null {
  const m = /^(.*?[\p{Script=Han}A-Za-z])\s*(\d+(?:\.\d+)?)$/u.exec(cleanLabel(pick.metric.label));
  if (!m) return null;
  const label = m[1].trim();
  const tail = (label.split(/[\s，,：:]/).pop() ?? '').toLowerCase();
  return [...tail].length >= 2 && subject.toLowerCase().replace(/\s+/g, '').includes(tail) ? { label, value: m[2] } : null;
}

/**
 * A weekday grid's row states the measure once a day (周二 待机功耗 31mW；周三 待机功耗 28mW): the
 * week's figure is the last day's, unless the question names a day.
 */
function lastOfDay(pick: MetricPick): MetricPick {
  const days = pick.item.text.match(WEEKDAYS) ?? [];
  if (days.length < 2) return pick;
  const same = pick.item.metrics.filter((m) => unitKey(m) === unitKey(pick.metric));
  return { ...pick, metric: same[same.length - 1] ?? pick.metric };
}

/**
 * 现在多少: when the item's own later weeks (its timeline) state the same figure again, the newest
 * one answers, unless the question named a week.
 */
function latestOfSameItem(pick: MetricPick, input: ComposeInput): MetricPick {
  const kind = input.analysis.scope.kind;
  if (input.analysis.scopeExplicit && kind !== 'latest' && kind !== 'all') return pick;
  // A completion column (…\t\t85%) is the same measure every week, whatever the line's words.
  const question = input.analysis.question;
  const completion = completionBonus(question, pick.item, pick.metric) > 0;
  const later = input.timeline
    .filter((i) => i.reportDate > pick.item.reportDate)
    .map((item) => ({ item, metric: item.metrics.find((m) => sameLabel(m.label, pick.metric.label) || labelTail(m.label) === labelTail(pick.metric.label) || sameRowHead(m, pick.metric) || endsWithLabel(m, pick.metric) || (completion && completionBonus(question, item, m) > 0)) }))
    .filter((p): p is { item: StoredItem; metric: ItemMetric } => !!p.metric);
  const newest = later[later.length - 1] ?? sameMeasureLater(pick, input);
  return newest ? { ...newest, score: pick.score } : pick;
}

/**
 * The same measure stated again in a later report of the team, in a line worded otherwise (检索召回评测，
 * Top5 召回率 86% → 重排模型接入完成，Top5 召回率提升至 91%): the same label and unit, by the same owner.
 * A short label (进度, 准确率) says too little to be the same measure on its own: the owner must match.
 */
function sameMeasureLater(pick: MetricPick, input: ComposeInput): { item: StoredItem; metric: ItemMetric } | undefined {
  const label = cleanLabel(pick.metric.label);
  const owner = pick.item.owner;
  if (!input.reportsOfTeam || !owner || [...label].length < 3) return undefined;
  let found: { item: StoredItem; metric: ItemMetric } | undefined;
  for (const report of input.reportsOfTeam(pick.item.team).filter((r) => r.reportDate > pick.item.reportDate)) {
    for (const item of input.itemsOfReport(report.id)) {
      if (item.owner !== owner || isGoalItem(item)) continue;
      const metric = item.metrics.find((m) => m.unit === pick.metric.unit && cleanLabel(m.label) === label);
      if (metric) found = { item, metric: finalValue(item, metric) };
    }
  }
  return found;
}

/** How much worse than the best figure a rate may fit and still be about the same subject. */
const RATE_MARGIN = 1;

function pickMetric(input: ComposeInput, subject: string, keep: (item: StoredItem, metric: ItemMetric) => boolean = () => true): MetricPick | null {
  const s = subject.toLowerCase();
  // 几个 / 多少个: counts written in Chinese numerals (两个币种) are figures too.
  const counting = COUNT_IN_MEASURE.test(input.analysis.question);
  const day = askedWeekday(input.analysis.question, input.analysis.scope);
  const candidates = input.matches.slice(0, 12).flatMap((item, rank) =>
    [...item.metrics, ...(counting ? spelledCounts(item.text) : [])].filter((metric) => keep(item, metric)).map((metric) => ({
      item,
      metric,
      score:
        labelFit(labelOf(item, metric), s) +
        2 * ownTextFit(item.text, s) +
        askedUnitBonus(input.analysis.question, metric) +
        completionBonus(input.analysis.question, item, metric) +
        actionBonus(input.analysis.question, s, labelOf(item, metric)) +
        deltaBonus(input.analysis.question, labelOf(item, metric)) +
        targetFit(input.analysis.question, labelOf(item, metric)) +
        dayFit(day, labelOf(item, metric)) -
        (isGoalItem(item) && !input.analysis.asksPlan ? 1 : 0) -
        rank * 0.05,
    })),
  );
  candidates.sort((a, b) => b.score - a.score);
  // 做到多少了 / 进度: how far the work is; a target or a throughput under the same heading is not it
  // (完成了多少个 / 多少笔 name the unit asked, which picks the figure instead).
  const unitAsked = /(?:多少|几)\s*(?![了呀啊呢吗？?，,。\s]|$)/.test(input.analysis.question);
  if (!unitAsked && PROGRESS_ASKED.test(input.analysis.question) && candidates.some((c) => isProgressFigure(c.metric))) {
    candidates.splice(0, candidates.length, ...candidates.filter((c) => isProgressFigure(c.metric)));
  }
  const best = candidates[0];
  if (!best) return null;
  // Unless a week was named, the newest statement of the same measure answers: a label worded a
  // little differently that week (回收 1,130 份 → 回收问卷 2,015 份) fits the question almost as well.
  const kind = input.analysis.scope.kind;
  if (input.analysis.scopeExplicit && kind !== 'latest') return best;
  const close = candidates.filter((c) => c.metric.unit === best.metric.unit && c.score >= best.score - NEAR_FIT && c.item.team === best.item.team && !isGoalItem(c.item));
  return close.reduce((a, b) => (b.item.reportDate > a.item.reportDate ? b : a), best);
}

/** A share (70%), a done-of-total (455/520) or a figure labelled as progress or completion. */
function isProgressFigure(metric: ItemMetric): boolean {
  return metric.unit === '%' || metric.unit.startsWith('/') || /进度|完成|进展/.test(metric.label ?? '');
}

/** 几个 / 多少位 / 几家: a count in a measure word. */
const COUNT_IN_MEASURE = /(?:几|多少)\s*[个项位家台条种名件款类套]/;

/** How much worse a figure's fit may be and still count as the same measure stated again. */
const NEAR_FIT = 0.5;

/** Longest run of the label found in the subject, as a share of the label, plus a bonus for whole containment. */
function labelFit(label: string, subject: string): number {
  const l = cleanLabel(label).toLowerCase();
  if (!l) return 0;
  let longest = 0;
  for (let i = 0; i < l.length; i++) {
    for (let j = i + longest + 1; j <= l.length; j++) {
      if (subject.includes(l.slice(i, j))) longest = j - i;
      else break;
    }
  }
  return longest / l.length + (subject.includes(l) ? 0.5 : 0) + longest * 0.1;
}

function ownTextFit(text: string, subject: string): number {
  const t = text.toLowerCase();
  let shared = 0;
  const chars = [...new Set(subject.replace(/\s/g, ''))];
  for (const ch of chars) if (t.includes(ch)) shared++;
  return chars.length ? shared / chars.length : 0;
}

interface SeriesPoint {
  item: StoredItem;
  metric: ItemMetric;
  /** More figures of the same measure later in the same line (a weekday grid: 周四 42mW，周五 35mW) */
  also?: ItemMetric[];
}


/**
 * 这几周怎么变化: one figure a week, from every line of the best match's team that is about the
 * subject (the timeline and the other matches), in the unit most weeks state. A figure is often
 * restated in a differently worded line (首日报名商户 326 家 → 报名商户累计 1,480 家 → 最终报名商户
 * 2,036 家), which the one item's chain does not follow. Within a week the line whose label fits
 * the subject best gives the figure; next-week goals and targets never do.
 */
function weeklySeries(input: ComposeInput, picked: MetricPick): { label: string; points: SeriesPoint[] } | null {
  const team = picked.item.team;
  const subject = input.analysis.subject.toLowerCase();
  const askedTarget = TARGET_LABEL.test(input.analysis.question);
  // Another version of the item (反欺诈模型 v3.3 after v3.2) is another item: its figures are not this one's trend.
  const version = versionsOf(picked.item.text);
  const pool = [...new Set([...input.timeline, ...input.matches.filter((m) => m.team === team)])].filter(
    (i) => i.team === team && !isGoalItem(i) && (!version || !versionsOf(i.text) || versionsOf(i.text) === version),
  );
  const question = input.analysis.question;
  const candidates = pool.flatMap((item) =>
    item.metrics
      .filter((m) => askedTarget || !TARGET_LABEL.test(labelOf(item, m)))
      .map((metric) => ({ item, metric, unit: unitKey(metric), fit: sharedBigrams(labelOf(item, metric), subject) + 3 * completionBonus(question, item, metric), asked: askedUnitBonus(question, metric) + progressBonus(question, metric) })),
  );
  if (!candidates.length) return null;
  // The unit the question asks for (学习人次, 进度), else the one most weeks state, then the best-fitting one.
  const byUnit = new Map<string, { weeks: Set<string>; fit: number; asked: number }>();
  for (const c of candidates) {
    const u = byUnit.get(c.unit) ?? { weeks: new Set<string>(), fit: 0, asked: 0 };
    u.weeks.add(c.item.reportDate);
    u.fit = Math.max(u.fit, c.fit);
    u.asked = Math.max(u.asked, c.asked);
    byUnit.set(c.unit, u);
  }
  const rankOf = (u: { weeks: Set<string>; fit: number; asked: number }) => (u.fit > 0 ? 1 : 0) * 100 + u.asked * 10 + u.weeks.size + Math.min(u.fit, 9) * 0.01;
  const units = [...byUnit].sort((a, b) => rankOf(b[1]) - rankOf(a[1]));
  if (!units.length) return null;
  const unit = units[0][0];
  const perWeek = new Map<string, (typeof candidates)[number]>();
  for (const c of candidates.filter((x) => x.unit === unit)) {
    const held = perWeek.get(c.item.reportDate);
    if (!held || c.fit > held.fit) perWeek.set(c.item.reportDate, c);
  }
  const points = [...perWeek.values()]
    .sort((a, b) => a.item.reportDate.localeCompare(b.item.reportDate))
    .map(({ item, metric, fit }): SeriesPoint => {
      // The same measure again later in the line (周四 42mW，周五 35mW): the week's own trail.
      const at = item.metrics.indexOf(metric);
      const also = fit > 0 ? item.metrics.slice(at + 1).filter((m) => unitKey(m) === unit && sharedBigrams(labelOf(item, m), subject) + 3 * completionBonus(question, item, m) === fit) : [];
      return also.length ? { item, metric, also } : { item, metric };
    });
  const best = [...perWeek.values()].reduce((a, b) => (b.fit > a.fit ? b : a));
  const label = completionBonus(question, best.item, best.metric) > 0 ? '进度' : cleanLabel(labelOf(best.item, best.metric));
  return { label: label.replace(/^(?:周[一二三四五六日])\s*/, ''), points };
}

/** The versions a line names (v3.2, 5.6), as one key, or '' when it names none. */
function versionsOf(text: string): string {
  return (text.normalize('NFKC').toLowerCase().match(/\bv\d+(?:\.\d+)*\b|(?<![\d.])\d+\.\d+(?:\.\d+)?(?=\s*(?:版本?|$|\s*[（(]))/g) ?? []).map((v) => v.replace(/^v/, '')).sort().join(',');
}
