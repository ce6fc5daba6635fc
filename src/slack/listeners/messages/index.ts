/** Message events (DMs with the bot, and replies in follow-up threads): classified once, then dispatched. */
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { classifyMessage, type IncomingMessage } from '../../classify';
import type { SlackContext } from '../../context';
import { classifyEnv } from '../classifyEnv';
import { dispatchMessage } from '../dispatch';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

export function register(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, body, client, context }: Args) => {
    const message = event as unknown as IncomingMessage;
    const request = classifyMessage(message, classifyEnv(ctx, context.botUserId));
    await dispatchMessage(ctx, request, { client, body, eventTs: message.ts, botUserId: context.botUserId, botToken: context.botToken });
  });
}
