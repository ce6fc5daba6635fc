/**
 * The evaluation set (data/eval/questions.jsonl) checked against the offline answers.
 * Expectations are concrete facts (dates, numbers, weeks), never wording, so a check can fail only
 * when an answer is wrong or unsupported.
 */
import fs from 'node:fs';
import type { Answer } from '../../src/domain/answer/model';

export interface EvalQuestion {
  id: string;
  q: string;
  found: boolean;
  answer_contains?: string[];
  answer_contains_any?: string[];
  answer_not_contains?: string[];
  cite_team?: string;
  cite_week?: string;
  tags?: string[];
  now?: string;
  /** Earlier questions in the same conversation, for follow-ups */
  context?: string[];
}

export interface EvalResult {
  question: EvalQuestion;
  answer: Answer;
  problems: string[];
}

export function loadEvalQuestions(file: string): EvalQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as EvalQuestion;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}

/** What is wrong with an answer, given the expectation; empty when it passes. */
export function checkAnswer(q: EvalQuestion, a: Answer): string[] {
  const problems: string[] = [];
  if (a.found !== q.found) problems.push(`found=${a.found}, expected ${q.found}`);
  for (const s of q.answer_contains ?? []) if (!a.answer.includes(s)) problems.push(`answer lacks "${s}"`);
  const any = q.answer_contains_any ?? [];
  if (any.length && !any.some((s) => a.answer.includes(s))) problems.push(`answer has none of ${JSON.stringify(any)}`);
  for (const s of q.answer_not_contains ?? []) if (a.answer.includes(s)) problems.push(`answer must not contain "${s}"`);
  const first = a.citations[0];
  if (q.found && !first) problems.push('no citation');
  if (q.cite_team && first && first.team !== q.cite_team) problems.push(`cites team ${first.team}, expected ${q.cite_team}`);
  if (q.cite_week && first && first.week !== q.cite_week) problems.push(`cites ${first.week}, expected ${q.cite_week}`);
  if (!q.found && a.citations.length) problems.push('a not-found answer must not cite anything');
  return problems;
}

export async function evaluate(
  ask: (question: string, context: { now?: Date; previousQuestions?: string[] }) => Promise<Answer> | Answer,
  questions: EvalQuestion[],
): Promise<{ results: EvalResult[]; accuracy: number }> {
  const results: EvalResult[] = [];
  for (const question of questions) {
    const answer = await ask(question.q, { now: question.now ? new Date(question.now) : undefined, previousQuestions: question.context });
    results.push({ question, answer, problems: checkAnswer(question, answer) });
  }
  const passed = results.filter((r) => r.problems.length === 0).length;
  return { results, accuracy: questions.length ? passed / questions.length : 0 };
}
