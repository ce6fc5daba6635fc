/** The submit-report modal and the modal that shows an answer's cited original lines. */
import type { ReportSummary } from '../../services/knowledgeBaseTypes';
import { formatMonthDay } from '../../domain/calendar';
import { SUBMIT_INPUT, VIEW_IDS } from '../ids';
import type { KnownBlock, ModalView } from '../types';
import type { SourceValue } from './answer';
import { mrkdwnWithMentions } from '../entities';
import { SLACK_LIMITS, contextBlock, escapeMrkdwn, fitBlocks, mrkdwnSection, truncate } from './limits';

/** Slack's limit on a plain_text_input's length; longer reports go by file. */
export const SUBMIT_MAX_CHARS = 3000;

export interface SubmitModalOptions {
  team: string;
  week: { weekLabel: string; reportDate: string };
  /** The report this submission will replace, when there is one this week */
  replacing?: ReportSummary | null;
}

export function submitReportModal(options: SubmitModalOptions): ModalView {
  const { team, week, replacing } = options;
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `本周：*${escapeMrkdwn(team)} ${escapeMrkdwn(week.weekLabel)}*（截至 ${formatMonthDay(week.reportDate)}）。\n` +
        '粘贴周报正文：每个事项一行，用「-」或「1.」开头，可以用「## 标题」分组。',
    ),
  ];
  if (replacing) {
    blocks.push(contextBlock([`提交后将替换本周已提交的周报（${replacing.itemCount} 项，第 ${replacing.version} 版）。`]));
  }
  blocks.push({
    type: 'input',
    block_id: SUBMIT_INPUT.blockId,
    label: { type: 'plain_text', text: '周报内容' },
    hint: { type: 'plain_text', text: `最多 ${SUBMIT_MAX_CHARS} 字；更长的周报请把 .md 文件私信发给我。` },
    element: {
      type: 'plain_text_input',
      action_id: SUBMIT_INPUT.actionId,
      multiline: true,
      max_length: SUBMIT_MAX_CHARS,
      placeholder: { type: 'plain_text', text: '## O1 业务交付\n- 退款链路改造：已于11/23提测，预计11/30上线' },
    },
  });
  return {
    type: 'modal',
    callback_id: VIEW_IDS.submitReport,
    title: { type: 'plain_text', text: replacing ? '替换周报' : '提交周报' },
    submit: { type: 'plain_text', text: '提交' },
    close: { type: 'plain_text', text: '取消' },
    blocks,
  };
}

export function sourceLinesModal(source: SourceValue): ModalView {
  const blocks: KnownBlock[] = [mrkdwnSection(`*问题*：${mrkdwnWithMentions(source.q)}`)];
  for (const line of source.l) {
    blocks.push(contextBlock([`📄 ${escapeMrkdwn(line.s)}`]));
    blocks.push(mrkdwnSection(`>${mrkdwnWithMentions(line.t).replace(/\n/g, '\n>')}`));
  }
  if (!source.l.length) blocks.push(mrkdwnSection('这个回答没有引用原文。'));
  return {
    type: 'modal',
    callback_id: VIEW_IDS.sourceLines,
    title: { type: 'plain_text', text: truncate('周报原文', SLACK_LIMITS.modalTitle) },
    close: { type: 'plain_text', text: '关闭' },
    blocks: fitBlocks(blocks, SLACK_LIMITS.viewBlocks),
  };
}
