/**
 * Posting what the follow-ups decided: prompts in a submission's thread, the compiled team report
 * (posted once per week, updated after), the questions to owners who have not submitted in its
 * thread, and the week's changes after it. Shared by the listeners, the schedule and `zhoubao remind`.
 */
import type { Logger } from '@slack/bolt';
import type { CompiledWeek, Followups } from '../../services/followups/index';
import type { PromptRow } from '../../domain/followup/records';
import { compiledReportMessage, missingOwnerMessage } from '../blocks/compiled';
import { followupPromptMessage } from '../blocks/followup';
import { postChangesDigestOnce } from '../changesDigest';
import { postMessage } from '../reply';
import type { SlackClient } from '../types';

/**
 * Posts the compiled report to `channel` (or updates the message posted before for that week), then
 * asks each owner who has not submitted about their open items in its thread — each item once.
 * Without a compiled report (nobody submitted) the questions go under `fallbackThreadTs`.
 * Returns the compiled message's ts, or null when there was nothing to post.
 */
export async function publishCompiled(
  client: SlackClient,
  followups: Followups,
  compiled: CompiledWeek,
  channel: string,
  fallbackThreadTs: string | null = null,
  logger?: Pick<Logger, 'error'>,
): Promise<string | null> {
  const { team, week } = compiled;
  const { compiler, prompts } = followups;
  let threadTs = fallbackThreadTs;
  let messageTs: string | null = null;
  if (compiled.reportId !== null) {
    const message = compiledReportMessage(compiled);
    // Posted once per week however many replicas compile it at once: the claim decides who posts.
    const place = await compiler.placeCompiledPost(team.name, week.reportDate, channel);
    if (place.kind === 'elsewhere') return null;
    if (place.kind === 'update') {
      await client.chat.update({ channel, ts: place.messageTs, text: message.text, blocks: message.blocks });
      messageTs = place.messageTs;
    } else {
      try {
        messageTs = (await postMessage(client, channel, message)) ?? null;
      } catch (error) {
        await compiler.releaseCompiledPost(team.name, week.reportDate);
        throw error;
      }
      if (messageTs) await compiler.saveCompiledPost(team.name, week.reportDate, channel, messageTs);
      else await compiler.releaseCompiledPost(team.name, week.reportDate);
    }
    threadTs = messageTs;
  }
  if (!threadTs) return messageTs;
  for (const owner of compiled.missing) {
    const asked = await prompts.claimMissingOwnerPrompts(team, week, owner);
    // An owner with nothing open is asked to submit, once per week.
    if (!asked.length && (owner.items.length || !(await followups.claimEvent(`followup:ask-submit:${team.name}:${week.reportDate}:${owner.userId}`)))) continue;
    try {
      const ts = await postMessage(client, channel, missingOwnerMessage(owner.userId, week.weekLabel, asked), threadTs);
      if (asked.length) await prompts.promptsPosted(asked, channel, threadTs, ts ?? null);
    } catch (error) {
      await prompts.promptsNotPosted(asked);
      logger?.error(`asking ${owner.userId} in the compiled report's thread failed:`, error);
    }
  }
  // The week's changes follow the compiled report, once per team and week. Also without one (nobody
  // submitted by DM): a team report ingested another way still has its week's changes.
  try {
    await postChangesDigestOnce(client, followups, team.name, week.reportDate, channel, logger);
  } catch (error) {
    logger?.error(`posting ${team.name} ${week.weekLabel}'s changes failed:`, error);
  }
  return messageTs;
}

/** After a recompile (an answer or a late submission), the posted compiled report shows the new text. */
export async function refreshCompiledPost(client: SlackClient, followups: Followups, compiled: CompiledWeek): Promise<void> {
  const posted = followups.compiler.compiledPost(compiled.team.name, compiled.week.reportDate);
  if (!posted || compiled.reportId === null) return;
  const message = compiledReportMessage(compiled);
  await client.chat.update({ channel: posted.channel, ts: posted.messageTs, text: message.text, blocks: message.blocks });
}

/**
 * Posts newly asked items in `threadTs` (a new message when null, whose own thread then takes the
 * answers) and records where; releases them when the post fails.
 */
export async function postPrompts(client: SlackClient, followups: Followups, userId: string, asked: readonly PromptRow[], channel: string, threadTs: string | null): Promise<void> {
  if (!asked.length) return;
  try {
    const ts = (await postMessage(client, channel, followupPromptMessage(userId, [...asked]), threadTs ?? undefined)) ?? null;
    await followups.prompts.promptsPosted(asked, channel, threadTs ?? ts ?? '', ts);
  } catch (error) {
    await followups.prompts.promptsNotPosted(asked);
    throw error;
  }
}
