/**
 * Follow-up messages in a submission's thread: the items the bot asks the owner about, what it
 * recorded from their reply, and how to reply when it could not tell which item was meant.
 */
import type { PromptRow } from '../../domain/followup/records';
import type { SlackMessage } from '../types';
import { mrkdwnWithMentions } from '../entities';
import { contextBlock, escapeMrkdwn, fitBlocks, messageText, mrkdwnSection, mrkdwnSections } from './limits';

export const REPLY_HINT = '直接在这个话题里回复即可，例如「1 已上线」「2 推迟到12/15，原因是…」；回复会记为该事项本周的进展。';

function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

export function promptLines(prompts: readonly PromptRow[]): string {
  return prompts.map((p) => `${p.ordinal}. ${mrkdwnWithMentions(p.prompt)}`).join('\n');
}

/** "<@U> 对照你之前的周报，有 2 项想确认一下：1. … 2. …" */
export function followupPromptMessage(userId: string, prompts: readonly PromptRow[]): SlackMessage {
  const lead = `${mention(userId)} 对照你之前的周报，有 ${prompts.length} 项想确认一下：`;
  const text = `${lead}\n${promptLines(prompts)}`;
  return {
    // Mentions stay entities in the notification text too: Slack shows them as names there, not as ids.
    text: messageText(text),
    blocks: fitBlocks([...mrkdwnSections(text), contextBlock([REPLY_HINT])]),
  };
}

export function replyStoredMessage(lines: readonly string[], compiledUpdated: boolean): SlackMessage {
  const text = `✅ 已记为本周进展：\n${lines.map((l) => `• ${mrkdwnWithMentions(l)}`).join('\n')}${compiledUpdated ? '\n团队周报已同步更新。' : ''}`;
  return { text: messageText(text), blocks: mrkdwnSections(text) };
}

export function replyUnclearMessage(asked: readonly PromptRow[]): SlackMessage {
  const open = asked.filter((p) => !p.answeredAt);
  const shown = open.length ? open : asked;
  const text = `没看出这条回复说的是哪一项。请在回复前加上编号，例如「${shown[0]?.ordinal ?? 1} 已上线」：\n${promptLines(shown)}`;
  return { text: messageText(text), blocks: [mrkdwnSection(text)] };
}

/** A short notice whose mrkdwn (mentions, `code`) is composed by the caller, with user text already escaped. */
export function noticeMessage(mrkdwn: string): SlackMessage {
  return {
    text: messageText(mrkdwn.replace(/[*`]/g, '')),
    blocks: mrkdwnSections(mrkdwn),
  };
}
