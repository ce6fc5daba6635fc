/**
 * Composing an offline answer from matched items. Pure functions: the facts (items, their weeks,
 * the latest week of each team) come in; a Chinese answer with citations goes out. Nothing here may
 * invent a date or a figure: every number in an answer is copied from an item.
 */
import { SECTION_SEPARATOR, type ItemDate, type ItemMetric, type ItemStatus } from '../reports/model';
import { formatMonthDay as md } from '../calendar';
import type { StoredItem, StoredReport } from '../records';
import { isNothingItem } from './match';
import type { Answer, Citation } from './model';
import type { QuestionAnalysis } from './question';

export interface ComposeInput {
  analysis: QuestionAnalysis;
  /** Items about the subject, best first */
  matches: StoredItem[];
  /** The same subject across weeks for the best match's team, oldest first (includes the best match) */
  timeline: StoredItem[];
  /** Latest report of each team, for "之后未再提及" */
  latestReportByTeam: Map<string, StoredReport>;
  /** The scope's label when the question named one */
  scopeLabel: string | null;
  /** Every item of a report, for answers about a whole project (POS收单系统建设进展如何) */
  itemsOfReport: (reportId: number) => StoredItem[];
}

export const STATUS_WORDS: Record<ItemStatus, string> = {
  planned: '计划中',
  in_progress: '进行中',
  testing: '测试中',
  launched: '已上线',
  done: '已完成',
  delayed: '已延期',
  blocked: '受阻',
  cancelled: '已取消',
  unknown: '状态未注明',
};

/** The status an event reaches: asked "提测了吗", an item that is testing or launched has. */
const EVENT_REACHED_BY: Record<string, ItemStatus[]> = {
  上线: ['launched'],
  提测: ['testing', 'launched'],
  完成: ['done', 'launched'],
};

export function citationOf(item: StoredItem): Citation {
  return {
    team: item.team,
    week: item.weekLabel,
    date: item.reportDate,
    section: item.sectionPath.join(SECTION_SEPARATOR),
    // The line as written, without its bullet marker.
    text: item.rawLine.trim().replace(/^[-*•·]\s*/, ''),
    reportId: item.reportId,
    itemId: item.id,
    lineNo: item.lineNo,
  };
}

export function notFound(question: string, reason: string): Answer {
  return { question, found: false, answer: reason, citations: [] };
}

