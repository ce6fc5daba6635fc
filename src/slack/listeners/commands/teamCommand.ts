/**
 * `/zhoubao team …` (team settings, for team admins) and `/zhoubao compile [周]` (post the team's
 * compiled report). Parsing words into a settings change happens here; the settings themselves are
 * the follow-up service's (services/followups/teams.ts).
 */
import type { Followups } from '../../../services/followups/index';
import { cronProblem, timeZoneProblem, type Team } from '../../../domain/followup/team';
import { formatMonthDay } from '../../../domain/calendar';
import { noSubmissionsMessage } from '../../blocks/compiled';
import { noticeMessage } from '../../blocks/followup';
import { escapeMrkdwn } from '../../blocks/limits';
import { teamHelpMessage, teamSettingsMessage } from '../../blocks/reminder';
import type { SlackContext } from '../../context';
import type { SlackClient, SlackMessage } from '../../types';
import { publishCompiled } from '../../followups/publish';

export interface CommandInput {
  text: string;
  userId: string;
  channelId: string;
}

const TEAM_WORDS = new Set(['team', '团队']);
const COMPILE_WORDS = new Set(['compile', '汇总', '编译']);
const SETTINGS = new Set(['show', 'help', 'channel', 'tz', 'timezone', 'remind', 'nudge', 'deadline', 'week', 'stalled', 'add', 'exclude', 'remove', 'reset', 'away', 'back', 'off', 'on', 'admin', 'unadmin']);

/** Which follow-up sub-command a `/zhoubao` text is, if any. */
export function followupSubcommand(text: string): 'team' | 'compile' | null {
  const word = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (TEAM_WORDS.has(word)) return 'team';
  if (COMPILE_WORDS.has(word)) return 'compile';
  return null;
}

/** User ids in command text: "<@U123|name>", "<@U123>" or a bare "U123ABC". */
export function userIdsIn(words: string[]): string[] {
  const ids: string[] = [];
  for (const w of words) {
    const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(w) ?? /^@?([UW][A-Z0-9]{6,})$/.exec(w);
    if (m) ids.push(m[1]);
  }
  return ids;
}

function channelIdIn(words: string[]): string | null {
  for (const w of words) {
    const m = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(w) ?? /^#?([CG][A-Z0-9]{6,})$/.exec(w);
    if (m) return m[1];
  }
  return null;
}

