/**
 * An owner's answer in a follow-up thread (a DM thread under their submission, or a channel thread
 * under the compiled report): stored as the item's update for the week and confirmed in the thread;
 * an answer that does not say which item is meant gets told how to reply. A bare "好的" is read and
 * left alone.
 */
import { replyStoredMessage, replyUnclearMessage } from '../../blocks/followup';
import type { MessageRequest } from '../../classify';
import type { SlackContext } from '../../context';
import { refreshCompiledPost } from '../../followups/publish';
import { postMessage } from '../../reply';
import type { SlackClient } from '../../types';

type ReplyRequest = Extract<MessageRequest, { kind: 'followupReply' }>;

export async function handleFollowupReply(ctx: SlackContext, client: SlackClient, request: ReplyRequest): Promise<void> {
  const { followups } = ctx;
  if (!followups || request.acknowledgement) return;
  const { channel, threadTs, user } = request;
  const outcome = await followups.replies.readReply(channel, threadTs, user, request.text, request.ts);
  if (outcome.kind === 'unclear') {
    await postMessage(client, channel, replyUnclearMessage(outcome.asked), threadTs);
  } else if (outcome.kind === 'stored') {
    await postMessage(client, channel, replyStoredMessage(outcome.updates.map((u) => u.line), outcome.recompiled !== null), threadTs);
    if (outcome.recompiled) await refreshCompiledPost(client, followups, outcome.recompiled);
    ctx.logger.info(`stored ${outcome.updates.length} follow-up answer(s) from ${user}`);
  }
}
