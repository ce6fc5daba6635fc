/**
 * A stand-in for the Confluence REST API on loopback (127.0.0.1, ephemeral port): the content list
 * of a space (`/rest/api/content?spaceKey=…&limit=…&start=…&expand=body.storage,version`), paged with
 * a small page size so that the loader's paging is exercised. Like Confluence Cloud, it wants basic
 * auth with the user's e-mail and API token, and answers 401 otherwise.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeConfluencePage {
  id: string;
  spaceKey: string;
  title: string;
  /** Storage-format XHTML */
  storage: string;
  version: number;
  when: string;
}

export class FakeConfluenceApi {
  readonly pages: FakeConfluencePage[] = [];
  readonly requests: Array<{ path: string; query: Record<string, string> }> = [];
  private server: http.Server | null = null;
  private nextId = 98_300;
  baseUrl = '';

  constructor(
    readonly user = 'lead@example.com',
    readonly token = 'atl-test-token',
    readonly pageSize = 2,
    /** Cloud serves the REST API under /wiki */
    readonly contextPath = '/wiki',
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.contextPath}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  addPage(spaceKey: string, title: string, storage: string, when = '2023-11-17T09:30:00.000Z'): FakeConfluencePage {
    const page = { id: String(this.nextId++), spaceKey, title, storage, version: 1, when };
    this.pages.push(page);
    return page;
  }

  editPage(id: string, storage: string): void {
    const page = this.pages.find((p) => p.id === id);
    if (!page) throw new Error(`no page ${id}`);
    page.storage = storage;
    page.version += 1;
    page.when = new Date().toISOString();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const expected = `Basic ${Buffer.from(`${this.user}:${this.token}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(401, { statusCode: 401, message: 'Client must be authenticated to access this resource.' });
    if (req.method !== 'GET' || url.pathname !== `${this.contextPath}/rest/api/content`) return send(404, { statusCode: 404, message: 'Not found' });

    const spaceKey = url.searchParams.get('spaceKey') ?? '';
    const start = Number(url.searchParams.get('start') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), this.pageSize);
    const expand = (url.searchParams.get('expand') ?? '').split(',');
    const inSpace = this.pages.filter((p) => p.spaceKey === spaceKey);
    const results = inSpace.slice(start, start + limit).map((p) => ({
      id: p.id,
      type: 'page',
      status: 'current',
      title: p.title,
      ...(expand.includes('body.storage') ? { body: { storage: { value: p.storage, representation: 'storage' } } } : {}),
      ...(expand.includes('version') ? { version: { number: p.version, when: p.when, by: { displayName: '组长' } } } : {}),
      _links: { webui: `/spaces/${spaceKey}/pages/${p.id}` },
    }));
    send(200, { results, start, limit, size: results.length, _links: { base: this.baseUrl, context: this.contextPath } });
  }
}
