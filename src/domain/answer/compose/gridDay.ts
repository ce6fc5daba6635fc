/**
 * 差分算法移植是哪天做的: in a weekday grid (task | 周一 … 周五) a day's cell is a step of the row's
 * task, and the day is its date: the week of the report and the cell's weekday. The row holds no
 * date of its own (the parser reads none from 周二), so without this the answer took another week's
 * dated cell (11/28 提测) for the asked step.
 */
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem } from '../../records';
import type { Answer } from '../model';
import { finish, quote, weekOf, type ComposeInput } from './shared';

const DAY_CELL = /(周[一二三四五六日])\s+([^；;]+)/g;
const DAY_INDEX: Record<string, number> = { 一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6 };
/** A cell shorter than this (测试, 联调) names no step of its own: many rows and days share it. */
const MIN_CELL = 4;

/** The day a grid cell the question names as written was done on, newest week first; null when none is. */
export function gridDayAnswer(input: ComposeInput): Answer | null {
  const subject = squeeze(input.analysis.subject);
  if (!subject) return null;
  for (const item of [...input.timeline].reverse()) {
    for (const [, day, cell] of item.text.matchAll(DAY_CELL)) {
      const step = squeeze(cell);
      if (step.length < MIN_CELL || !subject.includes(step)) continue;
      return cellAnswer(input, item, day, cell);
    }
  }
  return null;
}

/** The cell's day in the report's week, said with the cell and the row quoted. */
function cellAnswer(input: ComposeInput, item: StoredItem, day: string, cell: string, after: string[] = []): Answer {
  const iso = dayOfWeek(item.reportDate, DAY_INDEX[day.slice(1)]);
  return finish(input.analysis.question, [`${weekOf(item, input)}周报：${day}（${md(iso)}）${cell.trim()}。原文：${quote(item)}。`, ...after], [item]);
}

/**
 * 温湿度标定是哪天全部做完的: a grid row states the deed in one day's cell (周二 480/480，标定完成) and
 * no date anywhere; that cell's weekday in the report's week is the day it was done. The first cell
 * stating it, as a week's row reads left to right; null when no cell does.
 */
export function gridDeedAnswer(input: ComposeInput, item: StoredItem, deed: string, after: string[] = []): Answer | null {
  for (const [, day, cell] of item.text.matchAll(DAY_CELL)) if (cell.includes(deed)) return cellAnswer(input, item, day, cell, after);
  return null;
}

function squeeze(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The ISO date of the given weekday (0 = Monday) in the week holding the report's date. */
function dayOfWeek(reportIso: string, index: number): string {
  const d = new Date(`${reportIso.slice(0, 10)}T12:00:00Z`);
  const monday = d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday + index * 86_400_000).toISOString().slice(0, 10);
}
