import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackContext } from '../../context';
import { ACTION_IDS } from '../../ids';
import { feedback } from './feedback';
import { openSubmitModal } from './openSubmitModal';
import { showSource } from './showSource';
import { undoSubmission } from './undoSubmission';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>(ACTION_IDS.feedbackUp, feedback(ctx));
  app.action<BlockButtonAction>(ACTION_IDS.feedbackDown, feedback(ctx));
  app.action<BlockButtonAction>(ACTION_IDS.showSource, showSource(ctx));
  app.action<BlockButtonAction>(ACTION_IDS.undoSubmission, undoSubmission(ctx));
  app.action<BlockButtonAction>(ACTION_IDS.replaceSubmission, openSubmitModal(ctx));
  app.action<BlockButtonAction>(ACTION_IDS.openSubmitModal, openSubmitModal(ctx));
}
