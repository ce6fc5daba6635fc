/** 👍/👎 under an answer: stored with the question, answer and citations the button carries. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseFeedbackValue } from '../../blocks/answer';
import type { SlackContext } from '../../context';
import { ACTION_IDS } from '../../ids';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function feedback(ctx: SlackContext) {
  return async ({ ack, body, action, respond }: Args): Promise<void> => {
    await ack();
    const verdict = action.action_id === ACTION_IDS.feedbackUp ? 'up' : 'down';
    const value = parseFeedbackValue(action.value);
    const userId = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const messageTs = body.message?.ts ?? body.container?.message_ts;
    try {
      if (!value) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: '这条回答缺少反馈所需的信息，没能记录。' });
        return;
      }
      // A double click is one opinion; changing 👍 to 👎 is a new one.
      if (channel && messageTs && !(await ctx.kb.claimEvent(`feedback:${verdict}:${userId}:${channel}:${messageTs}`))) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: '已经记录过你对这条回答的反馈了，谢谢！' });
        return;
      }
      await ctx.kb.recordFeedback({
        verdict,
        question: value.q,
        answer: value.a,
        citations: value.c.map(([reportId, itemId, lineNo]) => ({ reportId, itemId, lineNo })),
        userId,
        channel,
        messageTs,
      });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: verdict === 'up' ? '谢谢反馈！👍 已记录。' : '谢谢反馈！已记录这条回答有问题，会用来改进回答。',
      });
    } catch (error) {
      ctx.logger.error('recording feedback failed:', error);
    }
  };
}
