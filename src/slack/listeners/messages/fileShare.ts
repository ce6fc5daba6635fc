/** A file shared in a DM: a .md/.txt file up to 1 MB, or a .docx/.pdf/.html document up to 10 MB, is the sender's weekly submission. */
import type { Logger } from '@slack/bolt';
import { fileRejectedMessage } from '../../blocks/notices';
import type { SlackContext } from '../../context';
import { readReportDocument } from '../../../adapters/import/documents';
import { ReportParseError } from '../../../domain/reports/model';
import { FileRejected, downloadFile, rejectionReason, withFileInfo } from '../../files';
import { postMessage } from '../../reply';
import { storeSubmission } from '../../submissions';
import type { SlackClient } from '../../types';
import type { DmMessage } from './shapes';
import { submissionSource } from './textMessage';

export async function handleFileShare(ctx: SlackContext, client: SlackClient, message: DmMessage, botToken: string, logger: Logger): Promise<void> {
  const shared = message.files?.[0];
  if (!shared || !message.user) return;
  if ((message.files?.length ?? 0) > 1) {
    await postMessage(client, message.channel, fileRejectedMessage('一次只能提交一个文件，请分开发送。'), message.ts);
    return;
  }
  try {
    const file = await withFileInfo(client, shared);
    const reason = rejectionReason(file);
    if (reason) {
      await postMessage(client, message.channel, fileRejectedMessage(reason), message.ts);
      return;
    }
    const bytes = await downloadFile(file, { token: botToken, apiUrl: ctx.config.slack.apiUrl });
    // A document's text (a .md/.txt file's own bytes); a corrupt document is refused with the reason.
    const { text } = await readReportDocument({ name: file.name ?? '', bytes });
    const outcome = await storeSubmission(ctx, { text, source: submissionSource(message.channel, message.ts), userId: message.user });
    await postMessage(client, message.channel, outcome.message, message.ts);
  } catch (error) {
    if (!(error instanceof FileRejected) && !(error instanceof ReportParseError)) throw error;
    logger.info(`file ${shared.id} rejected: ${error.message}`);
    await postMessage(client, message.channel, fileRejectedMessage(error.message), message.ts);
  }
}
