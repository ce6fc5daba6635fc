/**
 * What the offline answering pipeline is given and what it hands on: its dependencies (store,
 * retriever, aliases, clock) and the evidence it gathered for a question, which the writers
 * (src/domain/answer/writer.ts) and the model path reuse rather than retrieving again.
 */
import type { Clock } from '../../clock';
import type { AliasTable } from '../../domain/text/aliases';
import type { HybridRetriever } from '../../adapters/search/hybridRetriever';
import type { ReportStore } from '../../adapters/store/reportStore';
import type { StoredItem, StoredReport } from '../../domain/records';
import type { Answer } from '../../domain/answer/model';
import type { QuestionAnalysis } from '../../domain/answer/question';
import type { ResolvedScope } from '../../domain/answer/scope';

export interface AnswerDeps {
  store: ReportStore;
  retriever: HybridRetriever;
  aliases: AliasTable;
  clock: Clock;
  timeZone: string;
  /** Stored reports, cached by the caller and refreshed after writes */
  reports: () => StoredReport[];
}

/**
 * What the offline path looked at for a question: its reading of the question, the reports in scope,
 * the matched items and the subject's timeline, and the answer it composed from them. The model
 * path (answerWithModel.ts) reuses this retrieval rather than running its own. `analysis` and `scope` are null
 * when the pipeline stopped before it got that far (empty question, no reports, unknown team).
 */
export interface AnswerEvidence {
  answer: Answer;
  analysis: QuestionAnalysis | null;
  scope: ResolvedScope | null;
  /** Items about the subject (or selected by scope and status), best first */
  matches: StoredItem[];
  /** The best match's subject across weeks, oldest first */
  timeline: StoredItem[];
  latestReportByTeam: Map<string, StoredReport>;
}

/** Every item of a report, from the per-question cache (itemCache.ts). */
export type ItemsOf = (reportId: number) => StoredItem[];

/** The subject's cross-week chain of an item, built once per question (identity.ts). */
export type Chains = (item: StoredItem, until?: string | null) => StoredItem[];
