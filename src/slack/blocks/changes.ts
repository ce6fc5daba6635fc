/**
 * The week's changes in Slack: the channel message (the digest's one-line summary) and the thread
 * messages that carry every detail line, each with the report line it cites. Pure.
 */
import type { ChangesDigest } from '../../domain/changes/digest';
import type { SlackMessage } from '../types';
import { contextBlock, escapeMrkdwn, messageText, mrkdwnSection, mrkdwnSections, splitText, SLACK_LIMITS } from './limits';

export function changesSummaryMessage(digest: ChangesDigest): SlackMessage {
  const summary = escapeMrkdwn(digest.summary);
  return {
    text: messageText(`📈 本周变化：${digest.summary}`),
    blocks: [mrkdwnSection(`📈 *本周变化*\n${summary}`), contextBlock([`每一项的详情与出处见本消息的回复（共 ${digest.details.length} 项）。`])],
  };
}

/** The detail lines, as few thread messages as the section limits allow (one line never split). */
export function changesDetailMessages(digest: ChangesDigest): SlackMessage[] {
  const text = digest.details.map((line) => `• ${escapeMrkdwn(line)}`).join('\n');
  // Slack shows up to 50 blocks per message; a digest of a few dozen lines fits in one or two.
  const chunks = splitText(text, SLACK_LIMITS.sectionText * 10);
  return chunks.map((chunk) => ({ text: messageText(chunk), blocks: mrkdwnSections(chunk) }));
}
