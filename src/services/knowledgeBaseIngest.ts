/**
 * The knowledge base's ingest paths: reading a submission (the parser's, or the model's for free-form
 * prose), a whole document of one or many weeks, or a report file, and storing it — every week of a
 * document in one transaction — then telling IndexUpkeep what changed. KnowledgeBase
 * (knowledgeBase.ts) hands these calls here. Imports adapters, domain and the upkeep only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { LlmClient } from '../adapters/llm/client';
import type { SubmissionParse } from '../adapters/llm/submission';
import { isPlainTextReport, readReportFile } from '../adapters/import/reportFiles';
import { notionExportName } from '../adapters/import/files';
import type { ReportStore } from '../adapters/store/reportStore';
import type { Clock } from '../clock';
import { ReportParseError, type DocumentOptions, type ParseOptions, type WeeklyReport } from '../domain/reports/model';
import { parseWeeklyReport } from '../domain/reports/parse';
import { parseReportDocument } from '../domain/reports/document';
import type { StoredReport } from '../domain/records';
import type { DocumentIngestOptions, IngestResult, IngestTextOptions, ReportSummary } from './knowledgeBaseTypes';
import type { IndexUpkeep } from './knowledgeBaseUpkeep';

/** Files larger than this are refused before reading them whole. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ReportIntakeDeps {
  db: Database.Database;
  store: ReportStore;
  upkeep: IndexUpkeep;
  clock: Clock;
  llm: LlmClient | null;
  log: (message: string) => void;
}

export class ReportIntake {
  constructor(private readonly deps: ReportIntakeDeps) {}

  /** Parse without storing: what a submission would be understood as. */
  parse(text: string | Buffer, options: Partial<IngestTextOptions> = {}): WeeklyReport {
    return parseWeeklyReport(text, this.parseOptions(options));
  }

  private parseOptions(options: Partial<IngestTextOptions>): ParseOptions {
    return {
      team: options.team,
      forceTeam: options.forceTeam,
      weekLabel: options.weekLabel,
      weekNumber: options.weekNumber,
      reportDate: options.reportDate,
      knownTeams: this.deps.store.teams(),
    };
  }

  /**
   * What a free-form (prose) submission would be understood as: the model's reading when a model is
   * configured and its reading passes every check, else the parser's (src/llm/submission.ts).
   */
  async parseSubmission(text: string | Buffer, options: Partial<IngestTextOptions> = {}): Promise<SubmissionParse> {
    const asText = typeof text === 'string' ? text : text.toString('utf8');
    // Loaded on first use: answering never parses a submission, and a cold `ask` should not load it (nor zod).
    const { parseSubmission } = require('../adapters/llm/submission') as typeof import('../adapters/llm/submission');
    return parseSubmission(asText, this.parseOptions(options), { llm: this.deps.llm, log: this.deps.log });
  }

  async ingestText(text: string | Buffer, options: IngestTextOptions): Promise<IngestResult> {
    const free = options.freeForm ? await this.parseSubmission(text, options) : null;
    const parsed = free ? free.report : this.parse(text, options);
    requireTeamAndWeek(parsed);
    const rawText = typeof text === 'string' ? text : text.toString('utf8');
    const saved = this.deps.store.saveReport({ report: parsed, rawText, source: options.source, submittedBy: options.submittedBy ?? null, kind: options.kind });
    if (saved.outcome !== 'unchanged') await this.deps.upkeep.applyWrites(saved.removedItemIds, saved.addedItemIds);
    return { outcome: saved.outcome, report: toSummary(saved.report), parsed, ...(free?.note ? { note: free.note } : {}) };
  }

  /**
   * A whole document as teams keep it: its week and date from wherever it states them (or `date`),
   * one report per week for a log that holds many weeks. Nothing is parsed by halves: every week is
   * read before any is stored, and all of them are stored in one transaction.
   */
  parseDocument(input: string | Buffer, options: DocumentIngestOptions = {}): WeeklyReport[] {
    const documentOptions: DocumentOptions = {
      team: options.team,
      forceTeam: options.forceTeam ?? Boolean(options.team),
      date: options.date,
      fileName: options.fileName,
      now: this.deps.clock(),
      knownTeams: this.deps.store.teams(),
    };
    return parseReportDocument(input, documentOptions);
  }

  async ingestDocument(input: string | Buffer, options: DocumentIngestOptions & { source: string }): Promise<IngestResult[]> {
    const reports = this.parseDocument(input, options);
    const wholeText = typeof input === 'string' ? input : input.toString('utf8');
    for (const report of reports) requireTeam(report);
    const { db, store } = this.deps;
    const saveAll = db.transaction(() =>
      reports.map((report) => ({
        report,
        saved: store.saveReport({ report, rawText: report.sourceText ?? wholeText, source: options.source, submittedBy: options.submittedBy ?? null }),
      })),
    );
    const results = saveAll.immediate();
    const changed = results.filter((r) => r.saved.outcome !== 'unchanged');
    if (changed.length) {
      await this.deps.upkeep.applyWrites(
        changed.flatMap((r) => r.saved.removedItemIds),
        changed.flatMap((r) => r.saved.addedItemIds),
      );
    }
    return results.map(({ report, saved }) => ({ outcome: saved.outcome, report: toSummary(saved.report), parsed: report }));
  }

  /** A report file (.md/.txt, or a document the import layer converts): one result per week it holds. */
  async ingestFile(file: string, options: DocumentIngestOptions = {}): Promise<IngestResult[]> {
    const { text, source, fileName } = await readReportDocument(file);
    return this.ingestDocument(text, { source, fileName, ...options });
  }
}

