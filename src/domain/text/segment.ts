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
 *   meeting new characters (or early: warmUpQuerySegmenter).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Jieba } from '@node-rs/jieba';

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

// ---------------------------------------------------------------------------------------------
// Question words: jieba, created lazily (a process that never segments a question never pays for it)

/** What the question side asks of jieba: words, with or without its HMM for unknown words. */
export interface QuestionWordCutter {
  cut(text: string, hmm?: boolean): string[];
}

let jieba: Jieba | null = null;

/** jieba with its default dictionary, read from the package directly (its `dict` export also reads the 6 MB idf file). */
export function loadFullJieba(): Jieba {
  if (!jieba) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    jieba = JiebaClass.withDict(fs.readFileSync(jiebaDictFile()));
    shippedDict = undefined;
    partial = null;
  }
  return jieba;
}

function jiebaDictFile(): string {
  return path.join(path.dirname(require.resolve('@node-rs/jieba/package.json')), 'dict.txt');
}

/**
 * jieba for the question side. Building the whole dictionary costs ~200 ms, most of a one-question
 * process (a cold `zhoubao ask`), so the first texts are cut with a dictionary of just the words made
 * of their characters (partialJieba): the cut is the same, because jieba only weighs dictionary words
 * that occur in the text, each by its frequency over the whole dictionary's total, which the small
 * dictionary keeps. A process that keeps meeting new characters (the bot) soon loads it whole.
 */
export function loadJieba(): QuestionWordCutter {
  return questionCutter;
}

/** Which dictionary cuts questions now: none yet, a small one (see loadJieba), or the whole one. */
export function questionDictionary(): 'none' | 'partial' | 'whole' {
  return jieba ? 'whole' : partial ? 'partial' : 'none';
}

/** Small dictionaries built before the whole one is loaded instead. */
const MAX_PARTIAL_BUILDS = 3;
let partial: { chars: Set<number>; jieba: Jieba } | null = null;
let partialBuilds = 0;

const questionCutter: QuestionWordCutter = {
  cut(text, hmm = false) {
    if (jieba || hmm) return loadFullJieba().cut(text, hmm);
    const chars = codePoints(text);
    if (!partial || ![...chars].every((c) => partial!.chars.has(c))) {
      const wanted = partial ? new Set([...partial.chars, ...chars]) : chars;
      const built = partialBuilds < MAX_PARTIAL_BUILDS ? partialJieba(wanted) : null;
      partialBuilds++;
      if (!built) return loadFullJieba().cut(text, hmm);
      partial = { chars: wanted, jieba: built };
    }
    return partial.jieba.cut(text, hmm);
  },
};

function codePoints(text: string): Set<number> {
  const out = new Set<number>();
  for (const ch of text) out.add(ch.codePointAt(0)!);
  return out;
}

/**
 * The dictionary shipped with @node-rs/jieba: its size, and the sum of its word frequencies (jieba's
 * total). A small dictionary is built only from this file, whose lines are sorted by their bytes;
 * any other dictionary is loaded whole.
 */
const SHIPPED_DICT = { bytes: 5_071_843, totalFrequency: 60_101_964 } as const;
/** A word no text contains (a private-use character), carrying the left-out words' frequency. */
const LEFT_OUT = '\uE000';

/**
 * jieba over the words of the shipped dictionary written only with `chars`, plus one word carrying
 * the frequency of all the others, so that the total (and every word's weight) is the whole
 * dictionary's. null when the dictionary is not the shipped one or a text holds the filler character.
 */
