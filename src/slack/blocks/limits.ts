/**
 * Slack's hard limits on what a message or view may contain, and the helpers that keep every
 * message inside them: long text is split at line breaks or cut with a visible pointer, never
 * rejected by Slack (which would leave the user with no answer at all).
 */
import type { KnownBlock } from '../types';

export const SLACK_LIMITS = {
  /** text of a section block */
  sectionText: 3000,
  /** blocks in a message */
  messageBlocks: 50,
  /** blocks in a modal or Home tab */
  viewBlocks: 100,
  /** a message's top-level text */
  messageText: 40_000,
  /** a button's value */
  buttonValue: 2000,
  /** elements in a context block */
  contextElements: 10,
  /** a modal's title */
  modalTitle: 24,
  /** a header block's text */
  headerText: 150,
} as const;

export const TRUNCATION_NOTICE = '内容过长，已截断…';

/**
 * Lengths are counted in UTF-16 code units (JavaScript's `length`), which is never less than the
 * character count Slack checks, so a text that fits here fits there.
 */
function cutAt(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  return text.slice(0, safeCutIndex(text, Math.max(0, maxUnits)));
}

/** The longest an entity (`<@U…|label>`, `<#C…|name>`, `&amp;`) is taken to be when looking for its start. */
const MAX_ENTITY_UNITS = 200;

/**
 * Where to cut `text` at or before `end` without splitting a surrogate pair (an emoji or a rare CJK
 * character), an HTML entity (`&amp;`, which would show as `&am`) or a Slack entity (`<@U123>`,
 * which would show as raw text). Falls back to `end` when the entity would swallow everything.
 */
export function safeCutIndex(text: string, end: number): number {
  if (end >= text.length) return text.length;
  let cut = end;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const window = text.slice(Math.max(0, cut - MAX_ENTITY_UNITS), cut);
  const offset = cut - window.length;
  const openAngle = window.lastIndexOf('<');
  if (openAngle >= 0 && window.indexOf('>', openAngle) < 0) cut = offset + openAngle;
  else {
    const amp = window.lastIndexOf('&');
    if (amp >= 0 && window.length - amp <= 8 && !window.slice(amp).includes(';') && /^&[#a-zA-Z0-9]*$/.test(window.slice(amp))) cut = offset + amp;
  }
  return cut > 0 ? cut : end;
}

/** `text` cut to at most `max` characters, ending with the truncation notice when cut. */
export function truncate(text: string, max: number, notice: string = `…（${TRUNCATION_NOTICE}）`): string {
  if (text.length <= max) return text;
  if (max <= notice.length) return cutAt(text, max);
  return cutAt(text, max - notice.length) + notice;
}

/** `text` in chunks of at most `max` characters, split at line breaks where possible. */
export function splitText(text: string, max: number = SLACK_LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const piece of line.length > max ? hardSplit(line, max) : [line]) {
      const candidate = current ? `${current}\n${piece}` : piece;
      if (candidate.length <= max) {
        current = candidate;
      } else {
        if (current) chunks.push(current);
        current = piece;
      }
    }
  }
  if (current || !chunks.length) chunks.push(current);
  return chunks;
}

function hardSplit(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const head = cutAt(rest, max);
    out.push(head);
    rest = rest.slice(head.length);
  }
  if (rest) out.push(rest);
  return out;
}

/** Escape what Slack's mrkdwn treats as markup (&, <, >), so report text shows as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function mrkdwnSection(text: string, blockId?: string): KnownBlock {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: truncate(text || ' ', SLACK_LIMITS.sectionText) },
  };
}

/** Sections for a long mrkdwn text: as many as needed, each within the section limit. */
export function mrkdwnSections(text: string): KnownBlock[] {
  return splitText(text, SLACK_LIMITS.sectionText).map((chunk) => mrkdwnSection(chunk));
}

export function contextBlock(texts: string[]): KnownBlock {
  const elements = texts.slice(0, SLACK_LIMITS.contextElements).map((t) => ({ type: 'mrkdwn' as const, text: truncate(t || ' ', SLACK_LIMITS.sectionText) }));
  return { type: 'context', elements };
}

/**
 * `blocks` within `max`: when there are more, the last kept slots are taken by a notice and by
 * `keepLast` (e.g. the actions block with the buttons), so the user still sees that something was cut.
 */
export function fitBlocks(blocks: KnownBlock[], max: number = SLACK_LIMITS.messageBlocks, keepLast: KnownBlock[] = []): KnownBlock[] {
  if (blocks.length + keepLast.length <= max) return [...blocks, ...keepLast];
  const room = Math.max(0, max - keepLast.length - 1);
  return [...blocks.slice(0, room), contextBlock([`_${TRUNCATION_NOTICE}_`]), ...keepLast];
}

/**
 * A button value carrying `data` as JSON within Slack's 2000-character limit: `shrink` is called
 * with growing levels until the encoding fits (level 0 = as is).
 */
export function fitButtonValue<T>(data: T, shrink: (data: T, level: number) => T): string {
  for (let level = 0; level < 20; level++) {
    const encoded = JSON.stringify(level === 0 ? data : shrink(data, level));
    if (encoded.length <= SLACK_LIMITS.buttonValue) return encoded;
  }
  // Last resort: still valid JSON (cutting the encoded text would leave the handler nothing to parse).
  return shortenJsonToFit(shrink(data, 99), SLACK_LIMITS.buttonValue);
}

/**
 * `value` as JSON within `max` characters: long strings are cut (at safe places, all above half
 * the longest at once), then the largest array is halved, then short strings are cut; "{}" at worst.
 */
export function shortenJsonToFit(value: unknown, max: number): string {
  let current: unknown = JSON.parse(JSON.stringify(value) ?? 'null'); // a copy: shortened in place below
  for (let round = 0; round < 100; round++) {
    const encoded = JSON.stringify(current) ?? 'null';
    if (encoded.length <= max) return encoded;
    const longest = longestStringLength(current);
    if (longest > 64) current = capStrings(current, Math.floor(longest / 2));
    else if (!halveLargestArray(current)) {
      if (longest <= 8) break;
      current = capStrings(current, Math.floor(longest / 2));
    }
  }
  return '{}';
}

function longestStringLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (!value || typeof value !== 'object') return 0;
  return Math.max(0, ...Object.values(value).map(longestStringLength));
}

function capStrings(value: unknown, cap: number): unknown {
  if (typeof value === 'string') return value.length > cap ? value.slice(0, safeCutIndex(value, cap)) + '…' : value;
  if (Array.isArray(value)) return value.map((v) => capStrings(v, cap));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capStrings(v, cap)]));
  return value;
}

/** Drops the second half of the largest array with more than one element inside `value`; false when there is none. */
function halveLargestArray(value: unknown): boolean {
  let largest: unknown[] | null = null;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      if (v.length > 1 && (!largest || v.length > largest.length)) largest = v;
      v.forEach(visit);
    } else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  if (!largest) return false;
  const array = largest as unknown[];
  array.splice(Math.ceil(array.length / 2));
  return true;
}

/** The message's top-level text: Slack's limit with the pointer when cut. */
export function messageText(text: string): string {
  return truncate(text || ' ', SLACK_LIMITS.messageText);
}
