/**
 * Figures inside one item's text: a number with its unit (99.996%, 3.3GHz, -40 ps, 24 级, 37 个 commit,
 * 2000/12370) and the words that say what it measures. Dates, years, ordinals and versions are masked
 * first so they never read as figures.
 */
import type { ItemMetric } from './model';
import { stripInlineMarkup, toHalfWidth } from './normalize';
import { HAS_DIGIT, blank, maskNonDates } from './textMasks';

/** Dates and ordinals must never read as figures, so they are blanked before the number scan. */
const DATE_LIKE =
  /(?<![\d.])(?:20\d{2}\s*[-\/.年]\s*\d{1,2}\s*[-\/.月]\s*\d{1,2}\s*[日号]?|(?:19|20)\d{2}(?!\d|\.\d|\s*(?:%|万|亿|元|笔|个|次|台|户|单|人|件|条|项|家|张|套|ms|毫秒|秒))|\d{1,2}\s*月\s*\d{1,2}\s*[日号]?|\d{1,2}\/\d{1,2}(?!\d)|20\d{2}\s*年|\d{1,2}\s*月份?)|第\s*\d+|\d{1,2}:\d{2}/g;

const METRIC_UNITS = [
  '个百分点',
  'GB/s',
  'MB/s',
  'Gbps',
  'Mbps',
  'GHz',
  'MHz',
  'KHz',
  'kHz',
  'Hz',
  // Power and signal (待机功耗 28mW, 电池 5000mAh): units of device reports.
  'mAh',
  'mA',
  'mW',
  'kW',
  'dBm',
  'dB',
  'KB',
  'MB',
  'PB',
  'ns',
  'ps',
  'us',
  'μs',
  'fps',
  'FPS',
  'commits',
  'commit',
  '字节',
  '行',
  '级',
  '步',
  '帧',
  '个月',
  '万元',
  '亿元',
  '万笔',
  '万单',
  '万户',
  '万次',
  '万人',
  '人次',
  '人天',
  '毫秒',
  '小时',
  '分钟',
  '%',
  '‰',
  'ms',
  'QPS',
  'TPS',
  'qps',
  'tps',
  'GB',
  'TB',
  '分',
  '个',
  '次',
  '台',
  '万',
  '亿',
  '元',
  '笔',
  '家',
  '人',
  '项',
  '条',
  '天',
  '周',
  '倍',
  '件',
  '套',
  '户',
  '单',
  '张',
  '秒',
  // Counting words of courses, people, questionnaires, articles, events (4 门课程, 6 位贡献者, 1,130 份).
  '门',
  '位',
  '名',
  '份',
  '篇',
  '场',
  '轮',
];
/** Groups: 1 sign ("-40 ps"), 2 integer part, 3 decimals, 4 unit. A Latin unit must end its word ("2MB", not "2Mbit"). */
const METRIC = new RegExp(
  `(?<![\\dA-Za-z.])(-)?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\s*(${METRIC_UNITS.join('|')})(?:(?<=[A-Za-z])(?![A-Za-z])|(?<![A-Za-z]))`,
  'g',
);
/** Progress as a count: "2000/12370", "300/2000" (a side above 31 or 3+ digits, so never a month/day). */
const FRACTION = /(?<![\d./])(\d+)\/(\d+)(?![\d/.])/g;
const isCountFraction = (a: string, b: string) => a.length > 2 || b.length > 2 || Number(a) > 31 || Number(b) > 31;
/** A unit character that starts a word instead: "528项目", "3行业", "2条件", "4步骤". */
const NOT_A_UNIT_WORD = /^(?:项目|行业|行为|行动|行程|条件|条款|步骤|级别|周期|周年|周边|天气|人员|人才|件事|张图|门店|门槛|门户|位置|位于|名单|名称|份额|篇幅|场景|场地|轮询)/;
/** 分 in 分账/分批/分期… starts a word; it is not a score. */
const NOT_A_SCORE = /^[账批期配布析支享摊润红拆解组段区行别类成钟]/;
/** Counting words whose noun follows: "42个指标", "4台金融加密机". */
const COUNTED_NOUN_UNITS = new Set(['个', '项', '条', '家', '台', '件', '套', '张', '行', '门', '位', '名', '篇', '场']);
const COUNTED_NOUN = /^(?:[\u4e00-\u9fff]{1,12}|\s?[A-Za-z][A-Za-z-]{0,19})/;
/** Verbs and particles that end the counted noun: "36个规则迁移完毕" counts 规则. */
const NOUN_STOP = /已|正在|待|均|都|全部|完成|完毕|迁移|接入|覆盖|改造|开发|测试|处理|上线|下线|进行|通过|需|将|未|被|的|和|与|及|或|中|为|是|在/;
const LABEL_BOUNDARY = /[，,。；;！!？?、()（）[\]【】|\n]/;
const LABEL_TRAILING = /(?:[\s:：=]|达到|达|为|是|约|共计|共|超过|已|仅|在|提升至|提升到|降至|降到|增至|至|到)+$/;
/** Time and scope words that precede the real label: "支付中心本周健康分" -> "健康分". */
const LABEL_PREFIX_SPLIT = /.*(?:本周|上周|本月|上月|当前|目前|今年|累计|其中|截至目前|总计)/;
const LABEL_MAX = 16;

