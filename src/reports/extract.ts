/**
 * Facts inside one item's text: dates (with the event they belong to), figures, and status.
 * Pure functions over a single line; every regex is compiled once at module load because the
 * parser calls these for every item of every report.
 */
import type { ItemDate, ItemMetric, ItemStatus } from './model';
import { stripInlineMarkup, toHalfWidth } from './normalize';

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/** ASCII or full-width digit: lines without one have no dates or figures. */
const HAS_DIGIT = /[0-9\uff10-\uff19]/;

/** Clause boundaries: a fact and a plan in different clauses do not colour each other. */
const CLAUSE_BOUNDARY_CODES = new Set([...'，,。；;！!？?\n'].map((ch) => ch.charCodeAt(0)));
const isClauseBoundaryAt = (text: string, i: number) => CLAUSE_BOUNDARY_CODES.has(text.charCodeAt(i));

/** Replace a match by spaces of the same length, so indexes into the text stay valid. */
function blank(match: string): string {
  return ' '.repeat(match.length);
}

const URL_LIKE = /(?:https?:\/\/|www\.)[^\s，。；）)]+/gi;
/** Version numbers and build tags: v1.2, V2.3.1, 1.2.3 */
const VERSION_LIKE = /\b[vV]\d+(?:\.\d+)+|(?<![\d.])\d+\.\d+\.\d+(?:\.\d+)*/g;