function partialJieba(chars: Set<number>): Jieba | null {
  if (chars.has(LEFT_OUT.codePointAt(0)!)) return null;
  const dict = shippedDictionary();
  if (!dict) return null;
  const kept: Buffer[] = [];
  let keptFrequency = 0;
  for (const c of chars) {
    // The lines starting with this character are one block of the sorted file.
    const first = Buffer.from(String.fromCodePoint(c), 'utf8');
    keptFrequency += keepBlock(dict, firstLineFrom(dict, first), first, chars, kept);
  }
  const leftOut = SHIPPED_DICT.totalFrequency - keptFrequency;
  if (leftOut > 0) kept.push(Buffer.from(`\n${LEFT_OUT} ${leftOut} x\n`, 'utf8'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  return JiebaClass.withDict(Buffer.concat(kept));
}

let shippedDict: Buffer | null | undefined;

/** The dictionary file's bytes while small dictionaries are built from it; null when it is not the shipped one. */
function shippedDictionary(): Buffer | null {
  if (shippedDict === undefined) {
    const bytes = fs.readFileSync(jiebaDictFile());
    shippedDict = bytes.length === SHIPPED_DICT.bytes ? bytes : null;
  }
  return shippedDict;
}

/**
 * Keeps (appends to `kept`) the lines of the block starting at `from` — lines beginning with the
 * bytes of `first` — whose word is written only with `chars`; returns their frequencies' sum. Reads
 * the UTF-8 bytes directly: thousands of lines are looked at per text, most rejected at their
 * second character, in a process too young for the JIT to have compiled anything.
 */
function keepBlock(dict: Buffer, from: number, first: Buffer, chars: Set<number>, kept: Buffer[]): number {
  let sum = 0;
  let line = from;
  const n = dict.length;
  while (line < n) {
    for (let j = 0; j < first.length; j++) if (dict[line + j] !== first[j]) return sum;
    let k = line;
    let within = true;
    while (k < n && dict[k] !== 0x20) {
      const b = dict[k];
      let codePoint = b;
      let size = 1;
      if (b >= 0xf0) {
        codePoint = ((b & 0x07) << 18) | ((dict[k + 1] & 0x3f) << 12) | ((dict[k + 2] & 0x3f) << 6) | (dict[k + 3] & 0x3f);
        size = 4;
      } else if (b >= 0xe0) {
        codePoint = ((b & 0x0f) << 12) | ((dict[k + 1] & 0x3f) << 6) | (dict[k + 2] & 0x3f);
        size = 3;
      } else if (b >= 0x80) {
        codePoint = ((b & 0x1f) << 6) | (dict[k + 1] & 0x3f);
        size = 2;
      }
      if (!chars.has(codePoint)) {
        within = false;
        break;
      }
      k += size;
    }
    let frequency = 0;
    if (within) for (k++; dict[k] >= 0x30 && dict[k] <= 0x39; k++) frequency = frequency * 10 + (dict[k] - 0x30);
    while (k < n && dict[k] !== 0x0a) k++;
    const next = k + 1;
    if (within) {
      kept.push(dict.subarray(line, Math.min(next, n)));
      sum += frequency;
    }
    line = next;
  }
  return sum;
}

/** The start of the first line whose bytes are not below `key` (binary search over the sorted lines). */
function firstLineFrom(dict: Buffer, key: Buffer): number {
  let lo = 0;
  let hi = dict.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // (lastIndexOf counts a negative offset from the end: the first line starts at 0)
    const line = mid === 0 ? 0 : Math.max(lo, dict.lastIndexOf(0x0a, mid - 1) + 1);
    if (dict.compare(key, 0, key.length, line, Math.min(line + key.length, dict.length)) < 0) {
      const end = dict.indexOf(0x0a, line);
      lo = end < 0 ? dict.length : end + 1;
    } else hi = line;
  }
  return lo;
}

/**
 * Loads the question segmenter's dictionary now (~220 ms for jieba) rather than on the first
 * question: call it while something else waits on I/O, e.g. while VectorIndex.open reads the index.
 */
export function warmUpQuerySegmenter(): void {
  loadFullJieba();
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

// ---------------------------------------------------------------------------------------------
// FTS5 query

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

function isContentHanChar(token: string): boolean {
  return [...token].length === 1 && HAN.test(token) && !STOP_TOKENS.has(token);
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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
