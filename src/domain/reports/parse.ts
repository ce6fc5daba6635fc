/**
 * Weekly report parser: Markdown or plain text in, a WeeklyReport out.
 *
 * The format it is built for is a team's weekly report as exported from Notion or pasted into a DM:
 * a title heading with the team's week label and date, "##" sections, bullets and numbered lines,
 * bullets that are only a bracketed title (- 【银行虚户建设】) grouping the numbered lines under them,
 * and plain "支付成功率：" lines grouping the bullets that follow. Every line with work in it becomes an
 * item that remembers where it sits (its section path) and the line it came from.
 *
 * It also reads the layouts other teams write (see test/reports/layouts.test.ts): setext headings,
 * Chinese outlines (一、 / 1、 / （1） / ①), per-person sections and @handle groups (owners.ts),
 * Markdown tables (tables.ts), checkboxes and struck-out lines, prose in fences, record blocks
 * ("### 任务" over "- **负责人**：…"), and it leaves out what is never work (lineShapes.ts).
 *
 * A pre-pass finds the blocks (front matter, comments, fences, tables, setext headings: blocks.ts)
 * and the title (title.ts); then one pass over the lines decides what each line is (its syntax:
 * markdown.ts; a task's field lines: fields.ts) and records it in the outline (outline.ts), with a
 * small stack of open list items ("frames") so that a numbered line knows its parent bullet; no
 * backtracking, so the cost is linear in the input. Items get their dates, figures and status in
 * items.ts.
 */
import { lastSectionHeading, scanBlocks } from './blocks';
import { detectStatus } from './extract';
import { recordBlockAt, taskField } from './fields';
import { isBlockTitle, isCategoryLabel, splitSentences } from './lineShapes';
import {
  BLOCKQUOTE,
  BRACKET_ONLY,
  CHECKBOX,
  FENCE,
  HAS_WORD,
  HEADING,
  HORIZONTAL_RULE,
  HTML_COMMENT_OR_IMAGE,
  METADATA,
  TABLE_SEPARATOR,
  checkboxState,
  cleanHeading,
  colonTitle,
  frameTitle,
  isDateOnly,
  isListLine,
  isShortTitle,
  leadInTitle,
  listMarker,
  nextContentHasLink,
  personOnly,
  sectionsWithLists,
} from './markdown';
import { ReportParseError, type ParseOptions, type WeeklyReport } from './model';
import { DEFAULT_MAX_BYTES, MESSAGES, decodeReportInput, indentWidth, splitLines, stripInlineMarkup, toHalfWidth } from './normalize';
import { Outline, type Frame } from './outline';
import { ownerGroupLine } from './owners';
import { tableItems } from './tables';
import { findTitle, isTitleLike, resolveHeader } from './title';

export { parseReportTitle, type ReportHeader } from './title';

/** An opening line that greets the readers or talks about the report itself ("开始写周报的第一周"). */
const INTRODUCTION = /^(?:各位|大家|我的.{1,8}们|亲爱的|hi\b|hello\b|dear\b)|周报|这份|本文/i;

/** A paragraph longer than this, in a section without a list, holds several facts: split it into sentences. */
const WALL_OF_TEXT = 150;

/**
 * A top-level Chinese outline line that names a part of the report ("三、风险与问题", "二、下周计划"):
 * a heading or a short title, not a statement of work.
 */
function isOutlineHeading(outline: Outline, frame: Frame): boolean {
  if (frame.kind !== 'chinese' || frame.rank !== 0) return false;
  if (!frame.isItem) return true;
  return frame.itemIndex !== -1 && isShortTitle(outline.inputs[frame.itemIndex].text);
}

/**
 * Parse a weekly report. Throws ReportParseError for empty, binary or oversized input and when no
 * item can be found; a missing team or week is left null for the caller to decide.
 */
