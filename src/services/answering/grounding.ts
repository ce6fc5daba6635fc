/**
 * The grounding gate: an item may answer a question only when every content term of the question is
 * in the item, its section path, its owner, its team's name or its cross-week chain (a kind noun such
 * as 功能 may be missing; see KIND_NOUNS). Without it the closest line wins
 * even when it is about something else (火星支付通道 → 微信支付通道's date, 光大备份通道二期 → the
 * first phase's date), and a wrong date is worse than "not found".
 *
 * Content terms are what remains of the question's subject after question words, time scope, team
 * names and generic verbs (上线, 提测, 进度, 负责 …) are gone. Identifiers, versions and phases
 * (2.0, L4, 二期) must match exactly; other terms may match through an alias or a synonym
 * (data/aliases.txt, data/synonyms.txt), weakly through a narrower word (稳定性: 崩溃率, only beside
 * a term matched as asked), or with one character inserted inside a long term (备份的通道). Terms are weighed by how rare they
 * are in the store (IDF), so a rare name counts for more than 系统 or 支付 when candidates are ranked.
 */
import type { AliasTable } from '../../domain/text/aliases';
import type { ReportStore } from '../../adapters/store/reportStore';
import type { StoredItem } from '../../domain/records';
import { forMatch } from '../../domain/answer/match';
import { GENERIC, QUESTION_PHRASES, questionWords, SINGLE_VERBS, SOFT_NOUNS, SPELLED_COUNT } from './questionWords';
import { aliasWordsOf } from './aliasWords';
import { DAY_IN_SUBJECT, daySpellings, phaseSpellings, TYPOS } from './spellings';
import { documentFrequency, idf, itemCount } from './termStats';

export { forMatch };

export type TermKind = 'word' | 'version' | 'phase' | 'number' | 'date';

export interface GroundTerm {
  /** The term as it appears in the question, normalised (NFKC, lower case) */
  text: string;
  /** The term and its aliases, normalised, spaces removed */
  variants: string[];
  kind: TermKind;
  /** Items in the store that may mention it (0: none do, in any spelling) */
  df: number;
  /** IDF weight */
  weight: number;
  /** A kind noun (功能, 系统) beside words that name the subject: the line may leave it out (see KIND_NOUNS) */
  optional?: boolean;
  /**
   * Narrower words the term may stand for (稳定性 → 崩溃率; `~` lines of data/synonyms.txt), normalised.
   * A weak match: it counts only beside another term the line has in its own words (安卓 稳定性 in
   * Android 崩溃率), never alone, and for half the weight.
   */
  narrower?: string[];
}

/**
 * Nouns that say what kind of thing the subject is, not which: 终端申领功能 is what the report calls
 * POS终端申请, 库存系统 its 机具库存管理, 报警太多的治理 (work fixing a problem) its 告警收敛, 数仓版本 its 实时数仓 v2.1, 日志那套存储 its 日志平台 ES. Beside other words
 * they need not be in the line (they still weigh in its coverage, so a line that has them ranks first); alone they are the subject.
 */
const KIND_NOUNS = new Set(['功能', '系统', '模块', '平台', '设备', '治理', '版本', '存储']);

/**
 * CMDB二期延期了吗: whether it slipped is the question, and the answer may be that it did not. A
 * delay word, or a one-character verb (迁, 搬), is looked for first (为什么推迟 wants the line that
 * says it), then let go.
 */
const DELAY_WORDS = new Set(['延期', '推迟', '延后', '顺延', '滞后', '往后推', '推后', '拖延']);

export function withoutDelayWords(terms: GroundTerm[]): GroundTerm[] {
  const rest = terms.filter((t) => !DELAY_WORDS.has(t.text) && !SINGLE_VERBS.has(t.text));
  return rest.length && rest.length < terms.length ? rest : terms;
}

