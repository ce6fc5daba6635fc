/**
 * The generalization set's files and the runner's pure parts. The questions are data that other
 * work is measured against, so these tests keep the data honest: well-formed lines, the promised
 * sizes and split, and every expected fact present in the reports it is supposed to come from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEvalQuestions, type EvalQuestion } from '../../tools/eval/evaluate';
import {
  GENERALIZATION_DIR,
  factIn,
  isInventedFact,
  parseEvalArgs,
  questionFiles,
  reportSources,
  tagScores,
} from '../../tools/eval/runGeneralization';

const dev = loadEvalQuestions(questionFiles('dev')[0]);
const test_ = loadEvalQuestions(questionFiles('test')[0]);
const all = [...dev, ...test_];
/**
 * Dev questions tagged `added` were written after the split, for tuning (README "Added dev
 * questions"); the split's promises are about the questions split at the start.
 */
const devAtSplit = dev.filter((q) => !q.tags?.includes('added'));

/** The question type: the first tag; a trap's type is its sub-tag. */
function typeOf(q: EvalQuestion): string {
  const tags = q.tags ?? [];
  return tags[0] === 'trap' ? tags[1] : tags[0];
}

/** A report's text plus its dates rewritten as answers cite them (2023-11-28 / 2023年12月8日 → 11/28, 12/8). */
function withMonthDayDates(text: string): string {
  const dates: string[] = [];
  for (const m of text.matchAll(/20\d\d[-年.](\d{1,2})[-月.](\d{1,2})/g)) dates.push(`${Number(m[1])}/${Number(m[2])}`);
  for (const m of text.matchAll(/(?<!\d)(\d{1,2})月(\d{1,2})日/g)) dates.push(`${Number(m[1])}/${Number(m[2])}`);
  return `${text}\n${dates.join(' ')}`;
}

function teamText(): Map<string, string> {
  const byTeam = new Map<string, string>();
  for (const { file, team } of reportSources()) {
    const name = team ?? path.basename(file).split('-')[0];
    byTeam.set(name, (byTeam.get(name) ?? '') + withMonthDayDates(fs.readFileSync(file, 'utf8')));
  }
  return byTeam;
}

describe('generalization question files', () => {
  it('have at least 400 questions and 80 traps, with unique ids, a clock and a type on every line', () => {
    expect(all.length).toBeGreaterThanOrEqual(400);
    expect(all.filter((q) => q.tags?.includes('trap')).length).toBeGreaterThanOrEqual(80);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
    for (const q of all) {
      expect(q.q).toEqual(expect.any(String));
      expect(Number.isNaN(Date.parse(q.now ?? ''))).toBe(false);
      expect(typeOf(q)).toEqual(expect.any(String));
    }
  });

  it('split every question type evenly between dev and test', () => {
    const count = (qs: EvalQuestion[]) => qs.reduce((m, q) => m.set(typeOf(q), (m.get(typeOf(q)) ?? 0) + 1), new Map<string, number>());
    const d = count(devAtSplit);
    const t = count(test_);
    const uneven = [...new Set([...d.keys(), ...t.keys()])].filter((type) => Math.abs((d.get(type) ?? 0) - (t.get(type) ?? 0)) > 1);
    expect(uneven).toEqual([]);
    expect(Math.abs(devAtSplit.length - test_.length)).toBeLessThanOrEqual(1);
    // Added questions only ever go to the dev half: the test half stays as written before tuning.
    expect(test_.filter((q) => q.tags?.includes('added'))).toEqual([]);
  });

  it('never expect a fact in a not-found answer, and never let a not-found question cite a team', () => {
    for (const q of all.filter((x) => !x.found)) {
      expect({ id: q.id, contains: q.answer_contains ?? [], team: q.cite_team }).toEqual({ id: q.id, contains: [], team: undefined });
    }
  });

  it('expect only facts that the cited team’s reports state', () => {
    const byTeam = teamText();
    const missing: string[] = [];
    for (const q of all.filter((x) => x.found && x.cite_team)) {
      const text = byTeam.get(q.cite_team!);
      if (!text) missing.push(`${q.id}: no reports for ${q.cite_team}`);
      else for (const s of q.answer_contains ?? []) if (!text.includes(s)) missing.push(`${q.id} ${q.q}: "${s}"`);
    }
    expect(missing).toEqual([]);
  });
});

