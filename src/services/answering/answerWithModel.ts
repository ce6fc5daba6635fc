/**
 * Answers written by a model, grounded in what the offline pipeline retrieved:
 *
 *   (translate a non-Chinese question for retrieval) → collectAnswerEvidence → selectEvidence
 *   → fenced, numbered sources → prompts/answer.md or prompts/summary.md → the model
 *   → citation check → date/figure check → content check → Answer
 *
 * The model's answer replaces the offline one only when it cites at least one real source, every
 * date and figure in it is in the sources it cites, and each sentence's content words are there
 * too (contentSupport.ts); otherwise the offline answer is returned as it is. While it streams,
 * only whole sentences that have passed the same checks are handed out (checkedPreview.ts). When
 * the model cannot be reached (timeout, 5xx/429 after retries, connection, bad request) the
 * offline answer is returned with MODEL_UNAVAILABLE_NOTE in front. Either way one usage line is
 * logged per answer: token counts and outcome, no content.
 */
import { collectAnswerEvidence, type AnswerDeps } from './answerQuestion';
import { citationOf } from '../../domain/answer/compose';
import type { Answer, AskContext } from '../../domain/answer/model';
import type { StoredReport } from '../../domain/records';
import { localDateIn } from '../../domain/calendar';
import { checkCitations, ungroundedFigures } from '../../adapters/llm/citations';
import { CheckedPreview } from '../../adapters/llm/checkedPreview';
import { LlmError, type LlmClient } from '../../adapters/llm/client';
import { unsupportedSentences } from '../../adapters/llm/contentSupport';
import { fenceSources, flatten, newNonce } from '../../adapters/llm/evidence';
import { looksLikeInstruction } from '../../adapters/llm/injection';
import { detectLanguage, languageName, type QuestionLanguage } from '../../adapters/llm/language';
import { loadPrompt, renderPrompt } from '../../adapters/llm/prompts';
import { selectEvidence, type EvidenceKind } from './storeEvidence';
import { UsageMeter } from '../../adapters/llm/usage';

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

/**
 * Called while the answer streams with the part of it that has passed the checks so far (whole
 * sentences, markers checked and renumbered); called again only when that part changes.
 */
export type PartialAnswerListener = (textSoFar: string) => void;

const TASKS: Record<Exclude<EvidenceKind, 'answer'>, string> = {
  summary: 'Summarise the reports the sources come from, as the request asks.',
  list: 'List the items the request asks for, one per line, each with its team and week.',
  timeline: 'Tell how the subject of the request progressed, week by week, oldest first, ending with where it stands now.',
};

export async function answerWithModel(question: string, context: AskContext, deps: ModelAnswerDeps, onPartial?: PartialAnswerListener): Promise<Answer> {
  const language = detectLanguage(question);
  const meter = new UsageMeter('answer', deps.llm.model);
  let evidence = collectAnswerEvidence(question, deps.answerDeps, context);
  let offline: Answer = evidence.answer;
  try {
    // Retrieval understands Chinese; a question in another language is searched in translation.
    const searchQuestion = language === 'zh' ? question : await translateQuestion(question, deps, meter);
    if (searchQuestion !== question) evidence = collectAnswerEvidence(searchQuestion, deps.answerDeps, context);
    const selected = selectEvidence(evidence, deps.answerDeps);
    offline = { ...selected.fallback, question };
    if (!selected.items.length) {
      deps.log(meter.line('offline', 'no_evidence'));
      return inLanguage(offline, language);
    }
    const fenced = fenceSources(selected.items, { nonce: deps.nonce?.() ?? newNonce(), latestReportByTeam: withoutInstructions(evidence.latestReportByTeam) });
    const asked = `${question}\n${searchQuestion}`;
    const values: Record<string, string> = {
      language: languageName(language),
      today: localDateIn(context.now ?? deps.answerDeps.clock(), deps.answerDeps.timeZone),
      fence_open: fenced.open,
      fence_close: fenced.close,
      question: flatten(question),
      previous_questions: (context.previousQuestions ?? []).map(flatten).join(' / ') || '（无）',
      sources: fenced.text,
    };
    if (selected.kind !== 'answer') values.task = TASKS[selected.kind];
    const prompt = renderPrompt(loadPrompt(selected.kind === 'answer' ? 'answer' : 'summary', deps.promptsDir), values);
    const request = {
      purpose: selected.kind,
      messages: [
        { role: 'system' as const, content: prompt.system },
        { role: 'user' as const, content: prompt.user },
      ],
    };
    const preview = new CheckedPreview(fenced.items, asked);
    const result = onPartial
      ? await deps.llm.stream(request, (delta) => {
          const shown = preview.push(delta);
          if (shown !== null) onPartial(shown);
        })
      : await deps.llm.complete(request);
    meter.add(result);

    const checked = checkCitations(result.content, fenced.items.length);
    if (!checked.cited.length) {
      deps.log(meter.line('fallback', 'no_valid_citation'));
      return offline;
    }
    const cited = checked.cited.map((n) => fenced.items[n - 1]);
    if (ungroundedFigures(checked.text, cited, asked).length) {
      deps.log(meter.line('fallback', 'ungrounded_figures'));
      return offline;
    }
    if (unsupportedSentences(checked.text, cited, asked).length) {
      deps.log(meter.line('fallback', 'unsupported_content'));
      return offline;
    }
    deps.log(meter.line('model', checked.dropped ? 'dropped_markers' : undefined));
    return { question, found: true, answer: checked.text, citations: cited.map(citationOf) };
  } catch (error) {
    const failure = error instanceof LlmError ? error : null;
    if (failure) meter.add(failure);
    // Not a model failure (a missing prompt file, a bug): the offline answer all the same, and its kind in the log.
    deps.log(meter.line('fallback', failure ? failure.kind : `error:${(error as Error)?.name ?? 'unknown'}`));
    return { ...offline, answer: `${MODEL_UNAVAILABLE_NOTE}\n${offline.answer}` };
  }
}

async function translateQuestion(question: string, deps: ModelAnswerDeps, meter: UsageMeter): Promise<string> {
  const teams = [...new Set(deps.answerDeps.reports().map((r) => r.team))].filter((t) => !looksLikeInstruction(t));
  const prompt = renderPrompt(loadPrompt('translate-question', deps.promptsDir), { teams: teams.join('、') || '（无）', question: flatten(question) });
  const result = await deps.llm.complete({
    purpose: 'translate',
    messages: [
      { role: 'system', content: prompt.system },
      { role: 'user', content: prompt.user },
    ],
  });
  meter.add(result);
  // One line of Chinese; anything else (an explanation, an empty reply) leaves the question as asked.
  const line = flatten(result.content.split('\n').find((l) => l.trim()) ?? '').replace(/^["'“‘「]+|["'”’」]+$/g, '');
  return /\p{Script=Han}/u.test(line) && line.length <= 200 ? line : question;
}

/** Each team's latest report, for the fence's "latest report" line, without a team or week label written as an instruction. */
function withoutInstructions(latest: Map<string, StoredReport>): Map<string, StoredReport> {
  return new Map([...latest].filter(([, r]) => !looksLikeInstruction(r.team) && !looksLikeInstruction(r.weekLabel)));
}

/** A not-found answer to an English question leads with a sentence the asker can read. */
function inLanguage(answer: Answer, language: QuestionLanguage): Answer {
  if (language === 'zh' || answer.found) return answer;
  return { ...answer, answer: `Nothing in the stored reports answers this. (${answer.answer})` };
}
