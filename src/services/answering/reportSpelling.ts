/**
 * The subject as the reports spell it. A question word the best line holds only through a synonym
 * or a narrower word (清分引擎重写 of a heading 清分引擎重构, 抓团伙 of 团伙识别) is said as the line
 * says it before composing: the composers look for the subject's words in a line's heading, label or
 * clauses as written (a project heading's lines, a figure's label), and know no thesaurus.
 */
import type { StoredItem } from '../../domain/records';
import { ownHaystack, type GroundTerm } from './grounding';

export function subjectAsReported(subject: string, terms: GroundTerm[], item: StoredItem): string {
  const haystack = ownHaystack(item);
  let out = subject;
  for (const term of terms) {
    if (term.kind !== 'word' || !/^\p{Script=Han}+$/u.test(term.text) || haystack.includes(term.text) || !out.includes(term.text)) continue;
    // Chinese spellings only: a Latin one (iOS for 苹果) keeps the asker's word, whose case the subject holds.
    const spelled = [...term.variants, ...(term.narrower ?? [])].find((v) => v !== term.text && /^\p{Script=Han}+$/u.test(v) && haystack.includes(v));
    if (spelled) out = out.split(term.text).join(spelled);
  }
  return out;
}
