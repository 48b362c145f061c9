import { percentile } from '../statistics.ts';
import type { VectorCalibration } from './types.ts';

/** One pseudo-question of the calibration: its vector and the passage row it was taken from. */
export interface CalibrationProbe {
  readonly vector: Float32Array;
  readonly row: number;
}

/** What {@link calibrateVectors} measures on. */
export interface CalibrationInput {
  readonly probes: readonly CalibrationProbe[];
  /** `rows × dimensions` unit vectors, row-major. */
  readonly vectors: Float32Array;
  readonly dimensions: number;
  /** The document each row belongs to: passages of other documents are the unrelated ones. */
  readonly documentOf: (row: number) => string;
}

// Unrelated pairs compared per probe: enough for a stable 99th percentile, bounded per build.
const UNRELATED_PER_PROBE = 256;

/**
 * Calibrates what a cosine similarity means for the model that built an index, on its own
 * corpus: each probe (a question-like text taken from a passage, embedded as a question) is
 * compared with its own passage (related) and with passages of other documents (unrelated).
 * A similarity above the 99th percentile of unrelated pairs is evidence on its own; one
 * below their median is no evidence at all. Models differ widely in where these lie (e5's
 * cosines bunch near 0.8, others spread around 0), which is why no fixed threshold fits.
 * Null when there are too few documents to tell related from unrelated.
 */
export function calibrateVectors(input: CalibrationInput): VectorCalibration | null {
  const { probes, vectors, dimensions, documentOf } = input;
  const rows = dimensions === 0 ? 0 : vectors.length / dimensions;
  const related: number[] = [];
  const unrelated: number[] = [];
  probes.forEach((probe, p) => {
    const document = documentOf(probe.row);
    related.push(dot(probe.vector, vectors, probe.row, dimensions));
    const step = Math.max(1, Math.floor(rows / UNRELATED_PER_PROBE));
    // Start each probe at a different offset so the sample covers every row across probes.
    for (let row = p % step; row < rows; row += step) {
      if (documentOf(row) !== document) unrelated.push(dot(probe.vector, vectors, row, dimensions));
    }
  });
  if (related.length === 0 || unrelated.length === 0) return null;
  const unrelatedHigh = percentile(unrelated, 99) ?? 0;
  return {
    probes: probes.length,
    unrelatedMedian: percentile(unrelated, 50) ?? 0,
    unrelatedHigh,
    relatedMedian: percentile(related, 50) ?? 0,
    threshold: unrelatedHigh,
  };
}

function dot(vector: Float32Array, rows: Float32Array, row: number, dimensions: number): number {
  let total = 0;
  const offset = row * dimensions;
  for (let i = 0; i < dimensions; i++) total += (vector[i] ?? 0) * (rows[offset + i] ?? 0);
  return total;
}
