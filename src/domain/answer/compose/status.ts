/** Status questions: where an item stands, whether an event happened, or a project's lines that week. */
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem } from '../../records';
import { isNothingItem } from '../match';
import type { Answer } from '../model';
import { EVENT_REACHED_BY, STATUS_WORDS, finish, quote, staleNote, weekOf, type ComposeInput } from './shared';

export function composeStatus(input: ComposeInput): Answer {
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

