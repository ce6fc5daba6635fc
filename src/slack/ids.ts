/** Identifiers shared by the blocks that create interactive elements and the listeners that handle them. */
export const ACTION_IDS = {
  feedbackUp: 'feedback_up',
  feedbackDown: 'feedback_down',
  showSource: 'show_source',
  undoSubmission: 'submission_undo',
  replaceSubmission: 'submission_replace',
  openSubmitModal: 'open_submit_modal',
} as const;

export const VIEW_IDS = {
  submitReport: 'submit_report',
  sourceLines: 'source_lines',
} as const;

/** The submit modal's text input */
export const SUBMIT_INPUT = { blockId: 'report', actionId: 'text' } as const;
