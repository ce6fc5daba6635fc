/** List and count questions: which items, numbered, with their team, week and section. */
import { isNothingItem } from '../match';
import type { Answer } from '../model';
import { finish, weekOf, type ComposeInput } from './shared';

export function composeList(input: ComposeInput): Answer {
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
