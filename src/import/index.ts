/** Importing reports from where teams keep them: Notion, Confluence, document files (issue 9, part 5). */
export { runImportCommand, IMPORT_USAGE, type ImportFlags } from './cli';
export { importConfluenceSpace, ConfluenceImportError, type ConfluenceImportOptions } from './confluence';
export { readReportDocument, isReportFileName, REPORT_EXTENSIONS, MAX_DOCUMENT_BYTES, type ReportDocument, type DocumentInput } from './documents';
export { collectImportFiles, readImportFile, readImportFiles, notionExportName } from './files';
export { htmlToReportText } from './html';
export { importNotionDatabase, NotionImportError, type NotionImportOptions } from './notionApi';
export { importDocuments, type ImportDocument, type ImportResult, type ImportOptions, type ImportIngestOptions, type IngestFunction } from './service';
