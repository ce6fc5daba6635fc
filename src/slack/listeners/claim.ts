/**
 * At-least-once delivery: Slack redelivers an event (X-Slack-Retry-Num) when it thinks the first
 * delivery failed. Each event is handled once, by its event_id, claimed in the knowledge base's
 * persisted event log so a redelivery after a restart is recognised too.
 */
import type { SlackContext } from '../context';

export async function claimSlackEvent(ctx: SlackContext, body: { event_id?: string }, fallbackKey: string): Promise<boolean> {
  const key = body.event_id ? `event:${body.event_id}` : `event:${fallbackKey}`;
  const first = await ctx.kb.claimEvent(key);
  if (!first) ctx.logger.info(`skipping an event already handled (${key})`);
  return first;
}
