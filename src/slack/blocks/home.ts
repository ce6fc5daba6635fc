/** The App Home tab: this week's submission state for the viewer, their open items, a submit button. */
import type { KnowledgeBaseApi, ReportSummary } from '../../services/knowledgeBaseTypes';
import { SECTION_SEPARATOR } from '../../domain/reports/model';
import { formatMonthDay } from '../../domain/calendar';
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

/** The team's week on App Home: the digest of its latest changes (this week's, or the latest week's, labelled). */
export interface HomeChanges {
  /** The week compared (第49周): the full list is asked for by it */
  weekLabel: string;
  summary: string;
  details: string[];
}

/** Lines of the week's changes shown on App Home; the rest are counted, the full list is one question away. */
export const HOME_CHANGE_LINES = 5;

function submittedLine(status: WeekStatus): string {
  const members = [...new Set(status.reports.map((r) => r.submittedBy).filter((u): u is string => Boolean(u)))];
  const teamReport = status.reports.some((r) => !r.submittedBy);
  const who = members.map((u) => (/^[UW][A-Z0-9]+$/.test(u) ? `<@${u}>` : escapeMrkdwn(u)));
  if (!who.length && !teamReport) return '本周还没有人提交周报。';
  const parts = [who.length ? `已提交（${who.length} 人）：${who.join('、')}` : '', teamReport ? '团队周报已入库' : ''].filter(Boolean);
  return parts.join('；') + '。';
}

function changesBlocks(team: string, changes: HomeChanges | null): KnownBlock[] {
  if (!changes) return [mrkdwnSection('还没有可比较的两周周报。')];
  const shown = changes.details.slice(0, HOME_CHANGE_LINES).map((l) => `• ${escapeMrkdwn(l)}`);
  const more = changes.details.length - shown.length;
  return [
    ...mrkdwnSections([escapeMrkdwn(changes.summary), ...shown].join('\n')),
    ...(more > 0 ? [contextBlock([`还有 ${more} 项：在频道里 @我 问「${escapeMrkdwn(team)}${escapeMrkdwn(changes.weekLabel)}有什么变化」查看全部。`])] : []),
  ];
}

export function homeView(input: { status: WeekStatus; mine: ReportSummary | null; openItems: OpenItem[]; changes?: HomeChanges | null }): HomeView {
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
    mrkdwnSection(`👥 ${submittedLine(status)}`, 'team_submitted'),
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: '你的待跟进事项' } },
    ...(openItems.length ? mrkdwnSections(openItems.map(openItemLine).join('\n')) : [mrkdwnSection('没有计划中、尚未完成的事项。')]),
    { type: 'divider' },
    ...(input.changes !== undefined ? [{ type: 'header', text: { type: 'plain_text', text: '团队周报的变化' } } as KnownBlock, ...changesBlocks(status.team, input.changes), { type: 'divider' } as KnownBlock] : []),
  ];
  const help = contextBlock(['在频道里 @我 提问（例如「光大备份通道什么时候上线」），或把周报正文 / .md 文件私信发给我。`/zhoubao help` 查看全部用法。']);
  return { type: 'home', blocks: fitBlocks(blocks, SLACK_LIMITS.viewBlocks, [help]) };
}
