/**
 * Chinese segmentation for the keyword index and for question analysis.
 *
 * SQLite's unicode61 tokenizer splits on spaces and punctuation only, so a Chinese sentence would be
 * one giant token. We store pre-segmented text instead. The benchmark in tools/bench/segmenters.ts
 * measured jieba, Intl.Segmenter and CJK bigrams (speed, startup, hit@k on labelled paraphrased
 * questions; numbers in BENCHMARKS.md; the variants it compares live in tools/bench/segmenterVariants.ts),
 * which decided what is here:
 *
 * - Index: CJK character bigrams (+ each run's last character) and letter/digit words, no word
 *   segmenter. As good as the best word-based variants (hit@1 89% / hit@5 95% among 10k lines, vs
 *   85-89% / 95-96%), 3-10x faster to index, ~15 ms to start (jieba's dictionary: ~200 ms), and the
 *   index never has to be rebuilt because a segmenter or its dictionary changed. Bigrams also rescue
 *   paraphrases that a segmenter splits differently in question and report.
 * - Questions: jieba words (default dictionary, no HMM) with the alias terms as a lexicon, stop
 *   words removed. Words matter there: the answer layer keeps an item only when it contains enough of
 *   the question's words, and jieba cut 98% of the labelled questions into words found in their
 *   answering line, Intl.Segmenter 93% (87% without the lexicon). Its whole dictionary costs ~200 ms
 *   to build, so a process's first questions are cut with a small one holding just the words of their
 *   characters, which cuts them the same (loadJieba); the whole one is loaded when a process keeps
 *   meeting new characters (or early: warmUpQuerySegmenter). That loading is in questionJieba.ts,
 *   the FTS5 expressions built from query terms in ftsQuery.ts.
 */
import { loadJieba } from './questionJieba';

/**
 * Recorded with the keyword index (meta.fts_tokenizer): a different value means the stored rows were
 * segmented differently and must be re-segmented. Bump the version when indexTokens changes. (The
 * name records the choice above — no word segmenter, bigrams — in the form databases already hold.)
 */
export const TOKENIZER_ID = 'none+bigrams-v1';

export function tokenizerId(): string {
  return TOKENIZER_ID;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+/gu;
/** Pieces a word can be split into: a Han run, or a run of other letters/digits. */
const WORD_PIECES = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/** Full-width to half-width (ＰＯＳ → pos, １１ → 11), lower case: what both index and queries see. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Han runs and letter/digit runs of `text`, in order (光大pos机 → 光大, pos, 机). */
export function wordPieces(text: string): string[] {
  return text.match(WORD_PIECES) ?? [];
}

export function isHan(piece: string): boolean {
  return HAN.test(piece);
}

/**
 * jieba without HMM: its guessed words glue unrelated neighbours (加密机买 → 加密/机买); unknown
 * words fall apart into single characters instead, which segmentQuery glues back.
 */
function jiebaWords(text: string): string[] {
  return loadJieba().cut(text, false);
}

// ---------------------------------------------------------------------------------------------
// Index side

/**
 * The tokens stored for `text`: letters and digits as words (pos, app, 11, 23), then every CJK
 * character bigram plus the last character of each CJK run as a unigram, so that every character
 * position starts some token — a one-character query term then matches through a prefix query
 * ("卡"*) wherever the character occurs.
 */
export function indexTokens(text: string): string[] {
  const norm = normalizeText(text);
  const tokens = wordPieces(norm).filter((piece) => !isHan(piece));
  for (const run of norm.match(HAN_RUNS) ?? []) tokens.push(...cjkBigrams(run));
  return tokens;
}

/** 光大备份 → 光大, 大备, 备份, 份 (each bigram, then the run's last character). */
export function cjkBigrams(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  if (chars.length) out.push(chars[chars.length - 1]);
  return out;
}

/** Space-joined tokens for an FTS5 column (unicode61 then sees one token per word/bigram). */
export function segmentForIndex(text: string): string {
  return indexTokens(text).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Query side

/**
 * Multi-character phrases that carry no subject in a question, removed from the text before
 * segmentation (a segmenter would otherwise glue them to their neighbours: 哪天上的 → 哪/天上/的).
 * Longest first. Nothing that occurs inside domain words (一下 is in 统一下单, so only 查一下 is here).
 */
const STOP_PHRASES = [
  '什么时候', '什么时间', '几月几号', '几月几日', '是什么', '啥时候', '哪一天', '有没有', '是不是', '怎么样', '到哪了',
  '什么', '时候', '哪天', '几号', '那个', '这个', '哪个', '那些', '这些', '哪些', '多少', '请问', '是否', '何时',
  '如何', '怎样', '情况', '进展', '目前', '现在', '已经', '了吗', '了没', '没有', '还有', '帮我', '告诉我', '查一下',
  '为什么', '为啥', '怎么', '上上周', '这周', '本周', '上周', '下周', '这星期', '上星期',
];
/** 几 + a measure word (几台, 几次, 几个): asks for a number, never part of the subject. */
const HOW_MANY = /几[个台次项家笔天周月年号人条件套]/g;
/** Single tokens dropped after segmentation: particles, pronouns, and verbs too common to search for. */
const STOP_TOKENS = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '么', '嘛', '哦', '是', '在', '有', '和', '与', '及', '或', '把', '被', '给', '都',
  '也', '就', '还', '又', '哪', '谁', '啥', '那', '这', '我', '你', '他', '她', '们', '我们', '上', '下', '个', '几',
  '已', '将', '会', '要', '能', '可', '请', '问', '说', '做', '得', '地', '着', '过', '后', '前', '时', '中', '出', '为',
  'the', 'a', 'an', 'of', 'is', 'was', 'when', 'what', 'did', 'does', 'do', 'how', 'to',
]);