const VERSION = /v?\d+(?:\.\d+)+|v\d+\b/g;
/** Units written after a figure (1.5GHz, 45ms, 82%): a number with one is a measure, never a version. */
const FIGURE_UNITS = 'ghz|mhz|khz|hz|ms|mw|kw|tb|gb|mb|kb|qps|%';
/** …and what follows such a figure in a line (1.5GHz 跑分, 1.5 倍, 1.5 万): version 1.5 is not there. */
const AFTER_FIGURE = `(?:${FIGURE_UNITS}|[倍万亿元秒%]|分钟|小时)`;
const IDENTIFIER = /(?<![a-z+])[a-z]{1,4}(?:\+|-)?\d+[a-z\d]*/g;
// 那一期 / 这一期 / 哪一期 point at a phase (or an issue) without naming one: not 一期.
const PHASE = /第?(?:[二三四五六七八九十\d][一二三四五六七八九十\d]*|(?<![那这哪每上下本前同该])一[一二三四五六七八九十]*)(?:期|阶段)/g;
const NUMBER = /(?<![a-z+\d.])\d+(?:月份?|号|周年)?/g;

/** The phases a text writes (一期, 第二阶段), as written. */
export function phasesIn(text: string): string[] {
  return [...text.matchAll(PHASE)].map((m) => m[0].replace(/^第/, ''));
}


/**
 * The content terms of a subject, each with its aliases and store-wide weight. Qualifiers (versions,
 * identifiers, phases, numbers) are taken out first and kept whole: they must match exactly.
 */
