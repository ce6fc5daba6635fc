/**
 * An import from a described source — a Notion database, a Confluence space, or files and folders on
 * disk — read by the matching reader (src/adapters/import/) and stored through importDocuments. The
 * front doors describe the source; they never call a reader themselves.
 */
import { ConfluenceImportError, importConfluenceSpace } from '../../adapters/import/confluence';
import { readImportFiles } from '../../adapters/import/files';
import type { ImportDocument } from '../../adapters/import/importDocument';
import { NotionImportError, importNotionDatabase } from '../../adapters/import/notionApi';
import type { Config } from '../../config';
import { importDocuments, type ImportOptions, type ImportResult } from './service';

/** Where the reports are. An id or key left out is reported as missing (ImportSourceError). */
export type ImportSource =
  | { kind: 'notion'; databaseId?: string }
  | { kind: 'confluence'; spaceKey?: string }
  | { kind: 'files'; paths: string[] };

/** What the readers need from the configuration (NOTION_*, CONFLUENCE_*, ZHOUBAO_TZ), checked at load. */
export type ImportSettings = Pick<Config, 'notion' | 'confluence'> & { timeZone?: string };

/**
 * The source cannot be read at all (no id, missing credentials, a token the service refuses, a path
 * that does not exist): nothing was stored. The message is Chinese and says what to fix.
 */
export class ImportSourceError extends Error {}

/** The documents of `source`; ImportSourceError when there is nothing to read them from. */
export async function readImportSource(source: ImportSource, settings: ImportSettings): Promise<ImportDocument[]> {
  try {
    return await readSource(source, settings);
  } catch (error) {
    if (error instanceof NotionImportError || error instanceof ConfluenceImportError || isMissingPath(error)) {
      throw new ImportSourceError((error as Error).message);
    }
    throw error;
  }
}

/**
 * Reads `source` and stores every document in it (see importDocuments). An empty result means the
 * source had no report in it; ImportSourceError when it could not be read.
 */
export async function importFromSource(
  kb: Parameters<typeof importDocuments>[0],
  source: ImportSource,
  settings: ImportSettings,
  options: Omit<ImportOptions, 'timeZone'> = {},
): Promise<ImportResult[]> {
  const docs = await readImportSource(source, settings);
  return importDocuments(kb, docs, { ...options, timeZone: settings.timeZone });
}

async function readSource(source: ImportSource, settings: ImportSettings): Promise<ImportDocument[]> {
  switch (source.kind) {
    case 'notion': {
      const { token, apiUrl } = settings.notion;
      if (!source.databaseId) throw new ImportSourceError('请用 --database 指定 Notion 数据库 ID（数据库链接中的 32 位十六进制）。');
      if (!token) throw new ImportSourceError('缺少 NOTION_TOKEN：请在 Notion 创建内部集成，把令牌写入 .env，并把数据库分享给该集成。');
      return importNotionDatabase({ databaseId: source.databaseId, token, baseUrl: apiUrl });
    }
    case 'confluence': {
      const { url, user, token } = settings.confluence;
      if (!source.spaceKey) throw new ImportSourceError('请用 --space 指定 Confluence 空间标识（例如 PAY）。');
      if (!url || !token) {
        const missing = [url ? '' : 'CONFLUENCE_URL', token ? '' : 'CONFLUENCE_TOKEN'].filter(Boolean);
        throw new ImportSourceError(`缺少 ${missing.join('、')}：请写入 .env（CONFLUENCE_USER 为账号邮箱，CONFLUENCE_TOKEN 为 API token）。`);
      }
      return importConfluenceSpace({ spaceKey: source.spaceKey, baseUrl: url, user, token });
    }
    case 'files':
      return readImportFiles(source.paths);
  }
}

function isMissingPath(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('找不到文件或目录');
}
