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
  /**
   * The narrower words a broad word may stand for (稳定性 → 崩溃率, 闪退率), from `~` lines: not its
   * synonyms, so a line that has only them matches it weakly (src/services/answering/grounding.ts).
   */
  narrower(term: string): string[];
  /** Every word in the table (for keeping domain words whole when segmenting a question) */
  terms(): string[];
  /** The groups as read, canonical first (a `~` line's group starts with NARROWER_MARK) */
  readonly groups: ReadonlyArray<readonly string[]>;
}

/**
 * A line starting with `~` (`~ 稳定性 崩溃率 闪退率`) names a broad word and the narrower words it may
 * stand for; it is kept as a group whose first word is the marker, so it survives being merged with
 * other files' groups (src/adapters/text/aliasesFile.ts).
 */
export const NARROWER_MARK = '~';

export function parseAliases(text: string): AliasTable {
  const groups: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const content = line.replace(/#.*$/, '').trim();
    if (!content) continue;
    const narrower = content.startsWith(NARROWER_MARK);
    const words = [...new Set(content.replace(/^~/, '').split(/\s+/).filter(Boolean))];
    if (narrower && words.length > 1) groups.push([NARROWER_MARK, ...words]);
    else if (!narrower && words.length) groups.push(words);
  }
  return aliasTableFromGroups(groups);
}

function key(term: string): string {
  return term.normalize('NFKC').toLowerCase().trim();
}

export function aliasTableFromGroups(all: string[][]): AliasTable {
  const groups = all.filter((g) => g[0] !== NARROWER_MARK);
  const narrowerByKey = new Map<string, string[]>();
  for (const [, broad, ...narrow] of all.filter((g) => g[0] === NARROWER_MARK)) {
    narrowerByKey.set(key(broad), [...new Set([...(narrowerByKey.get(key(broad)) ?? []), ...narrow])]);
  }
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
      return [t, ...rest, ...narrower(t)];
    });
  function narrower(term: string): string[] {
    return narrowerByKey.get(key(term)) ?? [];
  }
  // Broad words are kept whole in questions (故障注入); their narrower words are looked for, not cut out.
  const allTerms = [...new Set([...frozen.flat(), ...all.filter((g) => g[0] === NARROWER_MARK).map((g) => g[1])])];
  const asRead = all.map((g) => Object.freeze([...g]));
  return { canonical, synonyms, narrower, expand, terms: () => allTerms, groups: asRead };
}
