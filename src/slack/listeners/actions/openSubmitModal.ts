/** 提交周报 (App Home) and 替换 (under a receipt): open the submit form for the user's current week. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { submitReportModal } from '../../blocks/modals';
import type { SlackContext } from '../../context';
import { submissionOf, weekStatus } from '../../weekStatus';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function openSubmitModal(ctx: SlackContext) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    try {
      const team = await ctx.teamFor(body.user.id);
      const status = weekStatus(ctx.kb, team, ctx.clock(), (await ctx.timeZoneOf?.(body.user.id)) ?? ctx.config.timeZone);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: submitReportModal({ team, week: status.week, replacing: submissionOf(status, body.user.id) }),
      });
    } catch (error) {
      ctx.logger.error('opening the submit modal failed:', error);
    }
  };
}
