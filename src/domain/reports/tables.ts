/**
 * Markdown tables in weekly reports. A table is read by its header:
 *  - a task table (事项 / 负责人 / 状态 / 进度 / 预计完成时间 …): one item per row;
 *  - a member table with several text columns (小组成员 / 上周任务 / 本周任务): one item per non-empty
 *    cell, filed under that column's header, owned by the row's member;
 *  - a weekday grid (task | 周一 … 周五): one item per task row, the day cells joined as its progress;
 *  - a data table (指标 / 值, 优化项 / 优化前 / 优化后): figures, not work, so no items.
 * The header and the |---| rule are never items.
 */
import { detectStatus } from './extract';
import type { ItemStatus } from './model';
import { stripInlineMarkup, toHalfWidth } from './normalize';

export const TABLE_RULE = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;

export interface TableRowItem {
  text: string;
  owner: string | null;
  /** The column header the item comes from, when a row holds several items (上周任务 / 本周任务) */
  section: string | null;
  /** 0-based index of the row's line within the table block */
  line: number;
  /** What the status column (else the progress column) says, when it says something */
  status: ItemStatus | null;
  /** What the item's column implies when nothing else says (上周任务 done, 本周任务 in progress); member tables only */
  columnStatus?: ItemStatus | null;
}

/**
 * In a member table the column says when the work was: last week's is done, this week's under way,
 * next week's planned. Only whole "week + work" headers count ("本周计划" stays a plan).
 */
const COLUMN_STATUS: Array<[RegExp, ItemStatus]> = [
  [/^(?:上周|last\s*week)(?:任务|工作|完成|进展|内容)?$/i, 'done'],
  [/^(?:本周|this\s*week)(?:任务|工作|进展|内容)?$/i, 'in_progress'],
  [/^(?:下周|next\s*week)(?:任务|工作|计划|内容)?$/i, 'planned'],
];

export function columnStatus(header: string): ItemStatus | null {
  const h = header.replace(/[:：]$/, '').trim();
  for (const [re, status] of COLUMN_STATUS) if (re.test(h)) return status;
  return null;
}

type ColumnRole = 'text' | 'owner' | 'status' | 'progress' | 'date' | 'weekday' | 'other';

