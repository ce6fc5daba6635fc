/**
 * The model as an AnswerWriter (src/domain/answer/writer.ts):
 *
 *   selected items → fenced, numbered sources (evidence.ts) → prompts/answer.md or prompts/summary.md
 *   → the model → citation check → date/figure check → content check → Answer
 *
 * What the model wrote is used only when it cites at least one real source, every date and figure
 * in it is in the sources it cites, and each sentence's content words are there too
 * (contentSupport.ts); otherwise the result says why, and the caller gives the offline answer.
 * While it streams, only whole sentences that have passed the same checks are handed out
 * (checkedPreview.ts). A model that cannot be reached throws (LlmError), after its usage is counted.
 * It also puts a question asked in another language into Chinese, for retrieval.
 *
 * Imports: domain types and answers, the kernel and this folder; never a service.
 */
import { citationOf } from '../../domain/answer/compose';
import type { AnswerRequest, AnswerWriter, EvidenceKind, PartialAnswerListener, WriteResult } from '../../domain/answer/writer';
import type { StoredItem, StoredReport } from '../../domain/records';
import { checkCitations, ungroundedFigures } from './citations';
import { CheckedPreview } from './checkedPreview';
import { LlmError, type ChatRequest, type ChatResult, type LlmClient } from './client';
import { unsupportedSentences } from './contentSupport';
import { fenceSources, flatten, newNonce } from './evidence';
import { itemLooksLikeInstruction, looksLikeInstruction } from './injection';
import { detectLanguage, languageName } from './language';
import { loadPrompt, renderPrompt } from './prompts';
import type { UsageMeter } from './usage';

export interface ModelWriterOptions {
  llm: LlmClient;
  /** Counts every call's tokens, failed calls included; the caller logs it once per answer */
  meter: UsageMeter;
  /** Where the prompt files are (default PROMPTS_DIR) */
  promptsDir?: string;
  /** Fence nonce (tests pass a fixed one) */
  nonce?: () => string;
}

const TASKS: Record<Exclude<EvidenceKind, 'answer'>, string> = {
  summary: 'Summarise the reports the sources come from, as the request asks.',
  list: 'List the items the request asks for, one per line, each with its team and week.',
  timeline: 'Tell how the subject of the request progressed, week by week, oldest first, ending with where it stands now.',
};

export class ModelWriter implements AnswerWriter {
  constructor(private readonly options: ModelWriterOptions) {}

  /** Lines written to steer a model are not evidence of anything: they are never sent, nor a line under a heading written that way. */
  mayUse(item: StoredItem): boolean {
    return !itemLooksLikeInstruction(item);
  }

  async write(request: AnswerRequest, onPartial?: PartialAnswerListener): Promise<WriteResult> {
    const { evidence, question } = request;
    const fenced = fenceSources(evidence.items, {
      nonce: this.options.nonce?.() ?? newNonce(),
      latestReportByTeam: withoutInstructions(evidence.latestReportByTeam),
    });
    // The cited lines may be supplemented by the question, as asked and as searched.
    const asked = `${question}\n${request.searchQuestion}`;
    const values: Record<string, string> = {
      language: languageName(detectLanguage(question)),
      today: request.today,
      fence_open: fenced.open,
      fence_close: fenced.close,
      question: flatten(question),
      previous_questions: request.previousQuestions.map(flatten).join(' / ') || '（无）',
      sources: fenced.text,
    };
    if (evidence.kind !== 'answer') values.task = TASKS[evidence.kind];
    const prompt = renderPrompt(loadPrompt(evidence.kind === 'answer' ? 'answer' : 'summary', this.options.promptsDir), values);
    const chat: ChatRequest = {
      purpose: evidence.kind,
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
    };
    const preview = new CheckedPreview(fenced.items, asked);
    const result = await this.call(() =>
      onPartial
        ? this.options.llm.stream(chat, (delta) => {
            const shown = preview.push(delta);
            if (shown !== null) onPartial(shown);
          })
        : this.options.llm.complete(chat),
    );

    const checked = checkCitations(result.content, fenced.items.length);
    if (!checked.cited.length) return { answer: null, reason: 'no_valid_citation' };
    const cited = checked.cited.map((n) => fenced.items[n - 1]);
    if (ungroundedFigures(checked.text, cited, asked).length) return { answer: null, reason: 'ungrounded_figures' };
    if (unsupportedSentences(checked.text, cited, asked).length) return { answer: null, reason: 'unsupported_content' };
    return {
      answer: { question, found: true, answer: checked.text, citations: cited.map(citationOf) },
      remark: checked.dropped ? 'dropped_markers' : undefined,
    };
  }

  /** The question in Chinese for retrieval, which understands Chinese; the question itself when it is Chinese already. */
  async searchQuestion(question: string, knownTeams: string[]): Promise<string> {
    if (detectLanguage(question) === 'zh') return question;
    const teams = knownTeams.filter((t) => !looksLikeInstruction(t));
    const prompt = renderPrompt(loadPrompt('translate-question', this.options.promptsDir), { teams: teams.join('、') || '（无）', question: flatten(question) });
    const result = await this.call(() =>
      this.options.llm.complete({
        purpose: 'translate',
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
      }),
    );
    // One line of Chinese; anything else (an explanation, an empty reply) leaves the question as asked.
    const line = flatten(result.content.split('\n').find((l) => l.trim()) ?? '').replace(/^["'“‘「]+|["'”’」]+$/g, '');
    return /\p{Script=Han}/u.test(line) && line.length <= 200 ? line : question;
  }

  /** One model call, its usage counted whether it succeeds or fails. */
  private async call(send: () => Promise<ChatResult>): Promise<ChatResult> {
    try {
      const result = await send();
      this.options.meter.add(result);
      return result;
    } catch (error) {
      if (error instanceof LlmError) this.options.meter.add(error);
      throw error;
    }
  }
}

/** Each team's latest report, for the fence's "latest report" line, without a team or week label written as an instruction. */
function withoutInstructions(latest: Map<string, StoredReport>): Map<string, StoredReport> {
  return new Map([...latest].filter(([, r]) => !looksLikeInstruction(r.team) && !looksLikeInstruction(r.weekLabel)));
}
