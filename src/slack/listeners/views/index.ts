import type { App, ViewSubmitAction } from '@slack/bolt';
import type { SlackContext } from '../../context';
import { VIEW_IDS } from '../../ids';
import { submitReport } from './submitReport';

export function register(app: App, ctx: SlackContext): void {
  app.view<ViewSubmitAction>(VIEW_IDS.submitReport, submitReport(ctx));
}
