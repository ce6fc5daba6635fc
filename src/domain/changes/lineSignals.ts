/**
 * What one report line says by its own words, before any comparison across weeks: its subject, whether
 * it reports a launch, work done or stopped, the cause it gives for a slip, whether it is work that
 * could stall. Pure functions of a ReportItem, used by detectChanges.ts.
 */
import { subjectPhrase } from '../followup/missingItems';
import type { ReportItem } from '../reports/model';

/** Sections whose lines are reflections or incidents: neither work to follow nor figures to track. */
const REFLECTION_SECTION = /收获|反思|心得|感想|总结与思考/;

/** Cancelled or put on hold (the follow-up matcher's list, plus the parser's status). */
const STOPPED_WORDS = /取消|不做了|不再推进|终止|停止推进|暂停|搁置|废弃|作废/;

/** A clause that reports a launch in words the status reader may not rank ("本周上线", "正式投产"). */
const LAUNCH_EVENT = /上线|投产|发版/;

const LAUNCH_SAID = /已|本周|正式|顺利|成功|完成/;

const NOT_YET = /预计|计划|将|拟|待|准备|争取|目标|推迟|延期|延后|顺延|之前|前/;

/** 因…/由于…/因为…, up to the end of the clause; 原因 is a noun, not a cause clause. */
const REASON = /(?:由于|因为|(?<!原)因)\s*([^，,。；;]+?)\s*(?:影响|导致)?\s*(?:[，,。；;]|$)/;

const CLAUSE = /[，,。；;]/;

/** The item's subject for a reader, without a trailing time word ("通道自动降级策略本周" → "通道自动降级策略"). */
export function subjectOf(text: string): string {
  const named = text.replace(FIELD_NOTE, '').replace(OWNER_NOTE, '').trim() || text;
  const phrase = subjectPhrase(named);
  return phrase.replace(/(?:本周|下周|上周|已经|已|目前|暂停|已取消|取消)$/, '').trim() || phrase;
}

/** A table row read as "名称（状态：…；进度：…）": the fields after the name are not its subject. */
const FIELD_NOTE = /[（(]\s*(?:状态|负责人|进度|预计完成时间|owner|status)\s*[:：].*$/i;

/** "（负责人：孔维）" inside a line. */
const OWNER_NOTE = /[（(]\s*(?:负责人|owner)\s*[:：][^）)]*[）)]/gi;

/** "开发中，首批8个指标完成5个", "改造完成80%": part of the work is done, not the item. */
const PARTLY_DONE = /(?:开发|研发|测试|联调|推进|进行|实施|迁移|改造|建设)中|过半|剩余|尚未|未完成|部分/;

export function isPartlyDone(item: ReportItem): boolean {
  return PARTLY_DONE.test(item.text) || item.metrics.some((m) => (m.unit === '%' || m.unit === '％') && m.value < 100);
}

/** "灰度商户签约及资金划拨授权完成。": the line ends by saying the work is done, whatever status was read. */
const DONE_SAID = /(?:已|全部|均)完成|完成[。；;.]?$/;

export function saysDone(item: ReportItem): boolean {
  return DONE_SAID.test(item.text.trim()) && !item.dates.some((d) => d.planned);
}

export function inReflection(item: ReportItem): boolean {
  return item.sectionPath.some((s) => REFLECTION_SECTION.test(s));
}

export function isStopped(item: ReportItem): boolean {
  return item.status === 'cancelled' || STOPPED_WORDS.test(item.text);
}

/**
 * The launch a line reports: its status says launched, or one of its clauses says a launch happened
 * ("通道自动降级策略本周上线") with no plan or slip word in that clause. The date is the line's
 * launch date that is not a plan, when it gives one.
 */
export function launchOf(item: ReportItem): { date: string | null } | null {
  if (['planned', 'delayed', 'cancelled', 'blocked'].includes(item.status)) return null;
  const said =
    item.status === 'launched' ||
    item.text.split(CLAUSE).some((clause) => LAUNCH_EVENT.test(clause) && LAUNCH_SAID.test(clause) && !NOT_YET.test(clause));
  if (!said) return null;
  const happened = item.dates.filter((d) => !d.planned && d.event !== null && LAUNCH_EVENT.test(d.event));
  return { date: happened.length ? happened[happened.length - 1].iso : null };
}

export function reasonOf(text: string): string | null {
  const m = REASON.exec(text);
  const reason = m?.[1]?.trim();
  return reason ? reason : null;
}

/**
 * A line without a recognised status ("客服质检模型：训练中") is still work when it carries no figure:
 * repeated word for word, it is as stalled as one that says 进行中. A repeated figure line is not.
 */
export function asWork(item: ReportItem): ReportItem {
  const saysSomething = [...item.text].length > MIN_WORK_CHARS;
  return item.status === 'unknown' && !item.metrics.length && saysSomething ? { ...item, status: 'in_progress' } : item;
}

/** Shorter lines without a status are labels ("风险与问题"), not work that could stall. */
const MIN_WORK_CHARS = 8;

export function sameLine(a: ReportItem, b: ReportItem): boolean {
  return lineKey(a.text) === lineKey(b.text);
}

export function lineKey(text: string): string {
  return text.normalize('NFKC').replace(/[\s，,。.；;：:、！!？?（）()【】[\]「」"“”'‘’*_~]+/g, '').toLowerCase();
}
