/**
 * Counts written in Chinese numerals (两个币种, 三位新贡献者, #8812 #8815 两个线上 badcase): the report
 * parser reads figures written in digits only, so 定位了几个线上 badcase would be answered with the
 * line's other figure (补充词条 240 个). Read here, for count questions only: the counted noun follows
 * the measure word, so it is the label. Pure.
 */
import type { ItemMetric } from '../../reports/model';

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** A numeral not inside an ordinal or a word (第一, 统一, 唯一, 周一): a measure word must follow (一期, 一些 are not counts). */
const SPELLED = /(?<![第统唯同单万千百之初周逐专])([一二两三四五六七八九十]{1,3})\s*([个项位家台条种名件款类套])([^，,。；;：:、！!？?（）()\n]{1,12})/gu;

const spelled = new WeakSet<ItemMetric>();

/** 十二 → 12, 两 → 2, 二十 → 20; null for what is not a plain number. */
export function chineseNumber(text: string): number | null {
  if (/^[一二两三四五六七八九]$/.test(text)) return DIGITS[text];
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (!m) return null;
  return (m[1] ? DIGITS[m[1]] : 1) * 10 + (m[2] ? DIGITS[m[2]] : 0);
}

/** The Chinese-numeral counts of a line, each labelled with the noun it counts. */
export function spelledCounts(text: string): ItemMetric[] {
  const out: ItemMetric[] = [];
  for (const m of text.normalize('NFKC').matchAll(SPELLED)) {
    const value = chineseNumber(m[1]);
    const label = m[3].trim();
    if (value === null || !label) continue;
    const metric: ItemMetric = { text: `${m[1]}${m[2]}`, value, unit: m[2], label };
    spelled.add(metric);
    out.push(metric);
  }
  return out;
}

/** Whether a metric was read here (its label follows the figure rather than preceding it). */
export function isSpelledCount(metric: ItemMetric): boolean {
  return spelled.has(metric);
}
