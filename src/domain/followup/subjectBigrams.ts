/**
 * What a line is about, as the follow-up matcher (matchItems.ts) compares it: the subject key (the
 * text without dates, figures, progress words and punctuation), its character bigrams as sorted
 * numbers, and the form the store keeps them in (items.subject_bigrams, worked out at ingest). Apart
 * from the similarity measure so that the store and the chain walk (identity.ts) read the encoding
 * without the matcher's weighing, and so that what SUBJECT_FEATURES_ID names is all in one file.
 */

/** Progress and time words say how an item is going, not what it is. */
const PROGRESS_WORDS =
  /已于|已经|已|预计|计划|目前|当前|本周|下周|上周|进行中|开发中|研发中|测试中|推进中|完成|完毕|上线|投产|提测|送测|延期|推迟|延后|顺延|至|由|进度|正常|平稳|运行|按计划|启动|开始|继续|跟进|待|并且|了|的|和|与|及|等/g;
const DATES_AND_FIGURES = /\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[/月]\d{1,2}[日号]?|\d+(\.\d+)?\s*(%|％|分|个|次|台|万|元|笔|天|周)?/g;
const PUNCTUATION = /[\s，,。.；;：:、！!？?（）()【】\[\]「」"“”'‘’*_\-—~·]+/g;

/** The words of an item that name its subject, e.g. "定转x光大备份通道". */
export function subjectKey(text: string): string {
  return keyOfFolded(text.normalize('NFKC').toLowerCase());
}

/** subjectKey of a text already NFKC-folded and lower-cased. */
function keyOfFolded(folded: string): string {
  return folded.replace(DATES_AND_FIGURES, ' ').replace(PROGRESS_WORDS, ' ').replace(PUNCTUATION, '');
}

/**
 * Character bigrams of a subject key, each as one number (two code points), distinct and in
 * ascending order: two keys' shared bigrams are counted by one merge of the two, with no hashing and
 * no boxed number per bigram (an array of numbers past the small integers, as a pair of CJK code
 * points is, keeps them unboxed), which a chain does for hundreds of lines per question. A
 * one-character key is its character alone, kept apart from every pair by its sign.
 */
export type SubjectBigrams = readonly number[];

function bigrams(s: string): SubjectBigrams {
  const sorted: number[] = [];
  eachBigram(s, (g) => sorted.push(g));
  sorted.sort((a, b) => a - b);
  let n = 0;
  for (let k = 0; k < sorted.length; k++) if (n === 0 || sorted[k] !== sorted[n - 1]) sorted[n++] = sorted[k];
  sorted.length = n;
  return sorted;
}

/**
 * The subject bigrams of a text, as the matcher compares them (featuresOf) and the store keeps them
 * (storedBigramsText): one function, so a stored line's features are the ones it would compute.
 * `folded`, when given, is text.normalize('NFKC').toLowerCase().
 */
export function keyBigramsOf(text: string, folded?: string): SubjectBigrams {
  return bigrams(folded === undefined ? subjectKey(text) : keyOfFolded(folded));
}

/**
 * Names what storedBigramsText computes: the store records it with the features it holds
 * (meta.subject_features) and recomputes them all when it differs, so stored features never
 * disagree with the running code. Made of the rules' own text and the Unicode version (NFKC and
 * lower-casing follow it), so editing a rule or upgrading Node changes it; bump the version when
 * bigrams(), eachBigram() or the stored layout change.
 */
export const SUBJECT_FEATURES_ID = `bmp-pairs-v1:${fnv1a(
  [DATES_AND_FIGURES.source, PROGRESS_WORDS.source, PUNCTUATION.source, typeof process === 'undefined' ? '' : (process.versions.unicode ?? '')].join('\u0001'),
)}`;

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** Marks a one-character key's character in its stored form (a code point no subject key holds). */
const LONE = 0xffff;

/**
 * A line's subject bigrams as the store keeps them (the items table's subject_bigrams column),
 * worked out once when the line is written: a chain compares each line it passes by them, and at a
 * million items most lines a question passes are met for the first time, so computing them then was
 * the larger part of following an item across weeks. Each bigram, in bigrams()'s order, is its two
 * code points as two characters (a one-character key: LONE and its character): a string, which the
 * driver reads at a fraction of a BLOB's cost, compared where it lies (sharesStoredBigram). Null for a
 * key with a character outside the BMP or a surrogate, U+0000 or LONE (text stored as UTF-8 could not
 * hold them as such): that line is worked out when compared, as before.
 */
export function storedBigramsText(text: string): string | null {
  const b = keyBigramsOf(text);
  let out = '';
  for (let k = 0; k < b.length; k++) {
    const g = b[k];
    const [first, second] = g < 0 ? [LONE, -g - 1] : [Math.floor(g / 0x110000), g % 0x110000];
    if ((g >= 0 && !storable(first)) || !storable(second)) return null;
    out += String.fromCharCode(first, second);
  }
  return out;
}

function storable(point: number): boolean {
  return point > 0 && point < LONE && (point < 0xd800 || point > 0xdfff);
}

/** The k-th bigram of a storedBigramsText string, as bigrams() has it. */
function storedAt(stored: string, k: number): number {
  const first = stored.charCodeAt(2 * k);
  const second = stored.charCodeAt(2 * k + 1);
  return first === LONE ? -second - 1 : first * 0x110000 + second;
}

/** storedBigramsText's string as the bigrams themselves. */
export function storedSubjectBigrams(stored: string): SubjectBigrams {
  const out: number[] = [];
  for (let k = 0; k < stored.length >> 1; k++) out.push(storedAt(stored, k));
  return out;
}

/** shareBigram(storedSubjectBigrams(stored), wanted), read from the string without building the list. */
export function sharesStoredBigram(stored: string, wanted: SubjectBigrams): boolean {
  const n = stored.length >> 1;
  let i = 0;
  let j = 0;
  while (i < n && j < wanted.length) {
    const a = storedAt(stored, i);
    const b = wanted[j];
    if (a === b) return true;
    if (a < b) i++;
    else j++;
  }
  return false;
}

/** How many bigrams two bigram lists (as bigrams() makes them) share. */
export function sharedBigramCount(x: SubjectBigrams, y: SubjectBigrams): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length && j < y.length) {
    const a = x[i];
    const b = y[j];
    if (a === b) {
      n++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return n;
}

/** Whether two bigram lists (as bigrams() makes them) share one. */
export function shareBigram(x: SubjectBigrams, y: SubjectBigrams): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i];
    const b = y[j];
    if (a === b) return true;
    if (a < b) i++;
    else j++;
  }
  return false;
}

/** bigrams(s)'s members, in order, repeats included, without building the set. */
export function eachBigram(s: string, visit: (bigram: number) => void): void {
  let previous = -1;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const point = s.codePointAt(i)!;
    if (point > 0xffff) i++; // the low half of a surrogate pair is part of this code point
    if (previous >= 0) visit(previous * 0x110000 + point);
    previous = point;
    count++;
  }
  if (count === 1) visit(-previous - 1);
}
