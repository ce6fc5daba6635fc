/** List and count questions: which items, numbered, with their team, week and section. */
import { isNothingItem } from '../match';
import type { Answer } from '../model';
import { finish, weekOf, type ComposeInput } from './shared';

/** 三、风险与问题 / ## 风险: a heading line of an outline. */
const OUTLINE_HEADING = /^\s*(?:[一二三四五六七八九十]+\s*[、.．]|#{1,6}\s)/;

export function composeList(input: ComposeInput): Answer {
  const { analysis } = input;
  // A bare 无, or an outline heading with nothing under it (三、风险与问题), lists nothing.
  const empty = (i: (typeof input.matches)[number]) => isNothingItem(i) || (OUTLINE_HEADING.test(i.rawLine) && !input.itemsOfReport(i.reportId).some((c) => c.sectionPath.includes(i.text)));
  const all = input.matches.filter((i) => !empty(i));
  const items = input.matches.slice(0, 15);
  const substantive = items.filter((i) => !empty(i));
  if (!substantive.length && items.length) {
    const first = items[0];
    const section = isNothingItem(first) ? first.sectionPath[first.sectionPath.length - 1] ?? '' : first.text;
    return finish(analysis.question, [`${weekOf(first, input)}${section}：无。`], [first]);
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
