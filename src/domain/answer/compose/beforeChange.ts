/**
 * The figure before: 之前 / 原来 ask for the first the reports give for a measure; 扩容前 / 优化前 for
 * the one just before that change, which the line stating the change gives (由 82% 降至 58%) or, when it
 * states only where the figure went (扩容完成，水位降至 58%), the week before it does. A question
 * asking the figure now as well (现在多少，扩容前是多少) gets both.
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import { endsWithLabel, finalValue, labelTail, sameLabel, sameRowHead } from './metricLabels';

/** Work that changes a figure, named before 前 (扩容前, 优化前, 迁移前). */
const CHANGE_DEEDS = '扩容|缩容|优化|改造|治理|升级|迁移|改版|重构|整改|切换|拆分|扩展|调优|压测|接入|上线';

/** 扩容前, not 优化前后 (the two reports around the work) nor 上线前三天 (a time before it). */
const BEFORE_DEED = `(${CHANGE_DEEDS})前(?!后|[一两三四五六七八九十几]?[周期天次个])`;

/** 之前 / 原来 / 最初 / 扩容前: the question asks for the earlier figure, not the newest. */
export const BEFORE_ASKED = new RegExp(`之前|以前|原来|原先|最早|最初|起初|一开始|当初|${BEFORE_DEED}`);

/** 现在多少，扩容前是多少: the newest figure is asked beside the earlier one. */
const NOW_ASKED = /现在|目前|当前|最新|如今|眼下/;

/** The change the question names before 前 (扩容 of 扩容前), or null for 之前 / 原来. */
function deedAsked(question: string): string | null {
  return new RegExp(BEFORE_DEED).exec(question)?.[1] ?? null;
}

/** How the answer names the earlier figure: the question's own 扩容前, else 之前. */
export function beforeWord(question: string): string {
  const deed = deedAsked(question);
  return deed ? `${deed}前` : '之前';
}

/** Whether the question asks for both the figure now and the figure before. */
export function asksNowAndBefore(question: string): boolean {
  return BEFORE_ASKED.test(question) && NOW_ASKED.test(question);
}

interface Pick {
  item: StoredItem;
  metric: ItemMetric;
}

/** The same measure as the pick's in a line of its story, or undefined. */
function sameMeasure(pick: Pick, item: StoredItem): ItemMetric | undefined {
  if (item === pick.item) return pick.metric;
  const same = (m: ItemMetric) => sameLabel(m.label, pick.metric.label) || labelTail(m.label) === labelTail(pick.metric.label) || sameRowHead(m, pick.metric) || endsWithLabel(m, pick.metric);
  return item.metrics.find((m) => m.unit === pick.metric.unit && same(m));
}

/** The same measure in the weeks of the item's story before a date, oldest first. */
function sameMeasureBefore(pick: Pick, timeline: StoredItem[], date: string): Pick[] {
  return timeline
    .filter((i) => i.reportDate < date)
    .map((item) => ({ item, metric: sameMeasure(pick, item) }))
    .filter((p): p is Pick => !!p.metric);
}

/** 降至 / 提升到 / 减少到: the line says where the figure moved to. */
const MOVED_TO = /(?:降|升|涨|减|增|压|缩|提|跌)[^\d，,。；;]{0,3}?[至到]/;

/**
 * The figure before, as it is to be said: for 扩容前, the start the newest line naming the change with a
 * moved figure gives (由 X 降至 Y), else the figure of the newest week before that line; otherwise
 * (之前, 原来, or no line names the change) where the oldest week of the story before the pick started.
 * newest: the newest statement of the measure, up to which a change is looked for.
 */
export function figureBefore<P extends Pick>(pick: P, question: string, timeline: StoredItem[], newest: Pick = pick): P {
  const deed = deedAsked(question);
  const story = [...new Set([...timeline, pick.item, newest.item])].sort((a, b) => a.reportDate.localeCompare(b.reportDate));
  if (deed) {
    const moved = story
      .filter((i) => i.reportDate <= newest.item.reportDate && i.text.includes(deed))
      .map((item) => ({ item, metric: item === newest.item ? newest.metric : sameMeasure(pick, item) }))
      .filter((p): p is Pick => !!p.metric && (startValue(p.item, finalValue(p.item, p.metric)) !== finalValue(p.item, p.metric) || MOVED_TO.test(p.item.text)));
    const change = moved[moved.length - 1];
    if (change) {
      const end = finalValue(change.item, change.metric);
      const start = startValue(change.item, end);
      if (start !== end) return { ...pick, item: change.item, metric: start };
      const earlier = sameMeasureBefore(change, story, change.item.reportDate);
      const last = earlier[earlier.length - 1];
      if (last) return { ...pick, item: last.item, metric: finalValue(last.item, last.metric) };
    }
  }
  const first = sameMeasureBefore(pick, story, pick.item.reportDate)[0] ?? pick;
  return { ...pick, item: first.item, metric: startValue(first.item, first.metric) };
}

/** 日均告警由 1,260 次降至 540 次: the figure the line starts from (the one before 至), in the same unit. */
export function startValue(item: StoredItem, metric: ItemMetric): ItemMetric {
  const i = item.metrics.indexOf(metric);
  const previous = item.metrics[i - 1];
  if (previous && previous.unit === metric.unit && finalValue(item, previous) === metric) return previous;
  return metric;
}
