/** Every listener, by kind (the Bolt starter template's layout). */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context';
import * as actions from './actions/index';
import * as commands from './commands/index';
import * as events from './events/index';
import * as followups from './followups/index';
import * as messages from './messages/index';
import * as views from './views/index';

export function registerListeners(app: App, ctx: SlackContext): void {
  // First: its middleware wraps the listeners below (team settings, thread answers, follow-ups after a submission).
  followups.register(app, ctx);
  events.register(app, ctx);
  messages.register(app, ctx);
  commands.register(app, ctx);
  actions.register(app, ctx);
  views.register(app, ctx);
}
