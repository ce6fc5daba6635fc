/** Importing reports from where teams keep them: Notion, Confluence, document files (issue 9, part 5). */
export { runImportCommand, IMPORT_USAGE, type ImportFlags } from '../../cli/importCommand';
export { importConfluenceSpace, ConfluenceImportError, type ConfluenceImportOptions } from '../../adapters/import/confluence';
export { readReportDocument, isReportFileName, REPORT_EXTENSIONS, MAX_DOCUMENT_BYTES, type ReportDocument, type DocumentInput } from '../../adapters/import/documents';
export { collectImportFiles, readImportFile, readImportFiles, notionExportName } from '../../adapters/import/files';
export { htmlToReportText } from '../../adapters/import/html';
export { importNotionDatabase, NotionImportError, type NotionImportOptions } from '../../adapters/import/notionApi';
export { importDocuments, type ImportDocument, type ImportResult, type ImportOptions, type ImportIngestOptions, type IngestFunction } from './service';
