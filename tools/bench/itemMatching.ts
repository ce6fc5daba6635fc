/**
 * Precision and recall of matching an item across weeks (src/followup/matchItems.ts) on labelled
 * pairs, data/eval/item-pairs.jsonl: {"a", "b", "same", "kind", "a_section"?, "b_section"?}.
 * Positives are the same item in another week (reworded, slipped, a short reply, a next-week goal);
 * negatives are other items of the same section or project group, and similar lines of another team.
 *
 *   node .tools-build/tools/bench/itemMatching.js [--threshold 0.55] [--sweep]
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';
import { itemSimilarity, SAME_ITEM_THRESHOLD } from '../../src/domain/followup/matchItems';

export interface ItemPair {
  a: string;
  b: string;
  same: boolean;
  kind?: string;
  a_section?: string[];
  b_section?: string[];
}

export interface ItemMatchingResult {
  precision: number;
  recall: number;
  f1: number;
  n: number;
  threshold: number;
  /** Pairs the matcher got wrong, for reading */
  errors: Array<{ pair: ItemPair; similarity: number }>;
}

export const ITEM_PAIRS_FILE = path.join(PROJECT_ROOT, 'data', 'eval', 'item-pairs.jsonl');

export function loadItemPairs(file: string = ITEM_PAIRS_FILE): ItemPair[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ItemPair);
}

export function measureItemMatching(options: { threshold?: number; pairs?: ItemPair[] } = {}): ItemMatchingResult {
  const threshold = options.threshold ?? SAME_ITEM_THRESHOLD;
  const pairs = options.pairs ?? loadItemPairs();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: ItemMatchingResult['errors'] = [];
  for (const pair of pairs) {
    const similarity = itemSimilarity({ text: pair.a, sectionPath: pair.a_section ?? [] }, { text: pair.b, sectionPath: pair.b_section ?? [] });
    const predicted = similarity >= threshold;
    if (predicted && pair.same) tp++;
    else if (predicted && !pair.same) fp++;
    else if (!predicted && pair.same) fn++;
    if (predicted !== pair.same) errors.push({ pair, similarity });
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, n: pairs.length, threshold, errors };
}

function main(argv: string[]): void {
  const at = argv.indexOf('--threshold');
  const threshold = at >= 0 ? Number(argv[at + 1]) : SAME_ITEM_THRESHOLD;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (argv.includes('--sweep')) {
    for (let t = 0.3; t <= 0.901; t += 0.05) {
      const m = measureItemMatching({ threshold: t });
      process.stdout.write(`threshold ${t.toFixed(2)}  P ${pct(m.precision)}  R ${pct(m.recall)}  F1 ${pct(m.f1)}\n`);
    }
    return;
  }
  const m = measureItemMatching({ threshold });
  process.stdout.write(`${m.n} pairs, threshold ${m.threshold}: precision ${pct(m.precision)}, recall ${pct(m.recall)}, F1 ${pct(m.f1)}\n`);
  for (const e of m.errors) {
    process.stdout.write(`  ${e.pair.same ? 'missed' : 'false match'} (${e.similarity.toFixed(2)}, ${e.pair.kind ?? ''}): ${e.pair.a}  ⟷  ${e.pair.b}\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
