/** `/zhoubao status` and `/zhoubao help`. */
import { formatMonthDay } from '../../domain/calendar';
import type { SlackMessage } from '../types';
import type { WeekStatus } from '../weekStatus';
import { escapeMrkdwn, messageText, mrkdwnSections, truncate } from './limits';

function submitter(r: WeekStatus['reports'][number]): string {
  if (r.submittedBy && /^[UW][A-Z0-9]+$/.test(r.submittedBy)) return `<@${r.submittedBy}>`;
  if (r.submittedBy) return escapeMrkdwn(r.submittedBy);
  return `文件导入（${escapeMrkdwn(r.source.split(/[\\/]/).pop() ?? r.source)}）`;
}

export function weekStatusMessage(status: WeekStatus): SlackMessage {
  const title = `*${escapeMrkdwn(status.team)} ${escapeMrkdwn(status.week.weekLabel)}*（截至 ${formatMonthDay(status.week.reportDate)}）`;
  const lines = status.reports.map(
    (r) => `• ${submitter(r)}：${r.itemCount} 项，第 ${r.version} 版，更新于 ${formatMonthDay(r.updatedAt)} ${r.updatedAt.slice(11, 16)}`,
  );
  const text = lines.length
    ? `${title} 已提交 ${lines.length} 份：\n${lines.join('\n')}`
    : `${title} 还没有人提交周报。\n用 \`/zhoubao submit\` 提交，或把周报正文 / .md 文件私信发给我。`;
  return { text: messageText(text.replace(/\*/g, '')), blocks: mrkdwnSections(text) };
}

export const HELP_TEXT = [
  '*周报助手* 用法：',
  '• 在频道里 @我 提问：`@周报助手 光大备份通道什么时候上线`；在同一个话题里接着问：`那POS APP呢？`',
  '• 私信我一个问题，我在私信里回答。',
  '• 私信我周报正文（多行，每个事项一行）或 .md / .txt 文件，就是提交本周周报；再提交一次会替换。',
  '• `/zhoubao ask 问题` — 提问（只有你能看到回答）',
  '• `/zhoubao submit` — 打开提交周报的表单',
  '• `/zhoubao status` — 本周谁已经提交',
  '• `/zhoubao team …` — 团队设置（频道、成员、请假、放假周、管理员；仅团队管理员）',
  '• `/zhoubao compile` — 汇总本周团队周报并发到团队频道，缺的事项在话题里追问',
  '• `/zhoubao help` — 显示这段说明',
].join('\n');

export function helpMessage(prefix?: string): SlackMessage {
  const text = prefix ? `${prefix}\n\n${HELP_TEXT}` : HELP_TEXT;
  return { text: messageText(text.replace(/[*`]/g, '')), blocks: mrkdwnSections(text) };
}

/** How much of an unknown sub-command is repeated back: enough to recognise a typo. */
const ECHO_MAX_CHARS = 40;

/**
 * Help, led by the unknown word the user typed. The word is the user's own input: it is shown in a
 * plain_text block, so `*`, `_`, `<@…>` or `&` appear exactly as typed and cannot format the reply or
 * mention anyone; the notification text has it escaped.
 */
export function unknownSubcommandMessage(word: string): SlackMessage {
  const shown = truncate(word, ECHO_MAX_CHARS, '…');
  const help = helpMessage();
  return {
    text: messageText(`未知的子命令「${escapeMrkdwn(shown)}」。\n\n${help.text}`),
    blocks: [{ type: 'section', text: { type: 'plain_text', text: `未知的子命令「${shown}」。`, emoji: false } }, ...help.blocks],
  };
}
