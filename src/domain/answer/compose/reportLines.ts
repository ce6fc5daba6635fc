/**
 * Lines of whole reports, for answers about a week, a plan or a person: a report's heading, its work
 * lines (not next week's plan, reflections or a bare 无), grouped by their outermost section.
 */
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem, StoredReport } from '../../records';
import { isGoalItem, isNothingItem } from '../match';

/** Lines shown per section and in all: a summary is for reading in Slack, the citations hold the rest. */
const PER_SECTION = 12;
const IN_ALL = 40;

const REFLECTION = /收获|反思|感悟|心得|体会/;

export function reportHeading(r: StoredReport, withTeam: boolean): string {
  return `${withTeam ? r.team : ''}${r.weekLabel}（${md(r.reportDate)}）`;
}

/** The section an item is listed under: its outermost heading (【O1 业务交付】), or 其他. */
function topSection(item: StoredItem): string {
  return (item.sectionPath[0] ?? '其他').replace(/[【】\[\]#*]/g, '').trim() || '其他';
}

/** Items grouped by their outermost section, in report order, at most PER_SECTION lines each. */
export function groupedLines(items: StoredItem[]): { text: string; shown: StoredItem[] } {
  const groups = new Map<string, StoredItem[]>();
  for (const i of items) groups.set(topSection(i), [...(groups.get(topSection(i)) ?? []), i]);
  const out: string[] = [];
  const shown: StoredItem[] = [];
  for (const [section, list] of groups) {
    if (shown.length >= IN_ALL) break;
    const taken = list.slice(0, Math.min(PER_SECTION, IN_ALL - shown.length));
    out.push(`【${section}】`);
    for (const i of taken) out.push(`- ${i.text}`);
    if (list.length > taken.length) out.push(`- …（另有 ${list.length - taken.length} 条）`);
    shown.push(...taken);
  }
  return { text: out.join('\n'), shown };
}

/**
 * What a report says it did: its lines except next week's plan, reflections, bare 无, and lines that
 * are only a heading of other lines (一、本周工作 read as a line).
 */
export function workItems(items: StoredItem[]): StoredItem[] {
  const plain = (s: string) => s.normalize('NFKC').replace(/[\s【】\[\]*#:：]/g, '').replace(/^[一二三四五六七八九十\d]+[、.．]/, '');
  const headings = new Set(items.flatMap((i) => i.sectionPath.map(plain)));
  return items.filter((i) => !isGoalItem(i) && !isNothingItem(i) && !i.sectionPath.some((s) => REFLECTION.test(s)) && !headings.has(plain(i.text)));
}
