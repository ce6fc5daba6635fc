/** Asking the knowledge base and turning the result into a Slack message, for every way of asking. */
import type { Answer } from '../domain/answer/model';
import { trendSeriesOf, trendSparklineOf } from '../services/changes/ask';
import { uploadSeriesChart } from './changesDigest';
import type { SlackContext } from './context';
import { answerMessage, MAX_ANSWER_CHARS } from './blocks/answer';
import { contextBlock, escapeMrkdwn, messageText, mrkdwnSections, SLACK_LIMITS, truncate } from './blocks/limits';
import { askFailedMessage, emptyQuestionMessage } from './blocks/notices';
import { postMessage } from './reply';
import type { SlackClient, SlackMessage } from './types';

export async function answerFor(ctx: SlackContext, question: string, previousQuestions: string[] = []): Promise<SlackMessage> {
  return (await askFor(ctx, question, previousQuestions)).message;
}

/** The message, and the answer it shows (null when none: an empty question, a failure). */
async function askFor(ctx: SlackContext, question: string, previousQuestions: string[]): Promise<{ message: SlackMessage; answer: Answer | null }> {
  if (!question.trim()) return { message: emptyQuestionMessage(), answer: null };
  try {
    const answer = await ctx.kb.ask(question, { previousQuestions, now: ctx.clock() });
    return { message: withSparkline(answerMessage(answer), answer), answer };
  } catch (error) {
    ctx.logger.error('answering a question failed:', error);
    return { message: askFailedMessage(), answer: null };
  }
}

/** A trend answer shows its sparkline too: the chart comes after, and an ephemeral reply gets none. */
function withSparkline(message: SlackMessage, answer: Answer): SlackMessage {
  const line = trendSparklineOf(answer);
  if (!line || message.blocks.length >= SLACK_LIMITS.messageBlocks) return message;
  return { ...message, blocks: [...message.blocks, contextBlock([escapeMrkdwn(line)])] };
}

/**
 * A trend answer's chart (PNG) uploaded into the thread under the answer. A failed upload is only
 * logged: the answer, with its sparkline, is already there.
 */
async function postTrendChart(ctx: SlackContext, client: SlackClient, channel: string, threadTs: string | undefined, answer: Answer | null): Promise<void> {
  const series = answer ? trendSeriesOf(answer) : null;
  if (!answer || !series || !threadTs) return;
  try {
    const teams = new Set(answer.citations.map((c) => c.team));
    const title = teams.size === 1 ? `${[...teams][0]} · ${series.label}` : series.label;
    await uploadSeriesChart(client, channel, threadTs, title, series.unit, series.points);
  } catch (error) {
    ctx.logger.error(`uploading the chart of ${series.label} failed:`, error);
  }
}

/**
 * Shortest interval between two updates of a streamed answer. Slack rate-limits chat.update per
 * channel (about one call a second sustained); updating every ~500 ms keeps the answer moving
 * without 429s.
 */
export const STREAM_UPDATE_INTERVAL_MS = 500;

/**
 * Answer `question` in `channel` (in `threadTs`). Offline, or without a model: one message with the
 * answer. With a model: a placeholder first, updated with the answer as the model writes it
 * (at most every STREAM_UPDATE_INTERVAL_MS), and finally replaced by the checked answer with its
 * sources and buttons, which may differ from the streamed text (a fallback to the offline answer).
 */
export async function postAnswer(
  ctx: SlackContext,
  client: SlackClient,
  channel: string,
  question: string,
  previousQuestions: string[],
  threadTs?: string,
): Promise<void> {
  const { kb } = ctx;
  if (!question.trim() || !kb.askStream || !kb.llmEnabled?.()) {
    const { message, answer } = await askFor(ctx, question, previousQuestions);
    const ts = await postMessage(client, channel, message, threadTs);
    await postTrendChart(ctx, client, channel, threadTs ?? ts, answer);
    return;
  }
  const ts = await postMessage(client, channel, streamingMessage(''), threadTs);
  if (!ts) {
    await postMessage(client, channel, await answerFor(ctx, question, previousQuestions), threadTs);
    return;
  }
  const update = (message: SlackMessage) => client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
  const partials = throttled(STREAM_UPDATE_INTERVAL_MS, async (text: string) => {
    try {
      await update(streamingMessage(text));
    } catch (error) {
      ctx.logger.debug(`chat.update of a streamed answer failed: ${(error as Error).message}`);
    }
  });
  let final: SlackMessage;
  let answer: Answer | null = null;
  try {
    answer = await kb.askStream(question, { previousQuestions, now: ctx.clock() }, partials.push);
    final = withSparkline(answerMessage(answer), answer);
  } catch (error) {
    ctx.logger.error('answering a question failed:', error);
    final = askFailedMessage();
  }
  await partials.close();
  await update(final);
  await postTrendChart(ctx, client, channel, threadTs ?? ts, answer);
}

/** The answer so far, marked as still being written (or a placeholder before the first words). */
function streamingMessage(textSoFar: string): SlackMessage {
  const status = textSoFar ? '✍️ 正在生成答案，核对来源后定稿…' : '🔎 正在查找相关周报…';
  const body = textSoFar ? mrkdwnSections(truncate(escapeMrkdwn(textSoFar), MAX_ANSWER_CHARS)) : [];
  return { text: messageText(textSoFar || status), blocks: [...body, contextBlock([status])] };
}

/**
 * Calls `send` with the latest pushed value, at most once per `intervalMs` and never two at a
 * time; values pushed in between are coalesced into the latest. `close` drops what is pending and
 * waits for a send in flight, so a final update cannot be overtaken by a stale partial one.
 */
function throttled<T>(intervalMs: number, send: (value: T) => Promise<void>) {
  let pending: { value: T } | null = null;
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let lastSent = -Infinity;
  let closed = false;
  const schedule = () => {
    if (timer || inFlight || closed || !pending) return;
    timer = setTimeout(flush, Math.max(0, lastSent + intervalMs - performance.now()));
  };
  const flush = () => {
    timer = undefined;
    if (closed || !pending) return;
    const { value } = pending;
    pending = null;
    // Elapsed time (monotonic), not the time of day: the stream's pace, not a date.
    lastSent = performance.now();
    inFlight = send(value).finally(() => {
      inFlight = null;
      schedule();
    });
  };
  return {
    push: (value: T) => {
      pending = { value };
      schedule();
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
