/**
 * Cross-week chains read each report's lines alone (id, headings, text, owner, team) and build only
 * the lines they keep (identity.ts LineReader, itemCache.ts, the store's light read): the chain must
 * be the same, the same objects, as when every report passed by is read whole, while reading almost
 * no report whole. Invented reports of one team, the subject reworded and once named only by its heading.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/adapters/store/db';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { chainOf, type ChainSource } from '../../src/domain/answer/identity';
import type { StoredItem, StoredReport } from '../../src/domain/records';
import { subjectKey } from '../../src/domain/followup/matchItems';
import { groundsAll, itemHaystack, type GroundTerm } from '../../src/services/answering/grounding';
import { memoItems } from '../../src/services/answering/itemCache';
import type { AnswerDeps } from '../../src/services/answering/answerDeps';
import { makeReport, type LineSpec } from '../store/fixtures/makeReport';

const word = (text: string): GroundTerm => ({ text, variants: [text], kind: 'word', df: 1, weight: 1 });

const WEEKS = ['2024-03-01', '2024-03-08', '2024-03-15', '2024-03-22', '2024-03-29', '2024-04-05', '2024-04-12'];
/** The subject's line each week: reworded, once under its own heading only (week 4), once absent (week 6). */
const SUBJECT: Array<LineSpec | null> = [
  { text: '光大备份通道开发中', owner: '钟意' },
  { text: '光大备份通道联调中，计划3/20提测', owner: '钟意' },
  { text: '光大备份通道已提测', owner: '钟意' },
  { text: '切换演练通过，待变更窗口', section: ['光大备份通道'], owner: '钟意' },
  { text: '光大备份通道已于3/28上线，运行平稳', owner: '钟意' },
  null,
  { text: '光大备份通道上线后观察完成', owner: '钟意' },
];
const OTHERS = ['退款对账平台开发中', '商户进件资料审核优化', '风控规则上线评审', '加密机采购', '无'];

describe('a chain read line by line', () => {
  let dir: string;
  let db: Database.Database;
  let store: ReportStore;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-chain-lines-'));
    db = openDatabase(path.join(dir, 'zhoubao.db'));
    store = new ReportStore(db);
    WEEKS.forEach((reportDate, k) => {
      const subject = SUBJECT[k];
      const lines: LineSpec[] = [{ text: OTHERS[k % 4], owner: '乔安' }, ...(subject ? [subject] : []), { text: OTHERS[(k + 1) % 4] }, { text: '无', section: ['风险'] }];
      store.saveReport({ ...makeReport({ team: '支付中心', weekNumber: 9 + k, reportDate }, lines), source: `w${k}.md` });
      // Another team's report of the same week: never part of the chain.
      store.saveReport({ ...makeReport({ team: '数据平台组', weekNumber: 9 + k, reportDate }, ['光大备份通道监控接入', '离线指标开发']), source: `d${k}.md` });
    });
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const terms = [word('光大'), word('备份通道')];
  const names = (i: StoredItem) => groundsAll(terms, itemHaystack(i));
  /** As the answer's chain source tests them (ranking.ts): the lines' haystacks joined. */
  const mayName = (lines: Array<Pick<StoredItem, 'id'>>) => groundsAll(terms, lines.map((l) => itemHaystack(l as StoredItem)).join('\n'));
  const deps = () => ({ store }) as unknown as AnswerDeps;

  function sources(): { whole: ChainSource; byLine: ChainSource; wholeReads: () => number } {
    const reports = store.listReports();
    let reads = 0;
    const read = store.getItemsForReport.bind(store);
    store.getItemsForReport = (id: number) => (reads++, read(id));
    const byLine: ChainSource = { reports, itemsOfReport: memoItems(deps()), namesSubject: names, mayNameSubject: mayName, tellingness: () => 0 };
    const cache = new Map<number, StoredItem[]>();
    const whole: ChainSource = {
      reports,
      itemsOfReport: (id) => cache.get(id) ?? (cache.set(id, read(id)), cache.get(id)!),
      namesSubject: names,
      mayNameSubject: mayName,
      tellingness: () => 0,
    };
    return { whole, byLine, wholeReads: () => reads };
  }

  afterEach(() => {
    // Undo sources()'s counting wrapper.
    delete (store as { getItemsForReport?: unknown }).getItemsForReport;
  });

  // First: the item cache lives as long as the store's generation, and later tests fill it.
  test('reads no report whole when every week has a line like the last', () => {
    const { byLine, wholeReads } = sources();
    const start = store.getItemsForReport(store.findReport('支付中心', 9)!.id).find((i) => i.text === '光大备份通道开发中')!;
    const before = wholeReads();
    const chain = chainOf(start, byLine, WEEKS[2]);
    expect(chain.map((i) => i.text)).toEqual(['光大备份通道开发中', '光大备份通道联调中，计划3/20提测', '光大备份通道已提测']);
    expect(wholeReads()).toBe(before);
  });

  test('gives the same chain as reading every report whole, through the week named only by its heading', () => {
    const { whole, byLine, wholeReads } = sources();
    const start = (s: ChainSource) => s.itemsOfReport(store.findReport('支付中心', 11)!.id).find((i) => i.text === '光大备份通道已提测')!;
    const expected = chainOf(start(whole), whole);
    expect(expected.map((i) => i.text)).toEqual(SUBJECT.filter((s) => s).map((s) => s!.text));
    const from = start(byLine);
    const before = wholeReads();
    expect(chainOf(from, byLine)).toEqual(expected);
    // The heading-named week's line is built alone too: only lines that may name the subject are.
    expect(wholeReads()).toBe(before);
  });

  test("a line's own subject test is made once per question's source, again for the next question's (after a write too)", () => {
    const alone: string[] = [];
    const counting = (lines: Array<Pick<StoredItem, 'id' | 'text'>>) => {
      if (lines.length === 1) alone.push(lines[0].text);
      return mayName(lines);
    };
    const question = (): ChainSource => ({ ...sources().byLine, mayNameSubject: counting });
    const start = (s: ChainSource) => s.itemsOfReport(store.findReport('支付中心', 11)!.id).find((i) => i.text === '光大备份通道已提测')!;
    const source = question();
    const chain = chainOf(start(source), source);
    // The week named only by its heading is found by testing its lines one by one.
    expect(alone).toContain('切换演练通过，待变更窗口');
    const tested = alone.length;
    expect(chainOf(start(source), source)).toEqual(chain);
    expect(alone.length).toBe(tested);
    // A write: the next question's source tests the lines again and sees the new week.
    store.saveReport({ ...makeReport({ team: '支付中心', weekNumber: 16, reportDate: '2024-04-19' }, [{ text: '备份通道切换复盘，光大侧确认', section: ['光大备份通道'] }, '加密机采购']), source: 'w7.md' });
    const next = question();
    const after = chainOf(start(next), next);
    expect(alone.length).toBeGreaterThan(tested);
    expect(after.map((i) => i.text)).toContain('备份通道切换复盘，光大侧确认');
    store.deleteReport(store.findReport('支付中心', 16)!.id);
  });

  test('a kept line is the same object as the one its report read whole gives, whichever is read first', () => {
    const itemsOf = memoItems(deps());
    const id = store.findReport('支付中心', 10)!.id;
    const k = itemsOf.linesOfReport!(id).findIndex((l) => l.text.startsWith('光大备份通道'));
    const alone = itemsOf.itemOfReport!(id, k)!;
    expect(itemsOf(id)[k]).toBe(alone);
    expect(itemsOf(id)[k]).toEqual(store.getItemsForReport(id)[k]);
    const other = store.findReport('支付中心', 12)!.id;
    const wholeFirst = itemsOf(other);
    expect(itemsOf.itemOfReport!(other, 0)).toBe(wholeFirst[0]);
  });

  test("a line's text for matching (its haystack) is its whole item's: the line read has every field it is made of", () => {
    for (const report of store.listReports()) {
      const items = store.getItemsForReport(report.id);
      const lines = store.getItemLinesForReport(report.id);
      expect(lines.map((l) => l.id)).toEqual(items.map((i) => i.id));
      lines.forEach((line, k) => expect(itemHaystack(line as StoredItem)).toBe(itemHaystack(items[k])));
    }
  });
});

