import { describe, expect, it } from 'vitest';
import { runSoakInChild } from '../../scripts/bench/soak.ts';

describe('openKnowledgeBase (hot reload memory)', () => {
  it('GIVEN 30 index swaps, questions between, answers remembered THEN every replaced index is collected, the heap flat', async () => {
    // 1 MB of corpus text: before the fix every remembered answer kept its index's whole text alive (+1 MB a swap).
    const result = await runSoakInChild({ reloads: 30, questions: 3, files: 4, kilobytesPerFile: 256 });
    expect(result.gcExposed).toBe(true);
    expect(result.corpusMb).toBeGreaterThan(0.9);
    expect(result.collectedIndexes).toBe(result.replacedIndexes);
    const growthMb = result.steps.at(-1)!.heapMb - result.steps[0]!.heapMb;
    expect(growthMb).toBeLessThan(result.corpusMb * 6);
  }, 120_000);
});
