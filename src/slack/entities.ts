/**
 * Slack entities in stored report text. A report submitted in Slack keeps mentions as Slack wrote
 * them: `<@U123>` (a person), `<!subteam^S123|@team>` (a user group), `<#C123|general>` (a channel).
 * In Slack blocks they must stay entities, so that Slack shows them as mentions (escaping them
 * showed `<@U123>` as literal text); everywhere else (Markdown export, notifications, plain text)
 * they become names.
 */
import { escapeMrkdwn } from './blocks/limits';

export type SlackEntityKind = 'user' | 'usergroup' | 'channel' | 'special';

export interface SlackEntity {
  kind: SlackEntityKind;
  /** U…/W… for a user, S… for a user group, C…/G… for a channel, here/channel/everyone for special */
  id: string;
  /** The label Slack wrote after `|`, if any (`@team`, `general`) */
  label?: string;
}

/** A person, user group, channel or special mention, with an optional `|label`. */
const ENTITY = /<(?:@([UW][A-Z0-9]+)|!subteam\^([A-Z0-9]+)|#([CG][A-Z0-9]+)|!(here|channel|everyone))(?:\|([^<>|]*))?>/g;

function entityOf(m: RegExpMatchArray): SlackEntity {
  const label = m[5] || undefined;
  if (m[1]) return { kind: 'user', id: m[1], label };
  if (m[2]) return { kind: 'usergroup', id: m[2], label };
  if (m[3]) return { kind: 'channel', id: m[3], label };
  return { kind: 'special', id: m[4], label };
}

/** The entities in `text`, in order (e.g. to look their names up before calling renderSlackEntities). */
export function slackEntities(text: string): SlackEntity[] {
  return [...text.matchAll(ENTITY)].map(entityOf);
}

/** Text pieces and entities, in order. */
function splitOnEntities(text: string): Array<string | SlackEntity> {
  const parts: Array<string | SlackEntity> = [];
  let last = 0;
  for (const m of text.matchAll(ENTITY)) {
    if (m.index! > last) parts.push(text.slice(last, m.index));
    parts.push(entityOf(m));
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * `text` for a mrkdwn field: everything escaped except person, user-group and channel entities,
 * which Slack then shows as mentions. `<!here>`/`<!channel>`/`<!everyone>` in a stored report are
 * shown as text: repeating a report must not notify a whole channel.
 */
export function mrkdwnWithMentions(text: string): string {
  return splitOnEntities(text)
    .map((part) => {
      if (typeof part === 'string') return escapeMrkdwn(part);
      const label = part.label ? `|${escapeMrkdwn(part.label)}` : '';
      switch (part.kind) {
        case 'user':
          return `<@${part.id}${label}>`;
        case 'usergroup':
          return `<!subteam^${part.id}${label}>`;
        case 'channel':
          return `<#${part.id}${label}>`;
        default:
          return `@${part.id}`;
      }
    })
    .join('');
}

/**
 * `text` with each entity replaced by a readable name: `@` + the person's or group's name,
 * `#` + the channel's. `resolveName` is asked first; without an answer the label Slack wrote is
 * used, then the id, so nothing is lost. For the Markdown export, notifications and other plain text.
 */
export function renderSlackEntities(text: string, resolveName: (entity: SlackEntity) => string | undefined = () => undefined): string {
  return splitOnEntities(text)
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part.kind === 'special') return `@${part.id}`;
      const name = resolveName(part) ?? part.label?.replace(/^[@#]/, '') ?? part.id;
      return `${part.kind === 'channel' ? '#' : '@'}${name}`;
    })
    .join('');
}
