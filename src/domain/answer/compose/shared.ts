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

/**
 * The status a line's words support as a whole, which its parsed status may overstate: 完成 64% is
 * progress, not completion; a finished step followed by a dated next step (开发完成，预计12/12提测;
 * 检查完成，仍按12/12升级) is work still under way.
 */
export function effectiveStatus(item: StoredItem): ItemStatus {
  if (!['done', 'launched', 'unknown'].includes(item.status)) return item.status;
  if (item.status !== 'unknown' && onlyIntended(item.text)) return 'planned';
  if (partlyDone(item)) return 'in_progress';
  if (item.status !== 'unknown' && nextStep(item)) return 'in_progress';
  // …\t\t100%: the completion column says it is done when the words state no status.
  if (item.status === 'unknown' && completionColumn(item) === '100') return 'done';
  return item.status;
}

/** 上线前需要完成回归测试 / 待完成 / 计划上线: every 完成 or 上线 in the line is intended, none reported. */
function onlyIntended(text: string): boolean {
  // 上线前 names a time, not a launch.
  const deeds = [...text.normalize('NFKC').matchAll(/完成|上线(?!前)/g)];
  return deeds.length > 0 && deeds.every((m) => /(?:需要?|要|待|将|拟|计划|预计|准备|争取|尚未|未)\s*$/.test(text.slice(Math.max(0, m.index! - 3), m.index)));
}

/**
 * 完成 64% / 完成度 70% / 进度 40%, or a completion column after a gap (…实验流量 20%\t\t85%): a share
 * of the work below all of it.
 */
function partlyDone(item: StoredItem): boolean {
  const text = item.text.normalize('NFKC');
  const m = /(?:完成(?:度|了)?|进度(?:为)?)\s*(\d+(?:\.\d+)?)\s*%/.exec(text);
  const share = m?.[1] ?? completionColumn(item);
  if (share !== null) return Number(share) < 100;
  // 已完成 310/520 个: part of a count is done, not the work.
  const count = /完成[^\d，,。；;]{0,6}?(\d+)\s*\/\s*(\d+)\s*[个项条台家份张件套篇]/.exec(text);
  return !!count && Number(count[1]) < Number(count[2]);
}

/** The bare percentage a line ends in after a tab or a wide gap (the 完成度 column of a flat list), or null. */
export function completionColumn(item: StoredItem): string | null {
  return /(?:\t|\s{2,})(\d+(?:\.\d+)?)\s*%\s*$/.exec((item.rawLine || '').normalize('NFKC'))?.[1] ?? null;
}

/** A date that is really a figure: 1.4 in 1.4GHz, 5.6 in 5.6 版本 is not read as a date here. */
function isRealDate(item: StoredItem, date: StoredItem['dates'][number]): boolean {
  const text = item.text.normalize('NFKC');
  const at = text.indexOf(date.text);
  return at < 0 || !/^\s*(?:[a-z%]|版本?)/i.test(text.slice(at + date.text.length));
}

/** The line's next dated step after its report (预计12/12提测): the last planned date later than the report. */
export function nextStep(item: StoredItem): { iso: string; event: string | null } | null {
  const ahead = item.dates.filter((d) => d.planned && d.iso > item.reportDate && isRealDate(item, d));
  const last = ahead[ahead.length - 1];
  return last ? { iso: last.iso, event: last.event } : null;
}

/** A date the line itself says was replaced: 由12/5推迟至…, （原计划12/5）, 原定12/5. */
export function isSupersededDate(item: StoredItem, date: StoredItem['dates'][number]): boolean {
  const text = item.text.normalize('NFKC');
  const at = text.indexOf(date.text);
  return at > 0 && /(?:原计划|原定|原|由)\s*$/.test(text.slice(Math.max(0, at - 4), at));
}

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
