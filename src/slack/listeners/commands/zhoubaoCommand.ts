/**
 * /zhoubao ask|submit|status|help, and team|compile (teamCommand.ts, with follow-ups). Every branch
 * acknowledges first (Slack allows 3 seconds), then does the work: the answer goes to the
 * response_url, the form opens with the trigger id.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerFor } from '../../answering';
import { submitReportModal } from '../../blocks/modals';
import { busyMessage, handlingFailedMessage } from '../../blocks/notices';
import { helpMessage, unknownSubcommandMessage, weekStatusMessage } from '../../blocks/status';
import type { SlackContext } from '../../context';
import { slackToPlainText } from '../../text';
import { commandTextKeepingIds, compileCommand, followupSubcommand, teamCommand } from './teamCommand';
import { submissionOf, weekStatus } from '../../weekStatus';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export type Subcommand = 'ask' | 'submit' | 'status' | 'help' | 'unknown';

const ALIASES: Record<string, Subcommand> = {
  ask: 'ask',
  问: 'ask',
  提问: 'ask',
  submit: 'submit',
  提交: 'submit',
  status: 'status',
  状态: 'status',
  help: 'help',
  帮助: 'help',
};

export function parseSubcommand(text: string): { name: Subcommand; word: string; rest: string } {
  const trimmed = slackToPlainText(text).trim();
  if (!trimmed) return { name: 'help', word: '', rest: '' };
  const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  const word = m[1];
  return { name: ALIASES[word.toLowerCase()] ?? 'unknown', word, rest: m[2].trim() };
}

/** Work after ack(): a failure is told to the user (ephemeral), not only logged. */
async function afterAck(ctx: SlackContext, respond: Args['respond'], work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    ctx.logger.error('handling /zhoubao failed:', error);
    try {
      await respond({ response_type: 'ephemeral', ...handlingFailedMessage() });
    } catch (respondError) {
      ctx.logger.error('could not tell the user:', respondError);
    }
  }
}

export function zhoubaoCommand(ctx: SlackContext) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const { followups } = ctx;
    const followupSub = followups ? followupSubcommand(command.text ?? '') : null;
    if (followups && followupSub) {
      // `/zhoubao team|compile`: the follow-ups' settings and compiled report.
      await ack();
      const input = { text: commandTextKeepingIds(command.text ?? ''), userId: command.user_id, channelId: command.channel_id };
      await afterAck(ctx, respond, async () => {
        const message = followupSub === 'team' ? await teamCommand(ctx, followups, input) : await compileCommand(ctx, followups, client, input);
        await respond({ response_type: 'ephemeral', ...message });
      });
      return;
    }
    const sub = parseSubcommand(command.text ?? '');
    switch (sub.name) {
      case 'help':
        await ack({ response_type: 'ephemeral', ...helpMessage() });
        return;
      case 'unknown':
        await ack({ response_type: 'ephemeral', ...unknownSubcommandMessage(sub.word) });
        return;
      case 'ask': {
        if (!sub.rest) {
          await ack({ response_type: 'ephemeral', ...helpMessage('请在 ask 后面写上问题，例如：/zhoubao ask 光大备份通道什么时候上线') });
          return;
        }
        await ack();
        const question = sub.rest;
        const queued = ctx.work.offer(() =>
          afterAck(ctx, respond, async () => {
            await respond({ response_type: 'ephemeral', ...(await answerFor(ctx, question)) });
          }),
        );
        if (!queued) {
          ctx.logger.warn(`answer queue full: told ${command.user_id} (/zhoubao ask) to try again`);
          await afterAck(ctx, respond, () => respond({ response_type: 'ephemeral', ...busyMessage() }).then(() => undefined));
        }
        return;
      }
      case 'submit': {
        await ack();
        await afterAck(ctx, respond, async () => {
          const team = await ctx.teamFor(command.user_id);
          // The member's own week (their Slack time zone), as their submission will be filed.
          const status = weekStatus(ctx.kb, team, ctx.clock(), (await ctx.timeZoneOf?.(command.user_id)) ?? ctx.config.timeZone);
          await client.views.open({
            trigger_id: command.trigger_id,
            view: submitReportModal({ team, week: status.week, replacing: submissionOf(status, command.user_id) }),
          });
        });
        return;
      }
      case 'status': {
        await ack();
        await afterAck(ctx, respond, async () => {
          const team = await ctx.teamFor(command.user_id);
          await respond({ response_type: 'ephemeral', ...weekStatusMessage(weekStatus(ctx.kb, team, ctx.clock(), ctx.config.timeZone)) });
        });
        return;
      }
    }
  };
}
