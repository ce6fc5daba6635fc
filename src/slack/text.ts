/**
 * Turning Slack message text into what the domain reads: Slack escapes &, < and > and wraps links
 * and mentions in <…>; a question must lose the bot's mention; a multi-line DM may be a report.
 */

/** Slack's own limit on a message's text; longer input is refused with a reply, never stored. */
export const MAX_MESSAGE_CHARS = 40_000;

/** Decode Slack's message formatting to plain text: links to their label or URL, entities unescaped. */
export function slackToPlainText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/<#[CG][A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The question in a mention: the bot's `<@U…>` removed (any leading mention when the bot id is unknown). */
export function stripBotMention(text: string, botUserId?: string): string {
  const withoutBot = botUserId
    ? text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ')
    : text.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/, ' ');
  return slackToPlainText(withoutBot).replace(/[ \t]+/g, ' ').trim();
}

const STRUCTURED_LINE = /^\s*(?:[-*+•·●◦▪]\s*\S|\d{1,2}\s*[.、)）]\s*\S|#{1,6}\s+\S|【[^】]+】)/;

/**
 * A DM that reads like a weekly report rather than a question: at least two non-empty lines, and at
 * least two of them bullets, numbered lines or headings.
 */
export function looksLikeReport(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 2) return false;
  return lines.filter((l) => STRUCTURED_LINE.test(l)).length >= 2;
}

/** A file name's extension, lower-case with the dot ("" when none). */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? `.${m[1].toLowerCase()}` : '';
}
