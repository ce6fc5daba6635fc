/**
 * Reminder DMs (with a button that opens the submit form), the deadline summary posted in the team
 * channel, and the `/zhoubao team` settings view.
 */
import type { DueDeadline, DueMemberReminder } from '../../domain/followup/schedule';
import type { Team } from '../../domain/followup/team';
import { formatMonthDay } from '../../domain/calendar';
import { ACTION_IDS } from '../ids';
import type { KnownBlock, SlackMessage } from '../types';
import { contextBlock, escapeMrkdwn, messageText, mrkdwnSection, mrkdwnSections } from './limits';

function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

function weekName(team: string, week: { weekLabel: string; reportDate: string }): string {
  return `${escapeMrkdwn(team)} ${escapeMrkdwn(week.weekLabel)}（截至 ${formatMonthDay(week.reportDate)}）`;
}

/** "12/8 19:00" in `timeZone` */
export function localTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${Number(get('month'))}/${Number(get('day'))} ${get('hour')}:${get('minute')}`;
}

export function reminderMessage(reminder: DueMemberReminder, team: Team, deadline: Date | null): SlackMessage {
  const lead = reminder.stage === 'nudge' ? '⏰ 再提醒一次' : '⏰ 周报提醒';
  const due = deadline ? `，${localTime(deadline, reminder.timeZone)} 截止` : '';
  const text = `${lead}：还没有收到你${weekName(team.name, reminder.week)}的周报${due}。`;
  const blocks: KnownBlock[] = [
    mrkdwnSection(text),
    {
      type: 'actions',
      block_id: 'reminder_actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.openSubmitModal,
          text: { type: 'plain_text', text: '提交周报' },
          style: 'primary',
          value: reminder.week.reportDate,
        },
      ],
    },
    contextBlock(['也可以直接把周报正文（每个事项一行）或 .md / .txt 文件私信给我。本周请假？请团队管理员用 `/zhoubao team away` 标记。']),
  ];
  return { text: messageText(text), blocks };
}

export function deadlineSummaryMessage(reminder: DueDeadline, team: Team): SlackMessage {
  const list = (ids: string[]) => (ids.length ? ids.map(mention).join(' ') : '无');
  const lines = [
    `📮 *${weekName(team.name, reminder.week)}* 周报已截止：`,
    `✅ 已提交（${reminder.submitted.length}）：${list(reminder.submitted)}`,
    `⏳ 未提交（${reminder.missing.length}）：${list(reminder.missing)}`,
  ];
  if (reminder.away.length) lines.push(`🏖️ 请假（${reminder.away.length}）：${list(reminder.away)}`);
  const text = lines.join('\n');
  // Mentions stay entities in the notification text: Slack shows them as names there, not as ids.
  return { text: messageText(text.replace(/\*/g, '')), blocks: mrkdwnSections(text) };
}

export function teamSettingsMessage(team: Team, lead?: string): SlackMessage {
  const s = team.schedule;
  const lines = [
    ...(lead ? [lead, ''] : []),
    `*团队「${escapeMrkdwn(team.name)}」的设置*`,
    `• 频道：${team.channel ? `<#${team.channel}>` : '未设置（截止汇总和团队周报不会发布）'}`,
    `• 时区：${escapeMrkdwn(team.timeZone)}（成员按自己 Slack 资料里的时区接收提醒）`,
    `• 第一次提醒：\`${s.first}\``,
    `• 第二次提醒：${s.nudge ? `\`${s.nudge}\`` : '不提醒'}`,
    `• 截止（频道汇总 + 团队周报）：${s.deadline ? `\`${s.deadline}\`` : '不汇总'}`,
    `• 周次：${team.weekAnchor ? `第${team.weekAnchor.weekNumber}周 = ${team.weekAnchor.reportDate}` : '接续最近一份周报的周次'}`,
    `• 停滞：连续 ${team.stalledAfterWeeks ?? 2} 周没有新进展${team.stalledAfterWeeks ? '' : '（默认）'}`,
    `• 休假周：${team.weeksOff.length ? team.weeksOff.map(formatMonthDay).join('、') : '无'}`,
    `• 管理员：${team.admins.length ? team.admins.map(mention).join(' ') : '无（工作区管理员可设置）'}`,
  ];
  const text = lines.join('\n');
  return { text: messageText(text.replace(/[*`]/g, '')), blocks: mrkdwnSections(text) };
}

export const TEAM_HELP = [
  '*`/zhoubao team` 用法*（修改需团队管理员）：',
  '• `/zhoubao team` — 查看设置；`/zhoubao team 团队名 …` 指定其他团队',
  '• `channel` — 把当前频道设为团队频道（或 `channel #频道`，`channel off`）',
  '• `tz Asia/Shanghai` — 时区',
  '• `remind 0 16 * * 5` · `nudge 0 18 * * 5|off` · `deadline 0 19 * * 5|off` — 提醒时间（cron）',
  '• `week 第48周 2023-11-24` — 周次编号',
  '• `stalled 3|default` — 连续几周没有新进展算停滞（默认 2）',
  '• `add @成员` · `exclude @成员` · `reset @成员` — 成员（默认是频道里的成员）',
  '• `away @成员 [本周|2023-12-08]` · `back @成员 [周]` — 请假（不提醒、不算未交）',
  '• `off [本周|2023-10-06] [国庆]` · `on [周]` — 全队休假周',
  '• `admin @成员` · `unadmin @成员` — 团队管理员',
  '*`/zhoubao compile [周]`* — 汇总团队周报并发到团队频道',
].join('\n');

export function teamHelpMessage(prefix?: string): SlackMessage {
  const text = prefix ? `${prefix}\n\n${TEAM_HELP}` : TEAM_HELP;
  return { text: messageText(text.replace(/[*`]/g, '')), blocks: mrkdwnSections(text) };
}
