/** 撤销 under a submission receipt: the submitter removes the report; the receipt says so. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { submissionUndone } from '../../blocks/submission';
import type { SlackContext } from '../../context';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function undoSubmission(ctx: SlackContext) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    try {
      const reportId = Number(action.value);
      const report = ctx.kb.listReports().find((r) => r.id === reportId);
      if (!report) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: '这份周报已经不在知识库里了（可能已撤销）。' });
        return;
      }
      if (report.submittedBy && report.submittedBy !== body.user.id) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: '只有提交人可以撤销这份周报。' });
        return;
      }
      await ctx.kb.deleteReport(report.id);
      ctx.logger.info(`submission ${report.id} undone by its submitter`);
      const done = submissionUndone(report);
      const channel = body.channel?.id ?? body.container?.channel_id;
      const ts = body.message?.ts ?? body.container?.message_ts;
      if (channel && ts) await client.chat.update({ channel, ts, text: done.text, blocks: done.blocks });
      else await respond({ response_type: 'ephemeral', replace_original: false, ...done });
    } catch (error) {
      ctx.logger.error('undoing a submission failed:', error);
    }
  };
}
