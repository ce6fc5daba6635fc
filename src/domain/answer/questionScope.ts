/**
 * The time scope a question names (第47周, 11月17日那周, 上周, 第12期, 所有, 最新, two weeks to
 * compare), read from its text and taken out of it; resolving a scope against the stored reports
 * happens in ./scope.ts.
 */

export type TimeScope =
  | { kind: 'latest' }
  | { kind: 'week'; weekNumber: number; year?: number }
  /** The report week containing a calendar date (11月17日那周); day: the question named the day itself (12月5日那天) */
  | { kind: 'date'; iso: string; day?: boolean }
  /** Relative to now: 0 = 本周, -1 = 上周, -2 = 上上周 */
  | { kind: 'relative'; offset: number }
  /** Every stored week (所有 / 历次 / 这几周 / 趋势) */
  | { kind: 'all' }
  /** The report before each team's latest (上一期 / 上期) */
  | { kind: 'previous' }
  /** Several named weeks (第47周和第48周相比, 11月24日那周和12月1日那周相比) */
  | { kind: 'weeks'; weekNumbers: number[]; isos: string[] }
  /** The last two reports (前后两周相比, 这两周, 两期对比) */
  | { kind: 'lastTwo' }
  /** A report by its issue number (第12期) */
  | { kind: 'issue'; number: number };

/** 第48周, or the ISO form minutes use (2023w48, W48). */
const WEEK_PATTERN = /第\s*(\d{1,2})\s*周|(?<![a-z])(?:\d{4}\s*)?w\s*(\d{1,2})(?!\d)/i;
/** 第12期: a report numbered by issue (a biweekly community report), found by its title. */
const ISSUE_PATTERN = /第\s*(\d{1,3})\s*期(?!\s*[一二三四五六七八九十\d])/;
/**
 * 11月17日那周, 11月24日那期周报 / 12/1 那份 (the report of that day), 截至 12/1 (what the report of
 * that day had reached): a day that names a report week. 12月5日那天 names the day itself: its week's
 * report, and in a weekday grid that day's column.
 */
const DATE_WEEK_PATTERN =
  /(?:截至|截止到?)\s*(?:(\d{4})\s*[年\-/.])?\s*(\d{1,2})\s*(?:月|\/|-|\.)\s*(\d{1,2})\s*[日号]?|(?:(\d{4})\s*[年\-/.])?\s*(\d{1,2})\s*(?:月|\/|-|\.)\s*(\d{1,2})\s*[日号]?\s*(?:(?:那|这|所在的?)?\s*(?:一)?周|(?:那|这)\s*(?:一)?(?:期|份|篇))|(?:(\d{4})\s*[年\-/.])?\s*(\d{1,2})\s*(?:月|\/)\s*(\d{1,2})\s*[日号]?\s*(?:那|这|当)\s*(?:一)?天/;
/**
 * 到11月23号做了多少 / 直到12/5为止完成了几个: what the work had reached by that day, as 截至 says it.
 * Not after a verb that moves a date (推迟到, 改到, 提到) and only where a figure or progress is asked:
 * 计划到12月15日完成 names a date, it sets no scope.
 */
const AS_OF_DAY =
  /(?<![推延挪拖改提])(?:直到|到)\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*(?:月|\/)\s*(\d{1,2})\s*[日号]?\s*(?:为止|时)?(?!\s*(?:那|这|所在)|\s*[\d/])(?=.*(?:多少|几|进度|百分之|到哪))/;
const RELATIVE_PATTERNS: Array<[RegExp, number]> = [
  [/上上周|上上星期/, -2],
  // 比上周涨了多少 measures against last week; it does not ask about last week's report. The 比 of a
  // ratio's name does not compare (覆盖占比上周是多少 asks last week's figure).
  [/(?<!(?<![占配])比|较)(?:上周|上星期|上一周|上个星期)/, -1],
  [/本周|这周|这星期|这一周|本星期/, 0],
];
/**
 * 最新一期 / 最近一周 / 最近的一次: the newest report (一期 here is an issue, not a phase); 这次 / 这回 /
 * 本次 (满意度这回多少分) too: the time being asked about is the newest one the reports tell.
 */
