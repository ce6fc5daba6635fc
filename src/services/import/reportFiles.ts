/**
 * Report files on disk, for `zhoubao ingest` and `zhoubao parse`: which files a list of files and
 * folders holds, each one stored (or only parsed) on its own, so one bad file never stops the others.
 */
import path from 'node:path';
import fs from 'node:fs';
import { collectReportFiles, readReportFile } from '../../adapters/import/reportFiles';
import { parseReportDocument } from '../../domain/reports/document';
import type { DocumentOptions, WeeklyReport } from '../../domain/reports/model';
import type { DocumentIngestOptions, IngestResult, KnowledgeBaseApi } from '../knowledgeBaseTypes';

/** What happened to one file (or to a target that is not there): stored as these weeks, or why not. */
export type FileIngestOutcome = { file: string; results: IngestResult[] } | { file: string; error: string };

/**
 * Stores every report file under `targets` (folders walked in name order, so weeks go in in order),
 * calling `onFile` after each one — and first for each target that does not exist — so a long batch
 * shows progress. Returns how many files were stored and how many failed.
 */
export async function ingestReportFiles(
  kb: Pick<KnowledgeBaseApi, 'ingestFile'>,
  targets: string[],
  options: DocumentIngestOptions,
  onFile: (outcome: FileIngestOutcome) => void,
): Promise<{ stored: number; failed: number }> {
  const { files, missing } = collectReportFiles(targets);
  let stored = 0;
  let failed = 0;
  for (const m of missing) {
    failed++;
    onFile({ file: m.target, error: m.error });
  }
  for (const file of files) {
    let outcome: FileIngestOutcome;
    try {
      outcome = { file, results: await kb.ingestFile(file, options) };
      stored++;
    } catch (err) {
      outcome = { file, error: err instanceof Error ? err.message : String(err) };
      failed++;
    }
    onFile(outcome);
  }
  return { stored, failed };
}

/** What one file would be stored as (one report per week), without opening the store. Throws with a Chinese message. */
export async function parseReportFile(file: string, options: Omit<DocumentOptions, 'fileName'>): Promise<WeeklyReport[]> {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`找不到文件：${file}`);
  const text = await readReportFile(file);
  return parseReportDocument(text, { ...options, fileName: path.basename(file) });
}
