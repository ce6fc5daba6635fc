/**
 * Domain aliases (光大 ↔ 光大银行, 提测 ↔ 送测, 上线 ↔ 投产) from an editable text file: one group of
 * synonyms per line, whitespace-separated, the first word canonical, `#` starts a comment. Question
 * analysis and keyword search both use them, so a question in one wording finds items in another.
 * Matching is case-insensitive and width-insensitive (ＰＯＳ = POS).
 */

export interface AliasTable {
  /** The canonical form of a term (the first word of its group), or the term itself */
  canonical(term: string): string;
  /** Every word of the term's group(s), canonical first, including the term; [term] when it has none */
  synonyms(term: string): string[];
  /**
   * One group per token: the token followed by its synonyms. Synonyms that merely extend the token
   * (灰度 → 灰度发布) are left out: whatever they find the token finds, and their extra words
   * (发布) would only pull in unrelated items.
   */
  expand(tokens: string[]): string[][];
  /** Every word in the table (for keeping domain words whole when segmenting a question) */
  terms(): string[];
  /** The groups as read, canonical first */
  readonly groups: ReadonlyArray<readonly string[]>;
}

export function parseAliases(text: string): AliasTable {
  const groups: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const content = line.replace(/#.*$/, '').trim();
    if (!content) continue;
    const words = [...new Set(content.split(/\s+/).filter(Boolean))];
    if (words.length) groups.push(words);
  }
  return aliasTableFromGroups(groups);
}

function key(term: string): string {
  return term.normalize('NFKC').toLowerCase().trim();
}

export function aliasTableFromGroups(groups: string[][]): AliasTable {
  // A word may appear in more than one group: the first decides its canonical form, all contribute synonyms.
  const groupsByKey = new Map<string, number[]>();
  groups.forEach((words, index) => {
    for (const w of words) {
      const k = key(w);
      const list = groupsByKey.get(k) ?? [];
      if (!list.includes(index)) list.push(index);
      groupsByKey.set(k, list);
    }
  });
  const frozen = groups.map((g) => Object.freeze([...g]));

  const canonical = (term: string): string => {
    const ids = groupsByKey.get(key(term));
    return ids ? frozen[ids[0]][0] : term;
  };
  const synonyms = (term: string): string[] => {
    const ids = groupsByKey.get(key(term));
    if (!ids) return [term];
    const words = ids.flatMap((i) => frozen[i]);
    const out: string[] = [];
    const seen = new Set<string>();
    for (const w of [frozen[ids[0]][0], ...words, term]) {
      const k = key(w);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(w);
    }
    return out;
  };
  const expand = (tokens: string[]): string[][] =>
    tokens.map((t) => {
      const k = key(t);
      const rest = synonyms(t).filter((s) => key(s) !== k && !key(s).includes(k));
      return [t, ...rest];
    });
  const allTerms = [...new Set(frozen.flat())];
  return { canonical, synonyms, expand, terms: () => allTerms, groups: frozen };
}
