/** A file shared in a DM: a .md/.txt file up to 1 MB, or a .docx/.pdf/.html document up to 10 MB, is the sender's weekly submission. */
import type { Logger } from '@slack/bolt';
import { fileRejectedMessage } from '../../blocks/notices';
import type { MessageRequest } from '../../classify';
import type { SlackContext } from '../../context';
import { FileRejected, downloadFile, rejectionReason, withFileInfo } from '../../files';
import { postMessage } from '../../reply';
import { messageSource, postSubmissionFollowups, submitFromSlack } from '../../submissions';
import type { SlackClient } from '../../types';

type FileRequest = Extract<MessageRequest, { kind: 'reportFile' }>;

export async function handleFileShare(ctx: SlackContext, client: SlackClient, request: FileRequest, botToken: string, logger: Logger): Promise<void> {
  const [shared] = request.files;
  if (request.files.length > 1) {
    await postMessage(client, request.channel, fileRejectedMessage('一次只能提交一个文件，请分开发送。'), request.ts);
    return;
  }
  let bytes: Buffer;
  let name: string;
  try {
    const file = await withFileInfo(client, shared);
    const reason = rejectionReason(file);
    if (reason) {
      await postMessage(client, request.channel, fileRejectedMessage(reason), request.ts);
      return;
    }
    bytes = await downloadFile(file, { token: botToken, apiUrl: ctx.config.slack.apiUrl });
    name = file.name ?? '';
  } catch (error) {
    if (!(error instanceof FileRejected)) throw error;
    logger.info(`file ${shared.id} rejected: ${error.message}`);
    await postMessage(client, request.channel, fileRejectedMessage(error.message), request.ts);
    return;
  }
  // A document's text is read by the submission service; a corrupt document is refused with the reason.
  const submission = await submitFromSlack(ctx, { userId: request.user, source: messageSource(request.channel, request.ts), file: { name, bytes } });
  if (!submission.ok && submission.reason === 'unreadable') logger.info(`file ${shared.id} rejected: ${submission.message.text}`);
  await postMessage(client, request.channel, submission.message, request.ts);
  await postSubmissionFollowups(ctx, client, submission, request.user, request.channel, request.ts);
}