const LATEST_PATTERN = /最(?:新|近)(?:的)?(?:一|1)?(?:期|周|次)|最新|(?:这一?|本)(?:次|回)(?![数])|现在|目前|当前|如今|至今|latest|now/i;
/** 一路怎么降的 / 一直在降吗: how a figure moved through the weeks. */
const MOVED = /一路|怎么(?:降|涨|升|掉)|如何(?:降|涨|升)|一直在?(?:降|涨|升|下降|上升|增长)/;
const ALL_PATTERN = new RegExp(`${MOVED.source}|所有|历次|这几周|几周来|各周|每周|趋势|变化|怎么变|如何变|走势|一直`);
/** How a figure moved between two weeks: 第47周和第49周比涨了多少. */
const MOVE_WORDS = '涨|降|升|增|减|跌|提升|提高|下降|上升|增长|增加|减少|降低|多|少|高|低';
/** …and 比差多少 / 差距 / 比涨了多少: two named weeks set against each other. */
const COMPARE_WORDS = new RegExp(`相比|对比|比较|比起|变化|不同|区别|差异|差距|差(?:了)?多少|vs|(?:${MOVE_WORDS})了?(?:多少|几)`, 'i');
/** Work that changes a figure: 优化前后 is before and after the work, not the last two reports. */
const ACTION_NOUNS = '(?:优化|改造|治理|升级|迁移|改版|重构|调整|整改|扩容)';
/** 首屏耗时优化前后对比: the figure from where the work started to where it is now, over every week. */
const AROUND_WORK = new RegExp(`(?<=${ACTION_NOUNS})前后(?:的)?(?:对比|相比|比较|变化|差异)?`);
/** 前后对比 / 前后有什么变化 without 两周: the same two reports (the figure before and after); 比上一期少了多少 sets the latest against the one before. */
const LAST_TWO_PATTERN = new RegExp(String.raw`(?:这|本)一?(?:周|期|次)(?:的)?(?:和|跟|与|同|比)(?:上一?(?:周|期|次))|比(?:上一?期|前一期|上一份)|前后两(周|期|次)|这两(周|期|次)|最近两(周|期|次)|近两(周|期|次)|两期|两周|两次|两轮|(?<!${ACTION_NOUNS})前后(?=\s*(?:的)?(?:对比|相比|比较|变化|差异|有何|有什么|有啥))`);
/** A date range (2023.11.20-11.24, 12月4日-12月8日, 2023-12-04到12-08): the week it falls in. */
const DATE_RANGE_PATTERN =
  /(?:(\d{4})\s*[年.\-/])?\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*[日号]?\s*(?:-|~|～|到|至|—|–)\s*(?:\d{4}\s*[年.\-/])?\s*(?:\d{1,2}\s*[月.\-/])?\s*\d{1,2}\s*[日号]?(?:\s*(?:那|这|的)?\s*(?:一)?周)?/;
/** One week reference for comparisons: 第47周, or a date (11月24日那周, 12月1日, 12/1那期: the issue of that day). */
const WEEK_REF = /第\s*(\d{1,2})\s*周|(?:(\d{4})\s*[年\-/.])?\s*(\d{1,2})\s*(?:月|\/)\s*(\d{1,2})\s*[日号]?\s*(?:那|这|所在的?)?\s*(?:一)?[周期]?/g;
/** 上一期 / 上期 / 前一期 / 上一份, or 上一次 / 上次 / 上回 when a report word follows (上次周会, 上一次的纪要). */
const PREVIOUS_PATTERN = /上一期|上期|上一份|前一期|前一份|上一篇|(?:上一次|上次|上回)的?(?=\s*(?:周报|周会|例会|会议|双周报|报告|工作日志|日志|纪要|汇报))/;

export { MOVED };

