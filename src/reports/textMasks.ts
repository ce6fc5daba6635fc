/**
 * What the item extractors (dates.ts, figures.ts, status.ts) share: clause boundaries, and masking of
 * links and version numbers so that "v1.2.3" or a URL's "/2023/11/30/" never read as a date or a figure.
 * Masks replace by spaces of the same length, so indexes into the text stay valid.
 */

/** ASCII or full-width digit: lines without one have no dates or figures. */
export const HAS_DIGIT = /[0-9\uff10-\uff19]/;

/** Clause boundaries: a fact and a plan in different clauses do not colour each other. */
export const CLAUSE_BOUNDARY_CODES = new Set([...'，,。；;！!？?\n'].map((ch) => ch.charCodeAt(0)));
export const isClauseBoundaryAt = (text: string, i: number) => CLAUSE_BOUNDARY_CODES.has(text.charCodeAt(i));

/** Replace a match by spaces of the same length, so indexes into the text stay valid. */
export function blank(match: string): string {
  return ' '.repeat(match.length);
}

const URL_LIKE = /(?:https?:\/\/|www\.)[^\s，。；）)]+/gi;
/** Version numbers and build tags: v1.2, V2.3.1, 1.2.3 */
const VERSION_LIKE = /\b[vV]\d+(?:\.\d+)+|(?<![\d.])\d+\.\d+\.\d+(?:\.\d+)*/g;

export function maskNonDates(text: string): string {
  let out = text;
  if (out.indexOf('http') !== -1 || out.indexOf('www.') !== -1) out = out.replace(URL_LIKE, blank);
  if (out.indexOf('.') !== -1) out = out.replace(VERSION_LIKE, blank);
  return out;
}
