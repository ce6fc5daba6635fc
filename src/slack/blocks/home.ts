/** The App Home tab: this week's submission state for the viewer, their open items, a submit button. */
import type { KnowledgeBaseApi, ReportSummary } from '../../kbTypes';
import { SECTION_SEPARATOR } from '../../reports/model';
import { formatMonthDay } from '../../reports/week';
import { ACTION_IDS } from '../ids';
import type { HomeView, KnownBlock } from '../types';
import type { WeekStatus } from '../weekStatus';
import { mrkdwnWithMentions } from '../entities';
import { SLACK_LIMITS, contextBlock, escapeMrkdwn, fitBlocks, mrkdwnSection, mrkdwnSections } from './limits';
import { STATUS_LABELS } from './submission';

type OpenItem = ReturnType<KnowledgeBaseApi['openItemsFor']>[number];

function openItemLine(item: OpenItem): string {
  const status = STATUS_LABELS[item.status as keyof typeof STATUS_LABELS] ?? '';
  const dates = item.dates.map((d) => formatMonthDay(d)).join('，');
  const facts = [dates && `计划 ${dates}`, status, item.weekLabel].filter(Boolean).join(' · ');
  const where = item.section ? `${item.section}${SECTION_SEPARATOR}` : '';
  return `• ${mrkdwnWithMentions(where + item.text)}${facts ? ` — _${escapeMrkdwn(facts)}_` : ''}`;
}

export function homeView(input: { status: WeekStatus; mine: ReportSummary | null; openItems: OpenItem[] }): HomeView {
  const { status, mine, openItems } = input;
  const week = `*${escapeMrkdwn(status.team)} ${escapeMrkdwn(status.week.weekLabel)}*（截至 ${formatMonthDay(status.week.reportDate)}）`;
  const state = mine
    ? `✅ 你已提交本周周报：${mine.itemCount} 项，第 ${mine.version} 版，更新于 ${formatMonthDay(mine.updatedAt)} ${mine.updatedAt.slice(11, 16)}。`
    : '⏳ 你还没有提交本周周报。';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: '周报助手' } },
    {
      type: 'section',
      block_id: 'week_state',
      text: { type: 'mrkdwn', text: `本周 ${week}\n${state}` },
      accessory: {
        type: 'button',
        action_id: ACTION_IDS.openSubmitModal,
        text: { type: 'plain_text', text: mine ? '替换周报' : '提交周报' },
        ...(mine ? {} : { style: 'primary' as const }),
        value: 'home',
      },
    },
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: '你的待跟进事项' } },
    ...(openItems.length ? mrkdwnSections(openItems.map(openItemLine).join('\n')) : [mrkdwnSection('没有计划中、尚未完成的事项。')]),
    { type: 'divider' },
  ];
  const help = contextBlock(['在频道里 @我 提问（例如「光大备份通道什么时候上线」），或把周报正文 / .md 文件私信发给我。`/zhoubao help` 查看全部用法。']);
  return { type: 'home', blocks: fitBlocks(blocks, SLACK_LIMITS.viewBlocks, [help]) };
}
