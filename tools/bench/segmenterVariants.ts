/**
 * The segmentation variants the segmenter benchmark (segmenters.ts) compares with the one the
 * product uses (src/domain/text/segment.ts: CJK bigrams for the index, jieba for questions). They
 * live here, not in the product, because only the benchmark ever chooses between them.
 * Imports: the product's segmentation modules, @node-rs/jieba through them.
 */
import { cjkBigrams, indexTokens as productIndexTokens, isHan, normalizeText, wordPieces, type WordCutter } from '../../src/domain/text/segment';
import { ftsTermTokens as productFtsTermTokens, quoteFtsToken } from '../../src/domain/text/ftsQuery';
import { loadFullJieba, loadJieba } from '../../src/domain/text/questionJieba';

/** Which word segmenter feeds the index. */
export type WordSegmenterKind = 'intl' | 'jieba' | 'jieba-search' | 'none';

export interface TokenizerSpec {
  words: WordSegmenterKind;
  /** Add every CJK character bigram */
  bigrams: boolean;
}

/** What the product indexes with: no word segmenter, bigrams. */
export const PRODUCT_TOKENIZER: TokenizerSpec = { words: 'none', bigrams: true };

/** How questions are cut into words. */
export type QuerySegmenterKind = 'jieba' | 'intl';

let intlSegmenter: Intl.Segmenter | null = null;

/** Intl.Segmenter's Chinese words (no dictionary to load, ICU's own). */
export const intlWords: WordCutter = (text) => {
  intlSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const words: string[] = [];
  for (const s of intlSegmenter.segment(text)) if (s.isWordLike) words.push(s.segment);
  return words;
};

/** The word cutter segmentQuery is given for a question segmenter kind (jieba: the product's own). */
export function queryWordCutter(kind: QuerySegmenterKind): WordCutter | undefined {
  return kind === 'intl' ? intlWords : undefined;
}

function wordsOf(text: string, kind: WordSegmenterKind): string[] {
  switch (kind) {
    case 'intl':
      return intlWords(text);
    case 'jieba':
      return loadJieba().cut(text, true);
    case 'jieba-search':
      return loadFullJieba().cutForSearch(text, true);
    case 'none':
      return [];
  }
}

function isProductSpec(spec: TokenizerSpec): boolean {
  return spec.words === PRODUCT_TOKENIZER.words && spec.bigrams === PRODUCT_TOKENIZER.bigrams;
}

/**
 * The tokens stored for `text` under `spec`. Segmenter words are added when they carry something
 * the bigrams do not (three or more characters; without bigrams, every word).
 */
export function indexTokens(text: string, spec: TokenizerSpec): string[] {
  if (isProductSpec(spec)) return productIndexTokens(text);
  const norm = normalizeText(text);
  const tokens: string[] = [];
  if (spec.words !== 'none') {
    for (const word of wordsOf(norm, spec.words)) {
      for (const piece of wordPieces(word)) {
        if (spec.bigrams && isHan(piece) && [...piece].length < 3) continue;
        tokens.push(piece);
      }
    }
  } else {
    tokens.push(...wordPieces(norm).filter((piece) => !isHan(piece)));
  }
  if (spec.bigrams) for (const run of wordPieces(norm).filter(isHan)) tokens.push(...cjkBigrams(run));
  return tokens;
}

export function segmentForIndex(text: string, spec: TokenizerSpec): string {
  return indexTokens(text, spec).join(' ');
}

/** Only letters/digits reach the index; a token with anything else could never match. */
function isSearchable(token: string): boolean {
  return /^[\p{L}\p{N}]+$/u.test(token);
}

/**
 * The FTS5 sub-expressions that find one query term in an index built with `spec`: the product's
 * (bigrams, letter/digit words), plus the term itself when it could be a stored segmenter word.
 */
export function ftsTermTokens(term: string, spec: TokenizerSpec): string[] {
  if (!spec.bigrams) return indexTokens(term, spec).filter(isSearchable).map(quoteFtsToken);
  const out = productFtsTermTokens(term);
  if (spec.words !== 'none') {
    for (const piece of wordPieces(normalizeText(term))) if (isHan(piece) && [...piece].length >= 3) out.push(quoteFtsToken(piece));
  }
  return out;
}

/** The product's ftsMatchExpression (groups and synonyms OR'ed), for an index built with `spec`. */
export function ftsMatchExpression(tokenGroups: string[][], spec: TokenizerSpec): string {
  const seen = new Set<string>();
  for (const group of tokenGroups) for (const term of group) for (const fragment of ftsTermTokens(term, spec)) seen.add(fragment);
  return [...seen].join(' OR ');
}
