/**
 * A stand-in for the Notion API on loopback (127.0.0.1, ephemeral port), answering what the import
 * uses, in Notion API 2025-09-03 shapes: databases.retrieve (with its data sources),
 * data_sources/:id/query, pages.retrieve, blocks/:id/children. Lists are paged with a small page
 * size so that the client's paging is exercised. Like Notion, it refuses a wrong token (401) and an
 * object it does not have or that is not shared (404 object_not_found).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBlock =
  | { type: 'heading_1' | 'heading_2' | 'heading_3' | 'paragraph' | 'bulleted_list_item' | 'numbered_list_item'; text: string; children?: FakeBlock[] }
  | { type: 'to_do'; text: string; checked: boolean }
  | { type: 'table'; rows: string[][] };

export interface FakePage {
  id: string;
  title: string;
  /** A date property ("日期"), when the database has one */
  date?: string;
  blocks: FakeBlock[];
  createdTime: string;
  lastEditedTime: string;
}

type Json = Record<string, any>;

const USER = { object: 'user', id: '6f1c2f44-0000-4000-8000-000000000001' };

function richText(content: string): Json[] {
  return [
    {
      type: 'text',
      text: { content, link: null },
      annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
      plain_text: content,
      href: null,
    },
  ];
}

const compact = (id: string) => id.replace(/-/g, '').toLowerCase();

export class FakeNotionApi {
  readonly databaseId = randomUUID();
  readonly dataSourceId = randomUUID();
  readonly pages: FakePage[] = [];
  /** Every request: method, path, Notion-Version header */
  readonly requests: Array<{ method: string; path: string; notionVersion?: string }> = [];
  private server: http.Server | null = null;
  private blocksById = new Map<string, { json: Json; children: Json[] }>();
  private pageBlocks = new Map<string, Json[]>();
  baseUrl = '';

  constructor(
    readonly token = 'secret_test_notion_token',
    /** Items per list response: small, so paging is exercised */
    readonly pageSize = 2,
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  addPage(page: Omit<FakePage, 'id' | 'createdTime' | 'lastEditedTime'> & { lastEditedTime?: string }): FakePage {
    const now = page.lastEditedTime ?? new Date().toISOString();
    // Created in the order they are added, as pages of a weekly database are.
    const createdTime = new Date(Date.UTC(2023, 0, 1) + this.pages.length * 60_000).toISOString();
    const stored: FakePage = { ...page, id: randomUUID(), createdTime, lastEditedTime: now };
    this.pages.push(stored);
    this.pageBlocks.set(stored.id, this.blocksJson(stored.id, stored.blocks));
    return stored;
  }

  /** An edit in Notion: new blocks, a new last-edited time. */
  editPage(id: string, blocks: FakeBlock[]): void {
    const page = this.pages.find((p) => p.id === id);
    if (!page) throw new Error(`no page ${id}`);
    page.blocks = blocks;
    page.lastEditedTime = new Date().toISOString();
    this.pageBlocks.set(id, this.blocksJson(id, blocks));
  }

  private blocksJson(parentId: string, blocks: FakeBlock[]): Json[] {
    return blocks.map((block) => {
      const id = randomUUID();
      const children = this.childrenOf(id, block);
      const json: Json = {
        object: 'block',
        id,
        parent: { type: 'page_id', page_id: parentId },
        created_time: '2023-11-17T08:00:00.000Z',
        last_edited_time: '2023-11-17T08:00:00.000Z',
        created_by: USER,
        last_edited_by: USER,
        has_children: children.length > 0,
        archived: false,
        in_trash: false,
        type: block.type,
        [block.type]: this.blockBody(block),
      };
      this.blocksById.set(id, { json, children });
      return json;
    });
  }

  private childrenOf(id: string, block: FakeBlock): Json[] {
    if (block.type === 'table') {
      return block.rows.map((cells) => {
        const rowId = randomUUID();
        const json = {
          object: 'block',
          id: rowId,
          parent: { type: 'block_id', block_id: id },
          created_time: '2023-11-17T08:00:00.000Z',
          last_edited_time: '2023-11-17T08:00:00.000Z',
          created_by: USER,
          last_edited_by: USER,
          has_children: false,
          archived: false,
          in_trash: false,
          type: 'table_row',
          table_row: { cells: cells.map(richText) },
        };
        this.blocksById.set(rowId, { json, children: [] });
        return json;
      });
    }
    if ('children' in block && block.children?.length) return this.blocksJson(id, block.children);
    return [];
  }

  private blockBody(block: FakeBlock): Json {
    if (block.type === 'table') return { table_width: Math.max(...block.rows.map((r) => r.length)), has_column_header: true, has_row_header: false };
    if (block.type === 'to_do') return { rich_text: richText(block.text), checked: block.checked, color: 'default' };
    if (block.type.startsWith('heading_')) return { rich_text: richText(block.text), is_toggleable: false, color: 'default' };
    return { rich_text: richText(block.text), color: 'default' };
  }

  private pageJson(page: FakePage): Json {
    const properties: Json = { 名称: { id: 'title', type: 'title', title: richText(page.title) } };
    properties['日期'] = { id: 'd%3Ax', type: 'date', date: page.date ? { start: page.date, end: null, time_zone: null } : null };
    return {
      object: 'page',
      id: page.id,
      created_time: page.createdTime,
      last_edited_time: page.lastEditedTime,
      created_by: USER,
      last_edited_by: USER,
      cover: null,
      icon: null,
      parent: { type: 'data_source_id', data_source_id: this.dataSourceId, database_id: this.databaseId },
      archived: false,
      in_trash: false,
      is_locked: false,
      properties,
      url: `https://www.notion.so/${compact(page.id)}`,
      public_url: null,
    };
  }

  private databaseJson(): Json {
    return {
      object: 'database',
      id: this.databaseId,
      title: richText('周报'),
      description: [],
      parent: { type: 'workspace', workspace: true },
      is_inline: false,
      in_trash: false,
      is_locked: false,
      created_time: '2023-01-01T00:00:00.000Z',
      last_edited_time: '2023-11-17T08:00:00.000Z',
      data_sources: [{ id: this.dataSourceId, name: '周报' }],
      icon: null,
      cover: null,
      url: `https://www.notion.so/${compact(this.databaseId)}`,
      public_url: null,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const notionVersion = req.headers['notion-version'];
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, notionVersion: typeof notionVersion === 'string' ? notionVersion : undefined });
    let body: Json = {};
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length) body = JSON.parse(Buffer.concat(chunks).toString('utf8'));

