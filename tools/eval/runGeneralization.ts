/**
 * The generalization set (data/eval/generalization): questions written, before any tuning, about
 * reports in many layouts (data/samples plus data/eval/generalization/reports/<team>/). Run with
 * `npm run eval -- --set generalization --half dev|test|all`.
 *
 * It prints accuracy overall and per tag (question type), and how many not-found questions got an
 * invented fact: answered found:true, or with a date or a figure with a unit in the answer text.
 * Misses are listed only for the dev half, so that the test half stays unseen while tuning.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT, SAMPLES_DIR } from '../../src/config';
import { KnowledgeBase } from '../../src/services/knowledgeBase';
import { collectReportFiles } from '../../src/adapters/import/reportFiles';
import type { Answer } from '../../src/domain/answer/model';
import { evaluate, loadEvalQuestions, type EvalQuestion, type EvalResult } from './evaluate';

export const GENERALIZATION_DIR = path.join(PROJECT_ROOT, 'data', 'eval', 'generalization');

export type Half = 'dev' | 'test' | 'all';
export const HALVES: readonly Half[] = ['dev', 'test', 'all'];

export interface EvalArgs {
  set: 'regression' | 'generalization';
  half: Half;
  /** A question file given as a bare argument (the regression runner's old form) */
  file?: string;
  /** `--backend postgres`: compare the regression answers on PostgreSQL with SQLite's (tools/eval/backendPostgres.ts) */
  backend?: 'postgres';
}

/** `--set generalization --half dev`, `--set=generalization`, or a bare question file. Throws a message for the user. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const args: EvalArgs = { set: 'regression', half: 'all' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} 需要一个值`);
      return v;
    };
    if (flag === '--set') {
      const v = value();
      if (v !== 'generalization' && v !== 'regression') throw new Error(`未知的评测集「${v}」：可选 generalization 或 regression`);
      args.set = v;
    } else if (flag === '--half') {
      const v = value();
      if (!(HALVES as readonly string[]).includes(v)) throw new Error(`未知的 --half「${v}」：可选 dev、test 或 all`);
      args.half = v as Half;
    } else if (flag === '--backend') {
      const v = value();
      if (v !== 'postgres') throw new Error(`未知的 --backend「${v}」：可选 postgres`);
      args.backend = v;
    } else if (flag.startsWith('--')) throw new Error(`未知参数「${flag}」`);
    else args.file = argv[i];
  }
  return args;
}

export function questionFiles(half: Half, dir: string = GENERALIZATION_DIR): string[] {
  const halves: Array<'dev' | 'test'> = half === 'all' ? ['dev', 'test'] : [half];
  return halves.map((h) => path.join(dir, `questions.${h}.jsonl`));
}

export interface ReportSource {
  file: string;
  /** The folder name under reports/: the team, as `zhoubao ingest --team` would give it */
  team?: string;
}

