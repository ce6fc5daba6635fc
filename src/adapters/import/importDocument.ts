/**
 * What every reader of the import layer (Notion API, Confluence, files on disk) hands on: one page or
 * document with its text, title and where it lives. The import service (src/services/import/) stores
 * them; the readers here only fetch and convert.
 */

/** One page or document to import, as the readers (Notion, Confluence, files) produce it. */
export interface ImportDocument {
  /** Stable key of where it lives: `notion:<page id>`, `confluence:<page id>`, or a file's absolute path */
  source: string;
  /** What the user knows it by: the page title or the file name */
  title: string;
  /** The report text; '' when `error` is set */
  text: string | Buffer;
  /** The file's name (no directory): a last source for the report's date */
  fileName?: string;
  /**
   * A date the page's metadata gives (a Notion date property, else its last-edited time), as an ISO
   * date or timestamp: used, with a warning, only when the text itself states no date.
   */
  fallbackDate?: string;
  /** Where `fallbackDate` came from, for the warning ("最后编辑时间", "「日期」属性") */
  fallbackDateLabel?: string;
  /** The document could not be read (corrupt file, API error for this page): nothing is stored */
  error?: string;
}

/** A page's title is kept apart from its body (Notion property, Confluence field): it goes on top, where the parser looks for team and week. */
export function withTitle(title: string, markdown: string): string {
  const body = markdown.replace(/^\s+/, '');
  const firstLine = body.split('\n', 1)[0] ?? '';
  if (!title.trim() || (/^#{1,6}\s/.test(firstLine) && firstLine.includes(title.trim()))) return body;
  return `# ${title.trim()}\n\n${body}`;
}
