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

/**
 * The key counted most often in `counts` and its count (the first such key on a tie); undefined when no count is
 * above 0. One definition for the PDF reader's body text size, a line's main size and the pages' numbering.
 */
export function mostCounted<K>(
  counts: ReadonlyMap<K, number>,
): { readonly key: K; readonly count: number } | undefined {
  let best: { key: K; count: number } | undefined;
  for (const [key, count] of counts) if (count > (best?.count ?? 0)) best = { key, count };
  return best;
}
