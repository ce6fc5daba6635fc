/** A team's week (X第N周做了什么, 总结第N周周报, 支付中心最新情况): each report's work lines by section. */
import type { StoredItem, StoredReport } from '../../records';
import type { Answer } from '../model';
import { groupedLines, reportHeading, workItems } from './reportLines';
import { found, notFound } from './shared';

export function composeWeekSummary(question: string, reports: StoredReport[], itemsOf: (id: number) => StoredItem[], prefix = ''): Answer {
  const parts: string[] = [];
  const cited: StoredItem[] = [];
  for (const r of [...reports].sort((a, b) => a.team.localeCompare(b.team) || a.reportDate.localeCompare(b.reportDate))) {
    const items = workItems(itemsOf(r.id));
    if (!items.length) continue;
    const { text, shown } = groupedLines(items);
    parts.push(`${reportHeading(r, true)}周报要点：\n${text}`);
    cited.push(...shown);
  }
  if (!cited.length) return notFound(question, '这些周报里没有可总结的工作内容。');
  return found(question, prefix + parts.join('\n\n'), cited);
}
