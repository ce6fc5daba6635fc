/** When-questions: a date, and how it moved (计划 12/5 → 推迟至 12/8 → 已于 12/8 上线). */
import type { ItemDate, ItemStatus } from '../../reports/model';
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem } from '../../records';
import { isGoalItem } from '../match';
import type { Answer } from '../model';
import { gridDayAnswer, gridDeedAnswer } from './gridDay';
import { EVENT_REACHED_BY, STATUS_WORDS, effectiveStatus, finish, quote, staleNote, weekOf, type ComposeInput } from './shared';

interface DatedMention {
  item: StoredItem;
  date: ItemDate;
  /** The date is a superseded plan in its own line: 由12/5推迟至…, （原计划12/5） */
  superseded: boolean;
}

/** Dates for the event through the timeline, oldest report first, in the order the plans were made. */
function mentionsOf(timeline: StoredItem[], event: string | null): DatedMention[] {
  const out: DatedMention[] = [];
  for (const item of timeline) {
    const text = item.text.normalize('NFKC');
    // An undated-event date stands for the asked event only when its own words name no other (报名于12/6截止).
    const dates = item.dates.filter((d) => !event || d.event === event || (d.event === null && item.dates.length === 1 && !ownEventOf(text, d, event)));
    const withRole = dates.map((date) => {
      const at = text.indexOf(date.text);
      const before = at > 0 ? text.slice(Math.max(0, at - 4), at) : '';
      return { item, date, superseded: /原计划|原定|原|由/.test(before) };
    });
    // Superseded plans first, so 预计12/8提测（原计划12/5） reads 12/5 → 12/8.
    out.push(...withRole.filter((m) => m.superseded), ...withRole.filter((m) => !m.superseded));
  }
  return out;
}

/** A plan is a date written as a plan, or any date in a line that reports a delay (推迟至 12/8). */
function isPlan(m: DatedMention): boolean {
  return m.date.planned || m.item.status === 'delayed' || m.superseded;
}

