/**
 * Two replicas on one PostgreSQL store (a real server on loopback, test/support/postgres.ts), each
 * with its own data directory holding its local copy: what one stores the other answers from within
 * a second (LISTEN/NOTIFY; the periodic check is off here), with the same report and item ids in the
 * citations; a replaced report and a deleted one are gone from the other's answers too.
 */
import fs from 'node:fs';
import { loadConfig } from '../../src/config';
import { ReplicaKnowledgeBase } from '../../src/services/replica/replicaKnowledgeBase';
import { openKnowledgeBaseFor } from '../../src/services/replica/open';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { usePostgres } from '../support/postgres';
import { EVAL_NOW, tempDir } from '../support/kb';

const postgres = usePostgres();
const dirs: string[] = [];
const opened: ReplicaKnowledgeBase[] = [];

afterEach(async () => {
  for (const kb of opened.splice(0)) await kb.closeAsync();
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function replica(url: string, dataDir = tempDir('zhoubao-replica-')): Promise<ReplicaKnowledgeBase> {
  dirs.push(dataDir);
  const kb = await ReplicaKnowledgeBase.open({
    databaseUrl: url,
    config: loadConfig({}, { dataDir }),
    dataDir,
    clock: () => EVAL_NOW,
    log: () => {},
    llm: null,
    pollMs: 0, // only notifications: the test shows they arrive
  });
  opened.push(kb);
  return kb;
}

/** Polls `check` until it holds or `ms` pass; returns how long it took. */
async function within(ms: number, check: () => boolean): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

const WEEK_47 = `# 支付中心 第47周 2023-11-17

## 本周进展
- 退款对账服务完成灰度发布，覆盖30%流量
- 风控规则引擎完成压测，峰值5000 TPS

## 下周计划
- 退款对账服务全量上线，预计11/24完成
`;

const WEEK_47_REPLACED = WEEK_47.replace('覆盖30%流量', '覆盖60%流量').replace('峰值5000 TPS', '峰值8000 TPS');

const WEEK_48 = `# 支付中心 第48周 2023-11-24

## 本周进展
- 跨境收款接口完成联调，等待合规评审
`;

describe('two replicas on one PostgreSQL store', () => {
  test('a report stored through A is answered through B within a second, citing the same ids', async () => {
    const url = await postgres.server().createDatabase();
    const a = await replica(url);
    const b = await replica(url);

    const stored = await a.ingestText(WEEK_47, { source: 'console' });
    expect(stored.outcome).toBe('new');
    // B has not been asked anything: the notification alone brings the report into its copy.
    await within(1000, () => b.listReports().length === 1);
    expect(b.listReports()[0]).toMatchObject({ id: stored.report.id, team: '支付中心', weekNumber: 47, version: 1 });

    const question = '风控规则引擎压测结果如何？';
    const fromA = await a.ask(question);
    const fromB = await b.ask(question);
    expect(fromB.found).toBe(true);
    expect(fromB.answer).toContain('5000');
    expect(fromB.answer).toBe(fromA.answer);
    expect(fromB.citations.map((c) => [c.reportId, c.itemId, c.text])).toEqual(fromA.citations.map((c) => [c.reportId, c.itemId, c.text]));
    // The ids are PostgreSQL's, in both copies.
    const items = await a.shared.getItemsForReport(stored.report.id);
    expect(items.map((i) => i.id)).toContain(fromB.citations[0].itemId);
    expect(b.local.store.getItemsForReport(stored.report.id).map((i) => i.id)).toEqual(items.map((i) => i.id));
  });

  test('a replaced report disappears from the other replica’s answers; a deleted one too', async () => {
    const url = await postgres.server().createDatabase();
    const a = await replica(url);
    const b = await replica(url);
    const first = await a.ingestText(WEEK_47, { source: 'console' });
    await a.ingestText(WEEK_48, { source: 'console' });
    await within(1000, () => b.listReports().length === 2);
    const oldIds = (await a.shared.getItemsForReport(first.report.id)).map((i) => i.id);

    const replaced = await a.ingestText(WEEK_47_REPLACED, { source: 'console' });
    expect(replaced).toMatchObject({ outcome: 'replaced', report: { id: first.report.id, version: 2 } });
    await within(1000, () => b.listReports().some((r) => r.id === first.report.id && r.version === 2));
    const answer = await b.ask('风控规则引擎压测结果如何？');
    expect(answer.answer).toContain('8000');
    expect(answer.answer).not.toContain('5000');
    expect(answer.citations.some((c) => oldIds.includes(c.itemId))).toBe(false);
    expect(b.local.store.getItemsByIds(oldIds)).toEqual([]);
    // The earlier text is kept as a version in the copy as in the store.
    expect(b.local.store.reportVersions(first.report.id).map((v) => v.rawText)).toEqual([WEEK_47]);

    // Deleted through B: gone from A's copy without asking A anything, then from its answers.
    expect(await b.deleteReport(first.report.id)).toBe(true);
    expect(await b.deleteReport(first.report.id)).toBe(false);
    await within(1000, () => a.listReports().length === 1);
    const afterDelete = await a.ask('风控规则引擎压测结果如何？');
    expect(afterDelete.citations.some((c) => c.reportId === first.report.id)).toBe(false);
    expect((await a.ask('跨境收款接口进展如何？')).citations[0]).toMatchObject({ team: '支付中心', week: '第48周' });
  });

  test('a replica started later, or restarted after missing writes, catches up when it opens', async () => {
    const url = await postgres.server().createDatabase();
    const a = await replica(url);
    const bDir = tempDir('zhoubao-replica-');
    let b = await replica(url, bDir);
    await a.ingestText(WEEK_47, { source: 'console' });
    await within(1000, () => b.listReports().length === 1);
    await b.closeAsync();

    // While B is down: a new week, a replacement, and the new week deleted again, then stored again (a new id).
    const w48 = await a.ingestText(WEEK_48, { source: 'console' });
    await a.ingestText(WEEK_47_REPLACED, { source: 'console' });
    await a.deleteReport(w48.report.id);
    const w48again = await a.ingestText(WEEK_48, { source: 'console' });
    expect(w48again.report.id).not.toBe(w48.report.id);

    b = await replica(url, bDir);
    const c = await replica(url); // a new data directory: a snapshot
    const expected = (await a.shared.listReports()).map((r) => [r.id, r.version, r.itemCount]);
    for (const kb of [b, c]) {
      expect(kb.listReports().map((r) => [r.id, r.version, r.itemCount])).toEqual(expected);
      const items = (await a.shared.itemsAfter(0, 1000)).map((i) => [i.id, i.reportId, i.text]);
      expect(kb.local.store.getItemsByIds(items.map((i) => i[0] as number)).map((i) => [i.id, i.reportId, i.text])).toEqual(items);
    }
    expect((await c.ask('风控规则引擎压测结果如何？')).answer).toContain('8000');
  });

  test('a data directory pointed at another database is rebuilt from it, not mixed with the old copy', async () => {
    const first = await postgres.server().createDatabase();
    const second = await postgres.server().createDatabase();
    const dir = tempDir('zhoubao-replica-');
    const one = await replica(first, dir);
    await one.ingestText(WEEK_47, { source: 'console' });
    await one.closeAsync();
    const two = await replica(second, dir);
    expect(two.listReports()).toEqual([]);
    await two.ingestText(WEEK_48, { source: 'console' });
    expect(two.listReports().map((r) => r.weekNumber)).toEqual([48]);
  });

  test('a copy written to directly (ids the store later uses) is rebuilt from the store, not left half-applied', async () => {
    const url = await postgres.server().createDatabase();
    const a = await replica(url);
    const bDir = tempDir('zhoubao-replica-');
    const b = await replica(url, bDir);
    await b.closeAsync();
    // A plain SQLite knowledge base on B's data directory stores a report PostgreSQL never sees: its ids are the next ones.
    const stray = await KnowledgeBase.open({ config: loadConfig({}, { dataDir: bDir }), clock: () => EVAL_NOW, log: () => {}, llm: null });
    await stray.ingestText(WEEK_48.replace('支付中心', '清结算中心'), { source: 'stray' });
    await stray.ingestText(WEEK_47.replace('支付中心', '清结算中心'), { source: 'stray' });
    stray.close();
    // The same report and item ids in PostgreSQL, under other reports: the copy cannot take them in place.
    await a.ingestText(WEEK_47, { source: 'console' });
    await a.ingestText(WEEK_48, { source: 'console' });

    const reopened = await replica(url, bDir);
    expect(reopened.listReports().map((r) => [r.id, r.team])).toEqual((await a.shared.listReports()).map((r) => [r.id, r.team]));
    expect(reopened.teams()).toEqual(['支付中心']);
    expect((await reopened.ask('风控规则引擎压测结果如何？')).answer).toContain('5000');
  });

  test('events and feedback are claimed and kept in PostgreSQL, shared by the replicas', async () => {
    const url = await postgres.server().createDatabase();
    const a = await replica(url);
    const b = await replica(url);
    const claims = await Promise.all([a.claimEvent('event:Ev1'), b.claimEvent('event:Ev1'), a.claimEvent('event:Ev1')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await a.recordFeedback({ verdict: 'up', question: '问', answer: '答', citations: [], userId: 'U1', channel: 'C1', messageTs: '1.1' });
    await b.recordFeedback({ verdict: 'down', question: '问', answer: '答', citations: [], userId: 'U1', channel: 'C1', messageTs: '1.1' });
    expect((await a.listFeedback()).map((f) => f.verdict)).toEqual(['down']);
  });
});

describe('health', () => {
  test('a replica is healthy while PostgreSQL answers, and not once it does not, even with its local copy', async () => {
    const url = await postgres.server().createDatabase();
    const kb = await replica(url);
    await expect(kb.ping()).resolves.toBeUndefined();
    await kb.shared.close();
    await expect(kb.ping()).rejects.toThrow();
    // The local copy still reads: the health check must not look only at it.
    expect(() => kb.teams()).not.toThrow();
  });
});

describe('openKnowledgeBaseFor', () => {
  test('without ZHOUBAO_DATABASE_URL it is the SQLite knowledge base of the data directory, as before', async () => {
    const dataDir = tempDir('zhoubao-replica-');
    dirs.push(dataDir);
    const kb = await openKnowledgeBaseFor(loadConfig({}, { dataDir }), { clock: () => EVAL_NOW, log: () => {}, llm: null });
    try {
      expect(kb).toBeInstanceOf(KnowledgeBase);
    } finally {
      kb.close();
    }
  });

  test('with it, a replica whose writes land in PostgreSQL', async () => {
    const dataDir = tempDir('zhoubao-replica-');
    dirs.push(dataDir);
    const url = await postgres.server().createDatabase();
    const kb = await openKnowledgeBaseFor(loadConfig({ ZHOUBAO_DATABASE_URL: url }, { dataDir }), { clock: () => EVAL_NOW, log: () => {}, llm: null });
    expect(kb).toBeInstanceOf(ReplicaKnowledgeBase);
    opened.push(kb as ReplicaKnowledgeBase);
    await kb.ingestText(WEEK_47, { source: 'console' });
    expect((await (kb as ReplicaKnowledgeBase).shared.listReports()).map((r) => r.weekNumber)).toEqual([47]);
  });
});
