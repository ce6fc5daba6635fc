/**
 * Comparing two weeks: a team's two reports side by side (前后两周相比), or one subject's line and
 * figure in each week (第47周和第48周相比X).
 */
import { matchAcrossWeeks } from '../../followup/matchItems';
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem, StoredReport } from '../../records';
import { forMatch } from '../match';
import type { Answer } from '../model';
import { workItems } from './reportLines';
import { found, notFound, withoutFigures } from './shared';

/**
 * Two weeks of a team side by side, without a subject: what appeared, what is no longer there, and
 * what changed status, by the follow-up matcher's idea of the same item.
 */
export function composeWeekComparison(question: string, earlier: StoredReport, later: StoredReport, itemsOf: (id: number) => StoredItem[]): Answer {
  const a = workItems(itemsOf(earlier.id));
  const b = workItems(itemsOf(later.id));
  const pairs = matchAcrossWeeks(a, b);
  const matchedLater = new Set(pairs.filter((p) => p.later).map((p) => p.later!.id));
  const added = b.filter((i) => !matchedLater.has(i.id));
  const dropped = pairs.filter((p) => !p.later).map((p) => p.earlier);
  const changed = pairs.filter((p) => p.later && p.later.status !== p.earlier.status && p.later.status !== 'unknown').map((p) => p.later!);
  const head = `${earlier.team}${earlier.weekLabel}（${md(earlier.reportDate)}）与${later.weekLabel}（${md(later.reportDate)}）相比：`;
  const parts = [head];
  const list = (title: string, items: StoredItem[]) => {
    if (!items.length) return;
    parts.push(`\n${title}：\n${items.slice(0, 8).map((i) => `- ${i.text}`).join('\n')}${items.length > 8 ? `\n- …（另有 ${items.length - 8} 条）` : ''}`);
  };
  list(`${later.weekLabel}新出现`, added);
  list('状态有变化', changed);
  list(`${later.weekLabel}不再提及`, dropped);
  if (parts.length === 1) parts.push('两周的事项相同，状态没有变化。');
  const cited = [...added.slice(0, 8), ...changed.slice(0, 8), ...dropped.slice(0, 8)];
  return found(question, parts.join(''), cited.length ? cited : [...b, ...a].slice(0, 1));
}

/** One week of a subject comparison: the report, and the subject's line in it if it has one. */
export interface SubjectWeek {
  report: StoredReport;
  item: StoredItem | undefined;
}

/** 第47周和第48周相比X: X's line (or figure) in each week, oldest first. */
export function composeSubjectComparison(question: string, subject: string, team: string, weeks: SubjectWeek[]): Answer {
  const lines: string[] = [];
  const cited: StoredItem[] = [];
  for (const { report, item } of weeks) {
    if (!item) {
      lines.push(`${report.weekLabel}：周报没有提到。`);
      continue;
    }
    const metric = pickFigure(item, subject);
    lines.push(`${report.weekLabel}：${metric ? `${metric}（「${item.text}」）` : `「${item.text}」`}`);
    cited.push(item);
  }
  if (!cited.length) return notFound(question, `这两周的周报都没有提到「${withoutFigures(subject)}」。`);
  // The lines read oldest first; the newer week is cited first, as the figure the comparison lands on
  // (12/1那期跟11/24那期比 and 第46周和第48周 alike).
  return found(question, `${team}「${subject}」：\n${lines.join('\n')}`, [...cited].reverse());
}

/** The figure of a line whose label fits the subject best (the whole figure as written, with its unit). */
function pickFigure(item: StoredItem, subject: string): string | null {
  if (!item.metrics.length) return null;
  const s = forMatch(subject);
  const fit = (label: string | null) => [...forMatch(label ?? '')].filter((c) => s.includes(c)).length;
  const best = [...item.metrics].sort((a, b) => fit(b.label) - fit(a.label))[0];
  // 由 18% 提升至 26%: the week's figure is where it ended.
  const next = item.metrics[item.metrics.indexOf(best) + 1];
  if (next && next.unit === best.unit) {
    const text = item.text.normalize('NFKC');
    const from = text.indexOf(best.text) + best.text.length;
    const between = text.slice(from, text.indexOf(next.text, from));
    if (/至|到|→|->/.test(between) && between.length <= 8) return next.text;
  }
  return best.text;
}
