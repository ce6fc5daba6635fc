/** FTS5 MATCH expressions built from query terms (quoted, reduced to the index's tokens): SQLite-syntax work apart from segmenting text in segment.ts. */
import { isHan, normalizeText, wordPieces } from './segment';

/** A token as an FTS5 string: always double-quoted, so AND/OR/NEAR/*, quotes or brackets are plain text. */
export function quoteFtsToken(token: string): string {
  return '"' + token.replace(/"/g, '""') + '"';
}

/**
 * The FTS5 sub-expressions that find one query term in the index: its bigrams (a one-character term
 * as a prefix, which matches every bigram starting with it and the run-final unigram) and its
 * letter/digit words.
 */
export function ftsTermTokens(term: string): string[] {
  const out: string[] = [];
  for (const piece of wordPieces(normalizeText(term))) {
    if (!isHan(piece)) {
      out.push(quoteFtsToken(piece));
      continue;
    }
    const chars = [...piece];
    if (chars.length === 1) {
      out.push(quoteFtsToken(piece) + '*');
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) out.push(quoteFtsToken(chars[i] + chars[i + 1]));
  }
  return out;
}

/**
 * An FTS5 MATCH expression: each group's terms (synonyms) OR'ed, groups OR'ed, every term reduced to
 * the tokens the index stores and quoted, so no user input can be FTS5 syntax (AND, NEAR, *, quotes,
 * brackets are plain text). bm25 then ranks items matching more of the question first.
 * Returns '' when nothing searchable is left (the caller must not run MATCH then).
 */
export function ftsMatchExpression(tokenGroups: string[][]): string {
  const seen = new Set<string>();
  for (const group of tokenGroups) {
    if (!Array.isArray(group)) continue;
    for (const term of group) {
      if (typeof term !== 'string') continue;
      for (const fragment of ftsTermTokens(term)) seen.add(fragment);
    }
  }
  return [...seen].join(' OR ');
}

/**
 * A stricter FTS5 expression: every group must match (groups AND'ed); within a group any term
 * (synonyms OR'ed); a term matches when all its tokens do (備份通道 = 备份 AND 份通 AND 通道, i.e. the
 * bigrams of the whole word, wherever they are in the item). '' when nothing searchable is left.
 */
export function ftsAllGroupsExpression(tokenGroups: string[][]): string {
  const groups: string[] = [];
  for (const group of tokenGroups) {
    if (!Array.isArray(group)) continue;
    const terms = new Set<string>();
    for (const term of group) {
      if (typeof term !== 'string') continue;
      const fragments = [...new Set(ftsTermTokens(term))];
      if (fragments.length) terms.add(fragments.length === 1 ? fragments[0] : `(${fragments.join(' AND ')})`);
    }
    if (terms.size) groups.push(terms.size === 1 ? [...terms][0] : `(${[...terms].join(' OR ')})`);
  }
  return groups.join(' AND ');
}