describe('report sources', () => {
  it('take the team of a generalization report from its folder, and samples as they are', () => {
    const sources = reportSources();
    const teams = new Set(sources.filter((s) => s.team).map((s) => s.team));
    expect(teams.size).toBeGreaterThanOrEqual(5);
    for (const s of sources.filter((x) => x.team)) expect(path.dirname(s.file)).toBe(path.join(GENERALIZATION_DIR, 'reports', s.team!));
    expect(sources.some((s) => !s.team && s.file.includes(`${path.sep}samples${path.sep}`))).toBe(true);
    expect(sources.some((s) => /readme/i.test(s.file))).toBe(false);
  });
});

describe('parseEvalArgs', () => {
  it('reads the set and the half, in either flag form', () => {
    expect(parseEvalArgs(['--set', 'generalization', '--half', 'dev'])).toEqual({ set: 'generalization', half: 'dev' });
    expect(parseEvalArgs(['--set=generalization', '--half=test'])).toEqual({ set: 'generalization', half: 'test' });
    expect(parseEvalArgs(['--set', 'generalization'])).toEqual({ set: 'generalization', half: 'all' });
  });

  it('keeps the regression form: no flags, or a question file', () => {
    expect(parseEvalArgs([])).toEqual({ set: 'regression', half: 'all' });
    expect(parseEvalArgs(['x.jsonl'])).toEqual({ set: 'regression', half: 'all', file: 'x.jsonl' });
  });

  it('refuses an unknown half, set or flag with a message', () => {
    expect(() => parseEvalArgs(['--half', 'train'])).toThrow(/dev、test 或 all/);
    expect(() => parseEvalArgs(['--set', 'other'])).toThrow(/generalization/);
    expect(() => parseEvalArgs(['--verbose'])).toThrow(/--verbose/);
    expect(() => parseEvalArgs(['--half'])).toThrow(/需要一个值/);
  });
});

describe('invented facts', () => {
  it('finds dates and figures with units as answers write them', () => {
    for (const text of ['已于 11/23 上线', '计划 2023-11-23', '11月23日提测', '主频 3.3GHz', '延迟 45ms', '合入 37 个', '成功率 99.9%', '共 1,480 家']) {
      expect(factIn(text)).not.toBeNull();
    }
  });

  it('does not take week labels, versions, phases or fractions of a count for facts', () => {
    for (const text of ['没有找到相关内容，请写明团队和周次，例如 第49周', '周报只提到「实时数仓 v2.1」，没有 v3.0', '只有一期、二期', '标定 360/480']) {
      expect(factIn(text)).toBeNull();
    }
  });

  it('counts a not-found question answered as found, or with a fact, and nothing for found questions', () => {
    const trap: EvalQuestion = { id: 't', q: '火星支付通道什么时候上线', found: false };
    const real: EvalQuestion = { id: 'r', q: '实时数仓 v2.1什么时候上线', found: true };
    const answer = (found: boolean, text: string) => ({ found, answer: text, citations: [] }) as never;
    expect(isInventedFact(trap, answer(false, '周报中没有找到「火星支付通道」。'))).toBe(false);
    expect(isInventedFact(trap, answer(false, '没有找到，最近一项已于 11/20 上线'))).toBe(true);
    expect(isInventedFact(trap, answer(true, '见周报'))).toBe(true);
    expect(isInventedFact(real, answer(true, '已于 11/30 上线'))).toBe(false);
  });

  it('scores each tag with the question types first', () => {
    const r = (tags: string[], ok: boolean) => ({ question: { id: 'x', q: 'x', found: true, tags }, answer: {} as never, problems: ok ? [] : ['miss'] });
    expect(tagScores([r(['when'], true), r(['when', 'paraphrase'], false), r(['trap', 'trap-empty'], true)])).toEqual([
      { tag: 'trap', n: 1, ok: 1 },
      { tag: 'when', n: 2, ok: 1 },
      { tag: 'paraphrase', n: 1, ok: 0 },
      { tag: 'trap-empty', n: 1, ok: 1 },
    ]);
  });
});
