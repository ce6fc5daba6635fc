/**
 * The word tables the answering pipeline reads (src/adapters/text/aliasesFile.ts): the domain alias
 * file and the generic work words of data/synonyms.txt, as one table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SYNONYMS_FILE, loadAliases, loadWordTables } from '../../src/adapters/text/aliasesFile';

describe('loadWordTables', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-words-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the shipped synonym file makes 接入 find 对接 and 人手 find 人力, both ways', () => {
    expect(fs.existsSync(DEFAULT_SYNONYMS_FILE)).toBe(true);
    const words = loadWordTables();
    expect(words.synonyms('接入')).toContain('对接');
    expect(words.synonyms('对接')).toContain('接入');
    expect(words.synonyms('人手')).toContain('人力');
    // The alias file's groups are still there.
    expect(words.synonyms('光大')).toContain('光大银行');
    // loadAliases alone reads only the alias file.
    expect(loadAliases().synonyms('人手')).toEqual(['人手']);
  });

  test('alias groups come first: they decide a word’s canonical form; a missing synonym file adds nothing', () => {
    const aliases = path.join(dir, 'aliases.txt');
    const synonyms = path.join(dir, 'synonyms.txt');
    fs.writeFileSync(aliases, '对接 联调对接\n');
    fs.writeFileSync(synonyms, '# 注释\n接入 对接\n');
    const both = loadWordTables(aliases, synonyms);
    expect(both.canonical('对接')).toBe('对接');
    expect(both.synonyms('接入')).toEqual(expect.arrayContaining(['接入', '对接']));
    const alone = loadWordTables(aliases, path.join(dir, 'no-such-file.txt'));
    expect(alone.groups).toEqual([['对接', '联调对接']]);
  });
});
