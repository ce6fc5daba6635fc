/**
 * Importing reports from where teams keep them: Notion, Confluence, document files (issue 9, part 5).
 * The readers are adapters (src/adapters/import/); this layer stores what they read. It may import
 * services, adapters, domain and the kernel — never a front door (the CLI's `zhoubao import` calls it).
 */
export { importConfluenceSpace, ConfluenceImportError, type ConfluenceImportOptions } from '../../adapters/import/confluence';
export { readReportDocument, isReportFileName, REPORT_EXTENSIONS, MAX_DOCUMENT_BYTES, type ReportDocument, type DocumentInput } from '../../adapters/import/documents';
export { collectImportFiles, readImportFile, readImportFiles, notionExportName } from '../../adapters/import/files';
export { htmlToReportText } from '../../adapters/import/html';
export { importNotionDatabase, NotionImportError, type NotionImportOptions } from '../../adapters/import/notionApi';
export { importFromSource, readImportSource, ImportSourceError, type ImportSource, type ImportSettings } from './sources';
export { importDocuments, type ImportDocument, type ImportResult, type ImportOptions, type ImportIngestOptions, type IngestFunction } from './service';