export function composeWhen(input: ComposeInput): Answer {
  const { analysis, timeline } = input;
  const latest = timeline[timeline.length - 1] ?? input.matches[0];
  // 鸿蒙版一期什么时候立项的: a deed the reports state without a date of its own (立项，预计1/15完成 Demo)
  // is answered with the report that states it, not with another step's date in the same line.
  const deed = analysis.event ? (UNDATED_DEEDS.test(analysis.event) ? analysis.event : null) : subjectDeed(analysis.subject);
  // A date the story reports as happened (已于11/29完成续期) answers before any undated statement.
  if (deed && !timeline.some((i) => i.dates.some((d) => d.event === deed || !d.planned))) {
    const stated = timeline.find((i) => statesUndatedDeed(i, deed));
    if (stated) {
      const inGrid = gridDeedAnswer(input, stated, deed);
      if (inGrid) return inGrid;
      return finish(analysis.question, [`${weekOf(stated, input)}周报记录了${deed}，没有写明具体日期：${quote(stated)}。`], [stated]);
    }
  }
  // 差分算法移植是哪天做的: a step named as a weekday grid's cell is dated by its day (gridDay.ts).
  const gridDay = analysis.event || analysis.asksChange ? null : gridDayAnswer(input);
  if (gridDay) return gridDay;
  const event = analysis.event ?? pickEvent(timeline);
  const ev = event ?? '';
  const mentions = mentionsOf(timeline, event);
  const happened = [...mentions].reverse().find((m) => !isPlan(m));
  const plans = mentions.filter(isPlan);

  const slipLine = analysis.asksChange ? [...timeline].reverse().find((i) => i.status === 'delayed' || /推迟|延期|延后|顺延|原计划/.test(i.text)) : undefined;
  if (analysis.asksChange && !slipLine && distinctDates(plans.map((p) => p.date.iso)).length < 2) {
    const now = happened ?? plans[plans.length - 1];
    if (now) {
      return finish(analysis.question, [`没有调整过：${now.item.weekLabel}周报${isPlan(now) ? '计划' : '已于'} ${md(now.date.iso)} ${ev}。`], [now.item]);
    }
  }

  if (happened) {
    const before = plans.filter((p) => p.item.reportDate < happened.item.reportDate);
    // Without a named event (最近一次生产事件是什么时候) the line itself says what happened.
    const parts = [event ? `已于 ${md(happened.date.iso)} ${ev}。` : `${md(happened.date.iso)}：${quote(happened.item)}。`];
    const cited = [happened.item];
    if (before.length) {
      const lastPlan = before[before.length - 1];
      const firstPlan = before[0];
      parts.push(`（${lastPlan.item.weekLabel}计划 ${md(lastPlan.date.iso)} ${ev}；${happened.item.weekLabel}确认已${ev || '完成'}`);
      if (firstPlan.date.iso !== happened.date.iso) parts.push(`，原计划 ${md(firstPlan.date.iso)}`);
      parts.push('）');
      cited.push(lastPlan.item);
    }
    const later = timeline.filter((i) => i.reportDate > happened.item.reportDate);
    if (!later.length) parts.push(staleNote(happened.item, input));
    if (slipLine) {
      parts.unshift(`${slipLine.weekLabel}周报记录了调整：${quote(slipLine)}。`);
      cited.unshift(slipLine);
    }
    return finish(analysis.question, parts, cited);
  }

  if (plans.length) {
    const current = plans[plans.length - 1];
    const sequence = distinctDates(plans.map((p) => p.date.iso));
    const parts: string[] = [];
    if (sequence.length >= 2) {
      const first = sequence[0];
      const verb = first < current.date.iso ? '推迟至' : '提前至';
      parts.push(
        sequence.length === 2
          ? `${ev}由 ${md(first)} ${verb} ${md(current.date.iso)}。`
          : `${ev}日期几经调整：${sequence.map(md).join(' → ')}，目前计划 ${md(current.date.iso)}。`,
      );
      const firstPlan = plans.find((p) => p.date.iso === first)!;
      if (firstPlan.item !== current.item) parts.push(`（${firstPlan.item.weekLabel}计划 ${md(first)}，${current.item.weekLabel}为 ${md(current.date.iso)}）`);
      parts.push(`当前状态：${STATUS_WORDS[effectiveStatus(latest)]}。`);
      const cited = [current.item, firstPlan.item];
      parts.push(staleNote(latest, input));
      return finish(analysis.question, parts, [latest, ...cited]);
    }
    parts.push(`计划 ${md(current.date.iso)} ${ev}（${current.item.weekLabel}周报）。`.replace(' （', '（'));
    if (latest !== current.item) parts.push(`最新一期（${latest.weekLabel}）：${quote(latest)}。`);
    else if (current.date.iso < (input.latestReportByTeam.get(latest.team)?.reportDate ?? '')) parts.push('计划日期已过，周报未更新状态。');
    parts.push(staleNote(latest, input));
    return finish(analysis.question, parts, latest === current.item ? [current.item] : [current.item, latest]);
  }

  // No date for the event: say what the reports do say.
  // The first report that shows the event reached answers "哪周提测的".
  const reached = event ? timeline.find((i) => (EVENT_REACHED_BY[event] ?? []).includes(effectiveStatus(i))) : undefined;
  if (reached) {
    // 交易监控大盘（状态：已上线；预计完成时间：2023-11-15）: a line that says the event happened and
    // carries one date, of no other event, dates it; said as the report states it.
    const only = reached.dates.length === 1 ? reached.dates[0] : null;
    if (only && reached.status === OWN_STATUS[ev] && datesEvent(reached, only, ev)) {
      return finish(
        analysis.question,
        [`${reached.weekLabel}周报确认${STATUS_WORDS[effectiveStatus(reached)]}，所写日期为 ${md(only.iso)}：${quote(reached)}。`, staleNote(reached, input)],
        [reached],
      );
    }
    // 温湿度标定哪天完成的: a weekday grid's row says it in one day's cell, and that day is the date.
    const inGrid = gridDeedAnswer(input, reached, ev, [staleNote(reached, input)]);
    if (inGrid) return inGrid;
    return finish(analysis.question, [`${reached.weekLabel}周报确认${STATUS_WORDS[effectiveStatus(reached)]}，但没有写明${ev}日期：${quote(reached)}。`, staleNote(reached, input)], [reached]);
  }
  const anyDated = [...timeline].reverse().find((i) => i.dates.length);
  if (anyDated) {
    const d = anyDated.dates[anyDated.dates.length - 1];
    return finish(
      analysis.question,
      [`周报中没有${ev}日期；${anyDated.weekLabel}提到 ${md(d.iso)} ${d.event ?? ''}：${quote(anyDated)}。`, staleNote(anyDated, input)],
      [anyDated],
    );
  }
  return finish(analysis.question, [`周报中没有写明${ev}日期。最近一次提到：${weekOf(latest, input)}${quote(latest)}。`, staleNote(latest, input)], [latest]);
}

