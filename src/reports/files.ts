/** Finding report files on disk: shared by `zhoubao ingest`, the console's sample loading and the evaluation. */
import fs from 'node:fs';
import path from 'node:path';

/** Expands directories into their .md/.txt files, sorted so that weeks are ingested in order. */
export function collectReportFiles(targets: string[]): string[] {
  const files: string[] = [];
  for (const target of targets) {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) throw new Error(`找不到文件或目录：${target}`);
    if (stat.isDirectory()) {
      const entries = fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        const full = path.join(target, e.name);
        if (e.isDirectory()) files.push(...collectReportFiles([full]));
        else if (/\.(md|markdown|txt)$/i.test(e.name)) files.push(full);
      }
    } else files.push(target);
  }
  return files;
}
