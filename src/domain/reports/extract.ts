/**
 * Facts inside one item's text: dates (with the event they belong to), figures, and status. Each lives in
 * its own module; this one gathers them for the parser and for callers that import from here.
 * Pure functions over a single line; every regex is compiled once at module load because the parser
 * calls these for every item of every report.
 */
export { extractDates, inferYear } from './dates';
export { extractMetrics } from './figures';
export { detectStatus } from './status';
