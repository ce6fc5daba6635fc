/**
 * Front matter: the metadata block blog engines (Hexo, Hugo, Jekyll) and note tools put at the top of
 * a Markdown file, YAML between "---" lines or TOML between "+++" lines. Its lines are never items;
 * its `date`, `title` and `author(s)` are read with a tiny reader of top-level keys (no YAML package:
 * only flat scalars and simple lists matter here, and anything else is ignored, never guessed).
 */
import { splitLines } from './normalize';

export interface FrontMatter {
  /** Top-level keys as written (lowercased), scalars unquoted, lists as arrays */
  fields: Record<string, string | string[]>;
  /** `date:` as written, e.g. "2023-12-25T12:25:01.000Z" */
  date: string | null;
  title: string | null;
  /** `author:` / `authors:` (a scalar, a [a, b] flow list or a "- a" block list) */
  authors: string[];
}

export interface FrontMatterSplit {
  frontMatter: FrontMatter | null;
  /** The text after the front matter (the whole text when there is none) */
  body: string;
  /** Lines before the body: add to a body line index to get the line in the file */
  bodyLineOffset: number;
}

/** How far down the closing delimiter may be: a longer block is not front matter but a document with rules. */
const MAX_FRONT_MATTER_LINES = 200;
const KEY_LINE = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*?)|\s*)$/;
const TOML_KEY_LINE = /^([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$/;
const LEADING_COMMENT = /^\s*<!--.*-->\s*$/;

/**
 * Split front matter from the body. It must open the file: only blank lines and one-line HTML comments
 * may come before it (a source note some exports add). A "---" that is not followed by "key: value"
 * lines is a horizontal rule, and the text is returned whole.
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const lines = splitLines(text);
  let open = 0;
  while (open < lines.length && (lines[open].trim() === '' || LEADING_COMMENT.test(lines[open]))) open++;
  const delimiter = lines[open]?.trim();
  const none: FrontMatterSplit = { frontMatter: null, body: text, bodyLineOffset: 0 };
  if (delimiter !== '---' && delimiter !== '+++') return none;
  const toml = delimiter === '+++';
  let close = -1;
  for (let i = open + 1; i < lines.length && i <= open + MAX_FRONT_MATTER_LINES; i++) {
    const t = lines[i].trim();
    if (t === delimiter || (!toml && t === '...')) {
      close = i;
      break;
    }
  }
  if (close === -1) return none;
  const inner = lines.slice(open + 1, close);
  const firstField = inner.find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (!firstField || !(toml ? TOML_KEY_LINE : KEY_LINE).test(firstField.trim())) return none;
  const fields = toml ? readToml(inner) : readYaml(inner);
  const scalar = (key: string): string | null => {
    const v = fields[key];
    return typeof v === 'string' && v !== '' ? v : Array.isArray(v) && v.length ? v[0] : null;
  };
  const authorField = fields.authors ?? fields.author;
  const authors = authorField === undefined ? [] : Array.isArray(authorField) ? authorField : authorField ? [authorField] : [];
  return {
    frontMatter: { fields, date: scalar('date'), title: scalar('title'), authors },
    body: lines.slice(close + 1).join('\n'),
    bodyLineOffset: close + 1,
  };
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v.replace(/\s+#.*$/, ''); // a trailing YAML comment
}

/** "[a, 'b']" -> ["a", "b"]; null when the value is not a flow list. */
function flowList(value: string): string[] | null {
  const v = value.trim();
  if (v[0] !== '[' || !v.endsWith(']')) return null;
  return v
    .slice(1, -1)
    .split(',')
    .map(unquote)
    .filter((s) => s !== '');
}

/** Top-level `key: value` and `key:` + `  - item` lines; nested maps and multi-line strings are skipped. */
function readYaml(lines: string[]): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  let listKey: string | null = null;
  for (const line of lines) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const indented = /^\s/.test(line);
    if (indented || line.startsWith('- ')) {
      const item = /^\s*-\s+(.*)$/.exec(line);
      if (listKey && item) {
        const list = fields[listKey];
        if (Array.isArray(list)) list.push(unquote(item[1]));
        else fields[listKey] = [unquote(item[1])];
      }
      continue;
    }
    const m = KEY_LINE.exec(line.trim());
    listKey = null;
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2] ?? '';
    if (value === '' || value === '|' || value === '>') {
      listKey = value === '' ? key : null;
      fields[key] = value === '' ? [] : '';
      continue;
    }
    fields[key] = flowList(value) ?? unquote(value);
  }
  return fields;
}

function readToml(lines: string[]): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const line of lines) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    if (t.startsWith('[')) break; // a [table]: the top-level keys are over
    const m = TOML_KEY_LINE.exec(t);
    if (m) fields[m[1].toLowerCase()] = flowList(m[2]) ?? unquote(m[2]);
  }
  return fields;
}
