/**
 * `zhoubao migrate`: schema migrations of the configured store, and `--from-sqlite DIR` moving a
 * SQLite data directory into PostgreSQL (a real server on loopback, test/support/postgres.ts) —
 * everything the bot stored comes across, a second run changes nothing, a later run brings what
 * changed, a target holding other data is refused, and the database password is never printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/adapters/store/db';
import { FollowupStore } from '../../src/adapters/store/followupStore';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/adapters/store/migrations';
import { SqliteStorePort } from '../../src/adapters/store/sqlitePort';
import { PgStore } from '../../src/adapters/pg/pgStore';
import { loadConfig } from '../../src/config';
import { makeReport } from '../store/fixtures/makeReport';
import { runCli } from '../support/cli';
import { openTestKb, tempDir } from '../support/kb';
import { usePostgres } from '../support/postgres';

const postgres = usePostgres();

const saved = { ...process.env };
beforeAll(() => {
  process.env.OPENAI_API_KEY = '';
  process.env.SLACK_BOT_TOKEN = '';
  process.env.ZHOUBAO_DATA_DIR = '';
});
afterAll(() => {
  process.env = saved;
});
afterEach(() => {
  delete process.env.ZHOUBAO_DATABASE_URL;
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function dir(prefix: string): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}

/** A URL of `url` with a password in it (the test server trusts loopback, so any password works). */
function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

/** A data directory as the bot leaves it: data/samples ingested, an event claimed, feedback, a team, a reminder sent. */
async function botDataDir(): Promise<string> {
  const { kb, dataDir } = await openTestKb({ samples: true, dataDir: dir('zhoubao-migrate-src-') });
  kb.claimEvent('T1:Ev1');
  kb.recordFeedback({ verdict: 'up', question: '光大备份通道什么时候上线', answer: '11/23', citations: [], userId: 'U1' });
  kb.close();
  const db = openDatabase(path.join(dataDir, 'zhoubao.db'));
  const followups = new FollowupStore(db);
  followups.updateTeam('支付中心', { channel: 'C0PAY' });
  followups.claimReminder('支付中心', { week: '2023-12-01', userId: 'U1', stage: 'first' }, new Date('2023-12-01T08:00:00Z'));
  db.close();
  return dataDir;
}