export function extractScope(text: string, referenceYear: number): { scope: TimeScope; explicit: boolean; remaining: string } {
  const refs = [...text.matchAll(WEEK_REF)].filter((m) => m[1] || (m[3] && Number(m[3]) <= 12 && Number(m[4]) <= 31));
  // 第49周比第48周高了多少: two weeks joined by 比 compare them as 相比 does.
  const joinedByBi = refs.length >= 2 && /^\s*比\s*$/.test(text.slice(refs[0].index! + refs[0][0].length, refs[1].index));
  // 12月1日那周和12月8日那周比(一比): two weeks named, then 比 as the verb (比例 / 比重 name a figure).
  const thenBi = refs.length >= 2 && /^\s*的?\s*比(?![例重率值])/.test(text.slice(refs[1].index! + refs[1][0].length));
  if (refs.length >= 2 && (COMPARE_WORDS.test(text) || joinedByBi || thenBi)) {
    const weekNumbers = refs.filter((m) => m[1]).map((m) => Number(m[1]));
    const isos = refs
      .filter((m) => !m[1])
      .map((m) => `${m[2] ? Number(m[2]) : referenceYear}-${pad(Number(m[3]))}-${pad(Number(m[4]))}`);
    let remaining = text;
    for (const m of refs) remaining = remaining.replace(m[0], ' ');
    // The connective between the two weeks (第48周和第49周) is not part of the subject.
    remaining = remaining.replace(/(^|\s)(和|与|跟|及|同|比(?:一比|比|一下)?)(?=\s|$)/g, ' ');
    // 比差多少: how far apart the two weeks are, asked of the figure.
    remaining = remaining.replace(/比?\s*差(?:了)?(?:多少|几)/g, ' ').replace(new RegExp(`比?\\s*(?:${MOVE_WORDS})(?:了)?(?:多少|几)`, 'g'), ' ');
    return { scope: { kind: 'weeks', weekNumbers, isos }, explicit: true, remaining };
  }
  const around = AROUND_WORK.exec(text);
  if (around) return { scope: { kind: 'all' }, explicit: true, remaining: text.replace(around[0], ' ') };
  const lastTwo = LAST_TWO_PATTERN.exec(text);
  // 前后两周 compares by itself; 这两周 / 两期 only with a word of comparison (这两周做了什么 is not one).
  if (lastTwo && (COMPARE_WORDS.test(text) || /^前后|比/.test(lastTwo[0]))) return { scope: { kind: 'lastTwo' }, explicit: true, remaining: text.replace(lastTwo[0], ' ') };
  const range = DATE_RANGE_PATTERN.exec(text);
  if (range) {
    const year = range[1] ? Number(range[1]) : referenceYear;
    const [month, day] = [Number(range[2]), Number(range[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      return { scope: { kind: 'date', iso: `${year}-${pad(month)}-${pad(day)}` }, explicit: true, remaining: text.replace(range[0], ' ') };
    }
  }
  const previous = PREVIOUS_PATTERN.exec(text);
  if (previous) return { scope: { kind: 'previous' }, explicit: true, remaining: text.replace(previous[0], ' ') };
  const issue = ISSUE_PATTERN.exec(text);
  if (issue) return { scope: { kind: 'issue', number: Number(issue[1]) }, explicit: true, remaining: text.replace(issue[0], ' ') };
  const week = WEEK_PATTERN.exec(text);
  if (week) {
    return { scope: { kind: 'week', weekNumber: Number(week[1] ?? week[2]) }, explicit: true, remaining: text.replace(week[0], ' ') };
  }
  const dated = DATE_WEEK_PATTERN.exec(text);
  if (dated) {
    // The first three groups are the 截至 form's, the next three the 那周 / 那期 form's, the last three 那天's.
    const [y, m, d] = dated[2] ? [dated[1], dated[2], dated[3]] : dated[5] ? [dated[4], dated[5], dated[6]] : [dated[7], dated[8], dated[9]];
    const month = Number(m);
    const day = Number(d);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      const year = y ? Number(y) : referenceYear;
      const iso = `${year}-${pad(month)}-${pad(day)}`;
      // 截至 a day and 那天 name the day itself (a weekday grid's column); 那周 / 那期 the week's report.
      return { scope: { kind: 'date', iso, ...(dated[8] || dated[2] ? { day: true } : {}) }, explicit: true, remaining: text.replace(dated[0], ' ') };
    }
  }
  const asOf = AS_OF_DAY.exec(text);
  if (asOf && !/推迟|延期|延后|改期|提前/.test(text)) {
    const [month, day] = [Number(asOf[2]), Number(asOf[3])];
    const year = asOf[1] ? Number(asOf[1]) : referenceYear;
    // As of a day, in a weekday grid: that day's column (the next day's figure had not been reached).
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return { scope: { kind: 'date', iso: `${year}-${pad(month)}-${pad(day)}`, day: true }, explicit: true, remaining: text.replace(asOf[0], ' ') };
  }
  for (const [pattern, offset] of RELATIVE_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return { scope: { kind: 'relative', offset }, explicit: true, remaining: text.replace(m[0], ' ') };
  }
  const all = ALL_PATTERN.exec(text);
  if (all) return { scope: { kind: 'all' }, explicit: true, remaining: text.replace(all[0], ' ') };
  const latest = LATEST_PATTERN.exec(text);
  if (latest) return { scope: { kind: 'latest' }, explicit: true, remaining: text.replace(latest[0], ' ') };
  return { scope: { kind: 'latest' }, explicit: false, remaining: text };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
