/**
 * Reading a report file shared in a DM: small text files (.md/.markdown/.txt) and documents
 * (.docx/.pdf/.html, turned into text by the submission service) are accepted, downloaded with the
 * bot token from Slack (the token is never sent anywhere else).
 */
import { MAX_SUBMITTED_DOCUMENT_BYTES, SUBMITTED_DOCUMENT_EXTENSIONS } from '../services/submissions';
import { extensionOf } from './text';
import type { SlackClient } from './types';

export const MAX_FILE_BYTES = 1024 * 1024;
/** Word and PDF files carry layout and images besides the text: a larger limit. */
export const MAX_DOCUMENT_FILE_BYTES = MAX_SUBMITTED_DOCUMENT_BYTES;
const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
const DOCUMENT_EXTENSIONS = new Set<string>(SUBMITTED_DOCUMENT_EXTENSIONS);

function isDocument(file: SharedFile): boolean {
  return DOCUMENT_EXTENSIONS.has(extensionOf(file.name ?? ''));
}

function maxBytesFor(file: SharedFile): number {
  return isDocument(file) ? MAX_DOCUMENT_FILE_BYTES : MAX_FILE_BYTES;
}

export interface SharedFile {
  id: string;
  name?: string | null;
  mimetype?: string;
  filetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
  /** "check_file_info": the event carries only the id; files.info has the rest */
  file_access?: string;
}

export class FileRejected extends Error {}

/** Why this file cannot be a submission (Chinese, for the reply), or null when it may be one. */
export function rejectionReason(file: SharedFile): string | null {
  const ext = extensionOf(file.name ?? '');
  if (!TEXT_EXTENSIONS.has(ext) && !isDocument(file)) {
    return `只接受 .md、.txt、.docx、.pdf 或 .html 文件，「${file.name ?? '这个文件'}」是 ${ext || '未知'} 类型。请把周报另存为其中一种再发。`;
  }
  // A document's own type says what it is; for text files the MIME type catches a renamed binary.
  if (!isDocument(file) && file.mimetype && !/^text\//.test(file.mimetype) && file.mimetype !== 'application/octet-stream') {
    return `「${file.name}」不是文本文件（${file.mimetype}）。请把周报另存为 Markdown 或纯文本再发。`;
  }
  if ((file.size ?? 0) > maxBytesFor(file)) return tooLargeReason(file.size ?? 0, maxBytesFor(file));
  return null;
}

function tooLargeReason(bytes: number, limit: number = MAX_FILE_BYTES): string {
  return `文件太大（${(bytes / 1024 / 1024).toFixed(1)} MB），单份周报不能超过 ${limit / 1024 / 1024} MB。`;
}

/** The token goes only to Slack itself, or to the configured API host (a gateway, the test stand-in). */
export function mayReceiveToken(url: string, apiUrl: string | undefined): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol === 'https:' && (target.hostname === 'slack.com' || target.hostname.endsWith('.slack.com'))) return true;
  if (!apiUrl) return false;
  try {
    const api = new URL(apiUrl);
    return target.protocol === api.protocol && target.host === api.host;
  } catch {
    return false;
  }
}

/** Complete the file's details with files.info when the event carries only its id. */
export async function withFileInfo(client: SlackClient, file: SharedFile): Promise<SharedFile> {
  if (file.url_private_download && file.name && file.file_access !== 'check_file_info') return file;
  const info = await client.files.info({ file: file.id });
  if (!info.file) throw new FileRejected('无法读取这个文件的信息，请重新发送。');
  return { ...file, ...(info.file as SharedFile), file_access: undefined };
}

/** The file's bytes, refusing anything above its limit (MAX_FILE_BYTES, or MAX_DOCUMENT_FILE_BYTES for a document) without reading it whole. */
export async function downloadFile(file: SharedFile, options: { token: string; apiUrl?: string }): Promise<Buffer> {
  const limit = maxBytesFor(file);
  const url = file.url_private_download ?? file.url_private;
  if (!url) throw new FileRejected('这个文件没有下载地址，请重新发送。');
  if (!mayReceiveToken(url, options.apiUrl)) throw new FileRejected('这个文件不在 Slack 上，无法下载。');
  const res = await fetch(url, { headers: { Authorization: `Bearer ${options.token}` }, redirect: 'follow' });
  if (!res.ok) throw new FileRejected(`下载文件失败（HTTP ${res.status}），请重新发送。`);
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await res.body?.cancel();
    throw new FileRejected(tooLargeReason(declared, limit));
  }
  // Without the files:read scope Slack answers with its sign-in page instead of the file. (An .html
  // report is itself text/html: for those the check cannot tell, and a sign-in page fails to parse.)
  const htmlReport = /^\.html?$/.test(extensionOf(file.name ?? ''));
  if (!htmlReport && (res.headers.get('content-type') ?? '').includes('text/html')) {
    await res.body?.cancel();
    throw new FileRejected('无法下载文件：机器人缺少读取文件的权限（files:read），请联系管理员。');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > limit) throw new FileRejected(tooLargeReason(total, limit));
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}
