/**
 * The word tables, read here and parsed by the domain (src/domain/text/aliases.ts), so the domain
 * does no I/O: the alias file (data/aliases.txt, or ZHOUBAO_ALIASES_FILE: domain names such as
 * 光大 / 光大银行) and the generic work words (data/synonyms.txt: 接入 / 对接, 人手 / 人力). Both have
 * the same format and become one table, the alias groups first (they decide a word's canonical form).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config';
import { aliasTableFromGroups, parseAliases, type AliasTable } from '../../domain/text/aliases';

/** data/aliases.txt in the repository. */
export const DEFAULT_ALIASES_FILE = path.join(PROJECT_ROOT, 'data', 'aliases.txt');
/** data/synonyms.txt in the repository: generic work words, whatever alias file is configured. */
export const DEFAULT_SYNONYMS_FILE = path.join(PROJECT_ROOT, 'data', 'synonyms.txt');

/**
 * Reads one alias file. A missing file gives an empty table (aliases are an aid, not a requirement);
 * a file that exists but cannot be read is an error worth seeing.
 */
export function loadAliases(file: string = DEFAULT_ALIASES_FILE): AliasTable {
  return parseAliases(readIfPresent(file));
}

/**
 * The table the answering pipeline uses: the alias file's groups, then the generic work words of
 * the synonym file (missing files add nothing).
 */
export function loadWordTables(aliasesFile: string = DEFAULT_ALIASES_FILE, synonymsFile: string = DEFAULT_SYNONYMS_FILE): AliasTable {
  const files = path.resolve(synonymsFile) === path.resolve(aliasesFile) ? [aliasesFile] : [aliasesFile, synonymsFile];
  return aliasTableFromGroups(files.flatMap((f) => parseAliases(readIfPresent(f)).groups.map((g) => [...g])));
}

function readIfPresent(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
