import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { classifyMessage, type IncomingMessage } from '../../classify';
import type { SlackContext } from '../../context';
import { classifyEnv } from '../classifyEnv';
import { dispatchMessage } from '../dispatch';
import { appHomeOpened } from './appHomeOpened';

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

export function register(app: App, ctx: SlackContext): void {
  // A mention is a message too: classified and dispatched like one (a question, or a follow-up answer).
  app.event('app_mention', async ({ event, body, client, context }: MentionArgs) => {
    const mention = { ...(event as unknown as IncomingMessage), type: 'app_mention' as const };
    const request = classifyMessage(mention, classifyEnv(ctx, context.botUserId));
    await dispatchMessage(ctx, request, { client, body, eventTs: mention.ts, botUserId: context.botUserId, botToken: context.botToken });
  });
  app.event('app_home_opened', appHomeOpened(ctx));
}
