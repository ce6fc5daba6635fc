/**
 * The follow-up state's claims on both backends: the SQLite follow-up store of one install and the
 * PostgreSQL follow-up state replicas share (a real server on loopback). Claiming the compiled
 * report's post — the claim that keeps two replicas from posting it twice — and the copy of the
 * follow-up tables a replica keeps: what changed after a generation, deletions included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/adapters/store/db';
import { FollowupStore } from '../../src/adapters/store/followupStore';
import { PgFollowupState } from '../../src/adapters/pg/pgFollowupState';
import { PgStore } from '../../src/adapters/pg/pgStore';
import { usePostgres } from '../support/postgres';

const postgres = usePostgres();
const tempDirs: string[] = [];
const stores: PgStore[] = [];

afterAll(async () => {
  for (const store of stores) await store.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The writes and claims both backends implement (sync on SQLite, async on PostgreSQL). */
type ClaimingState = Pick<PgFollowupState, 'claimCompiledPost' | 'saveCompiledPost' | 'releaseCompiledPost'>;

let now = new Date('2023-12-08T11:00:00Z');
const clock = () => now;

function sqliteState(): ClaimingState & { read: FollowupStore } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-followup-claims-'));
  tempDirs.push(dir);
  const store = new FollowupStore(openDatabase(path.join(dir, 'zhoubao.db')), clock);
  return {
    read: store,
    claimCompiledPost: async (...args) => store.claimCompiledPost(...args),
    saveCompiledPost: async (...args) => store.saveCompiledPost(...args),
    releaseCompiledPost: async (...args) => store.releaseCompiledPost(...args),
  };
}

async function pgState(): Promise<{ state: PgFollowupState; pool: PgStore['pool'] }> {
  const store = await PgStore.open(await postgres.server().createDatabase(), { now: clock });
  stores.push(store);
  return { state: new PgFollowupState(store.pool, clock), pool: store.pool };
}

describe.each([
  ['SQLite', async (): Promise<ClaimingState> => sqliteState()],
  ['PostgreSQL', async (): Promise<ClaimingState> => (await pgState()).state],
])('the compiled report’s post is claimed once (%s)', (_name, open) => {
  beforeEach(() => {
    now = new Date('2023-12-08T11:00:00Z');
  });

  test('one claim per team and week; after the post, claims for that channel lose (update the message instead)', async () => {
    const state = await open();
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(true);
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(false);
    // While claimed, another channel waits too: one post at a time.
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0OTHER')).toBe(false);
    // Other weeks and teams are claims of their own.
    expect(await state.claimCompiledPost('支付中心', '2023-12-15', 'C0PAY')).toBe(true);
    expect(await state.claimCompiledPost('清结算中心', '2023-12-08', 'C0PAY')).toBe(true);

    await state.saveCompiledPost('支付中心', '2023-12-08', 'C0PAY', '1702000000.000100');
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(false);
    // The team's channel changed: the report is posted once more, there.
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0NEW')).toBe(true);
  });

  test('a failed post gives the claim back; a claim its process never finished is taken over after ten minutes', async () => {
    const state = await open();
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(true);
    await state.releaseCompiledPost('支付中心', '2023-12-08');
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(true);

    now = new Date(now.getTime() + 9 * 60_000);
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(false);
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(true);
    // A finished post is never taken over, however old.
    await state.saveCompiledPost('支付中心', '2023-12-08', 'C0PAY', '1702000000.000100');
    now = new Date(now.getTime() + 24 * 3600_000);
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(false);
    // Releasing leaves a finished post alone.
    await state.releaseCompiledPost('支付中心', '2023-12-08');
    expect(await state.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY')).toBe(false);
  });
});

test('SQLite: a claimed post is not shown as posted until it is', async () => {
  const state = sqliteState();
  state.read.claimCompiledPost('支付中心', '2023-12-08', 'C0PAY');
  expect(state.read.compiledPost('支付中心', '2023-12-08')).toBeNull();
  state.read.saveCompiledPost('支付中心', '2023-12-08', 'C0PAY', '1702000000.000100');
  expect(state.read.compiledPost('支付中心', '2023-12-08')).toEqual({ channel: 'C0PAY', messageTs: '1702000000.000100' });
});

describe('PostgreSQL: what changed in the follow-up tables after a generation', () => {
  test('writes and deletions by any writer are logged; a delta carries only those after the generation', async () => {
    const { state, pool } = await pgState();
    const storeId = String((await pool.query('SELECT store_id FROM store_state')).rows[0].store_id);
    await state.updateTeam('支付中心', { channel: 'C0PAY' });
    await state.setAway('支付中心', 'U2', '2023-12-08', true);
    const first = await state.changesSince(storeId, 0);
    expect(first.kind).toBe('delta');
    expect(first.rows.map((r) => r.table).sort()).toEqual(['member_away', 'teams']);
    expect(first.rows.find((r) => r.table === 'teams')!.row).toMatchObject({ name: '支付中心', channel: 'C0PAY' });
    // The generation column is PostgreSQL's bookkeeping, not a column of the copy.
    expect(first.rows[0].row).not.toHaveProperty('changed_generation');

    await state.setAway('支付中心', 'U2', '2023-12-08', false);
    // A write by another path (a hand-made statement) is logged too: the trigger sees every writer.
    await pool.query("UPDATE teams SET time_zone = 'Asia/Singapore' WHERE name = '支付中心'");
    const second = await state.changesSince(storeId, first.generation);
    expect(second.generation).toBe(first.generation + 2);
    expect(second.deletions).toEqual([{ table: 'member_away', key: { team: '支付中心', user_id: 'U2', week: '2023-12-08' } }]);
    expect(second.rows.map((r) => [r.table, r.row.time_zone])).toEqual([['teams', 'Asia/Singapore']]);

    expect(await state.changesSince(storeId, second.generation)).toMatchObject({ kind: 'delta', rows: [], deletions: [] });
    // Another database's generation, or none: everything, as a snapshot.
    const snapshot = await state.changesSince('another-store', second.generation);
    expect(snapshot).toMatchObject({ kind: 'snapshot', storeId, deletions: [] });
    expect(snapshot.rows.map((r) => r.table)).toEqual(['teams']);
  });
});