/** Words of the command without mentions, for week specs and reasons. */
function plainWords(words: string[]): string[] {
  return words.filter((w) => !/^<[@#!]/.test(w) && !/^@?[UW][A-Z0-9]{6,}$/.test(w));
}

export async function teamCommand(ctx: SlackContext, followups: Followups, input: CommandInput): Promise<SlackMessage> {
  const settings = followups.teams;
  const { directory, onScheduleChange } = ctx;
  const words = input.text.trim().split(/\s+/).slice(1);
  let teamName = await ctx.teamFor(input.userId);
  if (words.length && !SETTINGS.has(words[0].toLowerCase()) && !/^</.test(words[0])) teamName = words.shift()!;
  const sub = (words.shift() ?? 'show').toLowerCase();
  const args = words;
  let team = settings.team(teamName);

  if (sub === 'show') return teamSettingsMessage(team);
  if (sub === 'help') return teamHelpMessage();

  if (!(await settings.isAdmin(team, input.userId, directory))) {
    return noticeMessage(`只有团队「${escapeMrkdwn(teamName)}」的管理员可以修改设置。${team.admins.length ? '' : '这个团队还没有管理员：请工作区管理员先设置一次（会成为第一位团队管理员）。'}`);
  }
  // The first change to a team without admins makes the workspace admin who made it its admin.
  if (!team.admins.length) team = await settings.updateTeam(teamName, { admins: [input.userId] });

  const week = (spec: string | undefined) => settings.weekNamed(team, spec, ctx.clock());
  const done = (lead: string, scheduleChanged = false) => {
    if (scheduleChanged) onScheduleChange();
    return teamSettingsMessage(settings.team(teamName), `✅ ${lead}`);
  };

  switch (sub) {
    case 'channel': {
      if (args[0]?.toLowerCase() === 'off') {
        await settings.updateTeam(teamName, { channel: '' }); // '' = none, also over ZHOUBAO_TEAM_CHANNEL
        return done('已取消团队频道。', true);
      }
      const channel = channelIdIn(args) ?? input.channelId;
      await settings.updateTeam(teamName, { channel });
      return done(`团队频道设为 <#${channel}>。成员默认为频道里的成员。`, true);
    }
    case 'tz':
    case 'timezone': {
      const tz = args[0];
      const problem = tz ? timeZoneProblem(tz) : '请写明时区，例如 `/zhoubao team tz Asia/Shanghai`。';
      if (problem) return teamHelpMessage(problem);
      await settings.updateTeam(teamName, { timeZone: tz });
      return done(`时区设为 ${tz}。`, true);
    }
    case 'remind':
    case 'nudge':
    case 'deadline': {
      const pattern = args.join(' ').trim();
      if (sub !== 'remind' && pattern.toLowerCase() === 'off') {
        await settings.updateTeam(teamName, sub === 'nudge' ? { nudgeCron: '' } : { deadlineCron: '' });
        return done(sub === 'nudge' ? '不再发第二次提醒。' : '截止时不再汇总。', true);
      }
      const problem = pattern ? cronProblem(pattern) : '请写明 cron 表达式，例如 `0 16 * * 5`（每周五 16:00）。';
      if (problem) return teamHelpMessage(problem);
      await settings.updateTeam(teamName, sub === 'remind' ? { reminderCron: pattern } : sub === 'nudge' ? { nudgeCron: pattern } : { deadlineCron: pattern });
      return done(`${sub === 'remind' ? '第一次提醒' : sub === 'nudge' ? '第二次提醒' : '截止'}时间设为 \`${escapeMrkdwn(pattern)}\`。`, true);
    }
    case 'stalled': {
      const weeks = Number(args[0]);
      if (args[0] === 'default') {
        await settings.updateTeam(teamName, { stalledAfterWeeks: null });
        return done('停滞判定恢复默认：连续 2 周没有新进展。');
      }
      if (!Number.isInteger(weeks) || weeks < 1 || weeks > 12) return teamHelpMessage('请写明 1 到 12 之间的周数，例如 `/zhoubao team stalled 3`。');
      await settings.updateTeam(teamName, { stalledAfterWeeks: weeks });
      return done(`连续 ${weeks} 周没有新进展的事项，在本周变化里记为停滞。`);
    }
    case 'week': {
      const number = /(\d{1,2})/.exec(args[0] ?? '');
      const date = /^(20\d{2})-(\d{2})-(\d{2})$/.exec(args[1] ?? '');
      if (!number || !date) return teamHelpMessage('请写明周次和那一周的周五日期，例如 `/zhoubao team week 第48周 2023-11-24`。');
      await settings.updateTeam(teamName, { weekAnchor: { weekNumber: Number(number[1]), reportDate: args[1] } });
      return done(`截至 ${formatMonthDay(args[1])} 的一周记为第${Number(number[1])}周。`);
    }
    case 'add':
    case 'exclude':
    case 'remove':
    case 'reset': {
      const ids = userIdsIn(args);
      if (!ids.length) return teamHelpMessage('请 @ 要设置的成员。');
      for (const id of ids) await settings.setMembership(teamName, id, sub === 'add' ? 'included' : sub === 'reset' ? null : 'excluded');
      const what = sub === 'add' ? '加入团队' : sub === 'reset' ? '恢复按频道成员计算' : '不再计入团队（不提醒、不算未交）';
      return done(`${ids.map((id) => `<@${id}>`).join(' ')} ${what}。`);
    }
    case 'away':
    case 'back': {
      const ids = userIdsIn(args);
      const w = week(plainWords(args)[0]);
      if (!ids.length || !w) return teamHelpMessage('用法：`/zhoubao team away @成员 [本周|下周|2023-12-08]`。');
      for (const id of ids) await settings.setAway(teamName, id, w.reportDate, sub === 'away');
      return done(`${ids.map((id) => `<@${id}>`).join(' ')} ${w.weekLabel}（截至 ${formatMonthDay(w.reportDate)}）${sub === 'away' ? '请假：不提醒，不算未交' : '不再标记请假'}。`);
    }
    case 'off':
    case 'on': {
      const rest = plainWords(args);
      const named = week(rest[0]);
      const w = named && rest.length ? named : week(undefined)!;
      const reason = (named && rest.length ? rest.slice(1) : rest).join(' ') || null;
      await settings.setWeekOff(teamName, w.reportDate, sub === 'off', reason);
      return done(`${w.weekLabel}（截至 ${formatMonthDay(w.reportDate)}）${sub === 'off' ? `为休假周${reason ? `（${escapeMrkdwn(reason)}）` : ''}：不提醒，没有人算未交` : '恢复正常收周报'}。`);
    }
    case 'admin':
    case 'unadmin': {
      const ids = userIdsIn(args);
      if (!ids.length) return teamHelpMessage('请 @ 要设置的成员。');
      const admins = sub === 'admin' ? [...team.admins, ...ids] : team.admins.filter((a) => !ids.includes(a));
      await settings.updateTeam(teamName, { admins });
      return done(`团队管理员：${admins.map((id) => `<@${id}>`).join(' ') || '无'}。`);
    }
    default:
      return teamHelpMessage(`未知的设置「${sub}」。`);
  }
}

/** `/zhoubao compile [团队] [周]`: compile, post to the team channel (or here), ask the missing in its thread. */
export async function compileCommand(ctx: SlackContext, followups: Followups, client: SlackClient, input: CommandInput): Promise<SlackMessage> {
  const settings = followups.teams;
  const words = input.text.trim().split(/\s+/).slice(1);
  let teamName = await ctx.teamFor(input.userId);
  const known = new Set([...settings.teams().map((t) => t.name), ...ctx.kb.teams()]);
  if (words.length && known.has(words[0])) teamName = words.shift()!;
  const team: Team = settings.team(teamName);
  const week = settings.weekNamed(team, words[0], ctx.clock());
  if (!week) return teamHelpMessage(`没看懂「${words[0]}」是哪一周：可以写 本周、上周、第48周 或 2023-11-24。`);
  const compiled = await followups.compiler.compile(team, week, ctx.directory);
  if (compiled.reportId === null) return noSubmissionsMessage(compiled);
  const channel = team.channel ?? input.channelId;
  await publishCompiled(client, followups, compiled, channel, null, ctx.logger);
  const missing = compiled.missing.length ? `，未提交 ${compiled.missing.length} 人（已在话题中询问）` : '';
  return noticeMessage(`已汇总 ${escapeMrkdwn(team.name)} ${week.weekLabel}（截至 ${formatMonthDay(week.reportDate)}）的团队周报：${compiled.submitted.length} 人提交${missing}，已发到 <#${channel}>。`);
}

/** Entities decoded, but <@U…> and <#C…> kept: the settings commands need the ids. */
export function commandTextKeepingIds(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
