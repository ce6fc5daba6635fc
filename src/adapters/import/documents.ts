/**
 * Reports kept as documents: .docx, .pdf and .html/.htm are turned into the Markdown-ish text the
 * parser reads; .md/.markdown/.txt are passed on as bytes (decoded, with GBK and size checks, by the
 * parser). Used by `zhoubao ingest`/`import` (a path) and by Slack uploads (a name and bytes).
 *
 * - .pdf: @langchain/community's PDFLoader with pdf-parse v1's bundled pdf.js. pdf-parse v2 (pdf.js
 *   5) loads its worker with a dynamic import() of an ES module, which jest's CommonJS VM cannot
 *   run, and pulls in a native canvas module; v1 is plain CommonJS and only text is needed here.
 *   The loader's own import() of pdf-parse is bypassed for the same reason (its `pdfjs` option).
 * - .docx: mammoth, as the DocxLoader uses it, but its HTML output rather than the DocxLoader's
 *   `extractRawText`: raw text drops heading levels, list markers and table structure, and with them
 *   the report's sections and items.
 * - .html: html-to-text with table, list and heading handling (./html.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PDFLoader } from '@langchain/community/document_loaders/fs/pdf';
import { ReportParseError } from '../../domain/reports/model';

/** Documents bigger than this are refused before they are read whole (a report is a few pages). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const TEXT_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;
export const CONVERTED_EXTENSIONS = ['.docx', '.pdf', '.html', '.htm'] as const;
/** Every extension a report file may have, for file pickers and folder walks. */
export const REPORT_EXTENSIONS: readonly string[] = [...TEXT_EXTENSIONS, ...CONVERTED_EXTENSIONS];

export type DocumentInput = string | { name: string; bytes: Buffer };

export interface ReportDocument {
  /** The report text; the file's own bytes for .md/.markdown/.txt (decoded later by the parser) */
  text: string | Buffer;
  /** The file's name without its directory: a last source for the report's date */
  fileName: string;
}

export function extensionOf(name: string): string {
  return path.extname(name).toLowerCase();
}

export function isReportFileName(name: string): boolean {
  return REPORT_EXTENSIONS.includes(extensionOf(name));
}


/**
 * The report text inside a file. Throws ReportParseError('unsupported') for a file type that cannot
 * hold a report, or a document that cannot be read (corrupt, encrypted, a scan without text).
 */
export async function readReportDocument(file: DocumentInput): Promise<ReportDocument> {
  const name = typeof file === 'string' ? file : file.name;
  const fileName = path.basename(name);
  const ext = extensionOf(name);
  if (!REPORT_EXTENSIONS.includes(ext)) {
    throw new ReportParseError(
      `不支持的文件类型「${ext || '无扩展名'}」：周报请用 .md、.txt、.docx、.pdf 或 .html 文件（.doc 请先另存为 .docx）。`,
      'unsupported',
    );
  }
  const bytes = typeof file === 'string' ? readWithLimit(file) : checkSize(file.bytes, fileName);
  if ((TEXT_EXTENSIONS as readonly string[]).includes(ext)) return { text: bytes, fileName };

  let text: string;
  try {
    text = await convertDocument(ext, bytes);
  } catch (error) {
    throw new ReportParseError(`无法读取 ${ext} 文件「${fileName}」：${describeFailure(ext, error)}`, 'unsupported');
  }
  if (!text.trim()) {
    const hint = ext === '.pdf' ? '（扫描件或图片 PDF 没有可读取的文字，请导出为文字版 PDF 或 Word）' : '';
    throw new ReportParseError(`无法读取 ${ext} 文件「${fileName}」：文件里没有文字${hint}。`, 'unsupported');
  }
  return { text, fileName };
}

