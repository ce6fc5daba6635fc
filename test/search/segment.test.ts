import Database from 'better-sqlite3';
import { ftsAllGroupsExpression, ftsMatchExpression } from '../../src/domain/text/ftsQuery';
import { indexTokens, segmentForIndex, segmentQuery } from '../../src/domain/text/segment';
import { intlWords } from '../../tools/bench/segmenterVariants';

describe('segmentQuery', () => {
  test('keeps the subject of a colloquial question and drops question words and particles', () => {
    const tokens = segmentQuery('光大那个备份通道哪天上的');
    expect(tokens).toContain('光大');
    expect(tokens.includes('备份通道') || (tokens.includes('备份') && tokens.includes('通道'))).toBe(true);
    for (const filler of ['的', '那个', '哪天', '哪', '天上', '上']) expect(tokens).not.toContain(filler);
  });

  test('question phrasing around the subject is removed', () => {
    expect(segmentQuery('POS APP什么时候提测')).toEqual(['pos', 'app', '提测']);
    expect(segmentQuery('入金成功率是多少')).toEqual(['入金', '成功率']);
    expect(segmentQuery('银联签约支付上线了吗')).not.toContain('了');
    expect(segmentQuery('这周出了几次故障')).toEqual(['故障']);
  });

  test('stop phrases are not cut out of domain words', () => {
    expect(segmentQuery('统一下单接口什么时候上线')).toEqual(expect.arrayContaining(['统一', '下单', '接口']));
  });

  test('single characters the dictionary does not know are glued back into a word', () => {
    // 提测 is not in jieba's dictionary: it comes out as 提/测 and must be searched as one word.
    expect(segmentQuery('账单系统提测')).toContain('提测');
  });

  test('domain words from the lexicon are kept whole', () => {
    expect(segmentQuery('光大备份通道', { lexicon: ['备份通道'] })).toEqual(['光大', '备份通道']);
  });

  test('Intl.Segmenter can cut questions too', () => {
    const tokens = segmentQuery('光大那个备份通道哪天上的', { cutWords: intlWords });
    expect(tokens).toContain('光大');
    expect(tokens).not.toContain('的');
  });

  test('nothing is left of a question with no subject', () => {
    expect(segmentQuery('什么时候？')).toEqual([]);
    expect(segmentQuery('')).toEqual([]);
  });
});

describe('segmentForIndex', () => {
  test('Chinese runs become bigrams plus their last character; letters and digits become words; width and case are folded', () => {
    expect(indexTokens('光大备份通道')).toEqual(['光大', '大备', '备份', '份通', '通道', '道']);
    expect(segmentForIndex('ＰＯＳ机APP 11/23上线')).toBe('pos app 11 23 机 上线 线');
  });
});

describe('FTS5 expressions', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(section, body, content='', contentless_delete=1)`);
  const insert = db.prepare('INSERT INTO t (rowid, section, body) VALUES (?, ?, ?)');
  insert.run(1, segmentForIndex('O1 服务业务'), segmentForIndex('定期转账：光大备份通道测试中，计划12/8上线'));
  insert.run(2, segmentForIndex('O2 系统升级'), segmentForIndex('POS 应用商店 AND NEAR 开发完成'));
  insert.run(3, segmentForIndex('风险'), segmentForIndex('银行卡办理延期'));
  const match = (expr: string) =>
    expr ? (db.prepare('SELECT rowid AS id FROM t WHERE t MATCH ? ORDER BY rank').all(expr) as Array<{ id: number }>).map((r) => r.id) : [];
  afterAll(() => db.close());

  test('groups and synonyms are OR-ed and find the item', () => {
    expect(match(ftsMatchExpression([['光大银行', '光大'], ['备份通道']]))[0]).toBe(1);
    expect(match(ftsMatchExpression([['投产', '上线']]))).toEqual([1]);
  });

  test('a one-character term finds the character wherever it is', () => {
    expect(match(ftsMatchExpression([['卡']]))).toEqual([3]);
    expect(match(ftsMatchExpression([['线']]))).toEqual([1]);
  });

  test('the strict expression requires every group', () => {
    expect(match(ftsAllGroupsExpression([['光大'], ['备份通道']]))).toEqual([1]);
    expect(match(ftsAllGroupsExpression([['光大'], ['银行卡']]))).toEqual([]);
    expect(match(ftsAllGroupsExpression([['光大'], ['招行', '备份']]))).toEqual([1]);
  });

  const hostile = [
    '"',
    '""',
    "'",
    '*',
    '光大*',
    'AND',
    'OR',
    'NOT',
    'NEAR',
    'NEAR(光大 备份, 2)',
    'a AND OR b',
    '(((',
    ')',
    '光大" OR "1"="1',
    'body:光大',
    '-光大',
    '+',
    '^光大',
    '{section body}: 光大',
    '\u0000',
    '😀🚀',
    '   ',
    '光'.repeat(5000),
    'select * from items; --',
  ];

  test.each(hostile)('user input %j never breaks the FTS5 query', (input) => {
    for (const build of [ftsMatchExpression, ftsAllGroupsExpression]) {
      const expr = build([[input], segmentQuery(input)]);
      expect(() => match(expr)).not.toThrow();
    }
  });

  test('FTS5 keywords in user input are searched as words', () => {
    expect(match(ftsMatchExpression([['AND'], ['NEAR']]))).toEqual([2]);
    expect(match(ftsAllGroupsExpression([['pos'], ['AND']]))).toEqual([2]);
  });

  test('input with nothing searchable gives an empty expression', () => {
    expect(ftsMatchExpression([['*', '"', '()']])).toBe('');
    expect(ftsAllGroupsExpression([[], ['  ']])).toBe('');
  });
});

describe('the question segmenter', () => {
  test('cuts the first questions with a dictionary of just their characters, exactly as the whole dictionary does', () => {
    jest.isolateModules(() => {
      // A fresh module: nothing cut yet in this process.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const segment = require('../../src/domain/text/questionJieba') as typeof import('../../src/domain/text/questionJieba');
      // Without the whole dictionary's total frequency the small one would cut 光大 into 光/大 and 服务部 into 服务/部.
      const questions = ['支付中心的光大网银支付什么时候', '商户服务部广发海外入金链路上线了吗', '光大网银'];
      expect(segment.questionDictionary()).toBe('none');
      const cut = questions.map((q) => segment.loadJieba().cut(q, false));
      expect(segment.questionDictionary()).toBe('partial');
      const whole = segment.loadFullJieba();
      expect(segment.questionDictionary()).toBe('whole');
      expect(cut).toEqual(questions.map((q) => whole.cut(q, false)));
      expect(cut[0]).toContain('光大');
      expect(cut[1]).toContain('服务部');
    });
  });
});