const STOP_PHRASE_PATTERN = new RegExp(STOP_PHRASES.map(escapeRegExp).join('|'), 'g');

/** Cuts text into words; segmentQuery uses jieba's (the benchmark passes others). */
export type WordCutter = (text: string) => string[];

export interface SegmentQueryOptions {
  /** Domain words (alias terms) kept whole when they occur in the query, longest first */
  lexicon?: Iterable<string>;
  /** How the rest of the question is cut into words; jieba without HMM unless given */
  cutWords?: WordCutter;
}

/**
 * The content words of a question, lower-cased, stop words removed, in order, without duplicates:
 * segmentQuery('光大那个备份通道哪天上的') → ['光大', '备份', '通道'].
 * Adjacent single characters left by the segmenter are glued back (提/测 → 提测), since a
 * one-character token matches almost everything.
 */
export function segmentQuery(text: string, options: SegmentQueryOptions = {}): string[] {
  const cutWords = options.cutWords ?? jiebaWords;
  let rest = normalizeText(text).replace(STOP_PHRASE_PATTERN, ' ').replace(HOW_MANY, ' ');

  // Lexicon words are cut out first and kept whole (their position is remembered for ordering).
  const found: Array<{ at: number; token: string }> = [];
  for (const word of preparedLexicon(options.lexicon)) {
    let at = rest.indexOf(word);
    while (at >= 0) {
      found.push({ at, token: word });
      rest = rest.slice(0, at) + ' '.repeat(word.length) + rest.slice(at + word.length);
      at = rest.indexOf(word, at + word.length);
    }
  }

  // Segment what is left; track each word's offset so single characters can be glued to their neighbours.
  let cursor = 0;
  const pieces: Array<{ at: number; token: string }> = [];
  for (const word of cutWords(rest)) {
    const at = rest.indexOf(word, cursor);
    if (at < 0) continue;
    cursor = at + word.length;
    for (const m of word.matchAll(WORD_PIECES)) pieces.push({ at: at + (m.index ?? 0), token: m[0] });
  }
  // Glue adjacent single characters back together (提/测 → 提测): a lone character would match
  // nearly every item. (Gluing a character onto a word as a suffix, 加密/机 → 加密机, was measured
  // too: it also glues verbs onto nouns, 专线/通 → 专线通, and lost more than it gained.)
  const glued: Array<{ at: number; token: string; gluable: boolean }> = [];
  for (const piece of pieces) {
    const single = isContentHanChar(piece.token);
    const prev = glued[glued.length - 1];
    if (single && prev?.gluable && prev.at + prev.token.length === piece.at) {
      prev.token += piece.token;
      continue;
    }
    glued.push({ ...piece, gluable: single });
  }
  const all = [...found, ...glued.filter((p) => !STOP_TOKENS.has(p.token))].sort((a, b) => a.at - b.at);
  return [...new Set(all.map((p) => p.token))];
}

const lexiconCache = new WeakMap<object, string[]>();

/** Normalised multi-character Chinese lexicon words, longest first; cached per lexicon object (aliases.terms() returns the same array each time). */
function preparedLexicon(lexicon: Iterable<string> | undefined): string[] {
  if (!lexicon) return [];
  const cached = lexiconCache.get(lexicon);
  if (cached) return cached;
  const words = [...new Set([...lexicon].map(normalizeText))].filter((w) => w.trim().length > 1 && HAN.test(w)).sort((a, b) => b.length - a.length);
  lexiconCache.set(lexicon, words);
  return words;
}

function isContentHanChar(token: string): boolean {
  return [...token].length === 1 && HAN.test(token) && !STOP_TOKENS.has(token);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
