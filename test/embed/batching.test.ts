import { describe, expect, it } from 'vitest';
import { paddingRatio, planBatches, runBatches } from '../../src/embed/batching.ts';

describe('planBatches', () => {
  it('GIVEN passages of mixed lengths THEN longest first, each batch within the padded-token budget', () => {
    const counts = [10, 300, 12, 290, 11, 50];
    const batches = planBatches(counts, { tokenBudget: 600, maxPassages: 64 });
    expect(batches).toEqual([
      [1, 3],
      [5, 2, 4, 0],
    ]);
    for (const batch of batches) {
      expect(batch.length * Math.max(...batch.map((i) => counts[i]!))).toBeLessThanOrEqual(600);
    }
  });

  it('GIVEN any counts THEN every position appears exactly once', () => {
    const counts = Array.from({ length: 500 }, (_, i) => 1 + ((i * 7919) % 512));
    const batches = planBatches(counts, { tokenBudget: 2048, maxPassages: 32 });
    expect(batches.flat().sort((a, b) => a - b)).toEqual(counts.map((_, i) => i));
  });

  it('GIVEN a passage longer than the budget THEN it forms a batch alone', () => {
    expect(planBatches([5, 900, 5], { tokenBudget: 100, maxPassages: 8 })).toEqual([[1], [0, 2]]);
  });

  it('GIVEN many short passages THEN batches stop at maxPassages', () => {
    expect(planBatches([3, 3, 3, 3, 3], { tokenBudget: 10_000, maxPassages: 2 })).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('GIVEN no passages THEN no batches', () => {
    expect(planBatches([], { tokenBudget: 100, maxPassages: 8 })).toEqual([]);
  });
});

describe('paddingRatio', () => {
  it('GIVEN batches THEN padded tokens (rows × longest) over real tokens', () => {
    expect(
      paddingRatio(
        [10, 30, 20, 20],
        [
          [0, 1],
          [2, 3],
        ],
      ),
    ).toBeCloseTo((2 * 30 + 2 * 20) / 80);
  });

  it('GIVEN sorted batches THEN less padding than batches in document order', () => {
    const counts = Array.from({ length: 400 }, (_, i) => 20 + ((i * 104729) % 480));
    const inOrder = Array.from({ length: 25 }, (_, b) => Array.from({ length: 16 }, (_, i) => b * 16 + i));
    const sorted = planBatches(counts, { tokenBudget: 16 * 512, maxPassages: 16 });
    expect(paddingRatio(counts, sorted)).toBeLessThan(1.05);
    expect(paddingRatio(counts, inOrder)).toBeGreaterThan(1.5);
  });
});

describe('runBatches', () => {
  const batches = [[3, 1], [0], [4, 2]];
  const echo = async (batch: readonly number[]) => batch.map((position) => `r${position}`);

  it('GIVEN batches in any order and several runners THEN results come back in the original order with progress', async () => {
    const progress: number[] = [];
    const slow = async (batch: readonly number[]) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return echo(batch);
    };
    expect(await runBatches(batches, [slow, echo], (done) => progress.push(done))).toEqual([
      'r0',
      'r1',
      'r2',
      'r3',
      'r4',
    ]);
    expect(progress.at(-1)).toBe(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('GIVEN two runners THEN both get batches', async () => {
    const used = new Set<string>();
    const runner = (name: string) => async (batch: readonly number[]) => {
      used.add(name);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return echo(batch);
    };
    await runBatches(batches, [runner('a'), runner('b')]);
    expect(used).toEqual(new Set(['a', 'b']));
  });

  it('GIVEN a runner that fails THEN the run rejects with its error and no further batch starts', async () => {
    const started: number[][] = [];
    const failing = async (batch: readonly number[]) => {
      started.push([...batch]);
      throw new Error('model crashed');
    };
    await expect(runBatches(batches, [failing])).rejects.toThrow('model crashed');
    expect(started).toEqual([[3, 1]]);
  });

  it('GIVEN a runner returning the wrong number of results THEN the run rejects', async () => {
    await expect(runBatches([[0, 1]], [async () => ['only one']])).rejects.toThrow(
      'a batch of 2 passages returned 1 results',
    );
  });
});
