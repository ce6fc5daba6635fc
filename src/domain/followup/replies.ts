/**
 * Reading an owner's reply in a follow-up thread: which asked item each part of the reply is about,
 * and the line that records it as the item's update for the week. Pure; storing the update (and
 * making it answerable) is the follow-up service's job.
 *
 * A reply can number its parts after the prompts ("1 已上线\n2 推迟到12/15"), name the item
 * ("光大备份通道上线了"), speak for all of them ("都上线了"), or, when only one item was asked,
 * simply say what happened ("上线了").
 */
import { itemSimilarity } from './matchItems';
import { subjectPhrase, type FollowupItem } from './missingItems';

export interface AskedItem {
  /** The prompt's id in the store */
  id: number;
  /** Its number in the thread (1-based), as shown to the owner */
  ordinal: number;
  previous: FollowupItem;
  answered: boolean;
}

export interface ReplyPart {
  promptId: number;
  /** The owner's words about this item, without the number */
  text: string;
}

export type ReplyReading =
  | { kind: 'updates'; parts: ReplyPart[] }
  /** A question asked in the thread: leave it to the question answering */
  | { kind: 'question' }
  /** Not clear which item is meant: tell the owner how to reply */
  | { kind: 'unclear' };

const QUESTION = /[?？]\s*$|(?:吗|么|呢)\s*[。.！!]?\s*$|^(?:请问|什么时候|哪天|多少|是否|有没有|怎么)/;
const ORDINAL = /^\s*(?:第\s*)?(\d{1,2}|[\u2460-\u2473])\s*(?:[.、)）:：]|项|条)?\s*/;
const ALL_ITEMS = /^(?:都|全部|均|所有|全都|两项都|几项都|以上都|以上均)/;
/** Below this similarity a reply part does not name an item (a short reply shares few bigrams). */
const NAMED_ITEM_THRESHOLD = 0.5;

/** A question rather than an answer ("光大备份通道上线了吗"). */
export function isQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}

export function readFollowupReply(text: string, asked: readonly AskedItem[]): ReplyReading {
  const clean = text.trim();
  if (!clean || !asked.length) return { kind: 'unclear' };
  if (isQuestion(clean)) return { kind: 'question' };
  const segments = clean
    .split(/\r?\n|[；;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const open = asked.filter((a) => !a.answered);
  const parts: ReplyPart[] = [];
  const unmatched: string[] = [];
  for (const segment of segments) {
    const numbered = ORDINAL.exec(segment);
    const ordinal = numbered ? ordinalValue(numbered[1]) : null;
    const words = numbered ? segment.slice(numbered[0].length).trim() : segment;
    if (!words) continue;
    const byNumber = ordinal != null ? asked.find((a) => a.ordinal === ordinal) : undefined;
    if (byNumber) {
      parts.push({ promptId: byNumber.id, text: words });
      continue;
    }
    if (ALL_ITEMS.test(words)) {
      for (const a of open.length ? open : asked) parts.push({ promptId: a.id, text: words });
      continue;
    }
    const named = bestNamed(words, asked);
    if (named) parts.push({ promptId: named.id, text: words });
    else unmatched.push(words);
  }
  if (unmatched.length) {
    // One item asked (or one still open) and one unnamed answer: it is about that item.
    const only = asked.length === 1 ? asked[0] : open.length === 1 ? open[0] : null;
    if (only && unmatched.length === 1 && !parts.some((p) => p.promptId === only.id)) {
      parts.push({ promptId: only.id, text: unmatched[0] });
    } else if (!parts.length) {
      return { kind: 'unclear' };
    }
  }
  return parts.length ? { kind: 'updates', parts: lastPerPrompt(parts) } : { kind: 'unclear' };
}

function ordinalValue(token: string): number {
  const code = token.codePointAt(0)!;
  return code >= 0x2460 && code <= 0x2473 ? code - 0x2460 + 1 : Number(token);
}

function bestNamed(words: string, asked: readonly AskedItem[]): AskedItem | null {
  let best: { item: AskedItem; score: number } | null = null;
  for (const a of asked) {
    const score = Math.max(
      itemSimilarity({ text: words, sectionPath: [] }, { text: a.previous.text, sectionPath: [] }),
      itemSimilarity({ text: words, sectionPath: [] }, { text: subjectPhrase(a.previous.text), sectionPath: [] }),
    );
    if (score >= NAMED_ITEM_THRESHOLD && (!best || score > best.score)) best = { item: a, score };
  }
  return best?.item ?? null;
}

/** Two parts about one item: the later words win (the owner corrected themselves). */
function lastPerPrompt(parts: ReplyPart[]): ReplyPart[] {
  const byPrompt = new Map<number, ReplyPart>();
  for (const p of parts) byPrompt.set(p.promptId, p);
  return [...byPrompt.values()];
}

/** "上线了" reads as done to a person but not to the status words: say "已上线了". */
const COLLOQUIAL_DONE = /(上线|投产|发布|提测|送测|完成|开放|切换|验收)了/g;
/** Words just before the verb that already say (or deny) it happened, or make it future. */
const TENSE_BEFORE = /(?:已|已经|没|没有|未|不|再|将|要|会|还没)\s*$/;

/**
 * The line that records `reply` as the item's update for the week, in the report's own style:
 * "光大备份通道：已上线了". The subject is kept in front so that a question about the item finds
 * the line, unless the owner already named it.
 */
export function updateLine(previous: Pick<FollowupItem, 'text'>, reply: string): string {
  const words = reply
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[，,。.：:\s]+/, '')
    .replace(COLLOQUIAL_DONE, (match: string, verb: string, at: number, whole: string) => {
      const clauseStart = Math.max(whole.lastIndexOf('，', at), whole.lastIndexOf(',', at), whole.lastIndexOf('。', at)) + 1;
      return TENSE_BEFORE.test(whole.slice(clauseStart, at)) ? match : `已${verb}了`;
    });
  const subject = subjectPhrase(previous.text);
  return words.includes(subject) ? words : `${subject}：${words}`;
}
