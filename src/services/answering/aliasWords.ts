/**
 * The alias table's words as the grounding gate (grounding.ts) reads a question with them: all of
 * them normalised, and those with letters or digits (T+0, e-CNY, POS机) longest first, which are kept
 * whole before anything else is cut.
 */
import type { AliasTable } from '../../domain/text/aliases';

/** The alias table's words, normalised, and those with letters or digits (2+ characters) longest first. */
export interface AliasWords {
  aliasWords: Set<string>;
  letteredLongestFirst: string[];
}

/**
 * Kept per word list (aliases.terms() returns the same array each time): with the thesaurus that is
 * some 1,500 words, normalised and sorted on every question before.
 */
const aliasWordsCache = new WeakMap<readonly string[], AliasWords>();

export function aliasWordsOf(aliases: AliasTable): AliasWords {
  const terms = aliases.terms();
  let cached = aliasWordsCache.get(terms);
  if (!cached) {
    const aliasWords = new Set(terms.map((t) => t.normalize('NFKC').toLowerCase()));
    const letteredLongestFirst = [...aliasWords].filter((w) => /[a-z0-9]/.test(w) && w.length >= 2).sort((x, y) => y.length - x.length);
    aliasWordsCache.set(terms, (cached = { aliasWords, letteredLongestFirst }));
  }
  return cached;
}
