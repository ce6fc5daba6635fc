/** Asking the knowledge base and turning the result into a Slack message, for every way of asking. */
import type { SlackContext } from './context';
import { answerMessage } from './blocks/answer';
import { askFailedMessage, emptyQuestionMessage } from './blocks/notices';
import type { SlackMessage } from './types';

export async function answerFor(ctx: SlackContext, question: string, previousQuestions: string[] = []): Promise<SlackMessage> {
  if (!question.trim()) return emptyQuestionMessage();
  try {
    const answer = await ctx.kb.ask(question, { previousQuestions, now: ctx.clock() });
    return answerMessage(answer);
  } catch (error) {
    ctx.logger.error('answering a question failed:', error);
    return askFailedMessage();
  }
}
