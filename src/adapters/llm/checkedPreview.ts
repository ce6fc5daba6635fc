/**
 * What of an answer still being written may be shown. Nothing the checks have not passed is:
 * the preview is the answer's finished sentences, up to the first one that fails, where each must
 *
 * - come after at least one valid citation marker in the finished text (an answer that cites
 *   nothing is discarded at the end, so none of it is shown on the way);
 * - have every date and figure in the lines cited so far, or in the question (citations.ts);
 * - have its content words in those lines or the question (contentSupport.ts).
 *
 * These are the checks the whole answer goes through when it is complete, applied to a prefix of
 * it, so a shown sentence is never one the final check would find ungrounded for lack of a source
 * cited later. The text keeps the final answer's marker numbers (renumbered by first use), and a
 * sentence still being written, or a marker cut off half-way, is never shown.
 */
import type { StoredItem } from '../../domain/records';
import { checkCitations, ungroundedFigures } from './citations';
import { isFinished, sentenceSupported, splitSentences, supportTextOf } from './contentSupport';

/**
 * @param partial the model's text so far, as streamed
 * @param sources the sources as numbered in the prompt (sources[n - 1] is [n])
 * @param question what the cited lines may be supplemented by (the question, its translation)
 */
export function checkedPreview(partial: string, sources: StoredItem[], question: string): string {
  return checkFinished(finishedSentences(partial), sources, question);
}

/** The sentences of `partial` that are finished (the last one may still be being written). */
function finishedSentences(partial: string): string[] {
  const sentences = splitSentences(partial);
  return sentences.length && !isFinished(sentences[sentences.length - 1]) ? sentences.slice(0, -1) : sentences;
}

function checkFinished(finished: string[], sources: StoredItem[], question: string): string {
  const cited = checkCitations(finished.join(''), sources.length).cited.map((n) => sources[n - 1]);
  if (!cited.length) return '';
  const support = supportTextOf(cited, question);
  let passed = 0;
  for (const sentence of finished) {
    if (ungroundedFigures(sentence, cited, question).length || !sentenceSupported(sentence, support)) break;
    passed += 1;
  }
  return checkCitations(finished.slice(0, passed).join(''), sources.length).text;
}

/**
 * The preview of a stream, delta by delta: `push` returns the new preview when it changed, else
 * null. The checks run again only when a sentence has been finished, not on every delta.
 */
export class CheckedPreview {
  private text = '';
  private checkedUpTo = 0;
  private shown = '';

  constructor(
    private readonly sources: StoredItem[],
    private readonly question: string,
  ) {}

  push(delta: string): string | null {
    this.text += delta;
    const finished = finishedSentences(this.text);
    const length = finished.reduce((n, s) => n + s.length, 0);
    if (length === this.checkedUpTo) return null;
    this.checkedUpTo = length;
    const preview = checkFinished(finished, this.sources, this.question);
    if (preview === this.shown) return null;
    this.shown = preview;
    return preview;
  }
}
