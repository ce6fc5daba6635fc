/** Finding report files on disk: shared by `zhoubao ingest`, the console's sample loading and the evaluation. */
import fs from 'node:fs';
import path from 'node:path';
import { ReportParseError } from '../../domain/reports/model';

const PLAIN_TEXT = /\.(md|markdown|txt)$/i;
/** Documents the import layer converts to text (src/import/documents.ts). */
const DOCUMENT = /\.(docx|pdf|html?)$/i;

export function isPlainTextReport(file: string): boolean {
  return PLAIN_TEXT.test(file);
}

/** A file a report can be read from: plain text, or a .docx/.pdf/.html document. */
export function isReportDocument(file: string): boolean {
  return PLAIN_TEXT.test(file) || DOCUMENT.test(file);
}

export interface CollectedFiles {
  files: string[];
  /** Targets that do not exist, with a message for the user */
  missing: Array<{ target: string; error: string }>;
}

/**
 * Expands directories into their report files, sorted so that weeks are ingested in order. A target
 * that does not exist is reported, not fatal: the others are still ingested.
 */
export function collectReportFiles(targets: string[]): CollectedFiles {
  const found: CollectedFiles = { files: [], missing: [] };
  for (const target of targets) {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) found.missing.push({ target, error: `找不到文件或目录：${target}` });
    else if (stat.isDirectory()) found.files.push(...filesUnder(target));
    else found.files.push(target);
  }
  return found;
}

function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...filesUnder(full));
    else if (isReportDocument(e.name) && !/^readme\.md$/i.test(e.name)) files.push(full);
  }
  return files;
}

/**
 * A report file's content for the parser: plain text as bytes (the parser decodes UTF-8/GBK/UTF-16),
 * documents converted to text by the import layer, loaded only when such a file comes along.
 */
export async function readReportFile(file: string): Promise<string | Buffer> {
  if (isPlainTextReport(file)) return fs.readFileSync(file);
  if (!DOCUMENT.test(file)) {
    const ext = path.extname(file).toLowerCase();
    throw new ReportParseError(`不支持的文件类型「${ext || '无扩展名'}」：请提交 .md、.txt、.docx、.pdf 或 .html 文件。`, 'unsupported');
  }
  const { readReportDocument } = await import('./documents');
  return (await readReportDocument(file)).text;
}
