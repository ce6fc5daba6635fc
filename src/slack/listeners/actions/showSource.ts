/** 查看原文: a modal with the original report lines the answer cites (carried in the button's value). */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseSourceValue } from '../../blocks/answer';
import { sourceLinesModal } from '../../blocks/modals';
import type { SlackContext } from '../../context';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function showSource(ctx: SlackContext) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const source = parseSourceValue(action.value) ?? { q: '', l: [] };
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: sourceLinesModal(source) });
    } catch (error) {
      ctx.logger.error('opening the source modal failed:', error);
    }
  };
}
