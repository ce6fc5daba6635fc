/** App Home: publish the viewer's week (submitted or not), their open items and a submit button. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeView } from '../../blocks/home';
import { homeChangesFor } from '../../changesDigest';
import type { SlackContext } from '../../context';
import { submissionOf, weekStatus } from '../../weekStatus';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

export function appHomeOpened(ctx: SlackContext) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.tab && event.tab !== 'home') return;
    try {
      const team = await ctx.teamFor(event.user);
      const status = weekStatus(ctx.kb, team, ctx.clock(), (await ctx.timeZoneOf?.(event.user)) ?? ctx.config.timeZone);
      const changes = homeChangesFor(ctx.followups, team, status.week.reportDate);
      const view = homeView({ status, mine: submissionOf(status, event.user), openItems: ctx.kb.openItemsFor(event.user), changes });
      await client.views.publish({ user_id: event.user, view });
    } catch (error) {
      ctx.logger.error('publishing App Home failed:', error);
    }
  };
}