function maskNonDates(text: string): string {
  let out = text;
  if (out.indexOf('http') !== -1 || out.indexOf('www.') !== -1) out = out.replace(URL_LIKE, blank);
  if (out.indexOf('.') !== -1) out = out.replace(VERSION_LIKE, blank);
  return out;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoOf(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIso(iso: string | null | undefined): { year: number; month: number; day: number } | null {
  if (!iso) return null;
  const m = ISO_DATE.exec(iso);
  return m ? { year: +m[1], month: +m[2], day: +m[3] } : null;
}

/**
 * The year of a month/day written without one: the year that puts it nearest the report.
 * A December report's "1/5" is next January; a January report's "12/28" is last December.
 */
export function inferYear(month: number, report: { year: number; month: number }): number {
  const diff = month - report.month;
  if (diff < -6) return report.year + 1;
  if (diff > 6) return report.year - 1;
  return report.year;
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/**
 * Candidate dates, most specific first. Groups:
 *  1-3 full date with year (2023-12-05, 2023/12/5, 2023.12.05, 2023年12月5日)
 *  4-5 Chinese month/day (12月5日, 12月5号)
 *  6-7 slash month/day (11/23)
 *  8-10 dash or dot month/day (12-05, 11.28) — accepted only next to a date word, see dashDateAccepted()
 */
const DATE_CANDIDATE = new RegExp(
  [
    '(?<![\\d.\\/-])(?:',
    '(20\\d{2})\\s*[-\\/.年]\\s*(\\d{1,2})\\s*[-\\/.月]\\s*(\\d{1,2})\\s*[日号]?',
    '|(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]',
    '|(\\d{1,2})\\/(\\d{1,2})(?![\\/\\d])',
    '|(\\d{1,2})([-.])(\\d{1,2})',
    ')(?!\\d|%|\\.\\d|-\\d)',
  ].join(''),
  'g',
);

/** Words that, right before a bare "12-05" / "11.28", make it a date rather than a range or a decimal. */
const DATE_CUE_BEFORE = /(?:预计|计划|预期|定于|已于|于|在|截至|截止|至|到|前|约|待|拟|争取|目标)\s*$/;
/** Words after a slash fraction that show it counts things (3/4的, 1/3个) rather than naming a day. */
const FRACTION_AFTER = /^\s*(?:的|个|份|人|台|项|次|倍|页|条|组|张|套|家|以上|左右)/;
const FRACTION_BEFORE = /(?:(?:第|共|约|占|进度[:：]?|比例[:：]?|完成度[:：]?)\s*|[A-Za-z])$/;

const EVENT_VERB = /上线|投产|发布|上架|发版|提测|送测|转测|开放|评审|完成|完毕|验收|启动|交付|联调|灰度|部署|割接|切换|演练|立项|结项|签约|测试/g;
const CANONICAL_EVENT: Record<string, string> = {
  上线: '上线',
  投产: '上线',
  发布: '上线',
  上架: '上线',
  发版: '上线',
  提测: '提测',
  送测: '提测',
  转测: '提测',
  完毕: '完成',
  割接: '切换',
};
/** Generic verbs lose to a specific one nearby: "11/17完成提测" is a 提测 date, "11/14上线完成" a 上线 date. */
const GENERIC_EVENTS = new Set(['完成', '测试']);

const PLAN_CUE = /预计|计划|待|将|拟|目标|争取|下周|下月|预期|准备|安排|即将|力争|有望|打算/;
/** Phrases that contain a plan word but describe something on track, not a plan. */
const NOT_A_PLAN = /按计划|按照计划|计划内|如期|期待|接待|善待|对待|看待/g;
const PAST_BEFORE = /已/;
const PAST_AFTER = /^[^，,。；;]{0,6}?(?:完成|完毕|成功)|^\s*已/;

/** How far (characters) around a date we look for its verb and its tense. */
const AFTER_WINDOW = 12;
const BEFORE_WINDOW = 14;

interface DateHit {
  start: number;
  end: number;
  iso: string;
}

/**
 * Dates in an item. `reportDate` (ISO) supplies the year of dates written without one and decides
 * whether an unmarked date is past or planned; with no report date, yearless dates are skipped
 * (there is no honest way to place them).
 */
export function extractDates(text: string, reportDate: string | null): ItemDate[] {
  if (!HAS_DIGIT.test(text)) return [];
  const normal = toHalfWidth(text);
  const masked = maskNonDates(normal);
  const report = parseIso(reportDate);

  const hits: DateHit[] = [];
  DATE_CANDIDATE.lastIndex = 0;
  for (let m = DATE_CANDIDATE.exec(masked); m; m = DATE_CANDIDATE.exec(masked)) {
    const start = m.index;
    const end = start + m[0].length;
    let iso: string | null = null;
    if (m[1]) {
      iso = isoOf(+m[1], +m[2], +m[3]);
    } else {
      const [month, day] = m[4] ? [+m[4], +m[5]] : m[6] ? [+m[6], +m[7]] : [+m[8], +m[10]];
      if (m[6] && (FRACTION_BEFORE.test(masked.slice(Math.max(0, start - 6), start)) || FRACTION_AFTER.test(masked.slice(end, end + 4)))) continue;
      if (m[8] && !dashDateAccepted(masked, start, end)) continue;
      if (!report) continue;
      iso = isoOf(inferYear(month, report), month, day);
    }
    if (iso) hits.push({ start, end, iso });
  }
  if (!hits.length) return [];

  return hits.map((hit, i) => {
    const clauseStart = clauseStartBefore(masked, hit.start);
    const clauseEnd = clauseEndAfter(masked, hit.end);
    const nextStart = i + 1 < hits.length ? hits[i + 1].start : masked.length;
    const after = masked.slice(hit.end, Math.min(clauseEnd, nextStart, hit.end + AFTER_WINDOW));
    const before = masked.slice(Math.max(clauseStart, hit.start - BEFORE_WINDOW), hit.start);
    const clauseBefore = masked.slice(clauseStart, hit.start).replace(NOT_A_PLAN, blank);
    return {
      iso: hit.iso,
      text: text.slice(hit.start, hit.end).trim(),
      event: eventNear(before, after),
      planned: isPlanned(hit.iso, clauseBefore, masked.slice(hit.end, clauseEnd), reportDate),
    };
  });
}

/** "1-2周", "3-5天": a range of a count, not a date. */
const RANGE_AFTER = /^\s*(?:周|天|日内|个|月|年|人|次|小时|倍|项|台|%)/;

/** "App 5.6 发版": a dotted number right after a Latin name is a version, not May 6. */
const NAME_BEFORE_VERSION = /[A-Za-z][\w-]*\s*$/;

function dashDateAccepted(masked: string, start: number, end: number): boolean {
  if (RANGE_AFTER.test(masked.slice(end, end + 3))) return false;
  if (masked.slice(start, end).includes('.') && NAME_BEFORE_VERSION.test(masked.slice(Math.max(0, start - 20), start))) return false;
  if (DATE_CUE_BEFORE.test(masked.slice(Math.max(0, start - 4), start))) return true;
  const after = masked.slice(end, end + 3).trimStart();
  EVENT_VERB.lastIndex = 0;
  const verb = EVENT_VERB.exec(after);
  return !!verb && verb.index === 0;
}

function clauseStartBefore(text: string, index: number): number {
  for (let i = index - 1; i >= 0; i--) if (isClauseBoundaryAt(text, i)) return i + 1;
  return 0;
}

function clauseEndAfter(text: string, index: number): number {
  for (let i = index; i < text.length; i++) if (isClauseBoundaryAt(text, i)) return i;
  return text.length;
}

/** The verb right after the date ("11/23上线"), else the nearest one before it ("提测由12/5推迟至12/8"). */
function eventNear(before: string, after: string): string | null {
  const fromAfter = pickVerb(after, false);
  if (fromAfter) return fromAfter;
  return pickVerb(before, true);
}

function pickVerb(window: string, nearestIsLast: boolean): string | null {
  EVENT_VERB.lastIndex = 0;
  let specific: string | null = null;
  let generic: string | null = null;
  for (let m = EVENT_VERB.exec(window); m; m = EVENT_VERB.exec(window)) {
    const verb = CANONICAL_EVENT[m[0]] ?? m[0];
    if (GENERIC_EVENTS.has(verb)) {
      if (!generic || nearestIsLast) generic = verb;
    } else if (!specific || nearestIsLast) {
      specific = verb;
      if (!nearestIsLast) break;
    }
  }
  return specific ?? generic;
}

/**
 * Planned when the clause says so before the date (预计/计划/待…); past when it says 已 before the
 * date or 完成/完毕 after it; otherwise by the calendar: after the report date is a plan.
 */
function isPlanned(iso: string, clauseBefore: string, clauseAfter: string, reportDate: string | null): boolean {
  if (PLAN_CUE.test(clauseBefore)) return true;
  if (PAST_BEFORE.test(clauseBefore) || PAST_AFTER.test(clauseAfter)) return false;
  return reportDate !== null && iso > reportDate;
}

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

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
const NOT_A_UNIT_WORD = /^(?:项目|行业|行为|行动|行程|条件|条款|步骤|级别|周期|周年|周边|天气|人员|人才|件事|张图)/;
/** 分 in 分账/分批/分期… starts a word; it is not a score. */
const NOT_A_SCORE = /^[账批期配布析支享摊润红拆解组段区行别类成钟]/;
/** Counting words whose noun follows: "42个指标", "4台金融加密机". */
const COUNTED_NOUN_UNITS = new Set(['个', '项', '条', '家', '台', '件', '套', '张', '行']);
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
  let previousEnd = 0;
  METRIC.lastIndex = 0;
  for (let m = METRIC.exec(masked); m; m = METRIC.exec(masked)) {
    const unit = m[4];
    if (unit === '分' && NOT_A_SCORE.test(masked.slice(m.index + m[0].length, m.index + m[0].length + 1))) continue;
    if (unit.length === 1 && NOT_A_UNIT_WORD.test(unit + masked.slice(m.index + m[0].length, m.index + m[0].length + 1))) continue;
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
  if (masked.indexOf('/') !== -1) {
    // Years are masked in `masked` ("2000" would be one), so fractions are read where only links are.
    const unmasked = maskNonDates(plain);
    FRACTION.lastIndex = 0;
    for (let m = FRACTION.exec(unmasked); m; m = FRACTION.exec(unmasked)) {
      if (!isCountFraction(m[1], m[2])) continue;
      const start = m.index;
      if (found.some((f) => start < f.end && start + m![0].length > f.start)) continue;
      const before = found.filter((f) => f.end <= start).reduce((a, f) => Math.max(a, f.end), 0);
      const label = labelBefore(masked, Math.max(before, start - LABEL_MAX * 2), start);
      found.push({ start, end: start + m[0].length, metric: { text: m[0], value: Number(m[1]), unit: `/${m[2]}`, label } });
    }
    found.sort((a, b) => a.start - b.start);
  }
  return found.map((f) => f.metric);
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

// ---------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------

/**
 * Status keywords. A line is read clause by clause (split at ，。；…):
 *  - inside a clause the strongest keyword wins: delayed > launched > testing > done > in_progress;
 *    a fact keyword that comes after a plan word in the same clause ("预计12/5提测", "待前端完成后")
 *    only counts as a plan (delays always count: "预计推迟至12/8" is a delay);
 *  - across clauses the LAST clause that states a fact wins ("方案评审通过，研发进行中" -> in_progress,
 *    "联调完毕，二类户对接进行中" -> in_progress), and facts beat plans anywhere in the line
 *    ("已提测，计划11/23上线" -> testing; "评审通过，研发按计划进行中，预计12/5提测" -> in_progress);
 *  - a line with only plans is planned; nothing recognised is unknown.
 * Bare 上线/投产/提测 are events, not facts: they count only after 已 in the same clause
 * ("已于11/23上线" -> launched), or as compounds (上线完成, 提测完成, 正式上线).
 */
type Kind = ItemStatus | 'plan' | 'past' | 'launch_verb' | 'test_verb' | 'done_verb' | 'neutral' | 'negate';

const STATUS_WORDS: Array<[Kind, string[]]> = [
  ['cancelled', ['已取消', '被取消', '取消了', '需求取消', '取消）', '取消)', '不再做', '不做了', '已作废', '作废', '已放弃', 'cancelled', 'canceled', 'dropped', "won't do", 'wontfix']],
  ['blocked', ['阻塞', '等待', '仍在等', '被卡住', '卡住', '卡在', '受阻', '被阻', 'blocked', 'blocker', 'blocking', 'stuck', 'on hold', '暂停']],
  ['delayed', ['延期', '推迟', '延后', '滞后', '顺延', '延误', '拖期', 'delayed', 'delay']],
  [
    'launched',
    ['已上线', '上线完成', '上线完毕', '上线成功', '成功上线', '顺利上线', '已投产', '投产完成', '全量上线', '正式上线', '已发布', '发布完成', '上架完成', '已上架', 'launched', 'released'],
  ],
  ['testing', ['已提测', '提测完成', '完成提测', '已送测', '送测完成', '测试中', '灰度', '验证中', '试运行', '内测', '试用', 'UAT', 'testing']],
  [
    'done',
    [
      '已完成', '完成', '完毕', '通过', '达标', '结束', '打通', '搞定', '已交付', '已解决', '已修复', '已合入', '已合并', '合入主线',
      '已merge', '已 merge', 'done', 'merged', 'finished', 'completed', 'committed', 'fixed', 'resolved',
    ],
  ],
  [
    'in_progress',
    [
      '进行中', '开发中', '研发中', '推进中', '推进', '跟进', '实施中', '建设中', '对接中', '联调中', '上线中', '改造中',
      '处理中', '排查中', '设计中', '优化中', '梳理中', '迭代中', '整改中', '开展中', '进展', '进度正常', '正常推进',
      '启动', '继续', '正在', 'wip', 'in progress', 'ongoing', 'continue', 'continuing', 'reviewing', 'in review', '评审中', 'review中',
    ],
  ],
  ['plan', ['计划', '预计', '待', '将', '拟', '下周', '下月', '争取', '准备', '即将', '打算', '力争', 'todo', 'planned']],
  ['past', ['已经', '已于', '已']],
  ['launch_verb', ['上线', '投产', '发布', '上架']],
  ['test_verb', ['提测', '送测', '转测']],
  // Done only when said to have happened: "已修复" is done, "解决意向金收取问题" is a purpose.
  ['done_verb', ['解决', '修复', '交付', '落地', '关闭']],
  // Contain a keyword but mean something else.
  ['neutral', ['按计划', '按照计划', '计划内', '如期', '期待', '接待', '善待', '对待', '看待', '招待', '完成率', '完成度', '通过率', '推进会', '解决方案']],
  ['negate', ['尚未', '还未', '未', '没有', '不会', '不', '无']],
];

/**
 * Keywords indexed by their first character, longest first, so the scan below is one pass over the
 * text with a few startsWith() checks where a keyword could begin (much cheaper than one big
 * alternation regex for the ~130 keywords).
 */
const KEYWORDS_BY_FIRST_CHAR = new Map<number, Array<{ word: string; kind: Kind }>>();
for (const [kind, words] of STATUS_WORDS) {
  for (const word of words) {
    const w = word.toLowerCase();
    const first = w.charCodeAt(0);
    const list = KEYWORDS_BY_FIRST_CHAR.get(first) ?? [];
    list.push({ word: w, kind });
    KEYWORDS_BY_FIRST_CHAR.set(first, list);
  }
}
for (const list of KEYWORDS_BY_FIRST_CHAR.values()) list.sort((a, b) => b.word.length - a.word.length);

/** "进度95%": progress in numbers (100% is done). */
const PROGRESS_PERCENT = /进度[:：]?\s*(\d+(?:\.\d+)?)\s*%/y;
const PROGRESS_FIRST_CODE = '进'.charCodeAt(0);
const HAS_UPPER_ASCII = /[A-Z]/;

const FACT_RANK: Partial<Record<ItemStatus, number>> = { in_progress: 1, done: 2, testing: 3, launched: 4, delayed: 5, blocked: 6, cancelled: 7 };

/** Where an item stands, by its own words (see the rules above STATUS_WORDS). */
export function detectStatus(text: string): ItemStatus {
  const normal = toHalfWidth(text);
  const line = { lastFact: null as ItemStatus | null, anyPlan: false };
  const clause = newClause();

  const haystack = HAS_UPPER_ASCII.test(normal) ? normal.toLowerCase() : normal;
  const n = haystack.length;
  for (let i = 0; i < n; ) {
    const code = haystack.charCodeAt(i);
    if (CLAUSE_BOUNDARY_CODES.has(code)) {
      closeClause(clause, line);
      i++;
      continue;
    }
    if (code === PROGRESS_FIRST_CODE) {
      PROGRESS_PERCENT.lastIndex = i;
      const progress = PROGRESS_PERCENT.exec(haystack);
      if (progress) {
        consider(clause, Number(progress[1]) >= 100 ? 'done' : 'in_progress');
        i += progress[0].length;
        continue;
      }
    }
    const candidates = KEYWORDS_BY_FIRST_CHAR.get(code);
    let hit: { word: string; kind: Kind } | undefined;
    if (candidates) {
      for (const c of candidates) {
        if (haystack.startsWith(c.word, i)) {
          hit = c;
          break;
        }
      }
    }
    if (!hit) {
      i++;
      continue;
    }
    const at = i;
    i += hit.word.length;
    if (hit.kind === 'negate') {
      clause.negatedUntil = i;
      continue;
    }
    // "未上线", "无延期", "不延后": the negated keyword says nothing.
    if (at === clause.negatedUntil) continue;
    switch (hit.kind) {
      case 'neutral':
        break;
      case 'plan':
        clause.planSeen = true;
        clause.pastSeen = false;
        break;
      case 'past':
        clause.pastSeen = true;
        clause.planSeen = false;
        break;
      case 'launch_verb':
        if (clause.pastSeen) consider(clause, 'launched');
        break;
      case 'test_verb':
        if (clause.pastSeen) consider(clause, 'testing');
        break;
      case 'done_verb':
        if (clause.pastSeen) consider(clause, 'done');
        break;
      default:
        consider(clause, hit.kind);
    }
  }
  closeClause(clause, line);
  if (!line.lastFact) {
    // "值周：线上问题定位\t\t100%": a percentage set apart at the end of the line is the item's completion.
    const completion = TRAILING_PERCENT.exec(normal);
    if (completion) return Number(completion[1]) >= 100 ? 'done' : 'in_progress';
  }
  return line.lastFact ?? (line.anyPlan ? 'planned' : 'unknown');
}

const TRAILING_PERCENT = /(?:\t|\s{2,})(\d{1,3}(?:\.\d+)?)\s*%\s*$/;

interface ClauseState {
  best: ItemStatus | null;
  planSeen: boolean;
  pastSeen: boolean;
  negatedUntil: number;
}

function newClause(): ClauseState {
  return { best: null, planSeen: false, pastSeen: false, negatedUntil: -1 };
}

function consider(clause: ClauseState, status: ItemStatus): void {
  // A fact after a plan word is still a plan; delays, blocks and cancellations count anyway.
  if (clause.planSeen && status !== 'delayed' && status !== 'blocked' && status !== 'cancelled') return;
  if (!clause.best || (FACT_RANK[status] ?? 0) > (FACT_RANK[clause.best] ?? 0)) clause.best = status;
}

function closeClause(clause: ClauseState, line: { lastFact: ItemStatus | null; anyPlan: boolean }): void {
  if (clause.best) line.lastFact = clause.best;
  else if (clause.planSeen) line.anyPlan = true;
  clause.best = null;
  clause.planSeen = false;
  clause.pastSeen = false;
  clause.negatedUntil = -1;
}
