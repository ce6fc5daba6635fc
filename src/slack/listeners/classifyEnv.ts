/** What the classifier (classify.ts) needs to know from the app: the bot's id, the follow-up threads, whether a model reads prose. */
import type { ClassifyEnv } from '../classify';
import type { SlackContext } from '../context';

export function classifyEnv(ctx: SlackContext, botUserId: string | undefined): ClassifyEnv {
  const { followups } = ctx;
  return {
    botUserId,
    modelAvailable: Boolean(ctx.kb.llmEnabled?.()),
    ...(followups
      ? {
          previewReply: (channel: string, threadTs: string, userId: string, text: string) =>
            // The cheap check first: most threads never asked anyone anything.
            followups.replies.isFollowupThread(channel, threadTs) ? followups.replies.previewReply(channel, threadTs, userId, text) : 'not_followup',
        }
      : {}),
  };
}