export function parseWeeklyReport(input: string | Buffer, options: ParseOptions = {}): WeeklyReport {
  const text = decodeReportInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const lines = splitLines(text);
  const blocks = scanBlocks(lines);
  const skipLines = options.skipLines;
  const isSkipped = (i: number) => blocks.skip.has(i) || !!skipLines?.has(i);

  const titleInfo = findTitle(lines, isSkipped);
  const header = resolveHeader(titleInfo, options);
  const outline = new Outline(options.lineOffset ?? 0, header.reportDate);
  let blankBefore = true;
  /** Right after the title, before any section or list: where an introduction stands */
  let afterTitle = false;
  /** An introduction has begun: the paragraphs up to the first section belong to it */
  let inIntroduction = false;
  const lastHeadingLine = lastSectionHeading(lines, blocks, titleInfo.headingLine);
  /** Built on the first long paragraph: most reports never need it */
  let sectionHasList: ((index: number) => boolean) | undefined;

  for (let i = 0; i < lines.length; i++) {
    if (i === titleInfo.plainTitleLine || isSkipped(i)) {
      // A title or date line the reader set aside: what follows it directly is an introduction.
      if (!outline.items.length && !outline.headings.length && !blocks.skip.has(i)) afterTitle = true;
      blankBefore = true;
      continue;
    }
    const raw = lines[i];
    let content = toHalfWidth(raw).trim();
    if (!content) {
      blankBefore = true;
      continue;
    }
    const indent = indentWidth(raw);

    const prose = blocks.proseFences.get(i);
    if (prose) {
      // Prose written inside a fence: one item per sentence, under the current section.
      outline.frames = outline.frames.filter((f) => f.indent < 0);
      for (const sentence of splitSentences(prose.lines)) {
        if (!isBlockTitle(sentence.text)) outline.addItem(sentence.text, lines[i + 1 + sentence.line], i + 1 + sentence.line);
      }
      i = prose.end;
      blankBefore = true;
      continue;
    }
    const tableEnd = blocks.tables.get(i);
    if (tableEnd !== undefined) {
      const block = lines.slice(i, tableEnd + 1);
      for (const row of tableItems(block)) {
        if (row.section) {
          const path = outline.pathOf();
          outline.addSection([...path, row.section], row.section, 0);
          outline.frames.push({ indent: -1, kind: null, rank: -1, title: row.section, isItem: false, registered: true, itemIndex: -1 });
          outline.addItem(row.text, lines[i + row.line], i + row.line, { owner: row.owner, stated: row.status, fallback: row.columnStatus });
          outline.frames.pop();
        } else {
          outline.addItem(row.text, lines[i + row.line], i + row.line, { owner: row.owner, stated: row.status });
        }
      }
      i = tableEnd;
      blankBefore = true;
      continue;
    }
    if (FENCE.test(content) || HORIZONTAL_RULE.test(content) || HTML_COMMENT_OR_IMAGE.test(content)) continue;

    const setextLevel = blocks.setext.get(i);
    if (setextLevel !== undefined || (content[0] === '#' && indent < 4 && !/^#\d/.test(content))) {
      const m = setextLevel !== undefined ? null : HEADING.exec(content);
      const level = setextLevel ?? m![1].length;
      const title = cleanHeading(m ? m[2] : content);
      if (!title || !HAS_WORD.test(title)) continue;
      if (i === titleInfo.headingLine || isTitleLike(title, false) || isDateOnly(title)) {
        // The title (or Notion's repeat of it, or a week's date heading) starts the report; it is not a section.
        outline.headings = [];
        outline.frames = [];
        outline.ownerGroup = null;
        blankBefore = true;
        afterTitle = true;
        continue;
      }
      afterTitle = false;
      inIntroduction = false;
      outline.openHeading(level, title);
      blankBefore = true;
      const record = recordBlockAt(lines, i + 1);
      if (record) {
        // "### 1. 效果调优任务" with "- **任务描述**：…", "- **负责人**：…", "- **截止日期**：…": one item.
        const heading = outline.headings[outline.headings.length - 1].title;
        const task = record.main ? `${heading}：${record.main}` : heading;
        const text = record.deadline ? `${task}（${record.deadline}）` : task;
        outline.addItem(text, raw, i, { owner: record.owner });
        i = record.end;
      }
      continue;
    }

    if (outline.inPreamble && METADATA.test(content)) continue;

    if (content[0] === '>') {
      // A quoted line starts a block of its own: it does not continue the list above it.
      content = content.replace(BLOCKQUOTE, '').trim();
      if (outline.frames.some((f) => f.indent >= 0)) {
        outline.frames = outline.frames.filter((f) => f.indent < 0);
        blankBefore = true;
      }
    }
    if (!content) continue;
    if (content[0] === '|') {
      if (TABLE_SEPARATOR.test(content)) continue;
      content = content
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .filter(Boolean)
        .join(' | ');
    }

    const group = ownerGroupLine(content);
    if (group) {
      outline.ownerGroup = group;
      outline.frames = outline.frames.filter((f) => f.indent < 0);
      blankBefore = true;
      continue;
    }

    const marker = listMarker(content);
    if (marker) {
      afterTitle = false;
      inIntroduction = false;
      const afterMarker = content.slice(marker.length);
      const checked = checkboxState(afterMarker);
      const itemText = stripInlineMarkup(afterMarker.replace(CHECKBOX, ''));
      if (!HAS_WORD.test(itemText)) continue; // an empty bullet
      outline.popFramesFor(indent, marker.kind, marker.rank);
      blankBefore = false;
      // "- **负责人**：张三" / "- 截止日期：…" under a task: facts of the task, not outline.items.
      if (outline.takeField(taskField(itemText, header.reportDate))) continue;
      const bracket = BRACKET_ONLY.exec(itemText);
      const person = personOnly(itemText);
      const pseudo = bracket
        ? bracket[1].trim()
        : person ?? colonTitle(itemText) ?? (isBlockTitle(itemText) || isCategoryLabel(itemText) ? cleanHeading(itemText) : null);
      if (pseudo) {
        outline.frames.push({ indent, kind: marker.kind, rank: marker.rank, title: pseudo, isItem: false, registered: true, itemIndex: -1 });
        outline.addSection(outline.pathOf(), pseudo, 0);
        outline.inPreamble = false;
        continue;
      }
      const index = outline.addItem(itemText, raw, i, { checked });
      outline.frames.push({ indent, kind: marker.kind, rank: marker.rank, title: frameTitle(itemText), isItem: true, registered: false, itemIndex: index });
      continue;
    }

    // A plain paragraph line.
    const itemText = stripInlineMarkup(content);
    if (!HAS_WORD.test(itemText)) continue;
    const opensIntroduction = inIntroduction || INTRODUCTION.test(itemText);
    if (afterTitle && !outline.frames.length && i < lastHeadingLine && opensIntroduction && detectStatus(itemText) === 'unknown') {
      // A greeting or a word about the report itself between the title and the first section, and
      // the paragraphs that go on from it: not work.
      inIntroduction = true;
      continue;
    }
    // "负责人：王五" on a line of its own (under a task, or wrapped under its bullet): a fact of the task.
    const field = taskField(itemText, header.reportDate);
    if (field) {
      // Not indented under the open bullet: it speaks for the whole block, not that bullet.
      const openList = outline.frames.filter((f) => f.indent >= 0);
      if (openList.length && indent <= openList[openList.length - 1].indent) outline.frames = outline.frames.filter((f) => f.indent < 0);
      outline.takeField(field);
      blankBefore = false;
      continue;
    }
    const top = outline.frames.length ? outline.frames[outline.frames.length - 1] : null;
    if (top?.isItem && top.itemIndex !== -1 && top.itemIndex === outline.items.length - 1 && indent > Math.max(top.indent, 0)) {
      // An indented line right under a list item is the same item wrapped onto the next line; so is
      // one after blank lines when the item was cut off mid-phrase ("- 参加了" … "  Datenlord 的…").
      const cutOff = !/[。.；;！!？?:：)）]$/.test(outline.inputs[top.itemIndex].text) && outline.inputs[top.itemIndex].text.length <= 12;
      if (!blankBefore || cutOff) {
        outline.continueItem(top.itemIndex, itemText);
        blankBefore = false;
        continue;
      }
    }
    if (indent === 0 && isCategoryLabel(itemText) && isListLine(lines[i + 1])) {
      // "Bug 修复" over a list: a section, whatever list came before it.
      outline.frames = [{ indent: -1, kind: null, rank: -1, title: cleanHeading(itemText), isItem: false, registered: true, itemIndex: -1 }];
      outline.addSection(outline.pathOf(), outline.frames[0].title, 0);
      blankBefore = false;
      continue;
    }
    const firstListFrame = outline.frames.findIndex((f) => f.indent >= 0);
    const continuesList = firstListFrame !== -1 && !(blankBefore && indent === 0);
    blankBefore = false;
    if (continuesList) {
      // A line under a bullet ("- 【机构合作网络立项】" then its text): an item under that bullet.
      let keep = outline.frames.length;
      while (keep > firstListFrame + 1 && outline.frames[keep - 1].indent >= indent) keep--;
      outline.frames.length = keep;
      outline.addItem(itemText, raw, i);
      continue;
    }
    // Section level: open lists end here; a "支付成功率：" line replaces the previous pseudo-heading,
    // and so does a longer lead-in ("张三向MLIR提交了以下patch：") whose lines follow it.
    // "教程已经完成：" then links: the line is the work and the links its references; "项目详情："
    // then a link is a label. A lead-in is only a lead-in before a list.
    const workBeforeLinks = nextContentHasLink(lines, i) && detectStatus(itemText) !== 'unknown';
    const pseudo = workBeforeLinks ? null : (colonTitle(itemText) ?? leadInTitle(itemText, lines, i));
    if (pseudo) {
      outline.frames = [{ indent: -1, kind: null, rank: -1, title: pseudo, isItem: false, registered: true, itemIndex: -1 }];
      outline.ownerGroup = null;
      outline.addSection(outline.pathOf(), pseudo, 0);
      outline.inPreamble = false;
      continue;
    }
    const person = personOnly(itemText);
    if (person) {
      // "李四" alone on a line: the lines under it are that person's, the name is not work.
      outline.frames = [{ indent: -1, kind: null, rank: -1, title: person, isItem: false, registered: true, itemIndex: -1 }];
      outline.ownerGroup = null;
      outline.addSection(outline.pathOf(), person, 0);
      continue;
    }
    // A paragraph ends the open lists, but not an outline heading written as a list line (三、风险与问题
    // then a blank line and 无): the paragraph is still in that part of the report.
    outline.frames = outline.frames.filter((f, k) => f.indent < 0 || (k === firstListFrame && isOutlineHeading(outline, f)));
    if (itemText.length > WALL_OF_TEXT && !(sectionHasList ??= sectionsWithLists(lines))(i)) {
      // A wall of prose in a section with no list: one item per sentence, all citing this line.
      for (const sentence of splitSentences([itemText])) outline.addItem(sentence.text, raw, i);
      continue;
    }
    const index = outline.addItem(itemText, raw, i);
    // "POS收单系统建设" directly followed by a list: the list belongs to it.
    if (isShortTitle(itemText) && isListLine(lines[i + 1])) {
      outline.frames.push({ indent, kind: null, rank: -1, title: itemText, isItem: true, registered: false, itemIndex: index });
    }
  }

  if (!outline.items.length) throw new ReportParseError(MESSAGES.noItems, 'no_items');
  return {
    ...header,
    title: titleInfo.title,
    period: options.resolved?.period ?? null,
    sections: outline.sections,
    items: outline.items,
    warnings: [...(options.warnings ?? [])],
  };
}
