/**
 * The week's changes as Chinese text: one summary line (counts per kind) and one detail line per
 * change, each ending with the report line it cites (team · week · original line). Dates as 11/23,
 * weeks as 第48周. Pure; Slack posts the summary and puts the details in its thread, the CLI prints both.
 */
import { formatMonthDay } from '../calendar';
import { formatNumber, sparkline } from './sparkline';
import { KIND_ORDER, type ChangeKind, type LineRef, type WeekChange, type WeekChanges } from './types';

export interface ChangesDigest {
  summary: string;
  details: string[];
}

const KIND_NAMES: Record<ChangeKind, string> = {
  launched: '上线',
  completed: '完成',
  slipped: '推迟',
  overdue: '逾期未更新',
  stalled: '停滞',
  dropped: '未再提及',
  stopped: '取消/暂停',
  started: '新启动',
  metric: '指标变化',
};

/** A cited line this long is cut, so one detail stays one readable line. */
const MAX_CITED_CHARS = 80;

export interface DigestOptions {
  /** Only these kinds ("哪些事项停滞了" → ['stalled']); default all */
  kinds?: readonly ChangeKind[];
}

export function formatChangesDigest(changes: WeekChanges, options: DigestOptions = {}): ChangesDigest {
  const head = `${changes.team} ${changes.weekLabel}（${formatMonthDay(changes.reportDate)}）`;
  if (!changes.previous) return { summary: `${head}：没有更早的周报可比较。`, details: [] };
  const against = `相比${changes.previous.weekLabel}`;
  const kinds = options.kinds ?? KIND_ORDER;
  const listed = changes.changes.filter((c) => kinds.includes(c.kind));
  if (!listed.length) {
    const what = options.kinds ? options.kinds.map((k) => KIND_NAMES[k]).join('、') + '的事项' : '变化';
    return { summary: `${head}${against}：没有发现${what}。`, details: [] };
  }
  const counts = KIND_ORDER.map((kind) => [kind, listed.filter((c) => c.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${KIND_NAMES[kind]} ${n} 项`);
  return { summary: `${head}${against}：${counts.join('，')}。`, details: listed.map(detailLine) };
}

/** One change: 【推迟】资金安全数据一致性 提测 12/5 → 12/8（因…）— 支付中心 · 第48周 · 「…」 */
export function detailLine(change: WeekChange): string {
  return `【${KIND_NAMES[change.kind]}】${describe(change)} —— ${citeText(change.cites[0])}`;
}

function describe(c: WeekChange): string {
  switch (c.kind) {
    case 'launched':
      return c.date ? `${c.subject}已于 ${formatMonthDay(c.date)} 上线` : `${c.subject}已上线`;
    case 'completed':
      return `${c.subject}已完成`;
    case 'stopped':
      return `${c.subject}已取消或暂停`;
    case 'slipped': {
      const event = c.event ?? '';
      const times = c.slipCount > 1 ? `，第 ${c.slipCount} 次推迟（${c.dateHistory.map(formatMonthDay).join(' → ')}）` : '';
      const reason = c.reason ? `，原因：${c.reason}` : '';
      return `${c.subject} ${event}由 ${formatMonthDay(c.from)} 推迟至 ${formatMonthDay(c.to)}${times}${reason}`;
    }
    case 'overdue': {
      const event = c.event ?? '完成';
      const news = c.mentionedThisWeek ? '本周没有新的状态' : '本周周报未提及';
      return `${c.subject} 计划 ${formatMonthDay(c.plannedDate)} ${event}，日期已过，${news}`;
    }
    case 'stalled':
      return `${c.subject} 已连续 ${c.weeks} 周没有新进展（自${c.sinceWeekLabel}起）`;
    case 'dropped':
      return `${c.subject} 上周在周报中、本周未再提及，且未写完成`;
    case 'started':
      return `${c.subject} 本周开始`;
    case 'metric': {
      const arrow = c.direction === 'up' ? '↑' : '↓';
      const trend = c.series.length >= 3 ? ` ${sparkline(c.series.map((p) => p.value))}` : '';
      return `${c.subject}：${c.fromText} → ${c.toText} ${arrow}${trend}`;
    }
  }
}

/** 支付中心 · 第48周 · 「光大备份通道已于11/23上线…」 */
export function citeText(ref: LineRef): string {
  const bare = ref.line.replace(/^(?:[-*+]|\d+[.、)）]|[（(]\d+[)）])\s*/, '');
  const chars = [...bare];
  const line = chars.length <= MAX_CITED_CHARS ? bare : `${chars.slice(0, MAX_CITED_CHARS - 1).join('')}…`;
  return `${ref.team} · ${ref.weekLabel} · 「${line}」`;
}

/** A metric change's values as `633分 → 669分 (▁▂▆▇▇)`, for callers that show only numbers. */
export function metricTrendText(c: Extract<WeekChange, { kind: 'metric' }>): string {
  const values = c.series.map((p) => p.value);
  return `${formatNumber(values[0])}${c.unit} ${sparkline(values)} ${formatNumber(values[values.length - 1])}${c.unit}`;
}
