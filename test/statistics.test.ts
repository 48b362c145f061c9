import { describe, expect, it } from 'vitest';
import { mostCounted, percentile } from '../src/statistics.ts';

describe('percentile', () => {
  it('GIVEN ten values THEN nearest-rank p50 and p95', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
  });

  it('GIVEN 20 and 100 values THEN p95 is the value at rank ceil(0.95 n): the 19th and the 95th, not the one after', () => {
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => n - i);
    expect(percentile(upTo(20), 95)).toBe(19);
    expect(percentile(upTo(100), 95)).toBe(95);
    expect(percentile(upTo(100), 50)).toBe(50);
  });

  it('GIVEN one value THEN every percentile is that value', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });

  it('GIVEN no value THEN null', () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe('mostCounted', () => {
  it('GIVEN counts with a tie at the top THEN the first key counted most, with its count', () => {
    expect(
      mostCounted(
        new Map([
          [10, 3],
          [12, 7],
          [9, 7],
        ]),
      ),
    ).toEqual({ key: 12, count: 7 });
  });

  it('GIVEN no count above zero THEN undefined', () => {
    expect(mostCounted(new Map<string, number>())).toBeUndefined();
    expect(mostCounted(new Map([['a', 0]]))).toBeUndefined();
  });
});