describe('zhoubao migrate', () => {
  test('without ZHOUBAO_DATABASE_URL it brings the SQLite store of --data-dir to the latest schema', async () => {
    const dataDir = dir('zhoubao-migrate-sqlite-');
    const first = await runCli(['migrate'], dataDir);
    expect(first.code).toBe(0);
    // Every migration, in order, on a new store (the list grows with the schema; 9 is the keyword index's team column).
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(9);
    const all = MIGRATIONS.map((m) => m.version).join('、');
    expect(first.stdout).toContain(`zhoubao.db）：已应用迁移 ${all}，当前版本 ${LATEST_SCHEMA_VERSION}。`);
    expect(first.stdout).toMatch(/^SQLite（/);
    const again = await runCli(['migrate', '--json'], dataDir);
    expect(JSON.parse(again.stdout)).toMatchObject({ backend: 'sqlite', applied: [], version: LATEST_SCHEMA_VERSION });
  });

  test('with ZHOUBAO_DATABASE_URL it migrates PostgreSQL once, and never prints the password', async () => {
    const url = withPassword(await postgres.server().createDatabase('zhoubao_migrate'), 'hunter2-secret');
    process.env.ZHOUBAO_DATABASE_URL = url;
    const first = await runCli(['migrate'], dir('zhoubao-migrate-pg-'));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('PostgreSQL（postgres://postgres:***@127.0.0.1:');
    expect(first.stdout).toContain('已应用迁移 1、2、3、4、5，当前版本 5。');
    const again = await runCli(['migrate'], dir('zhoubao-migrate-pg-'));
    expect(again.stdout).toContain('已是最新（版本 5）');
    expect(first.stdout + first.stderr + again.stdout + again.stderr).not.toContain('hunter2-secret');
  });

  test('an unreachable database fails with exit code 1 and a message without the password', async () => {
    process.env.ZHOUBAO_DATABASE_URL = `postgres://zhoubao:hunter2-secret@127.0.0.1:${postgres.server().port}/no_such_database`;
    const r = await runCli(['migrate'], dir('zhoubao-migrate-pg-'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✗ 迁移失败');
    expect(r.stdout + r.stderr).not.toContain('hunter2-secret');
  });

  test('ZHOUBAO_DATABASE_URL must be a postgres URL; the refusal does not repeat the password', () => {
    expect(() => loadConfig({ ZHOUBAO_DATABASE_URL: 'mysql://root:hunter2-secret@db/zhoubao' })).toThrow(/ZHOUBAO_DATABASE_URL.*PostgreSQL 连接地址/);
    try {
      loadConfig({ ZHOUBAO_DATABASE_URL: 'mysql://root:hunter2-secret@db/zhoubao' });
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2-secret');
    }
    expect(() => loadConfig({ ZHOUBAO_DATABASE_URL: 'not a url' })).toThrow(/ZHOUBAO_DATABASE_URL/);
    expect(loadConfig({ ZHOUBAO_DATABASE_URL: 'postgresql://u:p@db.internal:5432/zhoubao' }).databaseUrl).toBe('postgresql://u:p@db.internal:5432/zhoubao');
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });
});

describe('zhoubao migrate --from-sqlite', () => {
  test('copies everything the bot stored; a second run changes nothing; a later run brings what changed', async () => {
    const source = await botDataDir();
    const url = await postgres.server().createDatabase('zhoubao_copy');
    process.env.ZHOUBAO_DATABASE_URL = url;

    const first = await runCli(['migrate', '--from-sqlite', source], dir('zhoubao-migrate-pg-'));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const sqlite = new SqliteStorePort(openDatabase(path.join(source, 'zhoubao.db')));
    const pg = await PgStore.open(url);
    try {
      const reports = await sqlite.listReports();
      expect(reports.length).toBeGreaterThan(15);
      expect(first.stdout).toContain(`新复制 ${reports.length} 份，更新 0 份，未变 0 份；条目 ${await sqlite.countItems()} 条`);
      // The same reports and items, under the same ids (the vector index's labels).
      expect(await pg.listReports()).toEqual(reports);
      expect(await pg.itemsAfter(0, 100_000)).toEqual(await sqlite.itemsAfter(0, 100_000));
      expect(await pg.countItems()).toBe(await sqlite.countItems());
      // Searchable at once, as in SQLite.
      const question = [['光大'], ['备份通道']];
      expect((await pg.keywordSearch(question, { limit: 5 }))[0].id).toBe((await sqlite.keywordSearch(question, { limit: 5 }))[0].id);
      // What was claimed stays claimed: the retry of an answered event is not answered again, the reminder not sent again.
      expect(await pg.claimEvent('T1:Ev1')).toBe(false);
      expect(await pg.claimReminderStage({ team: '支付中心', week: '2023-12-01', userId: 'U1', stage: 'first', scheduledFor: new Date() })).toBe(false);
      expect((await pg.pool.query("SELECT channel FROM teams WHERE name = '支付中心'")).rows).toEqual([{ channel: 'C0PAY' }]);
      expect((await pg.pool.query('SELECT question, verdict FROM feedback')).rows).toEqual([{ question: '光大备份通道什么时候上线', verdict: 'up' }]);

      const generation = await pg.indexGeneration();
      const again = await runCli(['migrate', '--from-sqlite', source, '--json'], dir('zhoubao-migrate-pg-'));
      expect(again.code).toBe(0);
      const summary = JSON.parse(again.stdout);
      expect(summary.reports).toEqual({ copied: 0, replaced: 0, unchanged: reports.length });
      expect(Object.values(summary.tables).every((n) => n === 0)).toBe(true);
      expect(await pg.indexGeneration()).toBe(generation);
      expect(await pg.countItems()).toBe(await sqlite.countItems());

      // The bot keeps writing to SQLite until the switch: a replaced week and a new one come across on the next run.
      const week49 = reports.find((r) => r.team === '支付中心' && r.weekNumber === 49)!;
      const oldItems = (await pg.getItemsForReport(week49.id)).map((i) => i.id);
      await sqlite.saveReport({ ...makeReport({ weekNumber: 49, reportDate: week49.reportDate }, ['光大备份通道已全量切换']), source: 'late.md' });
      await sqlite.saveReport({ ...makeReport({ weekNumber: 50, reportDate: '2023-12-08' }, ['年度预算评审完成']), source: 'w50.md' });
      const later = await runCli(['migrate', '--from-sqlite', source], dir('zhoubao-migrate-pg-'));
      expect(later.stdout).toContain(`新复制 1 份，更新 1 份，未变 ${reports.length - 1} 份；条目 2 条`);
      expect(await pg.listReports()).toEqual(await sqlite.listReports());
      expect(await pg.itemsAfter(0, 100_000)).toEqual(await sqlite.itemsAfter(0, 100_000));
      // A replica's vector index at the earlier generation learns exactly what changed.
      const changes = await pg.itemChangesSince(generation);
      expect(changes).toMatchObject({ kind: 'delta' });
      if (changes.kind === 'delta') {
        expect(changes.removedIds).toEqual(oldItems);
        expect(changes.addedIds).toHaveLength(2);
      }
      // New ids continue after the copied ones.
      const next = await pg.saveReport({ ...makeReport({ weekNumber: 51, reportDate: '2023-12-15' }, ['新条目']), source: 'pg.md' });
      const maxCopied = Math.max(...(await sqlite.itemsAfter(0, 100_000)).map((i) => i.id));
      expect(next.addedItemIds[0]).toBeGreaterThan(maxCopied);
    } finally {
      await sqlite.close();
      await pg.close();
    }
  }, 60_000);

  test('a target holding other reports is refused, and nothing is written to it', async () => {
    const source = await botDataDir();
    const url = await postgres.server().createMigratedDatabase('zhoubao_taken');
    const pg = await PgStore.open(url);
    try {
      await pg.saveReport({ ...makeReport({ team: '别的团队' }, ['别处的条目']), source: 'elsewhere.md' });
      const generation = await pg.indexGeneration();
      process.env.ZHOUBAO_DATABASE_URL = url;
      const r = await runCli(['migrate', '--from-sqlite', source], dir('zhoubao-migrate-pg-'));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('目标数据库应为空，或由同一个数据目录复制而来');
      expect((await pg.listReports()).map((x) => x.team)).toEqual(['别的团队']);
      expect(await pg.indexGeneration()).toBe(generation);
      expect((await pg.pool.query('SELECT count(*)::int AS n FROM processed_events')).rows[0].n).toBe(0);
    } finally {
      await pg.close();
    }
  });

  test('without ZHOUBAO_DATABASE_URL, or from a directory without a store, it explains what is missing', async () => {
    const noUrl = await runCli(['migrate', '--from-sqlite', dir('zhoubao-migrate-empty-')], dir('zhoubao-migrate-pg-'));
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain('请设置 ZHOUBAO_DATABASE_URL');
    process.env.ZHOUBAO_DATABASE_URL = await postgres.server().createDatabase('zhoubao_nodir');
    const empty = dir('zhoubao-migrate-empty-');
    const noStore = await runCli(['migrate', '--from-sqlite', empty], dir('zhoubao-migrate-pg-'));
    expect(noStore.code).toBe(1);
    expect(noStore.stderr).toContain('里没有 SQLite 数据库（zhoubao.db）');
  });
});