/** A stored report as the front doors see it. */
export function toSummary(r: StoredReport): ReportSummary {
  return {
    id: r.id,
    team: r.team,
    weekLabel: r.weekLabel,
    weekNumber: r.weekNumber,
    reportDate: r.reportDate,
    itemCount: r.itemCount,
    source: r.source,
    submittedBy: r.submittedBy,
    kind: r.kind,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

/**
 * A report file's text, where it came from and the name a date may be read from: what every
 * knowledge base (this one, a replica) ingests from a file. Throws ReportParseError for a text file
 * over the size limit.
 */
export async function readReportDocument(file: string): Promise<{ text: string | Buffer; source: string; fileName: string }> {
  // Documents (.docx/.pdf/.html) carry images and markup: the import layer applies its own limit
  // to the file and the parser this one to the text it yields.
  const size = fs.statSync(file).size;
  if (isPlainTextReport(file) && size > MAX_FILE_BYTES) {
    throw new ReportParseError(`文件过大（${(size / 1024 / 1024).toFixed(1)} MB）：单份周报不能超过 2 MB。`, 'too_large');
  }
  const text = await readReportFile(file);
  // A Notion export's "Title <32-hex id>.md": the id is not part of the name a date is read from.
  const fileName = notionExportName(path.basename(file))?.fileName ?? path.basename(file);
  return { text, source: path.resolve(file), fileName };
}

/** A report must name its team before it is stored (a knowledge base of this process or a replica). */
export function requireTeam(parsed: WeeklyReport): void {
  if (!parsed.team) {
    throw new ReportParseError('无法确定团队：请在标题中写明团队（例如「# 支付中心 第47周 2023-11-17」），或用 --team 指定。', 'no_team');
  }
}

/** …and its week and date, for a single report. */
export function requireTeamAndWeek(parsed: WeeklyReport): void {
  requireTeam(parsed);
  if (parsed.weekNumber == null || !parsed.weekLabel || !parsed.reportDate) {
    throw new ReportParseError('无法确定周次：请在标题中写明周次和日期（例如「# 支付中心 第47周 2023-11-17」）。', 'no_week');
  }
}
