/**
 * Input guards and text normalisation for weekly reports.
 *
 * Two layers:
 * - `decodeReportInput` turns whatever a user submitted (a pasted string, an uploaded file's bytes)
 *   into text, or refuses it with a ReportParseError a user can act on. Size is checked before any
 *   decoding or scanning so an oversized upload is rejected in constant time.
 * - `toHalfWidth` / `splitLines` / `indentWidth` make lines comparable without changing their length,
 *   so positions found in the normalised form can be mapped back to what was written.
 */
import { ReportParseError } from './model';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Share of control characters (or U+FFFD replacement characters) above which text is treated as binary. */
const MAX_CONTROL_RATIO = 0.1;

export const MESSAGES = {
  empty: '周报内容为空：请粘贴周报正文，或上传包含内容的 .md / .txt 文件。',
  binary:
    '无法读取：内容看起来是二进制文件（例如图片、PDF、Word 或压缩包），或不是 UTF-8/GBK 文本。请导出为 Markdown 或纯文本（.md / .txt）后再提交。',
  tooLarge: (size: number, limit: number) =>
    `内容过大（${formatBytes(size)}）：单份周报不能超过 ${formatBytes(limit)}，请删去附件或日报合集等内容，或拆分后分别提交。`,
  noItems:
    '没有找到任何条目：请用「- 」列表或「1. 」编号逐条写出本周工作，标题写明团队和周次（例如「# 支付中心 第47周 2023-11-17」）。',
} as const;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

/**
 * Decode and validate a submission. Order matters: size first (cheap, and protects everything after),
 * then encoding, then emptiness.
 */
export function decodeReportInput(input: string | Buffer, maxBytes: number = DEFAULT_MAX_BYTES): string {
  const text = typeof input === 'string' ? checkString(input, maxBytes) : decodeBuffer(input, maxBytes);
  if (looksBinary(text)) throw new ReportParseError(MESSAGES.binary, 'binary');
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (withoutBom.trim() === '') throw new ReportParseError(MESSAGES.empty, 'empty');
  return withoutBom;
}

function checkString(text: string, maxBytes: number): string {
  // Every UTF-16 unit is at least one UTF-8 byte and at most three, so most inputs are decided
  // without measuring; only the grey zone pays for Buffer.byteLength.
  if (text.length > maxBytes) throw new ReportParseError(MESSAGES.tooLarge(text.length, maxBytes), 'too_large');
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) throw new ReportParseError(MESSAGES.tooLarge(bytes, maxBytes), 'too_large');
  }
  if (text.indexOf('\u0000') !== -1) throw new ReportParseError(MESSAGES.binary, 'binary');
  return text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeBuffer(buf: Buffer, maxBytes: number): string {
  if (buf.length > maxBytes) throw new ReportParseError(MESSAGES.tooLarge(buf.length, maxBytes), 'too_large');
  // Windows "Unicode" text files are UTF-16 with a BOM; they contain NUL bytes but are not binary.
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (buf.indexOf(0) !== -1) throw new ReportParseError(MESSAGES.binary, 'binary');
  try {
    return UTF8.decode(buf);
  } catch {
    // Reports written on Chinese Windows are often GB18030/GBK. Real binary data rarely decodes
    // cleanly as GB18030 either (lead bytes 0x80/0xFF are invalid), and looksBinary() catches the rest.
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(buf);
    } catch {
      throw new ReportParseError(MESSAGES.binary, 'binary');
    }
  }
}

/** Too many C0 controls (other than tab/newline/CR/form feed) or replacement characters: not a text document. */
function looksBinary(text: string): boolean {
  let suspicious = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || c === 0xfffd) {
      if (c === 0) return true;
      suspicious++;
    }
  }
  return suspicious > 0 && suspicious / n > MAX_CONTROL_RATIO;
}

/** CRLF and lone CR become LF; the lines keep everything else as written. */
export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/**
 * Full-width forms -> ASCII, one character for one character (so indexes stay valid).
 * Digits, letters and symbols such as ％／．－＃ become ASCII; the Chinese punctuation ，：；！？（）
 * stays as written because it is normal typography in the text (every pattern accepts both forms).
 * The ideographic space and NBSP become a plain space; a tab becomes a space.
 */
// Full-width forms except the kept punctuation ！（），：；？ (U+FF01, FF08, FF09, FF0C, FF1A, FF1B, FF1F), so
// ordinary Chinese text does not pay for a conversion.
const CONVERTIBLE = /[\uff02-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff5e\u3000\u00a0\t]/;
const CONVERTIBLE_ALL = new RegExp(CONVERTIBLE.source, 'g');

function halfWidthChar(ch: string): string {
  const c = ch.charCodeAt(0);
  return c >= 0xff01 ? String.fromCharCode(c - 0xfee0) : ' ';
}

export function toHalfWidth(text: string): string {
  return CONVERTIBLE.test(text) ? text.replace(CONVERTIBLE_ALL, halfWidthChar) : text;
}

/** Leading whitespace width: a tab counts as 4 columns, a full-width space as 2. */
export function indentWidth(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x20 || c === 0x00a0) width += 1;
    else if (c === 0x09) width += 4 - (width % 4);
    else if (c === 0x3000) width += 2;
    else break;
  }
  return width;
}

const BOLD = /\*\*(.+?)\*\*|__(.+?)__/g;
/** Slack's *bold*: a pair of single stars around text, not touching another star or a word character. */
const SLACK_BOLD = /(?<![*\w])\*(?=\S)([^*\n]+?)\*(?![*\w])/g;
const INLINE_CODE = /`([^`]+)`/g;
const SPACE_RUN = / {2,}/g;

/** Inline markup a reader does not see: **bold**, __bold__, Slack *bold*, `code`; runs of spaces collapse. */
export function stripInlineMarkup(text: string): string {
  let out = text;
  if (out.indexOf('**') !== -1 || out.indexOf('__') !== -1) out = out.replace(BOLD, (_m, a, b) => a ?? b);
  if (out.indexOf('*') !== -1) out = out.replace(SLACK_BOLD, '$1');
  if (out.indexOf('`') !== -1) out = out.replace(INLINE_CODE, '$1');
  if (out.indexOf('  ') !== -1) out = out.replace(SPACE_RUN, ' ');
  return out.trim();
}