const OWNER_HEADER = /负责人|责任人|姓名|队员|成员|人员|^(?:owner|assignee|name|who|member)s?$/i;
const STATUS_HEADER = /^(?:状态|当前状态|status|state)$/i;
const PROGRESS_HEADER = /进度|进展|完成度|完成情况|progress/i;
const DATE_HEADER = /时间|日期|截止|deadline|^due|eta|预计完成|计划完成|完成于/i;
const TEXT_HEADER = /任务|事项|内容|工作|需求|计划|^(?:本周|上周|下周)|task|item|work|todo|title|summary|描述|项目|模块|功能/i;
const WEEKDAY_HEADER = /^(?:周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i;
/** A weekday cell that says "nothing that day". */
const EMPTY_CELL = /^(?:#|-|—|\/|无|n\/a)?$/i;

/** The cells of one table line, trimmed, with inline markup and <br> resolved. */
export function tableCells(line: string): string[] {
  const body = toHalfWidth(line).trim().replace(/^\|/, '').replace(/\|$/, '');
  return body.split(/(?<!\\)\|/).map((cell) =>
    stripInlineMarkup(cell.replace(/<br\s*\/?>/gi, '；').replace(/\\\|/g, '|')).trim(),
  );
}

function roleOf(header: string): ColumnRole {
  const h = header.replace(/[:：]$/, '').trim();
  if (!h) return 'other';
  if (WEEKDAY_HEADER.test(h)) return 'weekday';
  if (OWNER_HEADER.test(h)) return 'owner';
  if (STATUS_HEADER.test(h)) return 'status';
  if (DATE_HEADER.test(h)) return 'date';
  if (PROGRESS_HEADER.test(h)) return 'progress';
  if (TEXT_HEADER.test(h)) return 'text';
  return 'other';
}

/**
 * Items of a table block: `lines[0]` the header, `lines[1]` the rule, then the rows. Returns an
 * empty list for a data table.
 */
export function tableItems(lines: readonly string[]): TableRowItem[] {
  const header = tableCells(lines[0]);
  const roles = header.map(roleOf);
  const rows: Array<{ cells: string[]; line: number }> = [];
  for (let i = 2; i < lines.length; i++) {
    if (TABLE_RULE.test(lines[i].trim())) continue;
    const cells = tableCells(lines[i]);
    if (cells.every((c) => !c) || cells.join('|') === header.join('|')) continue;
    rows.push({ cells, line: i });
  }

  if (roles.filter((r) => r === 'weekday').length >= 3) return weekdayGridItems(header, roles, rows);

  const textColumns = indexesOf(roles, 'text');
  const ownerColumn = roles.indexOf('owner');
  const statusColumn = roles.indexOf('status');
  const progressColumn = roles.indexOf('progress');
  /** The status column decides; a bare "70%" in the progress column counts as 进度70%. */
  const rowStatus = (cells: string[]): ItemStatus | null => {
    const stated = statusColumn !== -1 && cells[statusColumn] ? detectStatus(cells[statusColumn]) : 'unknown';
    if (stated !== 'unknown') return stated;
    const progress = progressColumn !== -1 && cells[progressColumn] ? detectStatus(`进度${cells[progressColumn]}`) : 'unknown';
    return progress !== 'unknown' ? progress : null;
  };
  const hasTaskShape = textColumns.length > 0 || ownerColumn !== -1 || roles.includes('status');
  if (!hasTaskShape) return [];

  const out: TableRowItem[] = [];
  for (const { cells, line } of rows) {
    const owner = ownerColumn !== -1 ? cells[ownerColumn] || null : null;
    if (textColumns.length > 1) {
      // A member table: each text cell is its own item, under its column's header.
      for (const c of textColumns) {
        if (cells[c]) out.push({ text: cells[c], owner, section: header[c] || null, line, status: rowStatus(cells), columnStatus: columnStatus(header[c]) });
      }
      continue;
    }
    const main = textColumns.length === 1 ? textColumns[0] : firstOtherColumn(roles, cells, ownerColumn);
    if (main === -1 || !cells[main]) continue;
    const details: string[] = [];
    cells.forEach((cell, c) => {
      if (c === main || c === ownerColumn || !cell || EMPTY_CELL.test(cell)) return;
      details.push(header[c] ? `${header[c]}：${cell}` : cell);
    });
    const text = details.length ? `${cells[main]}（${details.join('；')}）` : cells[main];
    out.push({ text, owner, section: null, line, status: rowStatus(cells) });
  }
  return out;
}

function indexesOf(roles: ColumnRole[], role: ColumnRole): number[] {
  const out: number[] = [];
  roles.forEach((r, i) => r === role && out.push(i));
  return out;
}

/** With no text column named: the first column that is neither owner, status, progress nor a date. */
function firstOtherColumn(roles: ColumnRole[], cells: string[], ownerColumn: number): number {
  for (let c = 0; c < cells.length; c++) if (c !== ownerColumn && roles[c] === 'other' && cells[c]) return c;
  return -1;
}

/** A weekday grid: the task is the first non-day column; the days' cells, joined, are its progress. */
function weekdayGridItems(header: string[], roles: ColumnRole[], rows: Array<{ cells: string[]; line: number }>): TableRowItem[] {
  const taskColumn = roles.findIndex((r) => r !== 'weekday');
  if (taskColumn === -1) return [];
  const out: TableRowItem[] = [];
  for (const { cells, line } of rows) {
    const task = cells[taskColumn];
    if (!task || EMPTY_CELL.test(task)) continue;
    const days: string[] = [];
    roles.forEach((r, c) => {
      if (r === 'weekday' && cells[c] && !EMPTY_CELL.test(cells[c])) days.push(`${header[c]} ${cells[c]}`);
    });
    out.push({ text: days.length ? `${task}：${days.join('；')}` : task, owner: null, section: null, line, status: null });
  }
  return out;
}
