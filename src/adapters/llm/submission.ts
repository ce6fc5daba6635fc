/**
 * Free-form submissions: a weekly update written as prose ("这周把光大备份通道上线了，11/23 切的流量；
 * 资金安全一致性还在联调，预计12/8提测。") turned into report items by the model, with a structured
 * (JSON schema) reply validated by zod, then checked against the deterministic parser:
 *
 * - every item must be a span of the text (ignoring spaces and punctuation): nothing reworded,
 *   added or translated, and together the items must cover most of the text;
 * - a section is one of STANDARD_SECTIONS or a phrase from the text;
 * - the items are re-read by parseWeeklyReport, so dates, figures and statuses come from the same
 *   extraction as any report, and the dates and figures found must be exactly those the
 *   deterministic reading of the whole text finds.
 *
 * On any failure (no model, model unavailable, invalid JSON, a failed check) the deterministic
 * reading is used and `note` says so, for the person who submitted it.
 */
import { z } from 'zod';
import { ReportParseError, type ParseOptions, type ReportItem, type WeeklyReport } from '../../domain/reports/model';
import { parseWeeklyReport } from '../../domain/reports/parse';
import type { LlmClient } from './client';
import { LlmError } from './client';
import { flatten } from './evidence';
import { loadPrompt, renderPrompt } from './prompts';
import { UsageMeter } from './usage';

export const STANDARD_SECTIONS = ['本周工作', '下周计划', '风险与问题', '其他'] as const;

export const STRUCTURED_FALLBACK_NOTE = '（没能用模型整理这段文字，已按原文逐行识别。）';

export interface SubmissionParse {
  report: WeeklyReport;
  /** True when the items came from the model (and passed every check) */
  usedModel: boolean;
  /** For the submitter when the model's reading was not used; null otherwise */
  note: string | null;
}

export interface SubmissionDeps {
  llm: LlmClient | null;
  log: (line: string) => void;
  promptsDir?: string;
}

/** What is sent as the JSON schema: no length limits, which not every server's strict mode accepts. */
const WIRE_SCHEMA = z.strictObject({
  items: z.array(z.strictObject({ section: z.string(), text: z.string() })),
});

/** What the reply must satisfy. */
export const SubmissionReplySchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        section: z.string().trim().min(1).max(30),
        text: z.string().trim().min(2).max(500),
      }),
    )
    .min(1)
    .max(60),
});
export type SubmissionReply = z.infer<typeof SubmissionReplySchema>;

/** Below this share of the text's characters in some item, the model left out too much. */
const MIN_COVERAGE = 0.6;

/**
 * A DM that is not a question and reads like a weekly update written as sentences: at least 30
 * characters, two sentences or more, and progress words (完成, 上线, 预计 …) or dates.
 */
export function looksLikeProseUpdate(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  if ([...t].length < 30) return false;
  if (/[?？]/.test(t) || /什么时候|是否|有没有|哪些|多少|吗\s*$/.test(t)) return false;
  const sentences = t.split(/[。！!；;\n]+|\.\s+/).filter((s) => s.trim().length >= 4);
  if (sentences.length < 2) return false;
  const progress = new Set(t.match(/完成|上线|投产|提测|测试|联调|开发|评审|推进|进行中|启动|延期|推迟|本周|这周|下周|计划|预计|进度/g) ?? []);
  const dated = /\d{1,2}\s*[/月]\s*\d{1,2}/.test(t);
  return progress.size >= 2 || (dated && progress.size >= 1);
}