/** The status that is the event itself (已上线 is 上线; 已完成 is 完成). */
const OWN_STATUS: Record<string, ItemStatus> = { 上线: 'launched', 提测: 'testing', 完成: 'done' };

/** The date may be the event's: it names no event, the event itself, or one the event reaches too (上线 is also 完成). */
function datesEvent(item: StoredItem, date: ItemDate, event: string): boolean {
  if (ownEventOf(item.text.normalize('NFKC'), date, event)) return false;
  return !date.event || date.event === event || (EVENT_REACHED_BY[date.event] ?? []).includes(OWN_STATUS[event]);
}

/** Words that, right after a date, say what happened on it (12/6截止, 11/25 举办). */
const EVENT_AFTER_DATE = /^\s*(?:日|号)?\s*(?:前)?\s*(截止|截至|到期|结束|开始|启动|举办|举行|召开|评审|验收|提测|上线|发布|交付|开放|签约|入职|离职|灰度|开课|开营|报名)/;

/** The other event a date's own words name (报名于12/6截止 → 截止), if any. */
function ownEventOf(text: string, date: ItemDate, asked: string): string | null {
  const at = text.indexOf(date.text);
  if (at < 0) return null;
  const named = EVENT_AFTER_DATE.exec(text.slice(at + date.text.length))?.[1] ?? null;
  return named && named !== asked ? named : null;
}

/** The deed a subject ends in (鸿蒙版一期立项 → 立项, 日志平台扩容 → 扩容) when it is a word for doing something. */
function subjectDeed(subject: string): string | null {
  const last = (subject.match(/\p{Script=Han}+/gu) ?? []).pop() ?? '';
  const deed = [...last].slice(-2).join('');
  return [...subject.replace(/\s+/g, '')].length >= 4 && UNDATED_DEEDS.test(deed) ? deed : null;
}

/** Deeds a report often states without a date: the week of the report is all it says. */
const UNDATED_DEEDS = /^(?:立项|扩容|启动|暂停|重启|迁移|修复|合入|签约|评审|联调|切换|下线|接入|改版|重构|部署|验收|续期|归档)$/;

/**
 * The line reports the deed done, with no date for it: not a goal or an open to-do, not intended
 * (需要扩容, 计划立项), and not followed by a date that is its plan (扩容，计划12/5). A plan for another
 * step after it (立项，预计1/15完成 Demo) does not make the deed a plan.
 */
function statesUndatedDeed(item: StoredItem, deed: string): boolean {
  if (isGoalItem(item) || /\[\s\]/.test(item.rawLine) || effectiveStatus(item) === 'cancelled') return false;
  const text = item.text.normalize('NFKC');
  const at = text.indexOf(deed);
  if (at < 0) return false;
  const before = text.slice(Math.max(0, at - 4), at);
  const after = text.slice(at + deed.length);
  return !/(?:计划|预计|将|待|准备|需要?|未|没|拟|要)\s*$/.test(before) && !/^\s*[（(，,]?\s*(?:计划|预计)\s*[\d/.月日]+\s*(?:[）)，,。;；]|$)/.test(after);
}

function pickEvent(timeline: StoredItem[]): string | null {
  const events = timeline.flatMap((i) => i.dates.map((d) => d.event)).filter((e): e is string => !!e);
  return events.includes('上线') ? '上线' : events[events.length - 1] ?? null;
}

function distinctDates(isos: string[]): string[] {
  const out: string[] = [];
  for (const iso of isos) if (out[out.length - 1] !== iso && !out.includes(iso)) out.push(iso);
  return out;
}
