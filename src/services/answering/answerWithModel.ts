/**
 * Answers written by a model from what the offline pipeline selected, the offline answer standing
 * in whenever the model's cannot be used:
 *
 *   (a non-Chinese question put into Chinese for retrieval) → collectAnswerEvidence → selectEvidence
 *   → the model writer (src/adapters/llm/modelWriter.ts) → its answer, or the offline writer's
 *
 * The model's answer replaces the offline one only when the model writer accepts it (real
 * citations, grounded dates and figures, supported content); otherwise the offline answer is
 * returned as it is. When the model cannot be reached (timeout, 5xx/429 after retries, connection,
 * bad request) the offline answer is returned with MODEL_UNAVAILABLE_NOTE in front. Either way one
 * usage line is logged per answer: token counts and outcome, no content.
 */
import { isContentFree } from '../../domain/answer/chitChat';
import { collectAnswerEvidence, type AnswerDeps } from './answerQuestion';
import type { Answer, AskContext } from '../../domain/answer/model';
import { writeOffline } from '../../domain/answer/offlineWriter';
import type { AnswerRequest, PartialAnswerListener } from '../../domain/answer/writer';
import { localDateIn } from '../../domain/calendar';
import { LlmError, type LlmClient } from '../../adapters/llm/client';
import { detectLanguage, type QuestionLanguage } from '../../adapters/llm/language';
import { ModelWriter } from '../../adapters/llm/modelWriter';
import { selectEvidence } from './selectEvidence';
import { UsageMeter } from '../../adapters/llm/usage';

export type { PartialAnswerListener } from '../../domain/answer/writer';

export const MODEL_UNAVAILABLE_NOTE = '（模型暂不可用，以下为离线答案）';

export interface ModelAnswerDeps {
  answerDeps: AnswerDeps;
  llm: LlmClient;
  /** Usage lines; never receives content */
  log: (line: string) => void;
  /** Where the prompt files are (default PROMPTS_DIR) */
  promptsDir?: string;
  /** Fence nonce (tests pass a fixed one) */
  nonce?: () => string;
}

export async function answerWithModel(question: string, context: AskContext, deps: ModelAnswerDeps, onPartial?: PartialAnswerListener): Promise<Answer> {
  const meter = new UsageMeter('answer', deps.llm.model);
  const model = new ModelWriter({ llm: deps.llm, meter, promptsDir: deps.promptsDir, nonce: deps.nonce });
  let evidence = collectAnswerEvidence(question, deps.answerDeps, context);
  let offline: Answer = evidence.answer;
  // 收到🙏 / thanks: chat, nothing asked; the model is not asked to find something in it.
  if (isContentFree(question)) {
    deps.log(meter.line('offline', 'chat'));
    return offline;
  }
  try {
    const knownTeams = [...new Set(deps.answerDeps.reports().map((r) => r.team))];
    const searchQuestion = await model.searchQuestion(question, knownTeams);
    if (searchQuestion !== question) evidence = collectAnswerEvidence(searchQuestion, deps.answerDeps, context);
    const selected = selectEvidence(evidence, deps.answerDeps, (item) => model.mayUse(item));
    offline = writeOffline(question, selected);
    if (!selected.items.length) {
      deps.log(meter.line('offline', 'no_evidence'));
      return inLanguage(offline, detectLanguage(question));
    }
    const request: AnswerRequest = {
      question,
      searchQuestion,
      today: localDateIn(context.now ?? deps.answerDeps.clock(), deps.answerDeps.timeZone),
      previousQuestions: context.previousQuestions ?? [],
      evidence: selected,
    };
    const written = await model.write(request, onPartial);
    if (!written.answer) {
      deps.log(meter.line('fallback', written.reason));
      return offline;
    }
    deps.log(meter.line('model', written.remark));
    return written.answer;
  } catch (error) {
    // Not a model failure (a missing prompt file, a bug): the offline answer all the same, and its kind in the log.
    deps.log(meter.line('fallback', error instanceof LlmError ? error.kind : `error:${(error as Error)?.name ?? 'unknown'}`));
    return { ...offline, answer: `${MODEL_UNAVAILABLE_NOTE}\n${offline.answer}` };
  }
}

/** A not-found answer to an English question leads with a sentence the asker can read. */
function inLanguage(answer: Answer, language: QuestionLanguage): Answer {
  if (language === 'zh' || answer.found) return answer;
  return { ...answer, answer: `Nothing in the stored reports answers this. (${answer.answer})` };
}
