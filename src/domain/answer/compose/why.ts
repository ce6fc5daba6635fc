/**
 * 为什么推迟 / 为啥延期: the subject's line that states the slip (由12/12推迟至12/19), and the reason it
 * gives (因…, 由于…, or the clause before the slip: 等待业务方验收). When the subject slipped more than
 * once (提测 in one week, 上线 in a later one), the slip of the asked event answers, else the newest;
 * the others are named after it. Nothing here writes a reason the line does not state.
 */
import type { StoredItem } from '../../records';
import type { Answer } from '../model';
import { finish, quote, weekOf, type ComposeInput } from './shared';

/** A why-question about a slip; 晚了几天 / 晚了一周 is the slip as the asker sees it (提测为啥晚了几天). */
export const WHY_SLIP_ASKED = /(?:为什么|为何|为啥|什么原因|啥原因|原因是?什么|怎么).{0,8}(?:推迟|延期|延后|顺延|改期|往后|拖|延|晚了)|(?:推迟|延期|延后|顺延|改期|往后推|拖).{0,4}(?:原因|为什么|为何|为啥)/;

const SLIP = /推迟|延期|延后|顺延|改期|往后挪|往后推/;
const CLAUSES = /[，,；;。]/;
const CAUSE = /(?:因为|由于|因|为了?避开|受)([^，,；;。]+)/;

interface Slip {
  item: StoredItem;
  /** The clause that states the slip (提测由11/24推迟至11/30) */
  clause: string;
  /** The reason as the line words it, or null */
  reason: string | null;
}

/** A line's slip and its stated reason, or null when it states no slip. */
export function slipOf(item: StoredItem, subject = ''): Slip | null {
  const text = item.text.normalize('NFKC').replace(/\s+\d{1,3}%$/, '');
  // The line's own label (延期：…, K8s 生产集群升级：…) and its leading subject are not part of the reason.
  const named = subject.normalize('NFKC').replace(/\s+/g, '');
  const unlabelled = (c: string) => {
    // A label ends at the first colon outside brackets (not 负责人： inside （…）).
    const rest = c.replace(/^[^：:（()]{1,30}[：:]/, '').trim();
    const shared = commonPrefix(rest.replace(/\s+/g, ''), named);
    return [...shared].length >= 2 && rest.replace(/\s+/g, '').length > shared.length ? rest.replace(/\s+/g, '').slice(shared.length) : rest;
  };
  const clauses = text.split(CLAUSES).map((c) => unlabelled(c.trim())).filter(Boolean);
  const at = clauses.findIndex((c) => SLIP.test(c));
  if (at < 0) return null;
  const cause = CAUSE.exec(text);
  const before = clauses.slice(0, at);
  const reason = cause ? cause[0].trim().replace(/^(?:因为|由于|因)/, '') : before.length ? before.join('，') : null;
  // The owner in brackets after the slip (（负责人：孔维）) is not part of it.
  return { item, clause: clauses[at].replace(/\s*[（(][^（()）]*[）)]$/, ''), reason };
}

/** The answer, or null when no line about the subject states a slip (the status answers then). */
export function composeWhy(input: ComposeInput): Answer | null {
  const best = input.matches[0];
  if (!best) return null;
  const seen = new Set<number>();
  const lines = [...input.timeline, ...input.matches.filter((m) => m.team === best.team)]
    .filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)))
    .sort((a, b) => a.reportDate.localeCompare(b.reportDate));
  const slips = lines.map((i) => slipOf(i, input.analysis.subject)).filter((s): s is Slip => !!s);
  if (!slips.length) return null;
  const event = input.analysis.event;
  const ofEvent = event ? slips.filter((s) => s.clause.includes(event) || s.item.dates.some((d) => d.event === event && d.planned)) : [];
  const chosen = (ofEvent.length ? ofEvent : slips)[(ofEvent.length ? ofEvent : slips).length - 1];
  const parts = [`${weekOf(chosen.item, input)}：${chosen.clause}，`, chosen.reason ? `原因：${chosen.reason}。` : '周报没有写明原因。', `原文：${quote(chosen.item)}。`];
  const others = slips.filter((s) => s !== chosen);
  if (others.length) {
    parts.push(`另：${others.map((s) => `${s.item.weekLabel} ${s.clause}${s.reason ? `（${s.reason}）` : ''}`).join('；')}。`);
  }
  return finish(input.analysis.question, parts, [chosen.item, ...others.map((s) => s.item)]);
}

function commonPrefix(a: string, b: string): string {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return a.slice(0, n);
}
