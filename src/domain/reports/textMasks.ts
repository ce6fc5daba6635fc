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

/**
 * A two-part number after a word that introduces a version ("升级至 1.27", "Kubernetes 1.27",
 * "JDK 1.8", "版本 2.4") is a version, not the date 1/27: a wrong date is worse than none.
 * Platform names are listed rather than "any Latin word", because "APP 12.5上线" is a date.
 */
const VERSION_IN_CONTEXT =
  /((?:版本号?|升级(?:至|到)|更新(?:至|到)|降级(?:至|到)|回滚(?:至|到)|version|release|kubernetes|k8s|golang|go|java|jdk|python|node(?:\.js)?|ios|android|chrome|redis|mysql|postgres(?:ql)?|kafka|spring\s?boot|vue|react|linux|kernel|内核|sdk|gcc|llvm|clang|cuda)\s*[:：]?\s*)(\d+\.\d+)(?![\d.])/gi;

export function maskNonDates(text: string): string {
  let out = text;
  if (out.indexOf('http') !== -1 || out.indexOf('www.') !== -1) out = out.replace(URL_LIKE, blank);
  if (out.indexOf('.') !== -1) out = out.replace(VERSION_LIKE, blank);
  return out;
}

/** maskNonDates, and versions known by the word before them: for dates only (a figure may follow 至). */
export function maskNonDatesForDates(text: string): string {
  const out = maskNonDates(text);
  return out.indexOf('.') === -1 ? out : out.replace(VERSION_IN_CONTEXT, (_match, lead: string, version: string) => lead + blank(version));
}
