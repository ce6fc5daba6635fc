/**
 * A chain hands the matcher a line's subject bigrams as the store keeps them (the string of
 * storedBigramsText) and the matcher counts their overlap from it (identity.ts, similarityAbove):
 * every similarity must be the one worked out from the line itself, whatever the threshold, the
 * score to beat, and whether the line was seen before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { itemSimilarity, similarityAbove, SAME_ITEM_THRESHOLD } from '../../src/domain/followup/matchItems';
import { storedBigramsText, storedSubjectBigrams } from '../../src/domain/followup/subjectBigrams';
import { REPO_ROOT } from '../support/kb';

function pairs(): Array<{ a: string; b: string }> {
  const file = path.join(REPO_ROOT, 'data', 'eval', 'item-pairs.jsonl');
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { a: string; b: string });
}

describe('similarity from stored bigrams', () => {
  test('equals the similarity worked out from the text, for every labelled pair, both ways', () => {
    let compared = 0;
    for (const p of pairs()) {
      for (const [x, y] of [[p.a, p.b], [p.b, p.a]]) {
        const stored = storedBigramsText(y);
        if (stored === null) continue;
        const a = { text: x, sectionPath: ['项目'] };
        const b = { text: y, sectionPath: ['项目'] };
        for (const [threshold, beat] of [[SAME_ITEM_THRESHOLD, 0], [0, 0], [SAME_ITEM_THRESHOLD, 0.7], [0, 0.4]]) {
          const fromText = similarityAbove(a, b, threshold, beat);
          expect(similarityAbove(a, b, threshold, beat, stored)).toBe(fromText);
          expect(similarityAbove(a, b, threshold, beat, storedSubjectBigrams(stored))).toBe(fromText);
        }
        expect(itemSimilarity(a, b)).toBe(similarityAbove(a, b, 0, -1, stored));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  test('a line never seen before, given only as its stored string, is weighed as its text would be', () => {
    const a = { text: '光大备份通道已于11/23上线，运行平稳', sectionPath: ['代扣通道冗余'] };
    const fresh = { text: `光大备份通道切换演练${Date.now()}，计划12/1完成`, sectionPath: ['代扣通道冗余'] };
    const viaString = similarityAbove(a, fresh, 0, -1, storedBigramsText(fresh.text)!);
    expect(viaString).toBeGreaterThan(0);
    expect(viaString).toBe(itemSimilarity(a, fresh));
  });
});