export function contentTerms(subject: string, aliases: AliasTable, store: ReportStore): GroundTerm[] {
  let rest = subject.normalize('NFKC').toLowerCase();
  const { aliasWords, letteredLongestFirst } = aliasWordsOf(aliases);
  const qualifiers: Array<{ text: string; kind: TermKind }> = [];
  const take = (pattern: RegExp, kind: TermKind) => {
    rest = rest.replace(pattern, (m) => {
      if (aliasWords.has(m)) return m; // T0 is an alias of T+0, not an identifier
      // v1.4 and 1.4 are the same version.
      qualifiers.push({ text: kind === 'version' && /^v\d/.test(m) ? m.slice(1) : m, kind });
      return ' ';
    });
  };
  // Alias words with letters or digits (T+0, e-CNY, POS机) are kept whole before anything else.
  const words: string[] = [];
  for (const a of letteredLongestFirst) {
    if (!rest.includes(a)) continue;
    words.push(a);
    rest = rest.split(a).join(' ');
  }
  rest = rest.replace(QUESTION_PHRASES, ' ');
  // 冷启动 is a kind of start, not the generic verb 启动 (jieba would cut 冷 / 启动 and both would go); 新用户 before it restates it.
  rest = rest.replace(/(?:新用户的?)?冷启动|[热自]启动/g, (m) => {
    words.push(m.replace(/^新用户的?/, ''));
    return ' ';
  });
  // 开放平台 / 开放 API: 开放 names a kind of system, not the event (questionEvents.ts's OPEN_AS_NAME), and the
  // line must have it (江苏银行存量开放平台 is not the bank's 扫码支付); the generic-word cut would drop it.
  rest = rest.replace(/开放(?=\s*(?:平台|api|接口|网关|银行|能力|生态|社区|源))/g, () => (words.push('开放'), ' '));
  // 1.4GHz / 45ms: a figure, not a version (跑1.5GHz时 is the 1.5GHz line); its unit is not a word
  // to look for, the number must match.
  rest = rest.replace(new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*(?:${FIGURE_UNITS})(?![a-z])`, 'g'), (_, n: string) => {
    qualifiers.push({ text: n, kind: 'number' });
    return ' ';
  });
  // 11/20 那次事件: a day named inside the subject is a date, in whichever spelling the report wrote it.
  rest = rest.replace(DAY_IN_SUBJECT, (_, m: string, d: string) => {
    qualifiers.push({ text: `${Number(m)}/${Number(d)}`, kind: 'date' });
    return ' ';
  });
  // 差错自动处理那一期 / 这一版: pointing at a phase or release the other words describe, naming none.
  rest = rest.replace(/[那这哪]一?(?:期|阶段|版)/g, ' ');
  take(VERSION, 'version');
  take(PHASE, 'phase');
  take(IDENTIFIER, 'version');
  take(NUMBER, 'number');

  // A lone Han character (级, 剩, 什) matches nearly every line, or is a question word cut in half:
  // it cannot ground anything, so it is left to retrieval.
  const known = (w: string) => documentFrequency(store, [forMatch(w)]) > 0;
  const prefixes: string[] = [];
  const cut = questionWords(rest, aliasWords, known, prefixes, (w) => !GENERIC.has(w));
  // 两个机房 / 三台机器: a count in words is how many, not which (the line says 跨机房, 3 台).
  const named = cut.filter((t) => !GENERIC.has(t) && !/^\p{Script=Han}$/u.test(t) && !/^[a-z]$/.test(t) && !SPELLED_COUNT.test(t));
  // 图召回通道: a character that names a kind of the word after it (图 / 向量 召回) must be in the line too.
  named.push(...prefixes.filter((c) => !GENERIC.has(c) && !SINGLE_VERBS.has(c)));
  // 迁 / 升 / 切: a one-character verb says which work (调度任务迁完了吗 is the migration, not the cluster's shutdown).
  named.push(...cut.filter((t) => SINGLE_VERBS.has(t)));
  // 慢查询日志的问题: 问题 says what is asked about the subject; alone (有哪些问题) it is the subject.
  // An alias word with letters (bug) is such a noun too: it was taken out before the cut, so it is weighed here.
  const softLetters = words.filter((w) => SOFT_NOUNS.has(w));
  if (softLetters.length) words.splice(0, words.length, ...words.filter((w) => !SOFT_NOUNS.has(w)));
  named.push(...softLetters);
  words.push(...(named.some((t) => !SOFT_NOUNS.has(t)) ? named.filter((t) => !SOFT_NOUNS.has(t)) : named));
  const total = itemCount(store);
  const terms: GroundTerm[] = [];
  const seen = new Set<string>();
  for (const { text, kind } of [...words.map((text) => ({ text, kind: 'word' as TermKind })), ...qualifiers]) {
    if (seen.has(text)) continue;
    seen.add(text);
    const others =
      kind === 'word' ? [...aliases.synonyms(text), ...(SINGLE_VERBS.get(text) ?? [])] : kind === 'phase' ? phaseSpellings(text) : kind === 'date' ? daySpellings(text) : [];
    let variants = [...new Set([text, ...others].map(forMatch))].filter(Boolean);
    let df = kind === 'word' ? wordFrequency(store, variants) : documentFrequency(store, variants);
    let word = text;
    if (kind === 'word' && df === 0 && /^[a-z]{2,}s$/.test(text) && !seen.has(text.slice(0, -1))) {
      // An English plural in a mixed question (PRs, SDKs): the reports write the singular.
      word = text.slice(0, -1);
      variants = [...new Set([word, ...aliases.synonyms(word)].map(forMatch))].filter(Boolean);
      df = wordFrequency(store, variants);
    }
    if (kind === 'word' && df === 0 && /^[a-z]{4,}$/.test(word)) {
      // OAuth for OAuth2, Vue for Vue3: a name the reports write with its major version glued on
      // (one token to the index). The line still has the word itself (termFound looks for it inside).
      for (let d = 0; d <= 9 && df === 0; d++) df = documentFrequency(store, [`${word}${d}`]);
    }
    const typo = kind === 'word' && df === 0 ? TYPOS.get(word) : undefined;
    if (typo && !seen.has(typo)) {
      // 核心借口自动化: a common input-method slip (spellings.ts) for the word the reports write.
      word = typo;
      seen.add(word);
      variants = [...new Set([word, ...aliases.synonyms(word)].map(forMatch))].filter(Boolean);
      df = wordFrequency(store, variants);
    }
    const measured = kind === 'word' && df === 0 ? MEASURE_SUFFIX.exec(word) : null;
    if (measured && !seen.has(measured[1])) {
      // 注册人数 / 回收数 / PR数量: the reports write the count (注册 820 人), not the word for it.
      word = measured[1];
      seen.add(word);
      variants = [...new Set([word, ...aliases.synonyms(word)].map(forMatch))].filter(Boolean);
      df = wordFrequency(store, variants);
    }
    const placed = kind === 'word' && df === 0 ? PLACE_SUFFIX.exec(word) : null;
    if (placed && !seen.has(placed[1]) && wordFrequency(store, [forMatch(placed[1])]) > 0) {
      // 高温箱里 / 页面上: where it happened, said with a locative the line writes otherwise (高温箱内).
      word = placed[1];
      seen.add(word);
      variants = [...new Set([word, ...aliases.synonyms(word)].map(forMatch))].filter(Boolean);
      df = wordFrequency(store, variants);
    }
    // A one-character verb narrows the subject when the store has it; when it has not (搬完了吗 of work
    // the report calls 推广), it is just how the asker speaks.
    if (SINGLE_VERBS.has(word) && df === 0) continue;
    const narrower = kind === 'word' ? [...new Set(aliases.narrower(word).map(forMatch))].filter(Boolean) : [];
    if (df === 0 && narrower.length) df = documentFrequency(store, narrower);
    terms.push({ text: word, variants, kind, df, weight: idf(df, total), ...(narrower.length ? { narrower } : {}) });
  }
  // Only beside two other words: 建行开放平台 is 建行 + 平台 once 开放 (an event) is gone, and 建行 alone
  // names a bank, not which of its items (建行三期POS收单 is another) — there 平台 must be in the line.
  if (terms.filter((t) => t.kind === 'word' && !KIND_NOUNS.has(t.text)).length >= 2) for (const t of terms) if (KIND_NOUNS.has(t.text)) t.optional = true;
  return terms;
}

/** A place word with a locative after it (高温箱里, 机房内, 页面上): the place is the term. */
const PLACE_SUFFIX = /^(\p{Script=Han}{2,}?)(?:里面|里头|里|内|中|上)$/u;

/** A word that ends in what is counted (注册人数, 报名商户数, PR数量): the part before it is the subject. */
const MEASURE_SUFFIX = /^(.{2,}?)(?:人数|人次数|个数|次数|笔数|家数|台数|条数|件数|份数|数量|总数|数)$/u;

/**
 * A word the segmenter glued across a space or punctuation (订单宽表 端到端 → 宽表端到端) has a bigram
 * the index never stored; it is unknown only when one of its own two-character pieces is.
 */
function wordFrequency(store: ReportStore, variants: string[]): number {
  const df = documentFrequency(store, variants);
  const chars = [...variants[0]];
  if (df > 0 || chars.length < 4 || !/^\p{Script=Han}+$/u.test(variants[0])) return df;
  let least = Infinity;
  for (let i = 0; i + 1 < chars.length; i += 2) least = Math.min(least, documentFrequency(store, [chars.slice(i, i + 2).join('')]));
  return least === Infinity ? 0 : least;
}

/** Haystacks of items already seen: the same loaded item is tested by ranking, its chain and the story. */
const haystacks = new WeakMap<StoredItem, string>();

/**
 * Everything an item can be recognised by: its text, section path, owner and team. The team's name
 * speaks for every line of its reports (客服知识库 in 智能客服项目组's 知识库 FAQ 导入); a subject
 * named only by the team is not a line's subject, which rankBySubject checks (ownHaystack).
 */
export function itemHaystack(item: StoredItem): string {
  let haystack = haystacks.get(item);
  if (haystack === undefined) haystacks.set(item, (haystack = forMatch([...item.sectionPath, item.text, item.owner ?? '', item.team ?? ''].join('|'))));
  return haystack;
}

/** Joined haystacks of line lists, kept as long as the list is: itemCache.ts keeps a report's lines across questions. */
const listHaystacks = new WeakMap<readonly StoredItem[], string>();
const PART = '\u0001';

/**
 * The items' haystacks (itemHaystack) joined by '\n'. Folded in one pass with U+0001 between the
 * items, then that turned into '\n': NFKC neither composes nor reorders across a control character
 * and lower-casing looks past none (final sigma), so each part is exactly the item's haystack — at
 * about half the cost of folding line by line, which was most of what a chain spends on the reports
 * it passes by. Text holding U+0001 itself (stored text is not ours) is folded line by line.
 */
export function linesHaystack(items: readonly StoredItem[]): string {
  // One line (a chain testing a report's lines one by one): its own haystack, kept with the item.
  if (items.length === 1) return itemHaystack(items[0]);
  let joined = listHaystacks.get(items);
  if (joined === undefined) {
    const folded = forMatch(items.map((i) => [...i.sectionPath, i.text, i.owner ?? '', i.team ?? ''].join('|')).join(PART));
    let parts = 0;
    for (let at = folded.indexOf(PART); at >= 0; at = folded.indexOf(PART, at + 1)) parts++;
    if (items.length && parts === items.length - 1) {
      joined = folded.replaceAll(PART, '\n');
      // Each part is its line's haystack: kept for the line too, since a report passing this test
      // has its lines tested one by one next (identity.ts, candidatesByName).
      const each = folded.split(PART);
      for (let k = 0; k < items.length; k++) if (!haystacks.has(items[k])) haystacks.set(items[k], each[k]);
    } else joined = items.map(itemHaystack).join('\n');
    listHaystacks.set(items, joined);
  }
  return joined;
}

/** The item's text, section path and owner, without its team. */
export function ownHaystack(item: StoredItem): string {
  return forMatch([...item.sectionPath, item.text, item.owner ?? ''].join('|'));
}

export function termFound(term: GroundTerm, haystack: string): boolean {
  if (term.kind !== 'word') return term.variants.some((v) => exactQualifier(v, term.kind === 'version').test(haystack));
  return term.variants.some((v) => haystack.includes(v) || nearSpelling(v, haystack)) || gluedWordFound(term.variants[0], haystack);
}

/**
 * A long word the segmenter glued out of neighbours (订单宽表端到端 from 订单宽表…端到端延迟) is found
 * when each two-character piece of it is in the same text: stricter than shared characters (every
 * piece must be there), looser than the whole word.
 */
function gluedWordFound(word: string, haystack: string): boolean {
  const chars = [...word];
  if (chars.length < 4 || !/^\p{Script=Han}+$/u.test(word)) return false;
  for (let i = 0; i < chars.length; i += 2) {
    const piece = chars.slice(i, i + 2 + (chars.length - i === 3 ? 1 : 0)).join('');
    if (!haystack.includes(piece)) return false;
    if (chars.length - i === 3) break;
  }
  return true;
}

/** Compiled qualifier patterns by variant: chains test the same terms against hundreds of lines per question. */
const qualifierPatterns = new Map<string, RegExp>();

/** 2.0 must not match 12.0 or 2.01; L4 not L45; 二期 not 十二期. (No `g` flag: a shared pattern keeps no state.) */
function exactQualifier(v: string, subVersions = false): RegExp {
  const key = `${subVersions ? 'v' : 'q'}\u0001${v}`;
  let pattern = qualifierPatterns.get(key);
  if (!pattern) {
    if (qualifierPatterns.size > 10_000) qualifierPatterns.clear();
    qualifierPatterns.set(key, (pattern = qualifierPattern(v, subVersions)));
  }
  return pattern;
}

function qualifierPattern(v: string, subVersions: boolean): RegExp {
  const escaped = v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Haystacks have no spaces (商家App 5.6 → 商家app5.6), so a letter may precede a version number.
  // …and a version is never the day of a date or the end of a range (12/6, 3-6 are not version 6).
  const before = /^\d/.test(v) ? (subVersions ? '(?<![\\d./\\-~])' : '(?<![\\d.])') : /^[a-z]/.test(v) ? '(?<![a-z])' : '(?<![一二三四五六七八九十\\d])';
  // A version also names its point releases (3.3 → 3.3.0-rc1); a plain number does not (2 ≠ 2.5).
  // A day with two digits (11/20) ends there: reports write a time right after it (11/20 10:05, spaces gone).
  if (/^\d{1,2}\/\d{2}$/.test(v)) return new RegExp(`${before}${escaped}`);
  // A version is written bare (OTA v1.5, 3.3.0); 1.5GHz or 1.5 倍 is a figure that happens to share its digits.
  const notFigure = subVersions && /^\d/.test(v) ? `|${AFTER_FIGURE}` : '';
  return new RegExp(`${before}${escaped}(?![\\d]${subVersions ? '' : '|\\.\\d'}${notFigure})`);
}

/**
 * One character inserted (备份的通道) in a term of four or more Han
 * characters: small spelling differences, not a different word (一致性 vs 可用性 stays apart, it is
 * only three characters).
 */
function nearSpelling(term: string, haystack: string): boolean {
  const chars = [...term];
  if (chars.length < 4 || !/^\p{Script=Han}+$/u.test(term)) return false;
  // Every spelling with one insertion keeps the first and the last character: most texts lack one.
  if (!haystack.includes(chars[0]) || !haystack.includes(chars[chars.length - 1])) return false;
  // Insertions only: one changed character is how near-miss names differ (年中促销 / 年终促销).
  for (let i = 1; i < chars.length; i++) {
    if (withOneInserted(chars.slice(0, i).join(''), chars.slice(i).join(''), haystack)) return true;
  }
  return false;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** `before` + any one character but a line break + `after` somewhere in the text (a regex `.`, without building one). */
function withOneInserted(before: string, after: string, text: string): boolean {
  for (let at = text.indexOf(before); at >= 0; at = text.indexOf(before, at + 1)) {
    const next = at + before.length;
    const point = text.codePointAt(next);
    if (point === undefined) return false;
    const inserted = String.fromCodePoint(point);
    if (!LINE_BREAK.test(inserted) && text.startsWith(after, next + inserted.length)) return true;
  }
  return false;
}

export interface Grounding {
  /** Share (0..1) of the terms' IDF weight found */
  coverage: number;
  missing: GroundTerm[];
}

/** The text has one of the term's narrower words (稳定性: 崩溃率). */
function narrowerFound(term: GroundTerm, haystack: string): boolean {
  return !!term.narrower?.some((v) => haystack.includes(v));
}

export function grounding(terms: GroundTerm[], haystack: string): Grounding {
  let total = 0;
  let found = 0;
  let strong = false;
  const missing: GroundTerm[] = [];
  const weak: GroundTerm[] = [];
  for (const t of terms) {
    total += t.weight;
    if (termFound(t, haystack)) {
      found += t.weight;
      strong ||= !t.optional;
    } else if (narrowerFound(t, haystack)) weak.push(t);
    else if (!t.optional) missing.push(t);
  }
  // A narrower word stands for the term only beside a term found as asked.
  for (const t of weak) {
    if (strong) found += t.weight / 2;
    else missing.push(t);
  }
  return { coverage: total ? found / total : 1, missing };
}

/** Whether every term is found (grounding(…).missing is empty; an optional one may not be), stopping at the first one that is not. */
export function groundsAll(terms: GroundTerm[], haystack: string): boolean {
  if (!terms.some((t) => t.narrower)) return terms.every((t) => t.optional || termFound(t, haystack));
  return !grounding(terms, haystack).missing.length;
}

export function isQualifier(term: GroundTerm): boolean {
  return term.kind !== 'word';
}

function positionIn(term: GroundTerm, text: string): [number, number] | null {
  for (const v of term.variants) {
    if (term.kind !== 'word') {
      const m = exactQualifier(v, term.kind === 'version').exec(text);
      if (m) return [m.index, m.index + m[0].length];
      continue;
    }
    const at = text.indexOf(v);
    if (at >= 0) return [at, at + v.length];
  }
  return null;
}

/**
 * The item names the subject, not just its words: the terms found in its own text sit close
 * together (POS APP与应用市场, not POS主交易链路（终端APP…）), and any other term is in a heading
 * above it (主交易链路 under POS收单系统建设). What a timeline accepts from a week whose line was
 * reworded beyond the matcher's measure.
 */
export function namesSubject(terms: GroundTerm[], item: StoredItem): boolean {
  if (!terms.length) return false;
  const own = forMatch(item.text);
  const headings = forMatch([...item.sectionPath, item.owner ?? '', item.team ?? ''].join('|'));
  const spans: Array<[number, number]> = [];
  for (const t of terms) {
    const at = positionIn(t, own);
    if (at) spans.push(at);
    else if (!termFound(t, headings) && !termFound(t, own) && !t.optional && !narrowerFound(t, own + '|' + headings)) return false;
  }
  if (spans.length < 2) return true;
  const chars = spans.reduce((n, [a, b]) => n + (b - a), 0);
  const span = Math.max(...spans.map((s) => s[1])) - Math.min(...spans.map((s) => s[0]));
  return span <= chars + 2 + 2 * spans.length;
}
