/**
 * What a report is, as data: the `kind` column (migration 7). Rows stored before it get their kind
 * from the source prefixes they were written with, their sources unchanged; new rows get it from
 * the writer, and a report that is replaced takes the kind of its new text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations, openDatabase } from '../../src/adapters/store/db';
import { MIGRATIONS } from '../../src/adapters/store/migrations';
import { ReportStore } from '../../src/adapters/store/reportStore';
import { parseWeeklyReport } from '../../src/domain/reports/parse';
import { tempDir } from '../support/kb';

let dir: string;
beforeEach(() => (dir = tempDir('zhoubao-kind-')));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function insertReport(db: ReturnType<typeof openDatabase>, id: number, source: string, submittedBy: string | null): void {
  db.prepare(
    `INSERT INTO reports (id, team, week_label, week_number, report_year, report_date, source, submitted_by, owner, content_hash, raw_text, created_at, updated_at)
     VALUES (?, '支付中心', '第50周', 50, 2023, '2023-12-08', ?, ?, ?, ?, '', 't', 't')`,
  ).run(id, source, submittedBy, submittedBy ?? `team-${id}`, `hash-${id}`);
}

test('rows stored before the column get their kind from their source; the sources stay as they were', () => {
  const file = path.join(dir, 'zhoubao.db');
  const before = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 7) });
  insertReport(before, 1, 'compiled:支付中心:2023-12-08', null);
  insertReport(before, 2, 'followup:支付中心:2023-12-08:U1', 'U1');
  insertReport(before, 3, 'slack:D1:1701828000.000100', 'U2');
  insertReport(before, 4, 'slack:modal:V123', 'U3');
  insertReport(before, 5, '/reports/支付中心第50周.md', null);
  expect(applyMigrations(before)).toContain(7);

  const rows = before.prepare('SELECT id, kind, source FROM reports ORDER BY id').all();
  expect(rows).toEqual([
    { id: 1, kind: 'compiled', source: 'compiled:支付中心:2023-12-08' },
    { id: 2, kind: 'followup', source: 'followup:支付中心:2023-12-08:U1' },
    { id: 3, kind: 'submission', source: 'slack:D1:1701828000.000100' },
    { id: 4, kind: 'submission', source: 'slack:modal:V123' },
    { id: 5, kind: 'report', source: '/reports/支付中心第50周.md' },
  ]);
  before.close();
});

test('a stored report carries its kind: the writer’s, else a submission when someone submitted it', () => {
  const db = openDatabase(path.join(dir, 'zhoubao.db'));
  const store = new ReportStore(db);
  const report = (text: string) => parseWeeklyReport(`# 支付中心 第50周 2023-12-08\n${text}`);
  const team = store.saveReport({ report: report('- 收银台改版：开发中'), rawText: 'a', source: 'a.md' });
  const mine = store.saveReport({ report: report('- 对账：已完成'), rawText: 'b', source: 'slack:D1:1', submittedBy: 'U1' });
  expect([team.report.kind, mine.report.kind]).toEqual(['report', 'submission']);
  // The week the owner had answered about only, replaced by their real submission.
  const answers = store.saveReport({ report: report('- 清算：已上线'), rawText: 'c', source: 'followup:支付中心:2023-12-08:U2', submittedBy: 'U2', kind: 'followup' });
  expect(answers.report.kind).toBe('followup');
  const replaced = store.saveReport({ report: report('- 清算：已上线\n- 备付金：测试中'), rawText: 'd', source: 'slack:D2:1', submittedBy: 'U2' });
  expect(replaced).toMatchObject({ outcome: 'replaced', report: { id: answers.report.id, kind: 'submission' } });
  expect(store.listReports().map((r) => r.kind).sort()).toEqual(['report', 'submission', 'submission']);
  db.close();
});
