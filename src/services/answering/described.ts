/**
 * 按应用维度限流的那个 API 网关哪天全量的: 的那个 splits what the asker remembers about a thing (按应用
 * 维度限流, said in one week's notes) from the thing itself (API 网关), whose lines need not repeat the
 * description. When no line has every word, the thing alone answers — but only in a team whose
 * reports do state the whole description somewhere, so an invented description still finds nothing.
 */
import type { AnswerDeps } from './answerDeps';
import { forMatch, groundsAll, itemHaystack, type GroundTerm } from './grounding';

/** The description, then 的那个 / 的这条 …, then the thing named. */
const DESCRIBED = /^(.+)的(?:那|这)(?:个|条|块|项|套|批|件)(.+)$/u;

export interface DescribedSubject {
  /** Terms of the thing named after 的那个 */
  named: GroundTerm[];
  /** Terms only in the description before it */
  described: GroundTerm[];
}

export function describedSubject(question: string, terms: GroundTerm[]): DescribedSubject | null {
  const m = DESCRIBED.exec(question.normalize('NFKC').toLowerCase());
  if (!m) return null;
  const [before, after] = [forMatch(m[1]), forMatch(m[2])];
  const described = terms.filter((t) => t.kind === 'word' && before.includes(forMatch(t.text)) && !after.includes(forMatch(t.text)));
  const named = terms.filter((t) => !described.includes(t));
  // The thing must be named by a word of its own, not only by qualifiers or kind nouns.
  if (!described.length || !named.some((t) => t.kind === 'word' && !t.optional)) return null;
  return { named, described };
}

/**
 * Some line of the team's reports states every word of the description. Found through retrieval
 * (the keyword index, scoped to the team) rather than by reading the team's reports: a team of a
 * busy company has written a hundred thousand lines.
 */
export function teamStatesDescription(team: string, described: GroundTerm[], deps: AnswerDeps): boolean {
  const query = described.map((t) => t.text).join(' ');
  return deps.retriever.search(query, { teams: [team], limit: DESCRIPTION_HITS }).some((h) => groundsAll(described, itemHaystack(h.item)));
}

/** Lines holding every word rank first (the retriever's bonus); a few more in case of ties. */
const DESCRIPTION_HITS = 20;
