/**
 * HTML (an .html file, a Word document converted by mammoth, a Confluence page) → the Markdown-ish
 * text the report parser reads: headings stay headings (`## …`), lists stay `- ` / `1. ` lists
 * with their nesting, tables become pipe tables (one row per line, so each row is one item), task
 * lists become `- [x]` / `- [ ]`, struck text `~~…~~`, preformatted text a fenced block. Links keep
 * their text only; images and scripts are dropped.
 *
 * Built on html-to-text (the library @langchain/community's Confluence loader uses) with our own
 * formatters: its defaults upper-case headings, draw tables as aligned columns and wrap lines at 80
 * characters, all of which the parser would misread.
 */
import { convert, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';

type Elem = Parameters<FormatCallback>[0];

function attribute(elem: Elem, name: string): string | undefined {
  const attribs = (elem as { attribs?: Record<string, string> }).attribs;
  return attribs?.[name];
}

function childElements(elem: Elem): Elem[] {
  return ((elem.children ?? []) as Elem[]).filter((c) => (c as { type?: string }).type === 'tag');
}

/** `## text`: the level is the tag's number. */
const formatHeading: FormatCallback = (elem, walk, builder) => {
  const level = Number(/^h([1-6])$/.exec(elem.name ?? '')?.[1] ?? 2);
  builder.openBlock({ leadingLineBreaks: 2 });
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 1, blockTransform: (s) => (s.trim() ? `${'#'.repeat(level)} ${s.trim()}` : '') });
};

/** A cell's text on one line: pipes escaped so they do not split the row. */
function cellText(text: string): string {
  return text.replace(/\s*\n+\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

type TableCell = { colspan: number; rowspan: number; text: string };

/**
 * The table as a grid of cell texts. A cell spanning rows (a merged 负责人 or 模块 cell) is repeated
 * in each row it covers, since it applies to each; a cell spanning columns is written once, then
 * empty cells, so the columns after it stay under their headers.
 */
export function tableGrid(rows: TableCell[][]): string[][] {
  const grid: string[][] = [];
  const carried: Array<{ text: string; rowsLeft: number } | undefined> = [];
  for (const cells of rows) {
    const line: string[] = [];
    const queue = [...cells];
    let col = 0;
    while (queue.length || carried.slice(col).some((c) => c && c.rowsLeft > 0)) {
      const above = carried[col];
      if (above && above.rowsLeft > 0) {
        line.push(above.text);
        above.rowsLeft--;
        col++;
        continue;
      }
      const cell = queue.shift();
      if (!cell) {
        line.push('');
        col++;
        continue;
      }
      const text = cellText(cell.text);
      for (let i = 0; i < Math.max(1, cell.colspan); i++) {
        line.push(i === 0 ? text : '');
        carried[col] = cell.rowspan > 1 && i === 0 ? { text, rowsLeft: cell.rowspan - 1 } : undefined;
        col++;
      }
    }
    grid.push(line);
  }
  return grid;
}

/** A pipe table: the first row is the header, a separator row follows it, as Markdown writes tables. */
function pipeTable(rows: TableCell[][]): string {
  const lines = tableGrid(rows).filter((cells) => cells.some((c) => c !== ''));
  if (!lines.length) return '';
  const width = Math.max(...lines.map((l) => l.length));
  const row = (cells: string[]) => `| ${[...cells, ...Array<string>(width - cells.length).fill('')].join(' | ')} |`;
  return [row(lines[0]), row(Array<string>(width).fill('---')), ...lines.slice(1).map(row)].join('\n');
}

const formatTable: FormatCallback = (elem, walk, builder) => {
  builder.openTable();
  const walkRows = (node: Elem): void => {
    for (const child of childElements(node)) {
      if (child.name === 'tr') {
        builder.openTableRow();
        for (const cell of childElements(child)) {
          if (cell.name !== 'td' && cell.name !== 'th') continue;
          builder.openTableCell();
          walk(cell.children, builder);
          builder.closeTableCell({ colspan: Number(attribute(cell, 'colspan')) || 1, rowspan: Number(attribute(cell, 'rowspan')) || 1 });
        }
        builder.closeTableRow();
      } else if (['thead', 'tbody', 'tfoot'].includes(child.name ?? '')) {
        walkRows(child);
      }
    }
  };
  walkRows(elem);
  builder.closeTable({ tableToString: pipeTable, leadingLineBreaks: 2, trailingLineBreaks: 2 });
};

/** `<input type="checkbox" checked>` inside a list item: the item's open/done mark. */
const formatCheckbox: FormatCallback = (elem, _walk, builder) => {
  if ((attribute(elem, 'type') ?? '').toLowerCase() !== 'checkbox') return;
  builder.addInline(attribute(elem, 'checked') !== undefined ? '[x] ' : '[ ] ', { noWordTransform: true });
};

const formatStruck: FormatCallback = (elem, walk, builder) => {
  builder.addInline('~~', { noWordTransform: true });
  walk(elem.children, builder);
  builder.addInline('~~', { noWordTransform: true });
};

/** A fenced block, so the parser knows the lines inside were written as code. */
const formatPre: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ isPre: true, leadingLineBreaks: 2 });
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2, blockTransform: (s) => '```\n' + s.replace(/\n+$/, '') + '\n```' });
};

/** `<time datetime="2023-11-23"/>` (Confluence's date picker) has no text of its own. */
const formatTime: FormatCallback = (elem, walk, builder) => {
  const datetime = attribute(elem, 'datetime');
  if (elem.children?.length) walk(elem.children, builder);
  else if (datetime) builder.addInline(datetime);
};

const formatNothing: FormatCallback = () => {};

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  preserveNewlines: false,
  formatters: { heading: formatHeading, table: formatTable, checkbox: formatCheckbox, struck: formatStruck, fencedPre: formatPre, time: formatTime, nothing: formatNothing },
  selectors: [
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, format: 'heading' })),
    { selector: 'table', format: 'table' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'input', format: 'checkbox' },
    ...['del', 's', 'strike'].map((selector) => ({ selector, format: 'struck' })),
    { selector: 'pre', format: 'fencedPre' },
    { selector: 'time', format: 'time' },
    { selector: 'a', options: { ignoreHref: true } },
    ...['img', 'script', 'style', 'head', 'title', 'nav', 'button', 'svg'].map((selector) => ({ selector, format: 'nothing' })),
  ],
};

/** Ordered lists come out as ` 1. item`; the parser wants the marker at the line's indentation. */
function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^( *) (\d+\.) /, '$1$2 ').replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function htmlToReportText(html: string): string {
  return tidyLines(convert(html, OPTIONS));
}
