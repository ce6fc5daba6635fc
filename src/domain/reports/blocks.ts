/**
 * The pre-pass over a report's lines: the blocks the line pass treats whole (front matter, comments,
 * code and prose fences, setext headings, tables), and where the last section heading is.
 */
import { isProseFence } from './lineShapes';
import { isListLine } from './markdown';
import { toHalfWidth } from './normalize';
import { TABLE_RULE } from './tables';

export interface Blocks {
  /** Lines that are neither items nor sections (front matter, comments, code, setext underlines) */
  skip: Set<number>;
  /** Setext heading lines ("标题" over "===") and their level */
  setext: Map<number, number>;
  /** Opening fence line of a prose fence -> its closing line and its content lines */
  proseFences: Map<number, { end: number; lines: string[] }>;
  /** First line of a table with a header rule -> its last line */
  tables: Map<number, number>;
}

const FRONT_MATTER_LINE = /^(?:[A-Za-z_][\w-]*\s*:|\s+\S|-\s|#)/;

export function scanBlocks(lines: string[]): Blocks {
  const blocks: Blocks = { skip: new Set(), setext: new Map(), proseFences: new Map(), tables: new Map() };
  let start = 0;
  while (start < lines.length && (!lines[start].trim() || /^<!--.*-->$/.test(lines[start].trim()))) start++;
  // YAML front matter (normally stripped by the document reader; here for text given directly).
  if (lines[start]?.trim() === '---') {
    let end = start + 1;
    while (end < lines.length && end < start + 60 && lines[end].trim() !== '---' && (!lines[end].trim() || FRONT_MATTER_LINE.test(lines[end]))) end++;
    if (end < lines.length && lines[end].trim() === '---' && end > start + 1) for (let i = start; i <= end; i++) blocks.skip.add(i);
  }
  for (let i = 0; i < lines.length; i++) {
    if (blocks.skip.has(i)) continue;
    const content = lines[i].trim();
    if (content.startsWith('<!--') && !content.includes('-->')) {
      let end = i;
      while (end < lines.length && !lines[end].includes('-->')) end++;
      for (let j = i; j <= Math.min(end, lines.length - 1); j++) blocks.skip.add(j);
      i = end;
      continue;
    }
    const fence = /^(```+|~~~+)\s*([^`]*)$/.exec(content);
    if (fence) {
      let end = i + 1;
      while (end < lines.length && !lines[end].trim().startsWith(fence[1])) end++;
      const inner = lines.slice(i + 1, end);
      if (isProseFence(inner, fence[2])) blocks.proseFences.set(i, { end, lines: inner });
      else for (let j = i; j <= Math.min(end, lines.length - 1); j++) blocks.skip.add(j);
      i = end;
      continue;
    }
    if (content[0] === '|' && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1].trim()) && lines[i + 1].includes('|')) {
      let end = i + 1;
      while (end + 1 < lines.length && lines[end + 1].trim().startsWith('|')) end++;
      blocks.tables.set(i, end);
      i = end;
      continue;
    }
    const next = lines[i + 1]?.trim() ?? '';
    const underline = /^={2,}$/.test(next) ? 1 : /^-{3,}$/.test(next) ? 2 : 0;
    const previousBlank = i === 0 || !lines[i - 1].trim();
    if (underline && previousBlank && content && !/^[#>|]/.test(content) && !isListLine(lines[i])) {
      blocks.setext.set(i, underline);
      blocks.skip.add(i + 1);
      i++;
    }
  }
  return blocks;
}

/** Index of the last heading that opens a section (not the title), or -1. */
export function lastSectionHeading(lines: string[], blocks: Blocks, titleLine: number): number {
  for (let i = lines.length - 1; i > titleLine; i--) {
    if (blocks.skip.has(i)) continue;
    if (blocks.setext.has(i) || /^#{1,6}(?!\d)\s*\S/.test(toHalfWidth(lines[i]).trim())) return i;
  }
  return -1;
}
