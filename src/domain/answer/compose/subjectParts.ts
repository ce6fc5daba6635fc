/**
 * A subject that names more than one thing: 入金和出金有效成功率 asks two figures, 排序v5的AB实验流量跟向量召回
 * 那次比哪个大 sets two items' figures against each other. The parts (for the grounding gate, ranking.ts,
 * and for composeMetric) and, for a comparison, each part's figure and which is ahead.
 */
import type { ItemMetric } from '../../reports/model';
import type { StoredItem } from '../../records';
import type { Answer } from '../model';
import { finish, weekOf, type ComposeInput } from './shared';
import { WHICH_AHEAD } from './teamFigures';

/** "入金和出金有效成功率" asks two figures: 入金有效成功率 and 出金有效成功率. */
export function splitConjoinedSubject(subject: string): string[] {
  const pieces = subject.split(/和|与|及|、|以及|,|，/).map((s) => s.trim()).filter(Boolean);
  if (pieces.length < 2) return [subject];
  const last = pieces[pieces.length - 1];
  // A short head (入金) borrows the tail of the last piece (有效成功率).
  return pieces.map((p, i) => (i < pieces.length - 1 && p.length <= 3 && last.length > p.length + 1 ? p + last.slice(p.length) : p));
}

/** The question asks which of the things it names is ahead (哪个大, 谁高): each part is a thing of its own. */
export function comparesParts(question: string): boolean {
  return WHICH_AHEAD.test(question.normalize('NFKC'));
}

/** 跟 / 同 joining two things compared (跟进 / 跟踪 / 同步 are words of their own). */
const COMPARED_JOINER = /跟(?![进踪随着单])|同(?![步期比时样意])/;

/**
 * The parts of the subject as the question asks them. When it asks which is ahead (哪个大, 谁高), 跟
 * joins the things compared too, and a later part named by its item alone (向量召回那次) borrows the
 * measure the first part names after its item (排序v5 AB实验流量: the AB实验流量 of 向量召回).
 */
export function subjectParts(subject: string, question: string): string[] {
  const parts = splitConjoinedSubject(subject);
  if (!comparesParts(question)) return parts;
  const pieces = parts.flatMap((p) => p.split(COMPARED_JOINER)).map((s) => s.trim()).filter(Boolean);
  if (pieces.length < 2) return parts;
  const chunks = pieces[0].split(/\s+/);
  const measure = chunks.length >= 2 ? chunks[chunks.length - 1] : '';
  return pieces.map((p, i) => (i > 0 && measure && !/\s/.test(p) && !p.includes(measure) ? `${p} ${measure}` : p));
}

export interface PartFigure {
  item: StoredItem;
  metric: ItemMetric;
}

/** The thing a part names, without the measure it borrowed or shares (排序v5 AB实验流量 → 排序v5; 向量召回那次 → 向量召回). */
function nameOf(part: string): string {
  return (part.split(/\s+/).slice(0, -1).join(' ') || part).replace(/[那这](?:次|个|回)$/, '');
}

/** How much of a part's name a line has (its characters), to give each line to the part it is about. */
function nameShare(text: string, name: string): number {
  const t = text.normalize('NFKC').toLowerCase();
  const chars = [...new Set(name.toLowerCase().replace(/\s/g, ''))];
  return chars.length ? chars.filter((c) => t.includes(c)).length / chars.length : 0;
}

/**
 * 排序v5的实验流量跟向量召回那次比哪个大: each part's own figure, from the lines about that part (a line
 * goes to the part whose name it has most of; the newer line of the other part is not this one's), named
 * by its part (the labels are the same measure), and which is ahead when the units agree. Null unless
 * the question asks which is ahead and every part has a figure of its own.
 */
export function figuresPerPart(
  input: ComposeInput,
  parts: string[],
  pick: (input: ComposeInput, subject: string) => PartFigure | null,
  label: (f: PartFigure) => string,
): Answer | null {
  const ahead = WHICH_AHEAD.exec(input.analysis.question.normalize('NFKC'));
  if (!ahead || parts.length < 2) return null;
  const names = parts.map(nameOf);
  const partOf = (item: StoredItem) => names.reduce((best, n, i) => (nameShare(item.text, n) > nameShare(item.text, names[best]) ? i : best), 0);
  const figures: PartFigure[] = [];
  for (const [i, part] of parts.entries()) {
    const own = (items: StoredItem[]) => items.filter((item) => partOf(item) === i);
    const figure = pick({ ...input, matches: own(input.matches), timeline: own(input.timeline) }, part);
    if (!figure || figures.some((f) => f.metric === figure.metric)) return null;
    figures.push(figure);
  }
  const stated = figures.map((f, i) => `${weekOf(f.item, input)}${names[i]}：${label(f)}为 ${f.metric.text}`);
  let verdict = '';
  if (figures.every((f) => f.metric.unit === figures[0].metric.unit)) {
    const wantsLow = /[低少小慢差]/.test(ahead[1]);
    const best = figures.reduce((a, b) => (wantsLow ? (b.metric.value < a.metric.value ? b : a) : b.metric.value > a.metric.value ? b : a));
    if (figures.filter((f) => f.metric.value === best.metric.value).length === 1) verdict = `，${names[figures.indexOf(best)]}更${ahead[1]}`;
  }
  return finish(input.analysis.question, [`${stated.join('；')}${verdict}。`], figures.map((f) => f.item));
}