export function composeAnswer(input: ComposeInput): Answer {
  switch (input.analysis.type) {
    case 'when':
      return composeWhen(input);
    case 'metric':
      return composeMetric(input);
    case 'list':
    case 'count':
    case 'summary':
      return composeList(input);
    default:
      return composeStatus(input);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** "据第46周周报，之后未再提及" when the subject's last mention is older than its team's latest report. */
function staleNote(item: StoredItem, input: ComposeInput): string {
  if (input.analysis.scopeExplicit && input.analysis.scope.kind !== 'latest' && input.analysis.scope.kind !== 'all') return '';
  const latest = input.latestReportByTeam.get(item.team);
  if (!latest || latest.reportDate <= item.reportDate) return '';
  return `据${item.weekLabel}周报，之后未再提及。`;
}

/** "清结算中心第48周（11/24）"; the team is left out when the question named it. */
function weekOf(item: StoredItem, input: ComposeInput): string {
  return `${input.analysis.teams.length ? '' : item.team}${item.weekLabel}（${md(item.reportDate)}）`;
}

function quote(item: StoredItem): string {
  return `「${item.text.replace(/[。；;]+$/, '')}」`;
}

function finish(question: string, parts: string[], cited: StoredItem[]): Answer {
  const seen = new Set<number>();
  const ordered = cited.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
  return { question, found: true, answer: parts.filter(Boolean).join('').trim(), citations: ordered.map(citationOf) };
}

// ---------------------------------------------------------------------------------------------
// When: a date, and how it moved

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
    const dates = item.dates.filter((d) => !event || d.event === event || (d.event === null && item.dates.length === 1));
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

function composeWhen(input: ComposeInput): Answer {
  const { analysis, timeline } = input;
  const latest = timeline[timeline.length - 1] ?? input.matches[0];
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
      parts.push(`当前状态：${STATUS_WORDS[latest.status]}。`);
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
  const reached = event ? timeline.find((i) => (EVENT_REACHED_BY[event] ?? []).includes(i.status)) : undefined;
  if (reached) {
    return finish(analysis.question, [`${reached.weekLabel}周报确认${STATUS_WORDS[reached.status]}，但没有写明${ev}日期：${quote(reached)}。`, staleNote(reached, input)], [reached]);
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

function pickEvent(timeline: StoredItem[]): string | null {
  const events = timeline.flatMap((i) => i.dates.map((d) => d.event)).filter((e): e is string => !!e);
  return events.includes('上线') ? '上线' : events[events.length - 1] ?? null;
}

function distinctDates(isos: string[]): string[] {
  const out: string[] = [];
  for (const iso of isos) if (out[out.length - 1] !== iso && !out.includes(iso)) out.push(iso);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Metric: a figure, from the line whose label fits the question

interface MetricPick {
  item: StoredItem;
  metric: ItemMetric;
  score: number;
}

function composeMetric(input: ComposeInput): Answer {
  const { analysis } = input;
  const parts = splitConjoinedSubject(analysis.subject);
  if (parts.length > 1) {
    const picks = parts.map((p) => pickMetric(input, p)).filter((p): p is MetricPick => !!p);
    if (picks.length === parts.length && new Set(picks.map((p) => p.metric)).size === picks.length) {
      const text = picks.map((p) => `${p.metric.label ?? ''}为 ${finalValue(p.item, p.metric).text}`).join('，');
      return finish(analysis.question, [`${weekOf(picks[0].item, input)}${text}。`, staleNote(picks[0].item, input)], picks.map((p) => p.item));
    }
  }
  const picked = pickMetric(input, analysis.subject);
  if (!picked) return composeStatus(input);
  const best = latestOfSameItem(picked, input);
  const value = finalValue(best.item, best.metric);

  const asksChange = analysis.scope.kind === 'all' || /变化|趋势|走势|提升|下降|涨|跌|比上周|环比/.test(analysis.question);
  if (asksChange) {
    const series = input.timeline
      .map((item) => ({ item, metric: item.metrics.find((m) => sameLabel(m.label, best.metric.label)) ?? closestOfUnit(item, best.metric) }))
      .filter((p): p is { item: StoredItem; metric: ItemMetric } => !!p.metric);
    if (series.length > 1) {
      // 由 18% 提升至 26%: the week's starting figure is part of the trend too.
      const step = (p: { item: StoredItem; metric: ItemMetric }) => {
        const end = finalValue(p.item, p.metric);
        return end === p.metric ? end.text : `${p.metric.text} → ${end.text}`;
      };
      const trail = series.map((p) => `${p.item.weekLabel} ${step(p)}`).join(' → ');
      return finish(analysis.question, [`${cleanLabel(best.metric.label) || '该指标'}：${trail}。`], [series[series.length - 1].item, ...series.map((p) => p.item)]);
    }
  }
  const label = cleanLabel(best.metric.label) || analysis.subject;
  const parts2 = [`${weekOf(best.item, input)}${label}为 ${value.text}。`];
  if (!best.item.text.includes(label) || best.item.text.length <= 60) parts2.push(`原文：${quote(best.item)}。`);
  parts2.push(staleNote(best.item, input));
  return finish(analysis.question, parts2, [best.item]);
}

/**
 * 现在多少: when the item's own later weeks (its timeline) state the same figure again, the newest
 * one answers, unless the question named a week.
 */
function latestOfSameItem(pick: MetricPick, input: ComposeInput): MetricPick {
  const kind = input.analysis.scope.kind;
  if (input.analysis.scopeExplicit && kind !== 'latest' && kind !== 'all') return pick;
  const later = input.timeline
    .filter((i) => i.reportDate > pick.item.reportDate)
    .map((item) => ({ item, metric: item.metrics.find((m) => sameLabel(m.label, pick.metric.label) || labelTail(m.label) === labelTail(pick.metric.label)) }))
    .filter((p): p is { item: StoredItem; metric: ItemMetric } => !!p.metric);
  const newest = later[later.length - 1];
  return newest ? { ...newest, score: pick.score } : pick;
}

/** "入金和出金有效成功率" asks two figures: 入金有效成功率 and 出金有效成功率. */
export function splitConjoinedSubject(subject: string): string[] {
  const pieces = subject.split(/和|与|及|、|以及|,|，/).map((s) => s.trim()).filter(Boolean);
  if (pieces.length < 2) return [subject];
  const last = pieces[pieces.length - 1];
  // A short head (入金) borrows the tail of the last piece (有效成功率).
  return pieces.map((p, i) => (i < pieces.length - 1 && p.length <= 3 && last.length > p.length + 1 ? p + last.slice(p.length) : p));
}

function pickMetric(input: ComposeInput, subject: string): MetricPick | null {
  const s = subject.toLowerCase();
  const candidates = input.matches.slice(0, 12).flatMap((item, rank) =>
    item.metrics.map((metric) => ({ item, metric, score: labelFit(metric.label ?? '', s) + 2 * ownTextFit(item.text, s) - rank * 0.05 })),
  );
  candidates.sort((a, b) => b.score - a.score);
  return candidates[0] ?? null;
}

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

/** 自动勾对率由92%提升至97.5%: the figure asked for is the one after 至. */
function finalValue(item: StoredItem, metric: ItemMetric): ItemMetric {
  const i = item.metrics.indexOf(metric);
  const next = item.metrics[i + 1];
  if (!next || next.unit !== metric.unit) return metric;
  const text = item.text.normalize('NFKC');
  const between = text.slice(text.indexOf(metric.text) + metric.text.length, text.indexOf(next.text, text.indexOf(metric.text) + metric.text.length));
  return /至|到|为|→|->/.test(between) && between.length <= 8 ? next : metric;
}

/**
 * A reworded week (崩溃率降至 0.18% → 崩溃率由 0.32% 降至 0.21%) keeps its figure in the series: the
 * figure in the same unit whose label shares most with the asked one (finalValue then takes 0.21%).
 */
function closestOfUnit(item: StoredItem, asked: ItemMetric): ItemMetric | undefined {
  const same = item.metrics.filter((m) => m.unit === asked.unit);
  const label = cleanLabel(asked.label);
  const shared = (m: ItemMetric) => [...cleanLabel(m.label)].filter((c) => label.includes(c)).length;
  return same.length ? same.reduce((a, b) => (shared(b) > shared(a) ? b : a)) : undefined;
}

/** The label's last words (商家App 5.6 版本已于11/28发版，新版本覆盖率 → 新版本覆盖率). */
function labelTail(label: string | null): string {
  const tail = cleanLabel(label).split(/[，,：:；;\s]/).pop() ?? '';
  return [...tail].length >= 2 ? tail : `\u0000${cleanLabel(label)}`;
}

function cleanLabel(label: string | null): string {
  return (label ?? '').replace(/[由从]$/, '').replace(/[：:]$/, '').trim();
}

function sameLabel(a: string | null, b: string | null): boolean {
  return cleanLabel(a) === cleanLabel(b);
}

// ---------------------------------------------------------------------------------------------
// Status: where it stands

function composeStatus(input: ComposeInput): Answer {
  const { analysis, timeline } = input;
  const named = analysis.scopeExplicit && analysis.scope.kind !== 'latest' && analysis.scope.kind !== 'all';
  const latest = named ? input.matches[0] : timeline[timeline.length - 1] ?? input.matches[0];

  const project = projectChildren(input, latest);
  if (project) {
    const lines = project.children.map((c, n) => `${n + 1}. ${c.text}`);
    return finish(
      analysis.question,
      [`${weekOf(latest, input)}「${project.title}」：\n${lines.join('\n')}`, '\n' + staleNote(latest, input)],
      project.children,
    );
  }

  if (isNothingItem(latest)) {
    const section = latest.sectionPath[latest.sectionPath.length - 1] ?? '';
    return finish(analysis.question, [`没有。${weekOf(latest, input)}${section}：${latest.text.replace(/[。.]$/, '')}。`], [latest]);
  }
  const parts: string[] = [];
  const cited = [latest];
  if (analysis.event) {
    const reached = [...timeline].reverse().find((i) => (EVENT_REACHED_BY[analysis.event!] ?? ['launched', 'done']).includes(i.status) || i.dates.some((d) => d.event === analysis.event && !d.planned));
    if (reached) {
      const d = reached.dates.find((x) => x.event === analysis.event && !x.planned);
      parts.push(`已${analysis.event}${d ? `（${md(d.iso)}，${reached.weekLabel}周报）` : `（${reached.weekLabel}周报）`}。`);
      if (reached !== latest) cited.push(reached);
    } else {
      const plan = [...timeline].reverse().flatMap((i) => i.dates.filter((d) => d.event === analysis.event && d.planned).map((d) => ({ i, d })))[0];
      parts.push(plan ? `尚未${analysis.event}，计划 ${md(plan.d.iso)} ${analysis.event}。` : `周报中没有${analysis.event}的记录。`);
      if (plan && plan.i !== latest) cited.push(plan.i);
    }
  } else parts.push(`${STATUS_WORDS[latest.status]}。`);
  parts.push(`${weekOf(latest, input)}周报：${quote(latest)}。`, staleNote(latest, input));
  return finish(analysis.question, parts, cited);
}

/**
 * When the subject names a project heading (POS收单系统建设) rather than one line, the answer is the
 * project's lines that week.
 */
function projectChildren(input: ComposeInput, item: StoredItem): { title: string; children: StoredItem[] } | null {
  const subject = input.analysis.subject.toLowerCase().replace(/\s+/g, '');
  if (subject.length < 2) return null;
  const inHeading = item.sectionPath.some((s) => s.toLowerCase().replace(/\s+/g, '').includes(subject));
  const own = item.text.toLowerCase();
  if (!inHeading && own.includes(subject) && own.length > subject.length + 6) return null;
  const all = input.itemsOfReport(item.reportId);
  const titles = new Set<string>();
  for (const i of all) for (const s of i.sectionPath) if (s.toLowerCase().replace(/\s+/g, '').includes(subject)) titles.add(s);
  if (item.text.toLowerCase().replace(/\s+/g, '').includes(subject)) titles.add(item.text);
  for (const title of titles) {
    const children = all.filter((i) => i.sectionPath.includes(title) && !isNothingItem(i));
    if (children.length >= 2) return { title: title.replace(/[，,].*$/, ''), children };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// List: which items

function composeList(input: ComposeInput): Answer {
  const { analysis } = input;
  const all = input.matches.filter((i) => !isNothingItem(i));
  const items = input.matches.slice(0, 15);
  const substantive = items.filter((i) => !isNothingItem(i));
  if (!substantive.length && items.length) {
    const first = items[0];
    return finish(analysis.question, [`${weekOf(first, input)}${first.sectionPath[first.sectionPath.length - 1] ?? ''}：无。`], [first]);
  }
  const lines = substantive.map((i, n) => {
    const where = [i.team, i.weekLabel].join(' ');
    const section = i.sectionPath[i.sectionPath.length - 1];
    return `${n + 1}. ${where}${section ? ` · ${section}` : ''}：${i.text}`;
  });
  // 几个/多少项 asks for the size of the whole list; the lines shown are its first fifteen.
  const more = all.length > substantive.length ? `，列出前 ${substantive.length} 项` : '';
  const head = `共 ${all.length} 项${input.scopeLabel ? `（${input.scopeLabel}）` : ''}${more}：`;
  return finish(analysis.question, [head, '\n' + lines.join('\n')], substantive);
}
