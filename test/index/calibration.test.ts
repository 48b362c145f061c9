import { describe, expect, it } from 'vitest';
import { calibrateVectors } from '../../src/index/calibration.ts';

/** Unit vectors at the given angles (radians) in 2-D, one row each. */
function rows(...angles: number[]): Float32Array {
  return Float32Array.from(angles.flatMap((angle) => [Math.cos(angle), Math.sin(angle)]));
}

describe('calibrateVectors', () => {
  it('GIVEN probes close to their own passage and far from other documents THEN the figures say so', () => {
    // Rows 0–1 are document a, 2–3 document b; each probe points at its own row.
    const vectors = rows(0, 0.1, Math.PI / 2, Math.PI / 2 + 0.1);
    const calibration = calibrateVectors({
      probes: [
        { vector: vectors.slice(0, 2), row: 0 },
        { vector: vectors.slice(4, 6), row: 2 },
      ],
      vectors,
      dimensions: 2,
      documentOf: (row) => (row < 2 ? 'a' : 'b'),
    });
    expect(calibration?.probes).toBe(2);
    expect(calibration?.relatedMedian).toBeCloseTo(1, 5);
    // Unrelated cosines: cos(π/2) = 0 and cos(π/2 ± 0.1) ≈ ±0.0998.
    expect(calibration?.unrelatedMedian).toBeCloseTo(0, 5);
    expect(calibration?.unrelatedHigh).toBeCloseTo(Math.sin(0.1), 5);
    expect(calibration?.threshold).toBe(calibration?.unrelatedHigh);
  });

  it('GIVEN a corpus of one document THEN there is nothing unrelated to calibrate on', () => {
    const vectors = rows(0, 0.5);
    const calibration = calibrateVectors({
      probes: [{ vector: vectors.slice(0, 2), row: 0 }],
      vectors,
      dimensions: 2,
      documentOf: () => 'only.md',
    });
    expect(calibration).toBeNull();
  });
});
