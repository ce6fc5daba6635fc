/**
 * The seam between choosing evidence and writing an answer from it. The answering service
 * (src/services/answering) understands the question, retrieves and selects the items that bear on
 * it; a writer turns that selection into an Answer. The model writer (src/adapters/llm/
 * modelWriter.ts) has a model write from it and keeps what it wrote only when it passes the checks;
 * the offline writer (offlineWriter.ts) gives the composed answer, and stands in whenever the
 * model's cannot be used. Types only: no I/O here.
 */
import type { StoredItem, StoredReport } from '../records';
import type { Answer } from './model';

/** What the selection is for, which decides how a writer presents it. */
export type EvidenceKind = 'answer' | 'summary' | 'list' | 'timeline';

export interface SelectedEvidence {
  kind: EvidenceKind;
  /** The items a writer may use, in the order they are shown; none when nothing bears on the question */
  items: StoredItem[];
  /** Each team's latest report, so a writer can tell "not mentioned since" */
  latestReportByTeam: Map<string, StoredReport>;
  /** The answer the offline pipeline composed while selecting (a not-found reason when it found nothing) */
  composed: Answer;
}

export interface AnswerRequest {
  /** The question as asked */
  question: string;
  /** The question as it was searched with (a non-Chinese question in translation; else the same) */
  searchQuestion: string;
  /** The asker's local date, ISO: what 本周 and 上周 are read against */
  today: string;
  /** Earlier questions of the conversation, oldest first */
  previousQuestions: string[];
  evidence: SelectedEvidence;
}

/**
 * Called while an answer is being written with the part of it that has passed the checks so far;
 * called again only when that part changes.
 */
export type PartialAnswerListener = (textSoFar: string) => void;

/**
 * A written answer (with a remark worth logging about it, such as markers that were dropped), or
 * why the writer's draft is not to be used: the caller then gives the offline answer.
 */
export type WriteResult = { answer: Answer; remark?: string } | { answer: null; reason: string };

export interface AnswerWriter {
  /** Whether the writer may be handed this item at all (a model is never shown a line written to steer it) */
  mayUse(item: StoredItem): boolean;
  /** Throws when the writer cannot be reached; the caller gives the offline answer with a note. */
  write(request: AnswerRequest, onPartial?: PartialAnswerListener): Promise<WriteResult>;
}
