import { describe, expect, it } from 'vitest';
import { calibrateVectors } from '../../src/index/calibration.ts';
import { seededRandom } from '../../tools/tiny-model/tiny-model.ts';

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
    // Probe a's best passage of b is at 0, probe b's best of a at sin(0.1).
    expect(calibration?.unrelatedBest).toBeCloseTo(Math.sin(0.1), 5);
    expect(calibration?.threshold).toBeCloseTo(Math.sin(0.1), 5);
  });

  it('GIVEN a thousand passages THEN the nearest passage of a question they do not answer is rarely close enough to cover it', () => {
    const random = seededRandom(7);
    const dimensions = 32;
    const documents = 100;
    const rowCount = 1_000;
    const vectors = new Float32Array(rowCount * dimensions);
    for (let row = 0; row < rowCount; row++) vectors.set(randomUnitVector(random, dimensions), row * dimensions);
    // Probes as the build takes them: a question-like text of one passage, close to it.
    const probes = Array.from({ length: 48 }, (_, p) => {
      const row = p * 20;
      const own = vectors.subarray(row * dimensions, (row + 1) * dimensions);
      const noise = randomUnitVector(random, dimensions);
      return { vector: unit(own.map((value, i) => value + 0.5 * noise[i]!)), row };
    });
    const calibration = calibrateVectors({
      probes,
      vectors,
      dimensions,
      documentOf: (row) => `doc-${row % documents}`,
    });
    if (calibration === null) return expect.fail('no calibration');
    const { threshold } = calibration;

    // Questions about nothing the passages say: each meets its nearest passage by chance alone.
    const nearest = Array.from({ length: 200 }, () => {
      const question = randomUnitVector(random, dimensions);
      let best = -1;
      for (let row = 0; row < rowCount; row++) {
        let similarity = 0;
        for (let i = 0; i < dimensions; i++) similarity += question[i]! * vectors[row * dimensions + i]!;
        best = Math.max(best, similarity);
      }
      return best;
    });
    const share = (bar: number) => nearest.filter((similarity) => similarity >= bar).length / nearest.length;
    // One pair's 99th percentile is below nearly every such nearest passage: it would cover them all.
    expect(share(calibration.unrelatedHigh)).toBeGreaterThan(0.9);
    expect(share(threshold)).toBeLessThan(0.25);
    // A probe still meets its own passage above it.
    expect(calibration.relatedMedian).toBeGreaterThan(threshold);
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

/** A direction drawn uniformly (normal coordinates by Box–Muller, normalised). */
function randomUnitVector(random: () => number, dimensions: number): Float32Array {
  return unit(
    Float32Array.from(
      { length: dimensions },
      () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
    ),
  );
}

function unit(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}
