import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context';
import { directMessage } from './directMessage';

export function register(app: App, ctx: SlackContext): void {
  app.event('message', directMessage(ctx));
}