// The converters are loaded on first use: the bot and the CLI start without them.
async function convertDocument(ext: string, bytes: Buffer): Promise<string> {
  const { htmlToReportText } = await import('./html');
  switch (ext) {
    case '.docx': {
      const mammoth = await import('mammoth');
      const { value } = await mammoth.convertToHtml({ buffer: bytes });
      return htmlToReportText(value);
    }
    case '.pdf':
      return pdfText(bytes);
    default:
      return htmlToReportText(decodeHtml(bytes));
  }
}

type PdfjsImport = NonNullable<NonNullable<ConstructorParameters<typeof PDFLoader>[1]>['pdfjs']>;

interface PdfWorker {
  promise: Promise<unknown>;
  messageHandler: { send(action: string, data: unknown): void };
  destroy(): void;
}

/**
 * The text of a PDF through PDFLoader and pdf-parse v1's pdf.js (required statically, see the file
 * comment). Each document gets its own in-process worker, told to log errors only (pdf.js writes its
 * warnings with console.log, which would end up in `--json` output) and destroyed afterwards (the
 * loader never destroys what it opens).
 */
async function pdfText(bytes: Buffer): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pdfjs = require('pdf-parse/lib/pdf.js/v1.10.100/build/pdf.js');
  const errorsOnly = pdfjs.PDFJS.VERBOSITY_LEVELS.errors;
  pdfjs.PDFJS.verbosity = errorsOnly;
  const workers: PdfWorker[] = [];
  const imports: PdfjsImport = async () => ({
    isV2: false,
    version: pdfjs.version,
    getDocument: (params: Record<string, unknown>) => {
      const worker: PdfWorker = new pdfjs.PDFWorker();
      workers.push(worker);
      void worker.promise.then(() => worker.messageHandler.send('configure', { verbosity: errorsOnly }));
      return pdfjs.getDocument({ ...params, worker });
    },
  });
  // A copy: pdf.js takes over the buffer it is given, and Node pools small Buffers.
  const blob = new Blob([new Uint8Array(bytes)], { type: 'application/pdf' });
  const { PDFLoader } = await import('@langchain/community/document_loaders/fs/pdf');
  try {
    const docs = await new PDFLoader(blob, { splitPages: false, pdfjs: imports }).load();
    return docs.map((d) => d.pageContent).join('\n\n').replace(/[ \t]+$/gm, '');
  } finally {
    for (const worker of workers) worker.destroy();
  }
}

/** HTML files from Word or old tools may be GBK; the charset they declare decides. */
function decodeHtml(bytes: Buffer): string {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  const charset = declared && /^(gbk|gb2312|gb18030)$/.test(declared) ? 'gb18030' : 'utf-8';
  return new TextDecoder(charset).decode(bytes);
}

function describeFailure(ext: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (ext === '.docx' && /zip|central directory|end of data/i.test(message)) return '文件已损坏或不是 Word 文档（.docx 应是 zip 格式；.doc 请先另存为 .docx）。';
  if (ext === '.pdf' && /password/i.test(message)) return 'PDF 有密码保护，请去掉密码后再提交。';
  if (ext === '.pdf' && /invalid|xref|header|format/i.test(message)) return '文件已损坏或不是 PDF。';
  return `文件已损坏或格式无法识别（${message.slice(0, 120)}）。`;
}

function checkSize(bytes: Buffer, fileName: string): Buffer {
  if (bytes.length > MAX_DOCUMENT_BYTES) throw tooLarge(bytes.length, fileName);
  return bytes;
}

function readWithLimit(file: string): Buffer {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new ReportParseError(`找不到文件：${file}`, 'unsupported');
  if (stat.size > MAX_DOCUMENT_BYTES) throw tooLarge(stat.size, path.basename(file));
  return fs.readFileSync(file);
}

function tooLarge(size: number, fileName: string): ReportParseError {
  return new ReportParseError(
    `文件「${fileName}」过大（${(size / 1024 / 1024).toFixed(1)} MB）：文档不能超过 ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB。`,
    'too_large',
  );
}
