/**
 * Every listener, by surface (the Bolt starter template's layout): each folder's index.ts registers
 * its own. Listeners get the app's dependencies (context.ts), built once in app.ts.
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import * as actions from './actions/index';
import * as commands from './commands/index';
import * as events from './events/index';
import * as messages from './messages/index';
import * as views from './views/index';

export function registerListeners(app: App, ctx: SlackContext): void {
  events.register(app, ctx);
  messages.register(app, ctx);
  commands.register(app, ctx);
  actions.register(app, ctx);
  views.register(app, ctx);
}
