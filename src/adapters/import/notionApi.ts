/**
 * A Notion database of weekly reports, one report per page: `zhoubao import notion --database ID`
 * with `NOTION_TOKEN` (an internal integration's secret; the database must be shared with it) and,
 * for a proxy or the tests' stand-in, `NOTION_API_URL`.
 *
 * Each page's blocks are turned into Markdown by @langchain/community's NotionAPILoader (through
 * notion-to-md). The pages of the database are listed here, not by the loader: the loader queries
 * `databases.query`, which @notionhq/client v5 (the version its peer range asks for) no longer has
 * (databases hold data sources since Notion API 2025-09-03), and it swallows that failure and returns
 * no pages. So: list with `dataSources.query`, then load each page with the loader in page mode.
 */
import { NotionAPILoader } from '@langchain/community/document_loaders/web/notionapi';
import { APIErrorCode, Client, isFullPage, isNotionClientError, iteratePaginatedAPI } from '@notionhq/client';
import { withTitle, type ImportDocument } from './importDocument';

export interface NotionImportOptions {
  /** The database's id, dashed or not, or its URL */
  databaseId: string;
  token: string;
  /** Default https://api.notion.com; the client adds /v1/ */
  baseUrl?: string;
}

type NotionPage = Extract<Awaited<ReturnType<Client['pages']['retrieve']>>, { url: string }>;
type PropertyValue = NotionPage['properties'][string];

/** Thrown when the database cannot be listed at all (token, id, sharing): nothing was imported. */
export class NotionImportError extends Error {}

/** The id in a Notion URL or id as written: 32 hex digits, dashes optional. */
export function notionDatabaseId(input: string): string | null {
  const compact = input.trim().replace(/-/g, '');
  const m = /([0-9a-f]{32})(?:\?|$|#|\/)/i.exec(compact) ?? /([0-9a-f]{32})/i.exec(compact);
  if (!m) return null;
  const h = m[1].toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Every page of the database as a document; a page that cannot be read becomes an error entry. */
export async function importNotionDatabase(options: NotionImportOptions): Promise<ImportDocument[]> {
  const databaseId = notionDatabaseId(options.databaseId);
  if (!databaseId) throw new NotionImportError(`「${options.databaseId}」不是 Notion 数据库 ID（32 位十六进制，或数据库的链接）。`);
  const clientOptions = {
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    timeoutMs: 30_000,
    logger: () => {},
  };
  const client = new Client(clientOptions);
  const pages = await listDatabasePages(client, databaseId);
  const docs: ImportDocument[] = [];
  for (const page of pages) docs.push(await readPage(clientOptions, page));
  return docs;
}

async function listDatabasePages(client: Client, databaseId: string): Promise<NotionPage[]> {
  try {
    const database = await client.databases.retrieve({ database_id: databaseId });
    const sources = 'data_sources' in database ? database.data_sources : [];
    const pages: NotionPage[] = [];
    for (const source of sources) {
      for await (const row of iteratePaginatedAPI(client.dataSources.query, { data_source_id: source.id, page_size: 100 })) {
        if (row.object === 'page' && isFullPage(row) && !row.in_trash) pages.push(row);
      }
    }
    // Oldest first, so that weeks go in in order.
    return pages.sort((a, b) => a.created_time.localeCompare(b.created_time));
  } catch (error) {
    throw new NotionImportError(describeNotionError(error, databaseId));
  }
}

async function readPage(clientOptions: ConstructorParameters<typeof Client>[0], page: NotionPage): Promise<ImportDocument> {
  const source = `notion:${page.id}`;
  const title = pageTitle(page);
  const dated = dateProperty(page);
  const base = {
    source,
    title,
    fallbackDate: dated?.date ?? page.last_edited_time,
    fallbackDateLabel: dated ? `页面的「${dated.name}」属性` : '页面的最后编辑时间',
  };
  try {
    const loaded = await new NotionAPILoader({ clientOptions, id: page.id }).load();
    // The loader also returns the page's sub-pages; the report is the page itself.
    const own = loaded.find((d) => d.metadata?.notionId === page.id) ?? loaded[0];
    return { ...base, text: withTitle(title, own?.pageContent ?? '') };
  } catch (error) {
    return { ...base, text: '', error: describeNotionError(error, page.id) };
  }
}

function plainText(parts: Array<{ plain_text: string }>): string {
  return parts.map((p) => p.plain_text).join('');
}

export function pageTitle(page: NotionPage): string {
  const prop = Object.values(page.properties).find((p): p is Extract<PropertyValue, { type: 'title' }> => p.type === 'title');
  return prop ? plainText(prop.title).trim() : '';
}

/** A date the page states in a property (a 周报日期 / Date column): its start, or end of a range. */
function dateProperty(page: NotionPage): { name: string; date: string } | null {
  for (const [name, prop] of Object.entries(page.properties)) {
    if (prop.type === 'date' && prop.date?.start) return { name, date: prop.date.end ?? prop.date.start };
  }
  return null;
}

function describeNotionError(error: unknown, id: string): string {
  if (error instanceof AggregateError) error = error.errors.find(isNotionClientError) ?? error.errors[0] ?? error;
  if (isNotionClientError(error)) {
    switch (error.code) {
      case APIErrorCode.Unauthorized:
        return 'Notion 拒绝了令牌：NOTION_TOKEN 无效或已失效，请在 Notion 的集成设置中重新复制。';
      case APIErrorCode.ObjectNotFound:
        return `Notion 找不到 ${id}：请确认 ID 正确，并在 Notion 中把它分享给这个集成（··· → Connections）。`;
      case APIErrorCode.RestrictedResource:
        return `这个集成没有读取 ${id} 的权限：请在 Notion 中给集成开启读取内容的权限。`;
      case APIErrorCode.RateLimited:
        return 'Notion 请求过于频繁，请稍后再试。';
      default:
        return `Notion API 出错（${error.code}）：${error.message}`;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return `无法连接 Notion：${message}`;
}