export async function parseSubmission(text: string, options: ParseOptions, deps: SubmissionDeps): Promise<SubmissionParse> {
  const deterministic = parseWeeklyReport(text, options);
  if (!deps.llm) return { report: deterministic, usedModel: false, note: null };
  const meter = new UsageMeter('submission', deps.llm.model);
  const fallback = (reason: string): SubmissionParse => {
    deps.log(meter.line('fallback', reason));
    return { report: deterministic, usedModel: false, note: STRUCTURED_FALLBACK_NOTE };
  };

  let reply: SubmissionReply;
  try {
    const prompt = renderPrompt(loadPrompt('submission', deps.promptsDir), { sections: STANDARD_SECTIONS.join('、'), text });
    const result = await deps.llm.complete({
      purpose: 'submission',
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
      jsonSchema: { name: 'weekly_report_items', schema: jsonSchemaOf() },
    });
    meter.add(result);
    const parsed = SubmissionReplySchema.safeParse(parseJson(result.content));
    if (!parsed.success) return fallback('invalid_structured_output');
    reply = parsed.data;
  } catch (error) {
    if (error instanceof LlmError) {
      meter.add(error);
      return fallback(error.kind);
    }
    return fallback('error');
  }

  const problem = checkAgainstText(reply, text);
  if (problem) return fallback(problem);
  let structured: WeeklyReport;
  try {
    structured = rebuildReport(reply, text, deterministic, options);
  } catch (error) {
    if (error instanceof ReportParseError) return fallback('unparseable_items');
    throw error;
  }
  const mismatch = compareFacts(structured, deterministic);
  if (mismatch) return fallback(mismatch);
  deps.log(meter.line('model'));
  return { report: structured, usedModel: true, note: null };
}

function jsonSchemaOf(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(WIRE_SCHEMA) as Record<string, unknown>;
  return schema;
}

/** JSON, also when a server wraps it in a ``` fence despite the schema. */
function parseJson(content: string): unknown {
  const unfenced = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    return null;
  }
}

/** Text for comparison: NFKC, lower case, letters, digits and CJK only. */
function comparable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Null when every item is a span of the text, sections are allowed and the items cover the text. */
export function checkAgainstText(reply: SubmissionReply, text: string): string | null {
  const source = comparable(text);
  const covered = new Uint8Array(source.length);
  for (const item of reply.items) {
    const span = comparable(item.text);
    if (!span) return 'empty_item';
    const at = source.indexOf(span);
    if (at < 0) return 'item_not_in_text';
    covered.fill(1, at, at + span.length);
    const section = item.section.trim();
    if (!(STANDARD_SECTIONS as readonly string[]).includes(section) && !source.includes(comparable(section))) return 'section_not_in_text';
  }
  const share = covered.reduce((n, c) => n + c, 0) / Math.max(1, source.length);
  return share >= MIN_COVERAGE ? null : 'items_miss_text';
}

/**
 * The items as a small Markdown report read by parseWeeklyReport (so extraction is the parser's),
 * with the header of the deterministic reading and each item pointing at the line it came from.
 */
function rebuildReport(reply: SubmissionReply, text: string, deterministic: WeeklyReport, options: ParseOptions): WeeklyReport {
  const lines: string[] = [];
  let section: string | null = null;
  for (const item of reply.items) {
    const name = flatten(item.section).replace(/^#+\s*/, '');
    if (name !== section) {
      lines.push(`## ${name}`);
      section = name;
    }
    lines.push(`- ${flatten(item.text)}`);
  }
  const reread = parseWeeklyReport(lines.join('\n'), {
    ...options,
    team: deterministic.team ?? options.team,
    forceTeam: true,
    weekLabel: deterministic.weekLabel ?? options.weekLabel,
    weekNumber: deterministic.weekNumber ?? options.weekNumber,
    reportDate: deterministic.reportDate ?? options.reportDate,
  });
  const sourceLines = text.split(/\r?\n/).map(comparable);
  const items: ReportItem[] = reread.items.map((item) => {
    const span = comparable(item.text);
    const index = sourceLines.findIndex((l) => span && l.includes(span));
    return { ...item, rawLine: item.text, lineNo: index >= 0 ? index + 1 : item.lineNo };
  });
  return {
    ...reread,
    team: deterministic.team,
    weekLabel: deterministic.weekLabel,
    weekNumber: deterministic.weekNumber,
    reportDate: deterministic.reportDate,
    title: deterministic.title,
    items,
  };
}

/** Null when both readings found the same dates and the same figures. */
export function compareFacts(structured: WeeklyReport, deterministic: WeeklyReport): string | null {
  const dates = (r: WeeklyReport) => sortedSet(r.items.flatMap((i) => i.dates.map((d) => d.iso)));
  const metrics = (r: WeeklyReport) => sortedSet(r.items.flatMap((i) => i.metrics.map((m) => m.text)));
  if (dates(structured) !== dates(deterministic)) return 'dates_differ';
  if (metrics(structured) !== metrics(deterministic)) return 'figures_differ';
  return null;
}

function sortedSet(values: string[]): string {
  return [...new Set(values)].sort().join('|');
}
