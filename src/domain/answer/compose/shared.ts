/**
 * What every composer shares: the input, how a week and a line are quoted, the stale note, and how
 * an answer with its citations is put together (each cited line once, in order of first use).
 */
import { SECTION_SEPARATOR, type ItemStatus } from '../../reports/model';
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem, StoredReport } from '../../records';
import type { Answer, Citation } from '../model';
import type { QuestionAnalysis } from '../question';

export interface ComposeInput {
  analysis: QuestionAnalysis;
  /** Items about the subject, best first */
  matches: StoredItem[];
  /** The same subject across weeks for the best match's team, oldest first (includes the best match) */
  timeline: StoredItem[];
  /** Latest report of each team, for "之后未再提及" */
  latestReportByTeam: Map<string, StoredReport>;
  /** The scope's label when the question named one */
  scopeLabel: string | null;
  /** Every item of a report, for answers about a whole project (POS收单系统建设进展如何) */
  itemsOfReport: (reportId: number) => StoredItem[];
  /** A team's reports that answers may draw on, oldest first (for the newest statement of a measure) */
  reportsOfTeam?: (team: string) => StoredReport[];
}

export const STATUS_WORDS: Record<ItemStatus, string> = {
  planned: '计划中',
  in_progress: '进行中',
  testing: '测试中',
  launched: '已上线',
  done: '已完成',
  delayed: '已延期',
  blocked: '受阻',
  cancelled: '已取消',
  unknown: '状态未注明',
};

/** The status an event reaches: asked "提测了吗", an item that is testing or launched has. */
export const EVENT_REACHED_BY: Record<string, ItemStatus[]> = {
  上线: ['launched'],
  提测: ['testing', 'launched'],
  完成: ['done', 'launched'],
};

export function citationOf(item: StoredItem): Citation {
  return {
    team: item.team,
    week: item.weekLabel,
    date: item.reportDate,
    section: item.sectionPath.join(SECTION_SEPARATOR),
    // The line as written, without its bullet marker.
    text: item.rawLine.trim().replace(/^[-*•·]\s*/, ''),
    reportId: item.reportId,
    itemId: item.id,
    lineNo: item.lineNo,
  };
}

export function notFound(question: string, reason: string): Answer {
  return { question, found: false, answer: reason, citations: [] };
}

/** An answer that found something: its text, and each cited line once, in the order first cited. */
export function found(question: string, answer: string, cited: StoredItem[]): Answer {
  const seen = new Set<number>();
  const ordered = cited.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
  return { question, found: true, answer: answer.trim(), citations: ordered.map(citationOf) };
}

/** "据第46周周报，之后未再提及" when the subject's last mention is older than its team's latest report. */
export function staleNote(item: StoredItem, input: ComposeInput): string {
  if (input.analysis.scopeExplicit && input.analysis.scope.kind !== 'latest' && input.analysis.scope.kind !== 'all') return '';
  const latest = input.latestReportByTeam.get(item.team);
  if (!latest || latest.reportDate <= item.reportDate) return '';
  return `据${item.weekLabel}周报，之后未再提及。`;
}

/** "清结算中心第48周（11/24）"; the team is left out when the question named it. */
export function weekOf(item: StoredItem, input: ComposeInput): string {
  return `${input.analysis.teams.length ? '' : item.team}${item.weekLabel}（${md(item.reportDate)}）`;
}

export function quote(item: StoredItem): string {
  return `「${item.text.replace(/[。；;]+$/, '')}」`;
}

/** An answer written in parts (an empty part is a note that did not apply). */
export function finish(question: string, parts: string[], cited: StoredItem[]): Answer {
  return found(question, parts.filter(Boolean).join(''), cited);
}

/** A subject without its figures, for a not-found answer: it states no figure (and 5.6 may be a version, not 5/6). */
export function withoutFigures(text: string): string {
  return text.replace(/\d+(\.\d+)*/g, '').replace(/\s+/g, ' ').trim();
}
