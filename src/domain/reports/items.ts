/** An item built from its line and its place: dates, figures, owner and status (struck, ticked, words, section, dates). */
import { detectStatus, extractDates, extractMetrics } from './extract';
import { sectionStatus } from './lineShapes';
import type { ItemDate, ItemStatus, ReportItem } from './model';

export interface ItemInput {
  sectionPath: string[];
  text: string;
  rawLine: string;
  /** 0-based index in the given text */
  lineIndex: number;
  owner: string | null;
  checked: boolean | null;
  struck: boolean;
  /** A status stated apart from the text (a table's 状态 column), which wins over the text's words */
  stated: ItemStatus | null;
  /** What the item's place implies when its words say nothing (a 上周任务 / 本周任务 table column) */
  fallback: ItemStatus | null;
  /** Whether the owner comes from the item itself (its words, its table row) rather than its section */
  ownOwner: boolean;
  /** A deadline given on a field line of the task ("- **截止日期**：2023年12月29日") */
  deadline: ItemDate | null;
}

/**
 * Sections that hint at plans; only fill in when the words say nothing. The plan word must open the
 * heading (after a period word): "下月计划", "工作安排", "目标" are plans, while "QEMU支持计划" or
 * "星火计划" is a project's name and says nothing about its items.
 */
const PLAN_SECTION = /^(?:(?:本|下|上|这|下一|每)?(?:周|月|季度?|阶段|期|年|迭代)度?|后续|近期|未来|接下来的?|今后|明日|今日|明天|今天)?(?:的)?(?:工作|研发|开发|项目)?(?:及|和|与)?(?:计划|目标|安排|规划)/;

export function buildItem(ordinal: number, input: ItemInput, lineOffset: number, reportDate: string | null): ReportItem {
  const { sectionPath, text, rawLine } = input;
  const own = extractDates(text, reportDate);
  const dates = input.deadline && !own.some((d) => d.iso === input.deadline!.iso) ? [...own, input.deadline] : own;
  return {
    ordinal,
    sectionPath,
    text,
    rawLine,
    lineNo: input.lineIndex + 1 + lineOffset,
    dates,
    metrics: extractMetrics(text),
    status: itemStatus(input, dates),
    owner: input.owner,
  };
}

/**
 * An item's status: struck out is cancelled and a ticked box done, whatever the words; then the
 * words; then the section (下周 makes a plan, 已完成 makes done even over a plan word, 进行中 /
 * Blockers fill in what the words leave open); then dates and plan-like sections.
 */
function itemStatus(input: ItemInput, dates: ReturnType<typeof extractDates>): ItemStatus {
  if (input.struck) return 'cancelled';
  if (input.stated) return input.stated;
  const words = detectStatus(input.text);
  if (input.checked === true && words !== 'cancelled') return 'done';
  if (input.fallback && words === 'unknown') return input.fallback;
  const section = sectionStatus(input.sectionPath);
  if (section === 'planned') return words === 'delayed' || words === 'cancelled' || words === 'blocked' ? words : 'planned';
  if (section === 'done' && (words === 'unknown' || words === 'planned')) return 'done';
  if (section === 'blocked' && (words === 'unknown' || words === 'planned' || words === 'in_progress')) return 'blocked';
  if (section && words === 'unknown') return section;
  if (words !== 'unknown') return words;
  if (input.checked === false) return 'planned';
  return statusFromContext(input.sectionPath, dates);
}

/**
 * When the words give no status: a past-dated launch/test ("11/14上线" in an 11/17 report) tells
 * what happened; a future date or a 计划/目标 section makes it a plan. (Items under a 下周 section
 * are plans whatever their words, except a delay.)
 */
function statusFromContext(sectionPath: string[], dates: ReturnType<typeof extractDates>): ItemStatus {
  for (let i = dates.length - 1; i >= 0; i--) {
    const d = dates[i];
    if (d.planned) continue;
    if (d.event === '上线') return 'launched';
    if (d.event === '提测') return 'testing';
    if (d.event === '完成') return 'done';
  }
  if (sectionPath.some((s) => PLAN_SECTION.test(s))) return 'planned';
  if (dates.some((d) => d.planned)) return 'planned';
  return 'unknown';
}