/** Figures with a unit: 99.996%, 健康分667分, 42个指标, 进度95%, AB级0次. */
export function extractMetrics(text: string): ItemMetric[] {
  if (!HAS_DIGIT.test(text)) return [];
  const plain = toHalfWidth(stripInlineMarkup(text));
  const masked = maskNonDates(plain).replace(DATE_LIKE, blank);
  const found: Array<{ start: number; end: number; metric: ItemMetric }> = [];
  // Fractions first: in "2000/12370 个" the figure is 2000 done of 12370, not "12370 个".
  const fractions = masked.indexOf('/') !== -1 || plain.indexOf('/') !== -1 ? countFractions(plain) : [];
  const inFraction = (start: number, end: number) => fractions.some((f) => start < f.end && end > f.start);
  let previousEnd = 0;
  METRIC.lastIndex = 0;
  for (let m = METRIC.exec(masked); m; m = METRIC.exec(masked)) {
    const unit = m[4];
    if (unit === '分' && NOT_A_SCORE.test(masked.slice(m.index + m[0].length, m.index + m[0].length + 1))) continue;
    if (unit.length === 1 && NOT_A_UNIT_WORD.test(unit + masked.slice(m.index + m[0].length, m.index + m[0].length + 1))) continue;
    if (inFraction(m.index, m.index + m[0].length)) continue;
    const value = Number((m[1] ?? '') + m[2].replace(/,/g, '') + (m[3] ?? ''));
    let end = m.index + m[0].length;
    let label: string | null = null;
    if (COUNTED_NOUN_UNITS.has(unit)) {
      const noun = countedNoun(masked.slice(end, end + 16));
      if (noun) {
        label = noun.trim();
        end += noun.length;
      }
    }
    label ??= labelBefore(masked, Math.max(previousEnd, m.index - LABEL_MAX * 2), m.index);
    found.push({ start: m.index, end, metric: { text: plain.slice(m.index, end), value, unit, label } });
    previousEnd = end;
  }
  for (const f of fractions) {
    const before = found.filter((x) => x.end <= f.start).reduce((a, x) => Math.max(a, x.end), 0);
    const label = labelBefore(masked, Math.max(before, f.start - LABEL_MAX * 2), f.start);
    found.push({ start: f.start, end: f.end, metric: { text: f.text, value: f.done, unit: `/${f.total}`, label } });
  }
  found.sort((a, b) => a.start - b.start);
  return found.map((f) => f.metric);
}

/**
 * "310/520", "2000/12370": progress as done-of-total (value = done, unit = "/total", so the answer
 * can show the whole). Read where only links and versions are masked: the year mask would blank "2000".
 */
function countFractions(plain: string): Array<{ start: number; end: number; text: string; done: number; total: string }> {
  const unmasked = maskNonDates(plain);
  const out: Array<{ start: number; end: number; text: string; done: number; total: string }> = [];
  FRACTION.lastIndex = 0;
  for (let m = FRACTION.exec(unmasked); m; m = FRACTION.exec(unmasked)) {
    if (!isCountFraction(m[1], m[2])) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], done: Number(m[1]), total: m[2] });
  }
  return out;
}

function countedNoun(after: string): string | null {
  const run = COUNTED_NOUN.exec(after);
  if (!run) return null;
  const stop = NOUN_STOP.exec(run[0]);
  const noun = stop ? run[0].slice(0, stop.index) : run[0];
  if (!noun.trim()) return null;
  // Keep a Latin word whole ("37 个 commit"), cut a Chinese run at 8 characters.
  return /[A-Za-z]$/.test(noun) ? noun : noun.slice(0, noun.length - noun.trimStart().length + 8);
}

const LATIN_LETTER = /[A-Za-z0-9]/;

/**
 * The label before a figure, from `text.slice(from, to)`: back to the nearest clause boundary, without
 * filler words, at most LABEL_MAX characters, and never starting inside a word ("Apache" is never "pache").
 */
function labelBefore(text: string, from: number, to: number): string | null {
  let start = to;
  while (start > from && !LABEL_BOUNDARY.test(text[start - 1])) start--;
  // The window may start inside a Latin word: drop the partial word.
  if (start === from && start > 0 && LATIN_LETTER.test(text[start - 1])) {
    while (start < to && LATIN_LETTER.test(text[start])) start++;
  }
  let label = text.slice(start, to).replace(LABEL_TRAILING, '').trim();
  label = label.replace(LABEL_PREFIX_SPLIT, '').replace(/^[的\s:：]+/, '');
  if (label.length > LABEL_MAX) {
    let cut = label.length - LABEL_MAX;
    while (cut < label.length && LATIN_LETTER.test(label[cut - 1]) && LATIN_LETTER.test(label[cut])) cut++;
    label = label.slice(cut).trim();
  }
  return /[\u4e00-\u9fffA-Za-z]/.test(label) ? label : null;
}
