/**
 * @mention in a channel: answered in a thread under the question. A mention inside a thread is a
 * follow-up, read with the thread's earlier questions. (Classified in classify.ts, queued by
 * dispatch.ts; an owner's answer in a follow-up thread never gets here.)
 */
import { postAnswer } from '../../answering';
import { askFailedMessage } from '../../blocks/notices';
import type { MessageRequest } from '../../classify';
import type { SlackContext } from '../../context';
import { addReaction, postQuietly } from '../../reply';
import { previousQuestionsInThread, threadKey } from '../../threadContext';
import type { SlackClient } from '../../types';

type QuestionRequest = Extract<MessageRequest, { kind: 'question' }>;

export async function answerMention(ctx: SlackContext, client: SlackClient, request: QuestionRequest, botUserId: string | undefined): Promise<void> {
  const { channel, ts, threadTs: askedInThread, question } = request;
  const threadTs = askedInThread ?? ts;
  try {
    const reacting = addReaction(client, channel, ts, 'eyes', ctx.logger);
    const key = threadKey(channel, threadTs);
    const previous = askedInThread
      ? ((await previousQuestionsInThread(client, { channel, threadTs: askedInThread, beforeTs: ts, botUserId, isDirectMessage: false })) ?? ctx.conversations.recent(key))
      : [];
    await postAnswer(ctx, client, channel, question, previous, threadTs);
    if (question) ctx.conversations.remember(key, question);
    await reacting;
  } catch (error) {
    ctx.logger.error('handling a mention failed:', error);
    await postQuietly(client, ctx.logger, channel, askFailedMessage(), threadTs);
  }
}
