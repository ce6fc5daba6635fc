/**
 * Writing a replica's local SQLite copy of the shared store (services/replica/mirror.ts): reports
 * written exactly as the source holds them — the same report ids, item ids and versions, so
 * citations and vector-index labels agree on every replica — and reports the source no longer has
 * deleted. Each batch is one transaction that moves the local index generation once, so the knowledge
 * base's caches and vector index catch up as they do after any other process's write.
 *
 * Where the copy stands (which store, which generation) is kept in the meta table next to it, in the
 * same transaction as the rows. Nothing else writes the copy: a replica never saves a report locally.
 */
import type Database from 'better-sqlite3';
import { segmentForIndex } from '../../domain/text/segment';
import { teamIndexToken } from '../search/keywordIndex';
import type { ReportRecord } from './port';
import { itemColumnValues, sectionFieldOf } from './reportStore';

/** Which store the copy was made from and the store generation it reflects. */
export interface MirrorState {
  storeId: string;
  generation: number;
}

export interface MirrorBatch {
  /** Reports to hold exactly as given (written, or left alone when the copy already has this version) */
  upserts: readonly ReportRecord[];
  /** Reports to drop (ids the source deleted) */
  deletes: readonly number[];
  /** A snapshot's live ids: every other local report is dropped */
  keepOnly?: ReadonlySet<number>;
  /** Recorded with the rows when given: the copy now reflects this state of the source */
  state?: MirrorState;
}

export interface MirrorBatchResult {
  written: number;
  deleted: number;
}

const STORE_KEY = 'mirror_store_id';
const GENERATION_KEY = 'mirror_generation';

export class MirrorWrites {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.sql = prepare(db);
  }

  /** Where the copy stands; null for a copy never made (or a data directory that was a store of its own). */
  state(): MirrorState | null {
    const storeId = this.sql.meta.get(STORE_KEY) as string | undefined;
    const generation = this.sql.meta.get(GENERATION_KEY) as string | undefined;
    return storeId != null && generation != null ? { storeId, generation: Number(generation) } : null;
  }

  /** Applies one batch in one transaction; the local generation moves when a row changed. */
  apply(batch: MirrorBatch): MirrorBatchResult {
    return this.db
      .transaction((): MirrorBatchResult => {
        let deleted = 0;
        const drop = new Set(batch.deletes);
        if (batch.keepOnly) {
          for (const id of this.sql.reportIds.all() as number[]) if (!batch.keepOnly.has(id)) drop.add(id);
        }
        for (const id of drop) deleted += this.sql.deleteReport.run(id).changes;
        let written = 0;
        for (const record of batch.upserts) if (this.writeReport(record)) written++;
        if (written || deleted) this.sql.bumpGeneration.run();
        if (batch.state) {
          this.sql.setMeta.run(STORE_KEY, batch.state.storeId);
          this.sql.setMeta.run(GENERATION_KEY, String(batch.state.generation));
        }
        return { written, deleted };
      })
      .immediate();
  }

  /**
   * Empties the copy (every report, and where it stood): the next catch-up rebuilds it from a
   * snapshot. For a copy that cannot take the source's rows (something wrote to it directly).
   */
  clear(): void {
    this.db
      .transaction(() => {
        const deleted = this.sql.deleteAllReports.run().changes;
        this.sql.deleteMeta.run(STORE_KEY);
        this.sql.deleteMeta.run(GENERATION_KEY);
        if (deleted) this.sql.bumpGeneration.run();
      })
      .immediate();
  }

  /** One report as the source holds it; false when the copy already held this very version. */
  private writeReport(record: ReportRecord): boolean {
    const { report } = record;
    // A report the source deleted and re-created under a new id still holds the identity here.
    const sameIdentity = this.sql.reportIdByIdentity.get(report.team, report.weekNumber, record.year, record.owner) as number | undefined;
    if (sameIdentity != null && sameIdentity !== report.id) this.sql.deleteReport.run(sameIdentity);

    const held = this.sql.reportVersionOf.get(report.id) as { content_hash: string; version: number; item_count: number; updated_at: string } | undefined;
    if (
      held &&
      held.content_hash === report.contentHash &&
      held.version === report.version &&
      held.item_count === report.itemCount &&
      held.updated_at === report.updatedAt
    ) {
      return false;
    }
    const row = {
      id: report.id,
      team: report.team,
      week_label: report.weekLabel,
      week_number: report.weekNumber,
      report_year: record.year,
      report_date: report.reportDate,
      title: report.title,
      source: report.source,
      submitted_by: report.submittedBy,
      owner: record.owner,
      kind: report.kind,
      content_hash: report.contentHash,
      raw_text: record.rawText,
      item_count: report.itemCount,
      version: report.version,
      created_at: report.createdAt,
      updated_at: report.updatedAt,
      period_start: report.period?.start ?? null,
      period_end: report.period?.end ?? null,
    };
    if (held) {
      this.sql.deleteItemsOfReport.run(report.id); // the trigger removes their keyword rows
      this.sql.deleteVersionsOfReport.run(report.id);
      this.sql.updateReport.run(row);
    } else {
      this.sql.insertReport.run(row);
    }
    const sections = new Map<string, string>();
    const teamToken = teamIndexToken(report.team);
    for (const item of record.items) {
      this.sql.insertItem.run(item.id, report.id, ...itemColumnValues(item));
      const field = sectionFieldOf(item.sectionPath, item.owner);
      let section = sections.get(field);
      if (section === undefined) sections.set(field, (section = segmentForIndex(field)));
      this.sql.insertFts.run(item.id, section, segmentForIndex(item.text), teamToken);
    }
    for (const v of record.versions) {
      this.sql.insertVersion.run(v.reportId, v.version, v.weekLabel, v.reportDate, v.title, v.rawText, v.contentHash, v.source, v.submittedBy, v.itemCount, v.replacedAt);
    }
    return true;
  }
}

