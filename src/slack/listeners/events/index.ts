import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context';
import { appHomeOpened } from './appHomeOpened';
import { appMention } from './appMention';

export function register(app: App, ctx: SlackContext): void {
  app.event('app_mention', appMention(ctx));
  app.event('app_home_opened', appHomeOpened(ctx));
}