/** data/samples (teams named in the reports), then each reports/<team>/ folder with its team. */
export function reportSources(dir: string = GENERALIZATION_DIR, samplesDir: string = SAMPLES_DIR): ReportSource[] {
  const sources: ReportSource[] = collectReportFiles([samplesDir]).files.map((file) => ({ file }));
  const reportsDir = path.join(dir, 'reports');
  const teams = fs
    .readdirSync(reportsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
  for (const team of teams) {
    for (const file of collectReportFiles([path.join(reportsDir, team)]).files) sources.push({ file, team });
  }
  return sources;
}

// A date as an answer would state it (11/23, 2023-11-23, 2023.11.23, 11月23日) or a figure with its unit.
const DATE_LIKE = /(?<![\d.])\d{1,2}\/\d{1,2}(?![\d/])|20\d{2}[-./年]\d{1,2}[-./月]\d{1,2}|\d{1,2}月\d{1,2}[日号]/;
const FIGURE_WITH_UNIT =
  /\d+(?:[.,]\d+)*\s*(?:%|ms\b|GHz|MHz|mW|TB|GB|MB|人次|人天|分钟|小时|个|次|笔|家|份|台|条|万|元|分(?![钟期支]))/i;

/** The first date or figure-with-unit in a text, or null: what a not-found answer must not contain. */
export function factIn(text: string): string | null {
  const m = DATE_LIKE.exec(text) ?? FIGURE_WITH_UNIT.exec(text);
  return m ? m[0] : null;
}

/** A question the reports cannot answer, answered as found, or with a date or figure anyway. */
export function isInventedFact(question: EvalQuestion, answer: Answer): boolean {
  return !question.found && (answer.found || factIn(answer.answer) !== null);
}

export interface TagScore {
  tag: string;
  n: number;
  ok: number;
}

/** Pass counts per tag, the question's first tag (its type) first, then the others, each sorted by name. */
export function tagScores(results: readonly EvalResult[]): TagScore[] {
  const byTag = new Map<string, TagScore>();
  const primary = new Set<string>();
  for (const r of results) {
    const tags = r.question.tags?.length ? r.question.tags : ['untagged'];
    primary.add(tags[0]);
    for (const tag of tags) {
      const s = byTag.get(tag) ?? { tag, n: 0, ok: 0 };
      s.n++;
      if (!r.problems.length) s.ok++;
      byTag.set(tag, s);
    }
  }
  const rank = (t: string) => (primary.has(t) ? 0 : 1);
  return [...byTag.values()].sort((a, b) => rank(a.tag) - rank(b.tag) || a.tag.localeCompare(b.tag));
}

function percent(ok: number, n: number): string {
  return n ? `${((ok / n) * 100).toFixed(1)}%` : '-';
}

export interface GeneralizationRun {
  results: EvalResult[];
  accuracy: number;
  invented: EvalResult[];
  refused: Array<{ file: string; error: string }>;
}

export async function runGeneralization(half: Half, print: (line: string) => void = console.log): Promise<GeneralizationRun> {
  const questions: EvalQuestion[] = questionFiles(half).flatMap((f) => loadEvalQuestions(f));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhoubao-gen-eval-'));
  const kb = await KnowledgeBase.open({ config: loadConfig({}, { dataDir }), log: () => {} });
  try {
    const refused: GeneralizationRun['refused'] = [];
    const sources = reportSources();
    for (const { file, team } of sources) {
      try {
        await kb.ingestFile(file, team ? { team } : {});
      } catch (err) {
        refused.push({ file: path.relative(PROJECT_ROOT, file), error: err instanceof Error ? err.message : String(err) });
      }
    }
    print(`reports: ${sources.length - refused.length}/${sources.length} files ingested`);
    for (const r of refused) print(`  refused ${r.file}: ${r.error}`);

    const { results, accuracy } = await evaluate((q, ctx) => kb.askSync(q, ctx), questions);
    if (half === 'dev') {
      for (const r of results.filter((x) => x.problems.length)) {
        print(`✗ ${r.question.id} [${(r.question.tags ?? []).join(',')}] ${r.question.q}`);
        print(`    答：${r.answer.answer.replace(/\n/g, ' / ')}`);
        const c = r.answer.citations[0];
        if (c) print(`    引：${c.team} ${c.week} · ${c.text}`);
        print(`    问题：${r.problems.join('; ')}`);
      }
    } else {
      print('(misses are listed only for --half dev: the test half is for measuring, not tuning)');
    }
    const invented = results.filter((r) => isInventedFact(r.question, r.answer));
    const notFound = results.filter((r) => !r.question.found).length;
    print('');
    print('per tag (question type first):');
    for (const s of tagScores(results)) print(`  ${s.tag.padEnd(14)} ${String(s.ok).padStart(3)}/${String(s.n).padEnd(3)} ${percent(s.ok, s.n)}`);
    const passed = results.filter((r) => !r.problems.length).length;
    print(`set: generalization, half: ${half}`);
    print(`accuracy: ${percent(passed, results.length)} (${passed}/${results.length})`);
    // Dev questions added after the split (tag `added`): the score of the half as split, beside the whole.
    const atSplit = results.filter((r) => !r.question.tags?.includes('added'));
    if (atSplit.length < results.length) {
      const ok = atSplit.filter((r) => !r.problems.length).length;
      print(`as split (without added questions): ${percent(ok, atSplit.length)} (${ok}/${atSplit.length})`);
    }
    print(`invented facts on not-found: ${invented.length} (of ${notFound} not-found questions)`);
    if (half === 'dev') for (const r of invented) print(`  ! ${r.question.id} ${r.question.q} → found=${r.answer.found}; ${factIn(r.answer.answer) ?? ''}`);
    return { results, accuracy, invented, refused };
  } finally {
    kb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