function prepare(db: Database.Database) {
  const columns = [
    'team', 'week_label', 'week_number', 'report_year', 'report_date', 'title', 'source', 'submitted_by', 'owner', 'kind',
    'content_hash', 'raw_text', 'item_count', 'version', 'created_at', 'updated_at', 'period_start', 'period_end',
  ];
  return {
    meta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    deleteMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
    deleteAllReports: db.prepare('DELETE FROM reports'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    reportIds: db.prepare('SELECT id FROM reports ORDER BY id').pluck(),
    reportIdByIdentity: db.prepare('SELECT id FROM reports WHERE team = ? AND week_number = ? AND report_year = ? AND owner = ?').pluck(),
    reportVersionOf: db.prepare('SELECT content_hash, version, item_count, updated_at FROM reports WHERE id = ?'),
    deleteReport: db.prepare('DELETE FROM reports WHERE id = ?'),
    deleteItemsOfReport: db.prepare('DELETE FROM items WHERE report_id = ?'),
    deleteVersionsOfReport: db.prepare('DELETE FROM report_versions WHERE report_id = ?'),
    insertReport: db.prepare(`INSERT INTO reports (id, ${columns.join(', ')}) VALUES (@id, ${columns.map((c) => '@' + c).join(', ')})`),
    updateReport: db.prepare(`UPDATE reports SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`),
    insertItem: db.prepare(`
      INSERT INTO items (id, report_id, ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner, subject_bigrams)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertFts: db.prepare('INSERT INTO items_fts (rowid, section, body, team) VALUES (?, ?, ?, ?)'),
    insertVersion: db.prepare(`
      INSERT INTO report_versions (report_id, version, week_label, report_date, title, raw_text, content_hash, source, submitted_by, item_count, replaced_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    bumpGeneration: db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_generation'"),
  };
}
