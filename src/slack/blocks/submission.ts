/**
 * What the bot understood from a submission: the week it was stored under, every item with its
 * section, dates and status, and buttons to undo or replace it. Shown in a thread under the
 * submission (DM) or in a DM (modal), so a wrong reading is noticed the same day.
 */
import type { IngestResult, ReportSummary } from '../../services/knowledgeBaseTypes';
import { SECTION_SEPARATOR, type ItemStatus, type ReportItem } from '../../domain/reports/model';
import { formatMonthDay } from '../../domain/calendar';
import { ACTION_IDS } from '../ids';
import type { KnownBlock, SlackMessage } from '../types';
import { mrkdwnWithMentions } from '../entities';
import { SLACK_LIMITS, contextBlock, escapeMrkdwn, fitBlocks, messageText, mrkdwnSection, mrkdwnSections } from './limits';

/** A receipt lists at most this many items; the rest are saved all the same. */
const MAX_ITEMS_LISTED = 150;

export const STATUS_LABELS: Record<ItemStatus, string> = {
  launched: '已上线',
  testing: '测试中',
  in_progress: '进行中',
  planned: '计划',
  done: '已完成',
  delayed: '延期',
  blocked: '受阻',
  cancelled: '已取消',
  unknown: '',
};

/** "预计 11/30 上线" / "11/23 提测" */
export function formatItemDate(date: ReportItem['dates'][number]): string {
  return `${date.planned ? '预计 ' : ''}${formatMonthDay(date.iso)}${date.event ? ` ${date.event}` : ''}`;
}

/** "• O1 业务交付 › 银联签约支付：已于11/22上线 — 11/22 上线 · 已上线 · 负责人 张三 · 99.9%" */
export function itemLine(item: ReportItem): string {
  const where = item.sectionPath.length ? `${item.sectionPath.join(SECTION_SEPARATOR)}${SECTION_SEPARATOR}` : '';
  const facts = [
    item.dates.map(formatItemDate).join('，'),
    STATUS_LABELS[item.status],
    item.owner ? `负责人 ${item.owner}` : '',
    item.metrics.map((m) => `${m.label ? `${m.label} ` : ''}${m.text}`).join('，'),
  ]
    .filter(Boolean)
    .join(' · ');
  // Mentions in the item (`<@U…>`) stay mentions; everything else is shown as written.
  return `• ${mrkdwnWithMentions(where + item.text)}${facts ? ` — _${escapeMrkdwn(facts)}_` : ''}`;
}

/** "*支付中心 第50周*（截至 12/8）" */
export function weekTitle(report: Pick<ReportSummary, 'team' | 'weekLabel' | 'reportDate'>): string {
  return `*${escapeMrkdwn(report.team)} ${escapeMrkdwn(report.weekLabel)}*（截至 ${formatMonthDay(report.reportDate)}）`;
}

function outcomeNote(result: IngestResult): string {
  switch (result.outcome) {
    case 'replaced':
      return `本周之前的提交已被替换（现为第 ${result.report.version} 版）。`;
    case 'unchanged':
      return '内容与已保存的版本相同，没有变化。';
    default:
      return '';
  }
}

export function submissionReceipt(result: IngestResult): SlackMessage {
  const { report, parsed } = result;
  const headline = `✅ 已收到${weekTitle(report)}的周报，识别出 *${report.itemCount}* 项。${outcomeNote(result)}`;
  const shown = parsed.items.slice(0, MAX_ITEMS_LISTED).map(itemLine);
  if (parsed.items.length > MAX_ITEMS_LISTED) shown.push(`…另有 ${parsed.items.length - MAX_ITEMS_LISTED} 项未列出（已全部保存）。`);
  const items = shown.join('\n');
  // The guesses made while reading it (a date taken from a file name, a year inferred): the same
  // warnings `zhoubao parse` prints, so a wrong guess is noticed the same day.
  const warnings = parsed.warnings.length ? [contextBlock(parsed.warnings.map((w) => `⚠️ ${escapeMrkdwn(w)}`))] : [];
  const body: KnownBlock[] = [mrkdwnSection(headline), ...(items ? mrkdwnSections(items) : []), ...warnings];
  const tail: KnownBlock[] = [
    contextBlock(['识别有误？编辑原消息即可更新，删除原消息即撤回；也可以点「替换」重新提交。']),
    {
      type: 'actions',
      block_id: 'submission_actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.undoSubmission,
          text: { type: 'plain_text', text: '撤销' },
          style: 'danger',
          value: String(report.id),
          confirm: {
            title: { type: 'plain_text', text: '撤销这份周报？' },
            text: { type: 'mrkdwn', text: `${weekTitle(report)}的周报将从知识库删除。` },
            confirm: { type: 'plain_text', text: '撤销' },
            deny: { type: 'plain_text', text: '取消' },
          },
        },
        { type: 'button', action_id: ACTION_IDS.replaceSubmission, text: { type: 'plain_text', text: '替换' }, value: String(report.id) },
      ],
    },
  ];
  const text = `已收到 ${report.team} ${report.weekLabel} 的周报，识别出 ${report.itemCount} 项。${outcomeNote(result)}`;
  return { text: messageText(text), blocks: fitBlocks(body, SLACK_LIMITS.messageBlocks, tail) };
}

export function plainMessage(text: string): SlackMessage {
  return { text: messageText(text), blocks: mrkdwnSections(escapeMrkdwn(text)) };
}

export function submissionRejected(reason: string): SlackMessage {
  return plainMessage(
    `⚠️ 没能把这条消息读成周报：${reason}\n` +
      '周报的写法：每个事项一行，用「-」或「1.」开头，可以用「## 标题」分组，例如：\n' +
      '## O1 业务交付\n- 代扣通道冗余：光大备份通道已于11/23上线\n- 退款链路改造：预计11/30上线',
  );
}

export function submissionUndone(report: ReportSummary): SlackMessage {
  const text = `↩️ 已撤销 ${report.team} ${report.weekLabel}（截至 ${formatMonthDay(report.reportDate)}）的周报，${report.itemCount} 项已从知识库删除。`;
  return plainMessage(text);
}

export function submissionWithdrawn(report: ReportSummary): SlackMessage {
  const text = `🗑️ 原消息已删除，${report.team} ${report.weekLabel}（截至 ${formatMonthDay(report.reportDate)}）的周报已从知识库撤回。`;
  return plainMessage(text);
}

/** `message` with a lead line above it (text and blocks), e.g. "已按修改后的内容更新". */
export function withLead(message: SlackMessage, lead: string): SlackMessage {
  return {
    text: messageText(`${lead}${message.text}`),
    blocks: fitBlocks([mrkdwnSection(escapeMrkdwn(lead)), ...message.blocks], SLACK_LIMITS.messageBlocks),
  };
}
