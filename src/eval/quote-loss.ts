import type { AnswerTrace } from '../answer/index.ts';
import { normalizeForMatch } from './metrics.ts';

/**
 * Where the answer lost the expected sentence, in pipeline order:
 * - `not-retrieved`: no retrieved passage holds it (the words or the vector found other passages);
 * - `declined`: a retrieved passage holds it, but the question was declined;
 * - `not-covering`: only passages judged not to cover the question hold it;
 * - `no-sentence`: a covering passage holds it, but in no quotable sentence (a heading, code, a table row, or a text
 *   spanning sentences that no single sentence holds);
 * - `ranked-1`: it was the best candidate by words, and something replaced it (the sentence that follows a
 *   restatement, a sentence stating a number for "how many", the closest by meaning);
 * - `ranked-2-3`, `ranked-4-10`, `ranked-11+`: its rank among the candidates, below the sentences quoted.
 */
export const QUOTE_LOSSES = [
  'not-retrieved',
  'declined',
  'not-covering',
  'no-sentence',
  'ranked-1',
  'ranked-2-3',
  'ranked-4-10',
  'ranked-11+',
] as const;

/** One of {@link QUOTE_LOSSES}. */
export type QuoteLoss = (typeof QUOTE_LOSSES)[number];

/**
 * The stage at which a missed quote was lost ({@link QUOTE_LOSSES}), read from the answer's trace: `expected` are the
 * question's `expect` strings, matched as the quote-correct measure matches them ({@link normalizeForMatch}).
 */
export function quoteLoss(trace: AnswerTrace, expected: readonly string[], answered: boolean): QuoteLoss {
  const needles = expected.map(normalizeForMatch).filter((needle) => needle !== '');
  const holds = expectedTextIn(expected);
  const holding = trace.retrieved.filter((passage) => holds(passage.text));
  if (holding.length === 0) return 'not-retrieved';
  if (!answered) return 'declined';
  const covering = new Set(trace.covering);
  const covered = new Set(holding.filter((passage) => covering.has(passage.id)).map((passage) => passage.id));
  if (covered.size === 0) return 'not-covering';
  const rank = trace.ranked.findIndex((sentence) => {
    if (!covered.has(sentence.passageId)) return false;
    const normalized = normalizeForMatch(sentence.text);
    // An expected text longer than one sentence is found by the sentence it starts or ends with.
    return needles.some((needle) => normalized.includes(needle) || needle.includes(normalized));
  });
  if (rank === -1) return 'no-sentence';
  if (rank === 0) return 'ranked-1';
  if (rank < 3) return 'ranked-2-3';
  if (rank < 10) return 'ranked-4-10';
  return 'ranked-11+';
}

/**
 * A test of whether a text holds one of the question's `expect` strings, as the quote-correct measure matches them
 * ({@link normalizeForMatch}).
 */
export function expectedTextIn(expected: readonly string[]): (text: string) => boolean {
  const needles = expected.map(normalizeForMatch).filter((needle) => needle !== '');
  return (text) => {
    const normalized = normalizeForMatch(text);
    return needles.some((needle) => normalized.includes(needle));
  };
}

/** How many of `losses` (one per missed quote; null for the others) fall at each stage, in pipeline order. */
export function countQuoteLosses(losses: ReadonlyArray<QuoteLoss | null>): Record<QuoteLoss, number> {
  const counts = Object.fromEntries(QUOTE_LOSSES.map((loss) => [loss, 0])) as Record<QuoteLoss, number>;
  for (const loss of losses) if (loss !== null) counts[loss] += 1;
  return counts;
}
