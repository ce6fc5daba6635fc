import { reciprocalRankFusion } from '../../src/adapters/search/fusion';

const ids = (xs: Array<{ id: number }>) => xs.map((x) => x.id);

describe('reciprocalRankFusion', () => {
  test('an id ranked by both lists beats ids ranked by one', () => {
    const fused = reciprocalRankFusion([
      [{ id: 1 }, { id: 2 }, { id: 3 }],
      [{ id: 4 }, { id: 3 }, { id: 5 }],
    ]);
    expect(fused[0].id).toBe(3);
    expect(fused[0].score).toBeCloseTo(1 / 63 + 1 / 62);
    expect(new Set(ids(fused))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  test('ties keep the earlier list first, then the earlier rank', () => {
    expect(ids(reciprocalRankFusion([[{ id: 1 }, { id: 2 }], [{ id: 3 }, { id: 4 }]]))).toEqual([1, 3, 2, 4]);
  });

  test('weights decide between lists', () => {
    const lists = [[{ id: 1 }], [{ id: 2 }]];
    expect(ids(reciprocalRankFusion(lists, { weights: [1, 0.5] }))).toEqual([1, 2]);
    expect(ids(reciprocalRankFusion(lists, { weights: [0.5, 1] }))).toEqual([2, 1]);
  });

  test('a smaller k rewards top ranks more', () => {
    // id 1: rank 1 in list A only; id 2: rank 3 in both lists.
    const lists = [
      [{ id: 1 }, { id: 8 }, { id: 2 }],
      [{ id: 9 }, { id: 7 }, { id: 2 }],
    ];
    expect(reciprocalRankFusion(lists, { k: 60 })[0].id).toBe(2);
    expect(reciprocalRankFusion(lists, { k: 0 })[0].id).toBe(1);
  });

  test('a repeated id counts once per list, at its best rank', () => {
    const fused = reciprocalRankFusion([[{ id: 1 }, { id: 1 }, { id: 2 }]]);
    expect(fused).toEqual([
      { id: 1, score: 1 / 61 },
      { id: 2, score: 1 / 63 },
    ]);
  });

  test('empty input gives empty output and the input is not modified', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
    const list = [{ id: 2 }, { id: 1 }];
    reciprocalRankFusion([list]);
    expect(list).toEqual([{ id: 2 }, { id: 1 }]);
  });
});
