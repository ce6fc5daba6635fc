/**
 * The submit form: an empty form is refused in place; otherwise the form closes at once and the
 * report is stored like a DM submission, with the receipt (or the reason it was not understood) sent
 * by DM, and the follow-up questions in a new DM message whose thread takes the answers.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackContext } from '../../context';
import { SUBMIT_INPUT } from '../../ids';
import { openDirectMessage, postMessage } from '../../reply';
import { formSource, postSubmissionFollowups, submitFromSlack } from '../../submissions';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function submitReport(ctx: SlackContext) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    const text = view.state.values[SUBMIT_INPUT.blockId]?.[SUBMIT_INPUT.actionId]?.value ?? '';
    if (!text.trim()) {
      await ack({ response_action: 'errors', errors: { [SUBMIT_INPUT.blockId]: '请粘贴周报内容。' } });
      return;
    }
    await ack();
    const userId = body.user.id;
    try {
      const submission = await submitFromSlack(ctx, { userId, source: formSource(view.id), text });
      const channel = await openDirectMessage(client, userId);
      await postMessage(client, channel, submission.message);
      await postSubmissionFollowups(ctx, client, submission, userId, channel, null);
    } catch (error) {
      ctx.logger.error('handling a submitted form failed:', error);
    }
  };
}
