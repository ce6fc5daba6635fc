/**
 * The alias table's file (data/aliases.txt, or ZHOUBAO_ALIASES_FILE): read here, parsed by the
 * domain (src/domain/text/aliases.ts), so the domain does no I/O.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config';
import { aliasTableFromGroups, parseAliases, type AliasTable } from '../../domain/text/aliases';

/** data/aliases.txt in the repository. */
export const DEFAULT_ALIASES_FILE = path.join(PROJECT_ROOT, 'data', 'aliases.txt');

/**
 * Reads an alias file. A missing file gives an empty table (aliases are an aid, not a requirement);
 * a file that exists but cannot be read is an error worth seeing.
 */
export function loadAliases(file: string = DEFAULT_ALIASES_FILE): AliasTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return aliasTableFromGroups([]);
    throw err;
  }
  return parseAliases(text);
}
