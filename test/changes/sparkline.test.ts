import { sparkline, sparklineText } from '../../src/domain/changes/sparkline';

describe('sparkline', () => {
  test('lowest value is ▁, highest █, the rest in between, in order', () => {
    expect(sparkline([633, 640, 667, 671, 669])).toBe('▁▂▇██');
    expect(sparklineText([633, 640, 667, 671, 669])).toBe('633 ▁▂▇██ 669');
    expect(sparklineText([99.989, 99.996], { unit: '%' })).toBe('99.989% ▁█ 99.996%');
  });

  test('a flat series is level, and an empty one is empty', () => {
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparklineText([])).toBe('');
  });
});
