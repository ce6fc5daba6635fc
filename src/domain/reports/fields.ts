/**
 * Labelled field lines that describe a task rather than being work: its owner and due date
 * ("- **负责人**：王五", "截止日期：2023年12月29日"), and record blocks (a heading over such fields,
 * "### 1. 效果调优任务" / "- **任务描述**：…"), which make one item.
 */
import { extractDates } from './extract';
import { FENCE, isDateOnly } from './markdown';
import type { ItemDate } from './model';
import { indentWidth, stripInlineMarkup, toHalfWidth } from './normalize';
import { ownerFieldLine } from './owners';

/** "截止日期：2023年12月29日", "Deadline: 12/29": a task's due date on a line of its own. */
const DEADLINE_FIELD = /^(?:截止(?:日期|时间)?|deadline|due(?:\s*date)?|(?:预计|计划)完成(?:日期|时间)?|完成(?:日期|时间))\s*[:：]\s*(.+)$/i;

/** What a field line under a task says about it: its owner or its deadline; null for any other line. */
export interface TaskField {
  owner: string | null;
  deadline: ItemDate | null;
}

export function taskField(text: string, reportDate: string | null): TaskField | null {
  const owner = ownerFieldLine(text);
  if (owner) return { owner, deadline: null };
  const due = DEADLINE_FIELD.exec(toHalfWidth(stripInlineMarkup(text)).trim());
  if (!due || !isDateOnly(due[1])) return null;
  const date = extractDates(due[1], reportDate)[0];
  // A due date is when the task is planned to be done (the follow-up asks "已完成了吗" after it).
  return date ? { owner: null, deadline: { ...date, event: '完成', planned: true } } : null;
}

/** "- **负责人**：张三", "- 截止日期: 2025-12-29": a labelled field line. */
const FIELD_LINE = /^\s*(?:[-*+]|\d{1,2}[.、])\s+(?:\*\*)?([^*:：，,。]{1,10}?)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/;
/** Labels that make a block a record of one task or one risk rather than a list of work. */
const RECORD_LABEL = /负责人|责任人|截止|deadline|owner|影响范围|影响|缓解措施|应对措施|任务描述|预期成果|风险等级/i;
const DEADLINE_LABEL = /截止|deadline|due|完成时间|预计完成/i;
const DESCRIPTION_LABEL = /任务描述|描述|说明|内容/;

interface RecordBlock {
  /** Last line of the block */
  end: number;
  /** What the task is, from its description field; null when the heading alone names it */
  main: string | null;
  owner: string | null;
  /** "截止日期：2025年12月29日", kept in the item's text so its date is read */
  deadline: string | null;
}

/**
 * The block after a heading when it is one record: every top-level line a labelled field, at least
 * one of them a record label (负责人 / 截止日期 / 影响范围 …). Nested lines are the fields' details.
 */
export function recordBlockAt(lines: string[], from: number): RecordBlock | null {
  const fields: Array<{ label: string; value: string }> = [];
  let end = from - 1;
  let topIndent = -1;
  for (let i = from; i < lines.length; i++) {
    const raw = lines[i];
    const content = toHalfWidth(raw).trim();
    if (/^#{1,6}(?!\d)/.test(content) || FENCE.test(content)) break;
    end = i;
    if (!content) continue;
    const indent = indentWidth(raw);
    if (topIndent === -1) topIndent = indent;
    if (indent > topIndent) continue;
    const field = FIELD_LINE.exec(toHalfWidth(raw));
    if (!field) return null;
    fields.push({ label: field[1].trim(), value: stripInlineMarkup(field[2]).trim() });
  }
  while (end >= from && !lines[end].trim()) end--;
  const owner = fields.find((f) => ownerFieldLine(`${f.label}：${f.value}`) !== null);
  const deadline = fields.find((f) => DEADLINE_LABEL.test(f.label) && f.value);
  // "### 接口联调" over only "负责人：" and "截止日期：": the heading is the task, the fields its facts.
  const onlyOwnerAndDeadline = fields.length >= 1 && fields.every((f) => f === owner || f === deadline);
  if (!onlyOwnerAndDeadline && (fields.length < 2 || !fields.some((f) => RECORD_LABEL.test(f.label)))) return null;
  const described = fields.find((f) => DESCRIPTION_LABEL.test(f.label) && f.value) ?? fields.find((f) => f.value && !RECORD_LABEL.test(f.label));
  if (!described && !onlyOwnerAndDeadline) return null;
  return {
    end,
    main: described ? described.value : null,
    owner: owner ? ownerFieldLine(`${owner.label}：${owner.value}`) : null,
    deadline: deadline ? `${deadline.label}：${deadline.value}` : null,
  };
}
