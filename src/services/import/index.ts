/**
 * Importing reports from where teams keep them: Notion, Confluence, document files (issue 9, part 5).
 * services, adapters, domain and the kernel — never a front door (the CLI's `zhoubao import` calls it).
 */
export { importFromSource, readImportSource, ImportSourceError, type ImportSource, type ImportSettings } from './sources';
export { importDocuments, type ImportDocument, type ImportResult, type ImportOptions, type ImportIngestOptions, type IngestFunction } from './service';
