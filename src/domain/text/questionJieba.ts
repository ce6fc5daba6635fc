/** jieba for the question side, created lazily (a process that never segments a question never pays for it): the one domain file that reads a file, apart from the pure segmentation in segment.ts. */
import fs from 'node:fs';
import path from 'node:path';
import type { Jieba } from '@node-rs/jieba';

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
