/**
 * Report files and folders: `zhoubao import <folder|file>...`. A folder may be a Notion export
 * (Markdown pages named `Title <32-hex page id>.md`, sub-pages in sub-folders, plus CSV and asset
 * files that are skipped) or any folder of .md/.txt/.docx/.pdf/.html reports.
 *
 * A Notion page's id in its file name becomes its source (`notion:<id>`, the same key the Notion API
 * import uses), so the page keeps its identity when the export is re-done or the page is renamed.
 *
 * Not @langchain/community's NotionLoader: it is a DirectoryLoader reading only .md files (a folder
 * here also holds .docx/.pdf/.html), and it reads them through a dynamic import() of node:fs that
 * jest's CommonJS VM cannot run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ReportParseError } from '../../domain/reports/model';
import { isReportFileName, readReportDocument } from './documents';
import type { ImportDocument } from './importDocument';

/** `Title 0123456789abcdef0123456789abcdef.md`: Notion's export names. */
const NOTION_EXPORT_NAME = /^(.*?)\s+([0-9a-f]{32})(\.md)$/i;

/** Notion's page id in its dashed form, as the API writes it. */
export function dashedNotionId(hex32: string): string {
  const h = hex32.toLowerCase().replace(/-/g, '');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The page id and title of a Notion export file name, or null for any other name. */
export function notionExportName(fileName: string): { id: string; title: string; fileName: string } | null {
  const m = NOTION_EXPORT_NAME.exec(fileName);
  if (!m) return null;
  return { id: dashedNotionId(m[2]), title: m[1], fileName: `${m[1]}${m[3]}` };
}

/** Every report file under the targets, folders walked depth-first in name order (weeks in order). */
export function collectImportFiles(targets: string[]): string[] {
  const files: string[] = [];
  for (const target of targets) {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) throw new Error(`找不到文件或目录：${target}`);
    if (!stat.isDirectory()) {
      files.push(target);
      continue;
    }
    const entries = fs
      .readdirSync(target, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(target, e.name);
      if (e.isDirectory()) files.push(...collectImportFiles([full]));
      else if (isReportFileName(e.name)) files.push(full);
    }
  }
  return files;
}

/** One file as a document to import; a file that cannot be read becomes an error entry. */
export async function readImportFile(file: string): Promise<ImportDocument> {
  const baseName = path.basename(file);
  const notion = notionExportName(baseName);
  const source = notion ? `notion:${notion.id}` : path.resolve(file);
  const title = notion ? notion.title : baseName;
  try {
    const doc = await readReportDocument(file);
    return { source, title, text: doc.text, fileName: notion ? notion.fileName : doc.fileName };
  } catch (error) {
    if (!(error instanceof ReportParseError)) throw error;
    return { source, title, text: '', error: error.message };
  }
}

export async function readImportFiles(targets: string[]): Promise<ImportDocument[]> {
  const docs: ImportDocument[] = [];
  for (const file of collectImportFiles(targets)) docs.push(await readImportFile(file));
  return docs;
}
