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

// Unrelated pairs sampled per probe for the median and the 99th percentile of one pair: stable, bounded per build.
const UNRELATED_PER_PROBE = 256;
// Share of probes whose best passage of another document stays below the threshold: a question the documents do not
// answer meets its nearest passage the way a probe meets its best other document, so about one in ten such questions
// is covered by a vector alone, whatever the corpus size.
const BEST_UNRELATED_PERCENTILE = 90;

/**
 * Calibrates what a cosine similarity means for the model that built an index, on its own
 * corpus: each probe (a question-like text taken from a passage, embedded as a question) is
 * compared with its own passage (related) and with passages of other documents (unrelated).
 * One below the unrelated pairs' median is no evidence at all. Models differ widely in where
 * these lie (e5's cosines bunch near 0.8, others spread around 0), which is why no fixed
 * threshold fits.
 *
 * A question's nearest passage is the best of every passage, not one pair drawn at random: over a thousand passages
 * the best unrelated one is above the 99th percentile of single pairs nearly always (0.99¹⁰⁰⁰ ≈ 0.00004). So the
 * similarity that covers a question on its own is read from the same kind of maximum: each probe's best passage
 * among all passages of other documents, the {@link BEST_UNRELATED_PERCENTILE}th percentile of those (never below
 * the single pairs' 99th percentile). Passages that say the same as the probe in another document (a manual shipped
 * twice, a repeated section) raise it: then fewer passages are covered by their vector alone, and the words decide.
 * Null when there are too few documents to tell related from unrelated.
 */
export function calibrateVectors(input: CalibrationInput): VectorCalibration | null {
  const { probes, vectors, dimensions, documentOf } = input;
  const rows = dimensions === 0 ? 0 : vectors.length / dimensions;
  const related: number[] = [];
  const unrelated: number[] = [];
  const bestUnrelated: number[] = [];
  probes.forEach((probe, p) => {
    const document = documentOf(probe.row);
    related.push(dot(probe.vector, vectors, probe.row, dimensions));
    const step = Math.max(1, Math.floor(rows / UNRELATED_PER_PROBE));
    // Each probe's sample starts at a different offset so that the samples cover every row across probes.
    const sampled = p % step;
    let best = -Infinity;
    for (let row = 0; row < rows; row++) {
      if (documentOf(row) === document) continue;
      const similarity = dot(probe.vector, vectors, row, dimensions);
      if (similarity > best) best = similarity;
      if (row % step === sampled) unrelated.push(similarity);
    }
    if (best > -Infinity) bestUnrelated.push(best);
  });
  if (related.length === 0 || unrelated.length === 0) return null;
  const unrelatedHigh = percentile(unrelated, 99) ?? 0;
  const unrelatedBest = percentile(bestUnrelated, BEST_UNRELATED_PERCENTILE) ?? unrelatedHigh;
  return {
    probes: probes.length,
    unrelatedMedian: percentile(unrelated, 50) ?? 0,
    unrelatedHigh,
    unrelatedBest,
    relatedMedian: percentile(related, 50) ?? 0,
    threshold: Math.max(unrelatedHigh, unrelatedBest),
  };
}

function dot(vector: Float32Array, rows: Float32Array, row: number, dimensions: number): number {
  let total = 0;
  const offset = row * dimensions;
  for (let i = 0; i < dimensions; i++) total += (vector[i] ?? 0) * (rows[offset + i] ?? 0);
  return total;
}
