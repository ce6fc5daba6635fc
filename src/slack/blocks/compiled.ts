/**
 * The compiled team report as a channel message (its Markdown shown in Slack's mrkdwn), and the
 * thread message that asks an owner who has not submitted about their open items.
 */
import type { CompiledWeek } from '../../services/followups/index';
import { formatMonthDay } from '../../domain/calendar';
import type { PromptRow } from '../../domain/followup/records';
import type { SlackMessage } from '../types';
import { REPLY_HINT, promptLines } from './followup';
import { mrkdwnWithMentions } from '../entities';
import { contextBlock, escapeMrkdwn, fitBlocks, messageText, mrkdwnSection, mrkdwnSections, SLACK_LIMITS } from './limits';

function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** Markdown (as compileTeamReport writes it) → mrkdwn: headings bold, bullets as •, comments and the title dropped. */
export function markdownToMrkdwn(markdown: string): string {
  const out: string[] = [];
  let sawTitle = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*<!--.*-->\s*$/.test(line)) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      if (!sawTitle && heading[1].length === 1) {
        sawTitle = true;
        continue;
      }
      out.push(`*${mrkdwnWithMentions(heading[2].trim())}*`);
      continue;
    }
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      out.push(`${bullet[1]}• ${mrkdwnWithMentions(bullet[2])}`);
      continue;
    }
    out.push(mrkdwnWithMentions(line));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

export function compiledReportMessage(compiled: CompiledWeek): SlackMessage {
  const { team, week } = compiled;
  const title = `📋 *${escapeMrkdwn(team.name)} ${escapeMrkdwn(week.weekLabel)} 团队周报*（截至 ${formatMonthDay(week.reportDate)}）`;
  const who = [`由 ${compiled.submitted.length} 人的周报汇总：${compiled.submitted.map(mention).join(' ') || '无'}`];
  if (compiled.missing.length) who.push(`未提交：${compiled.missing.map((m) => mention(m.userId)).join(' ')}（已在话题中询问）`);
  if (compiled.away.length) who.push(`请假：${compiled.away.map(mention).join(' ')}`);
  const body = markdownToMrkdwn(compiled.markdown);
  const blocks = fitBlocks([mrkdwnSection(title), ...mrkdwnSections(body)], SLACK_LIMITS.messageBlocks, [
    contextBlock([who.join(' · '), `导出 Markdown：\`zhoubao export --team ${escapeMrkdwn(team.name)} --week ${week.weekNumber}\``]),
  ]);
  const text = `${team.name} ${week.weekLabel} 团队周报（截至 ${formatMonthDay(week.reportDate)}），由 ${compiled.submitted.length} 人的周报汇总。`;
  return { text: messageText(text), blocks };
}

export function noSubmissionsMessage(compiled: CompiledWeek): SlackMessage {
  const text = `${compiled.team.name} ${compiled.week.weekLabel}（截至 ${formatMonthDay(compiled.week.reportDate)}）还没有成员提交周报，没有可汇总的内容。`;
  return { text: messageText(text), blocks: [mrkdwnSection(escapeMrkdwn(text))] };
}

/** In the compiled report's thread, to an owner who has not submitted. */
export function missingOwnerMessage(userId: string, weekLabel: string, prompts: readonly PromptRow[]): SlackMessage {
  const lead = `${mention(userId)} 还没有收到你${escapeMrkdwn(weekLabel)}的周报。`;
  const text = prompts.length
    ? `${lead}之前的事项想确认一下：\n${promptLines(prompts)}`
    : `${lead}请用 \`/zhoubao submit\` 提交，或把周报私信给我。`;
  const blocks = prompts.length ? [...mrkdwnSections(text), contextBlock([`${REPLY_HINT}也可以用 \`/zhoubao submit\` 提交完整周报。`])] : mrkdwnSections(text);
  // Mentions stay entities in the notification text: Slack shows them as names there, not as ids.
  return { text: messageText(text.replace(/`/g, '')), blocks };
}
