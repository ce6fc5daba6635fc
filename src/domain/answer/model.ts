/** What an answer is, for every front door (CLI JSON, console, Slack blocks). */

export interface Citation {
  team: string;
  /** Week label, e.g. 第48周 */
  week: string;
  /** Report date, ISO, e.g. 2023-11-24 */
  date: string;
  /** Section path joined with " › " */
  section: string;
  /** The original line as written in the report */
  text: string;
  reportId: number;
  itemId: number;
  lineNo: number;
}

export interface Answer {
  question: string;
  found: boolean;
  /** The answer in Chinese, one or a few short sentences */
  answer: string;
  citations: Citation[];
}

/** Context carried from earlier turns of a conversation (a Slack thread, the console). */
export interface AskContext {
  /** Earlier questions in the same conversation, oldest first */
  previousQuestions?: string[];
  /** Restrict to a team unless the question names another */
  defaultTeam?: string;
  /** The time to interpret 上周 / 本周 against; defaults to the injected clock */
  now?: Date;
}
