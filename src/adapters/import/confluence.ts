/**
 * A Confluence space of weekly reports, one report per page: `zhoubao import confluence --space KEY`
 * with `CONFLUENCE_URL` (Cloud: https://<site>.atlassian.net/wiki), `CONFLUENCE_USER` and
 * `CONFLUENCE_TOKEN` (an API token; without a user it is sent as a Data Center personal access token).
 *
 * Pages are fetched by @langchain/community's ConfluencePagesLoader (REST paging, auth, retries).
 * Its own text conversion (html-to-text defaults) flattens headings and draws tables as aligned
 * columns, and its load() turns any failure into an empty list; so this subclass keeps each page's
 * storage-format HTML as it is fetched, converts that with ./html.ts, and reports failures.
 */
import { ConfluencePagesLoader, type ConfluenceAPIResponse, type ConfluencePage } from '@langchain/community/document_loaders/web/confluence';
import { htmlToReportText } from './html';
import { withTitle, type ImportDocument } from './importDocument';

export interface ConfluenceImportOptions {
  spaceKey: string;
  baseUrl: string;
  /** With `token`: basic auth (Cloud). Without: `token` is a personal access token (Data Center) */
  user?: string;
  token: string;
}

export class ConfluenceImportError extends Error {}

/** Space keys are letters, digits and underscores; personal spaces start with `~`. */
const SPACE_KEY = /^~?[A-Za-z0-9_-]+$/;

class RecordingConfluenceLoader extends ConfluencePagesLoader {
  readonly pages: ConfluencePage[] = [];
  failure: unknown = null;

  protected override async fetchConfluenceData(url: string): Promise<ConfluenceAPIResponse> {
    try {
      const data = await super.fetchConfluenceData(url);
      this.pages.push(...(data.results ?? []));
      return data;
    } catch (error) {
      // Stop paging quietly (load() would log and swallow it); importConfluenceSpace reports it.
      this.failure = error;
      return { size: 0, results: [] };
    }
  }
}

export async function importConfluenceSpace(options: ConfluenceImportOptions): Promise<ImportDocument[]> {
  if (!SPACE_KEY.test(options.spaceKey)) throw new ConfluenceImportError(`「${options.spaceKey}」不是 Confluence 空间标识（例如 PAY 或 ~zhangsan）。`);
  let baseUrl: string;
  try {
    baseUrl = new URL(options.baseUrl).toString().replace(/\/+$/, '');
  } catch {
    throw new ConfluenceImportError(`CONFLUENCE_URL「${options.baseUrl}」不是有效的网址（例如 https://example.atlassian.net/wiki）。`);
  }
  const loader = new RecordingConfluenceLoader({
    baseUrl,
    spaceKey: options.spaceKey,
    ...(options.user ? { username: options.user, accessToken: options.token } : { personalAccessToken: options.token }),
    limit: 50,
    maxRetries: 3,
  });
  await loader.load();
  if (loader.failure) throw new ConfluenceImportError(describeFailure(loader.failure, options.spaceKey));
  return loader.pages.filter((p) => p.type === 'page' && p.status !== 'trashed').map(pageDocument);
}

function pageDocument(page: ConfluencePage): ImportDocument {
  const base = { source: `confluence:${page.id}`, title: page.title, fallbackDate: page.version?.when, fallbackDateLabel: '页面的最后编辑时间' };
  const storage = page.body?.storage?.value;
  if (typeof storage !== 'string') return { ...base, text: '', error: 'Confluence 没有返回页面正文（body.storage）。' };
  return { ...base, text: withTitle(page.title, htmlToReportText(storageToHtml(storage))) };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Confluence's storage format is XHTML plus `ac:`/`ri:` elements. The ones that carry report content
 * become plain HTML: code blocks, task lists (open/done), status lozenges (their label, e.g. 已完成 in a table's 状态 column), dates,
 * CDATA text; macro parameters, user mentions (ids only), emoticons and attachments carry none and
 * are dropped.
 */
export function storageToHtml(storage: string): string {
  return (
    storage
      .replace(
        /<ac:structured-macro\b[^>]*ac:name="(?:code|noformat)"[^>]*>[\s\S]*?<ac:plain-text-body><!\[CDATA\[([\s\S]*?)\]\]><\/ac:plain-text-body>[\s\S]*?<\/ac:structured-macro>/g,
        (_m, code: string) => `<pre>${escapeHtml(code.trim())}</pre>`,
      )
      .replace(/<ac:structured-macro\b[^>]*ac:name="status"[^>]*>([\s\S]*?)<\/ac:structured-macro>/g, (_m, inner: string) => {
        const title = /<ac:parameter ac:name="title">([\s\S]*?)<\/ac:parameter>/.exec(inner)?.[1] ?? '';
        return title ? ` ${title} ` : '';
      })
      .replace(/<ac:task-list>/g, '<ul>')
      .replace(/<\/ac:task-list>/g, '</ul>')
      .replace(/<ac:task>([\s\S]*?)<\/ac:task>/g, (_m, inner: string) => {
        const done = /<ac:task-status>\s*complete\s*<\/ac:task-status>/.test(inner);
        const body = /<ac:task-body>([\s\S]*?)<\/ac:task-body>/.exec(inner)?.[1] ?? '';
        return `<li><input type="checkbox"${done ? ' checked' : ''}> ${body}</li>`;
      })
      .replace(/<ac:parameter\b[^>]*>[\s\S]*?<\/ac:parameter>/g, '')
      .replace(/<ac:structured-macro\b[^>]*ac:name="(?:attachments|view-file|toc|children)"[^>]*(?:\/>|>[\s\S]*?<\/ac:structured-macro>)/g, '')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, text: string) => escapeHtml(text))
      .replace(/<ac:image\b[\s\S]*?<\/ac:image>/g, '')
      // The date picker: XHTML self-closing, which an HTML parser would leave open around what follows.
      .replace(/<time\b[^>]*datetime="([^"]+)"[^>]*\/>/g, '$1')
      .replace(/<(?:ac|ri):[\w-]+\b[^>]*\/>/g, '')
  );
}

function describeFailure(error: unknown, spaceKey: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = /: (\d{3})\b/.exec(message)?.[1];
  if (status === '401' || status === '403') return 'Confluence 拒绝了凭据：请检查 CONFLUENCE_USER 和 CONFLUENCE_TOKEN（Cloud 用账号邮箱 + API token）。';
  if (status === '404') return `Confluence 找不到空间 ${spaceKey} 或 REST 接口：请检查 CONFLUENCE_URL（Cloud 以 /wiki 结尾）和空间标识。`;
  if (status) return `Confluence 返回 HTTP ${status}，请稍后再试。`;
  return `无法连接 Confluence：${message.replace(/https?:\/\/\S+/g, '').slice(0, 160)}`;
}
