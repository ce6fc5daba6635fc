/**
 * The shortcuts that keep cross-week chains cheap at a million items must never change which line
 * answers: a report is skipped only when none of its lines could name the subject, and a version
 * or phase is matched exactly however often its pattern is reused.
 */
import type { StoredItem, StoredReport } from '../../src/domain/records';
import { chainOf } from '../../src/domain/answer/identity';
import { contentTerms, grounding, groundsAll, termFound, type GroundTerm } from '../../src/services/answering/grounding';
import { parseAliases, type AliasTable } from '../../src/domain/text/aliases';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';

const word = (text: string, variants: string[] = [text]): GroundTerm => ({ text, variants, kind: 'word', df: 1, weight: 1 });
const version = (text: string): GroundTerm => ({ text, variants: [text], kind: 'version', df: 1, weight: 1 });
const plainNumber = (text: string): GroundTerm => ({ text, variants: [text], kind: 'number', df: 1, weight: 1 });

describe('groundsAll on a report: every line that has all the terms is kept', () => {
  const terms = [word('备份通道'), version('2.0')];
  const lines = ['退款对账平台开发中', '光大备份通道2.0', '12.0版本评审']; // the version ends its line

  test('a line with every term makes the report a candidate, joined like the chain joins them', () => {
    expect(lines.some((l) => !grounding(terms, l).missing.length)).toBe(true);
    expect(groundsAll(terms, lines.join('\n'))).toBe(true);
  });

  test('with one insertion (备份的通道) as with the exact word', () => {
    const reworded = ['光大备份的通道2.0已上线', '退款对账平台开发中'];
    expect(groundsAll(terms, reworded[0])).toBe(true);
    expect(groundsAll(terms, reworded.join('\n'))).toBe(true);
  });

  test('a report none of whose lines has the subject is skipped', () => {
    expect(groundsAll(terms, ['退款对账平台开发中', '风控规则上线评审12.0'].join('\n'))).toBe(false);
  });

  test('answers what grounding answers, line by line', () => {
    for (const l of [...lines, '备份通道2.01', '备份通道v2.0', '']) expect(groundsAll(terms, l)).toBe(!grounding(terms, l).missing.length);
  });
});

test('a reused version pattern stays exact: 2.0 is not 12.0, and a version is not a plain number', () => {
  for (let round = 0; round < 2; round++) {
    expect(termFound(version('2.0'), '网关2.0灰度')).toBe(true);
    expect(termFound(version('2.0'), '网关12.0灰度')).toBe(false);
    // A version names its point releases (3.3 → 3.3.1); the same digits as a plain number do not.
    expect(termFound(version('3.3'), '模型3.3.1上线')).toBe(true);
    expect(termFound(plainNumber('3.3'), '模型3.3.1上线')).toBe(false);
  }
});

describe('a chain skips reports that cannot name the subject, and finds the same lines', () => {
  const dates = ['2024-03-01', '2024-03-08', '2024-03-15'];
  const reports: StoredReport[] = dates.map((reportDate, k) => ({
    id: k + 1,
    team: '支付中心',
    weekLabel: `第${k + 9}周`,
    weekNumber: k + 9,
    reportDate,
    title: null,
    source: 'test',
    submittedBy: null,
    kind: 'report',
    contentHash: String(k),
    itemCount: 2,
    version: 1,
    createdAt: reportDate,
    updatedAt: reportDate,
    period: null,
  }));
  // Week 2 names the item only in its heading: the matcher finds no line like it; "names the subject" links it.
  const texts = [['光大备份通道开发中', '退款对账平台开发中'], ['切换演练通过，待变更窗口', '退款对账平台联调中'], ['光大备份通道已上线', '退款对账平台已提测']];
  const headings = [['本周进展'], ['光大备份通道'], ['本周进展']];
  const items = new Map<number, StoredItem[]>(
    reports.map((r, k) => [
      r.id,
      texts[k].map((text, ordinal) => ({
        id: r.id * 100 + ordinal,
        reportId: r.id,
        team: r.team,
        weekLabel: r.weekLabel,
        weekNumber: r.weekNumber,
        reportDate: r.reportDate,
        ordinal,
        sectionPath: ordinal === 0 ? headings[k] : ['本周进展'],
        text,
        rawLine: `- ${text}`,
        lineNo: ordinal + 1,
        dates: [],
        metrics: [],
        status: 'in_progress',
        owner: null,
      })),
    ]),
  );
  const terms = [word('光大'), word('备份通道')];
  const haystack = (i: Pick<StoredItem, 'sectionPath' | 'text'>) => [...i.sectionPath, i.text].join('|');
  const names = (i: StoredItem) => groundsAll(terms, haystack(i));
  const base = { reports, itemsOfReport: (id: number) => items.get(id) ?? [], namesSubject: names };
  const start = items.get(1)![0];

  test('the reworded week is found with and without the report-level test', () => {
    const checked: string[][] = [];
    const withShortcut = chainOf(start, {
      ...base,
      mayNameSubject: (lines) => (checked.push(lines.map((l) => l.text)), groundsAll(terms, lines.map(haystack).join('\n'))),
    });
    expect(withShortcut.map((i) => i.text)).toEqual(chainOf(start, base).map((i) => i.text));
    expect(withShortcut.map((i) => i.reportDate)).toEqual(dates);
    expect(checked.length).toBeGreaterThan(0);
  });

  test('a report the test rules out is not linked by name', () => {
    const chain = chainOf(start, { ...base, mayNameSubject: () => false });
    expect(chain.map((i) => i.text)).not.toContain(texts[1][0]);
  });
});

describe('contentTerms keeps each alias table’s words apart (they are prepared once per table)', () => {
  const db = openDatabase(':memory:');
  const store = new ReportStore(db);
  afterAll(() => db.close());
  const kinds = (aliases: AliasTable) => contentTerms('T0结算什么时候上线', aliases, store).map((t) => `${t.text}:${t.kind}`);

  test('T0 is a word where the table has it, an identifier where it has not, in whichever order the tables come', () => {
    const withT0 = parseAliases('T+0 T0 实时到账');
    const without = parseAliases('光大 光大银行');
    for (let round = 0; round < 2; round++) {
      expect(kinds(withT0)).toContain('t0:word');
      expect(kinds(without)).toContain('t0:version');
    }
  });
});