    const send = (status: number, json: Json) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const error = (status: number, code: string, message: string) => send(status, { object: 'error', status, code, message, request_id: randomUUID() });
    const notFound = (id: string) =>
      error(404, 'object_not_found', `Could not find object with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`);

    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 'unauthorized', 'API token is invalid.');

    const [, v1, kind, id, sub] = url.pathname.split('/');
    if (v1 !== 'v1') return error(400, 'invalid_request_url', 'Invalid request URL.');

    if (kind === 'databases' && req.method === 'GET' && !sub) {
      return compact(id) === compact(this.databaseId) ? send(200, this.databaseJson()) : notFound(id);
    }
    if (kind === 'data_sources' && sub === 'query' && req.method === 'POST') {
      if (compact(id) !== compact(this.dataSourceId)) return notFound(id);
      return send(200, this.list(this.pages.map((p) => this.pageJson(p)), body.start_cursor, body.page_size, 'page_or_data_source'));
    }
    if (kind === 'pages' && req.method === 'GET' && !sub) {
      const page = this.pages.find((p) => compact(p.id) === compact(id));
      return page ? send(200, this.pageJson(page)) : notFound(id);
    }
    if (kind === 'blocks' && sub === 'children' && req.method === 'GET') {
      const children = this.pageBlocks.get(id) ?? this.blocksById.get(id)?.children;
      if (!children) return notFound(id);
      return send(200, this.list(children, url.searchParams.get('start_cursor') ?? undefined, Number(url.searchParams.get('page_size')) || undefined, 'block'));
    }
    return error(400, 'invalid_request_url', `Invalid request URL: ${req.method} ${url.pathname}`);
  }

  private list(all: Json[], cursor: string | undefined, requested: number | undefined, type: string): Json {
    const start = cursor ? Number(cursor) : 0;
    const size = Math.min(requested ?? 100, this.pageSize);
    const results = all.slice(start, start + size);
    const more = start + size < all.length;
    return { object: 'list', results, next_cursor: more ? String(start + size) : null, has_more: more, type, [type]: {} };
  }
}
