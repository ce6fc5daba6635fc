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
  let end = Math.max(0, maxUnits);
  // Do not split a surrogate pair (an emoji or a rare CJK character).
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
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
  return JSON.stringify(shrink(data, 99)).slice(0, SLACK_LIMITS.buttonValue);
}

/** The message's top-level text: Slack's limit with the pointer when cut. */
export function messageText(text: string): string {
  return truncate(text || ' ', SLACK_LIMITS.messageText);
}
