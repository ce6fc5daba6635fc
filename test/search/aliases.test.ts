import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAliases } from '../../src/domain/text/aliases';
import { DEFAULT_ALIASES_FILE, loadAliases } from '../../src/adapters/text/aliasesFile';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { keywordSearch } from '../../src/adapters/search/keywordIndex';
import { segmentQuery } from '../../src/domain/text/segment';
import { makeReport } from '../store/fixtures/makeReport';

describe('alias table', () => {
  const table = parseAliases(`
    # comment line
    上线 投产 发布   # trailing comment
    光大 光大银行
    POS POS机 收单终端
    灰度 灰度发布

    提测\t送测
  `);

  test('the first word of a line is canonical', () => {
    expect(table.canonical('投产')).toBe('上线');
    expect(table.canonical('光大银行')).toBe('光大');
    expect(table.canonical('送测')).toBe('提测');
    expect(table.canonical('没有的词')).toBe('没有的词');
  });

  test('synonyms are found case- and width-insensitively, canonical first', () => {
    expect(table.synonyms('发布')).toEqual(['上线', '投产', '发布']);
    expect(table.synonyms('pos')).toEqual(['POS', 'POS机', '收单终端']);
    expect(table.synonyms('ＰＯＳ机')).toEqual(['POS', 'POS机', '收单终端']);
    expect(table.synonyms('其他')).toEqual(['其他']);
  });

  test('expand gives one group per token, the token first, without synonyms that merely extend it', () => {
    expect(table.expand(['光大银行', '备份', '投产'])).toEqual([['光大银行', '光大'], ['备份'], ['投产', '上线', '发布']]);
    // 灰度发布 contains 灰度: it would find nothing more, only pull in every 发布 line.
    expect(table.expand(['灰度'])).toEqual([['灰度']]);
    expect(table.expand(['灰度发布'])).toEqual([['灰度发布', '灰度']]);
  });

  test('terms lists every word, for keeping domain words whole when segmenting', () => {
    expect(table.terms()).toEqual(expect.arrayContaining(['上线', '光大银行', 'POS机', '送测']));
  });

  test('a missing file is an empty table; the default file has the starter set', () => {
    const empty = loadAliases(path.join(os.tmpdir(), 'no-such-aliases-file.txt'));
    expect(empty.groups).toEqual([]);
    expect(empty.synonyms('光大')).toEqual(['光大']);
    expect(fs.existsSync(DEFAULT_ALIASES_FILE)).toBe(true);
    const starter = loadAliases();
    expect(starter.synonyms('光大')).toContain('光大银行');
    expect(starter.synonyms('投产')).toContain('上线');
    expect(starter.synonyms('送测')).toContain('提测');
    expect(starter.synonyms('推迟')).toContain('延期');
    expect(starter.canonical('中国银联')).toBe('银联');
  });

  test('asking about 光大银行 finds items that only say 光大 (and 投产 finds 上线)', () => {
    const db = openDatabase(':memory:');
    const store = new ReportStore(db);
    const saved = store.saveReport({
      ...makeReport({}, ['光大备份通道测试中，计划12/8上线', '招行代扣通道已上线', '光大银行对账文件格式变更']),
      source: 't',
    });
    const aliases = loadAliases();
    const groups = aliases.expand(segmentQuery('光大银行备份通道什么时候投产', { lexicon: aliases.terms() }));
    const hits = keywordSearch(db, groups, { limit: 10 }).map((h) => h.id);
    expect(hits[0]).toBe(saved.addedItemIds[0]);
    // Without aliases the question's 光大银行 and 投产 are not in that line: only the other bank line would match 光大银行.
    const plain = keywordSearch(db, [['光大银行'], ['备份通道'], ['投产']], { limit: 10 }).map((h) => h.id);
    expect(plain[0]).not.toBe(saved.addedItemIds[0]);
    db.close();
  });
});
