import type { AnswerTrace } from '../answer/index.ts';
import type { CoverageVerdict, PassageJudgement } from '../answer/types.ts';

/**
 * Why an answerable question was declined, read from the answer's trace:
 * - `unmentioned`: the question names a word no passage holds (a name, a counted thing), which declines it first;
 * - `nothing-retrieved`: no passage was retrieved at all;
 * - `far`, `no-distinctive-term`, `number-absent`, `name-absent`, `low-coverage`: the {@link CoverageVerdict} of the
 *   retrieved passage holding the largest share of the question's word weight, the one that came closest to covering
 *   it;
 * - `no-sentence`: a passage covered the question, but none of its sentences shares a word with it.
 */
export const WRONG_DECLINES = [
  'unmentioned',
  'nothing-retrieved',
  'far',
  'no-distinctive-term',
  'number-absent',
  'name-absent',
  'low-coverage',
  'no-sentence',
] as const;

/** One of {@link WRONG_DECLINES}. */
export type WrongDecline = (typeof WRONG_DECLINES)[number];

/**
 * What made an unanswerable question look covered, read from the first quote's passage: `close` by its vector
 * (hybrid mode), else by words, binned by the share of the question's word weight that passage holds.
 */
export const WRONG_ANSWERS = ['close', 'share-below-0.6', 'share-0.6-0.8', 'share-0.8+'] as const;

/** One of {@link WRONG_ANSWERS}. */
export type WrongAnswer = (typeof WRONG_ANSWERS)[number];

/** A wrong decision to answer or decline, and its cause. */
export type DecisionMiss =
  | { readonly kind: 'declined'; readonly cause: WrongDecline }
  | { readonly kind: 'answered'; readonly cause: WrongAnswer };

/**
 * The cause of a wrong decision ({@link WRONG_DECLINES}, {@link WRONG_ANSWERS}), or null when the decision was right:
 * an answerable question answered, an unanswerable one declined. `firstQuotePassageId` is the passage the answer's
 * first quote comes from (null when declined).
 */
export function decisionMiss(
  trace: AnswerTrace,
  answerable: boolean,
  answered: boolean,
  firstQuotePassageId: string | null,
): DecisionMiss | null {
  if (answerable === answered) return null;
  const best = bestJudged(trace);
  if (answered) {
    const first = trace.judged.find((judgement) => judgement.passageId === firstQuotePassageId);
    if (first?.verdict === 'close') return { kind: 'answered', cause: 'close' };
    const share = first?.share ?? best?.share ?? 0;
    return { kind: 'answered', cause: share < 0.6 ? 'share-below-0.6' : share < 0.8 ? 'share-0.6-0.8' : 'share-0.8+' };
  }
  if (trace.unmentioned !== null) return { kind: 'declined', cause: 'unmentioned' };
  if (trace.retrieved.length === 0 || best === null) return { kind: 'declined', cause: 'nothing-retrieved' };
  if (trace.covering.length > 0) return { kind: 'declined', cause: 'no-sentence' };
  return { kind: 'declined', cause: declineCause(best.verdict) };
}

/** The retrieved passage holding the largest share of the question's word weight; null when none was retrieved. */
export function bestJudged(trace: AnswerTrace): PassageJudgement | null {
  return trace.judged.reduce<PassageJudgement | null>(
    (top, judgement) => (top === null || judgement.share > top.share ? judgement : top),
    null,
  );
}

/** A passage verdict that does not cover, as the cause of a decline (a covering verdict cannot decline). */
function declineCause(verdict: CoverageVerdict): WrongDecline {
  return verdict === 'close' || verdict === 'covers' ? 'no-sentence' : verdict;
}

/** How many of `misses` fall under each cause of `causes`, in that order (the other kind's misses aside). */
export function countDecisionMisses<Cause extends string>(
  causes: readonly Cause[],
  misses: ReadonlyArray<DecisionMiss | null>,
): Record<Cause, number> {
  const counts = Object.fromEntries(causes.map((cause) => [cause, 0])) as Record<Cause, number>;
  for (const miss of misses) {
    if (miss !== null && (causes as readonly string[]).includes(miss.cause)) counts[miss.cause as Cause] += 1;
  }
  return counts;
}
