/**
 * Nearest-rank percentile of `values` (`p` in 0–100): the smallest value with at least p % of the values at or
 * below it; null for no values. One definition for the evaluation's latencies, the bench and the index's
 * similarity calibration.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}
