import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context';
import { zhoubaoCommand } from './zhoubaoCommand';

export const COMMAND = '/zhoubao';

export function register(app: App, ctx: SlackContext): void {
  app.command(COMMAND, zhoubaoCommand(ctx));
}
