/**
 * The knowledge base's answering: a question (capped in length) answered as the week's changes when
 * it asks for them, else offline from the retrieval, or written by the model from the same retrieval
 * when one is configured — each after checking that the store has not moved under the caches.
 * KnowledgeBase (knowledgeBase.ts) hands ask/askStream/askSync here. Imports services, adapters,
 * domain and the kernel only.
 */
import { answerQuestion, type AnswerDeps } from './answering/answerQuestion';
import { answerWithModel } from './answering/answerWithModel';
import { answerChangesIfAsked } from './changes/ask';
import type { LlmClient } from '../adapters/llm/client';
import type { HybridRetriever } from '../adapters/search/hybridRetriever';
import type { ReportStore } from '../adapters/store/reportStore';
import type { Answer, AskContext } from '../domain/answer/model';
import type { AliasTable } from '../domain/text/aliases';
import type { Clock } from '../clock';
import type { IndexUpkeep } from './knowledgeBaseUpkeep';

/**
 * A question longer than this is not a question: its start is answered, and no reply echoes
 * thousands of characters back (the answer quotes the question when nothing is found).
 */
export const MAX_QUESTION_CHARS = 300;

export interface QuestionAnsweringDeps {
  store: ReportStore;
  retriever: HybridRetriever;
  aliases: AliasTable;
  upkeep: IndexUpkeep;
  clock: Clock;
  timeZone: string;
  llm: LlmClient | null;
  log: (message: string) => void;
}

export class QuestionAnswering {
  private readonly answerDeps: AnswerDeps;

  constructor(private readonly deps: QuestionAnsweringDeps) {
    this.answerDeps = {
      store: deps.store,
      retriever: deps.retriever,
      aliases: deps.aliases,
      clock: deps.clock,
      timeZone: deps.timeZone,
      reports: () => deps.upkeep.answerableReports(),
    };
  }

  /** Offline, or written by the model from the same retrieval when one is configured (answering/answerWithModel.ts). */
  async ask(question: string, context: AskContext = {}): Promise<Answer> {
    await this.deps.upkeep.refreshIfStale();
    question = capQuestion(question);
    const changes = this.answerChanges(question, context);
    if (changes) return changes;
    if (!this.deps.llm) return answerQuestion(question, this.answerDeps, context);
    return answerWithModel(question, context, this.modelDeps(this.deps.llm));
  }

  /** Like ask, with the model's answer so far handed to `onDelta` as it is written (offline: no calls). */
  async askStream(question: string, context: AskContext, onDelta: (textSoFar: string) => void): Promise<Answer> {
    await this.deps.upkeep.refreshIfStale();
    question = capQuestion(question);
    const changes = this.answerChanges(question, context);
    if (changes) return changes;
    if (!this.deps.llm) return answerQuestion(question, this.answerDeps, context);
    return answerWithModel(question, context, this.modelDeps(this.deps.llm), onDelta);
  }

  /** Synchronous ask for the offline path (benchmarks, batch evaluation). */
  askSync(question: string, context: AskContext = {}): Answer {
    this.deps.upkeep.refreshIfStaleSync();
    const capped = capQuestion(question);
    return this.answerChanges(capped, context) ?? answerQuestion(capped, this.answerDeps, context);
  }

  /** "本周有什么变化" / "哪些事项停滞了": the week's changes (src/changes/ask.ts), or null for any other question. */
  private answerChanges(question: string, context: AskContext): Answer | null {
    return answerChangesIfAsked(question, { store: this.deps.store, defaultTeam: context.defaultTeam, now: context.now ?? this.deps.clock(), timeZone: this.deps.timeZone });
  }

  private modelDeps(llm: LlmClient) {
    return { answerDeps: this.answerDeps, llm, log: this.deps.log };
  }
}

function capQuestion(question: string): string {
  const chars = Array.from(question);
  return chars.length <= MAX_QUESTION_CHARS ? question : chars.slice(0, MAX_QUESTION_CHARS).join('') + '…';
}