describe('lines passed over without working out their subject key', () => {
  // sharingWords (identity.ts) skips a line whose folded text lacks both characters of every bigram
  // of the link's key: sound only while a key is made of its text's folded characters.
  test("a subject key's characters are all in the text folded as the key starts from it", () => {
    const texts = ['ＰＯＳ收单系统已于11/23上线', 'API网关V2.0灰度中（30%流量）', '光大备份通道：计划12/8上线', 'Ⅳ期 ㍿ 清结算', '定转X，光大备份通道已提测', '①号线改造'];
    for (const text of texts) {
      const folded = text.normalize('NFKC').toLowerCase();
      for (const c of subjectKey(text)) expect(folded).toContain(c);
      // In order too: the chain passes over a line whose folded text has no bigram's first character
      // before its second.
      let at = 0;
      for (const c of subjectKey(text)) {
        at = folded.indexOf(c, at);
        expect(at).toBeGreaterThanOrEqual(0);
        at += c.length;
      }
    }
  });

  test('a line written in full-width letters or capitals still links to its plain spelling', () => {
    const week = (id: number, reportDate: string, text: string): StoredItem => ({
      id,
      reportId: id,
      team: '支付中心',
      weekLabel: '',
      weekNumber: id,
      reportDate,
      ordinal: 0,
      sectionPath: ['本周进展'],
      text,
      rawLine: `- ${text}`,
      lineNo: 1,
      dates: [],
      metrics: [],
      status: 'in_progress',
      owner: null,
    });
    const lines = [week(1, '2024-03-01', 'ＰＯＳＡＰＰ联调中'), week(2, '2024-03-08', 'POSAPP已提测'), week(3, '2024-03-15', 'posapp已上线')];
    const reports = lines.map((l) => ({ id: l.reportId, team: l.team, reportDate: l.reportDate }) as StoredReport);
    const items = (id: number) => [week(id * 10, lines[id - 1].reportDate, '商户进件审核优化'), lines[id - 1]];
    expect(chainOf(lines[1], { reports, itemsOfReport: items }).map((i) => i.text)).toEqual(['ＰＯＳＡＰＰ联调中', 'POSAPP已提测', 'posapp已上线']);
  });
});
