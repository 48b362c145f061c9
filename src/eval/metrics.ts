import { percentile } from '../statistics.ts';
import { foldAccents } from '../index/tokenizer.ts';
import type { Language } from '../index/types.ts';
import type { EvalSplit } from './qa.ts';

/**
 * Shortest common run (in normalised characters) that makes a passage count as holding a
 * long answer it does not contain whole: a passage boundary may cut the answer in two,
 * and the passage holding the larger part is still the right one.
 */
const MIN_SHARED_CHARACTERS = 24;

/**
 * `heading`: the question copies a heading of the document (easy: the words match);
 * `paraphrase`: it asks the same in other words, as users do.
 */
export type QuestionKind = 'heading' | 'paraphrase';

/** What one question of an evaluation set measured. */
export interface QuestionOutcome {
  readonly id: string;
  readonly question: string;
  readonly language: Language;
  /** How the question was written, when the set says so ({@link QuestionKind}). */
  readonly kind: QuestionKind | null;
  /** Half of the set the question belongs to, null when the set is not split. */
  readonly split: EvalSplit | null;
  readonly answerable: boolean;
  /**
   * 1-based rank of the first retrieved passage holding the `answer` text; null when none did or the question has no
   * `answer`.
   */
  readonly answerRank: number | null;
  /** Whether the question had an `answer` text to look for. */
  readonly hasAnswerText: boolean;
  /** Whether an `expect` string appears in a quote; null when the question has no `expect`. */
  readonly quoteHit: boolean | null;
  /** The bot said the documents do not cover the question. */
  readonly abstained: boolean;
  readonly latencyMs: number;
}

/**
 * The figures `npm run eval` reports. A ratio is null when nothing could be measured
 * (no answerable question with an `answer`, no unanswerable question, …): 0 would read as
 * a failure.
 */
export interface EvalMetrics {
  readonly questions: number;
  readonly hit1: number | null;
  readonly hit5: number | null;
  /** Mean reciprocal rank over the retrieved passages (0 for a miss). */
  readonly mrr: number | null;
  readonly quoteAccuracy: number | null;
  /** Of the questions the bot declined, the share that were really unanswerable. */
  readonly abstainPrecision: number | null;
  /** Of the unanswerable questions, the share the bot declined. */
  readonly abstainRecall: number | null;
  readonly p50ms: number | null;
  readonly p95ms: number | null;
}

/**
 * Text reduced to what a match should not depend on: Unicode compatibility forms, case,
 * accents, typographic apostrophes, quotes and dashes, and runs of white space (HTML
 * extraction re-wraps lines).
 */
export function normalizeForMatch(text: string): string {
  return foldAccents(text.normalize('NFKD'))
    .toLowerCase()
    .replace(/[‘’ʼ`´]/gu, "'")
    .replace(/[“”«»„]/gu, '"')
    .replace(/[‐‑‒–—]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Length of the longest run of characters that `a` and `b` both contain. */
export function longestCommonSubstringLength(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  // One rolling row of the classic table: O(|a|·|b|) time, O(|b|) memory.
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  let longest = 0;
  for (let i = 1; i <= a.length; i += 1) {
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      if (charA === b.charCodeAt(j - 1)) {
        const run = (previous[j - 1] ?? 0) + 1;
        current[j] = run;
        if (run > longest) longest = run;
      } else {
        current[j] = 0;
      }
    }
    [previous, current] = [current, previous];
  }
  return longest;
}

/**
 * Whether a retrieved passage is the right one for `answer`. Both are normalised
 * ({@link normalizeForMatch}); the passage counts when it contains the whole answer, or
 * when the two share a run of at least half the answer (and at least 24 characters):
 * an answer cut by a passage boundary still finds the passage holding most of it.
 */
export function passageHoldsAnswer(passageText: string, answer: string): boolean {
  const wanted = normalizeForMatch(answer);
  if (wanted === '') return false;
  const passage = normalizeForMatch(passageText);
  if (passage.includes(wanted)) return true;
  const needed = Math.max(MIN_SHARED_CHARACTERS, Math.ceil(wanted.length / 2));
  if (wanted.length < needed) return false;
  return longestCommonSubstringLength(wanted, passage) >= needed;
}

/** 1-based rank of the first passage holding `answer` ({@link passageHoldsAnswer}), or null. */
export function answerRank(passageTexts: readonly string[], answer: string): number | null {
  const index = passageTexts.findIndex((text) => passageHoldsAnswer(text, answer));
  return index === -1 ? null : index + 1;
}

/** Whether one of the `expected` strings appears (normalised) in one of the quotes. */
export function quotesContainExpected(quotes: readonly string[], expected: readonly string[]): boolean {
  const normalizedQuotes = quotes.map(normalizeForMatch);
  return expected.some((wanted) => {
    const needle = normalizeForMatch(wanted);
    return needle !== '' && normalizedQuotes.some((quote) => quote.includes(needle));
  });
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Aggregates per-question outcomes into the reported figures. */
export function summarize(outcomes: readonly QuestionOutcome[]): EvalMetrics {
  const ranked = outcomes.filter((outcome) => outcome.answerable && outcome.hasAnswerText);
  const ranks = ranked.map((outcome) => outcome.answerRank);
  const quoted = outcomes.filter((outcome) => outcome.answerable && outcome.quoteHit !== null);
  const abstained = outcomes.filter((outcome) => outcome.abstained);
  const unanswerable = outcomes.filter((outcome) => !outcome.answerable);
  const latencies = outcomes.map((outcome) => outcome.latencyMs);
  return {
    questions: outcomes.length,
    hit1: ratio(ranks.filter((rank) => rank === 1).length, ranked.length),
    hit5: ratio(ranks.filter((rank) => rank !== null && rank <= 5).length, ranked.length),
    mrr: ratio(
      ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0),
      ranked.length,
    ),
    quoteAccuracy: ratio(quoted.filter((outcome) => outcome.quoteHit === true).length, quoted.length),
    abstainPrecision: ratio(abstained.filter((outcome) => !outcome.answerable).length, abstained.length),
    abstainRecall: ratio(unanswerable.filter((outcome) => outcome.abstained).length, unanswerable.length),
    p50ms: percentile(latencies, 50),
    p95ms: percentile(latencies, 95),
  };
}

/**
 * {@link summarize} per group, groups in alphabetical order; outcomes whose group is null
 * are left out (e.g. questions without a `kind`).
 */
export function summarizeGroups<Group extends string>(
  outcomes: readonly QuestionOutcome[],
  groupOf: (outcome: QuestionOutcome) => Group | null,
): Partial<Record<Group, EvalMetrics>> {
  const groups = [...new Set(outcomes.map(groupOf).filter((group): group is Group => group !== null))].sort();
  return Object.fromEntries(
    groups.map((group) => [group, summarize(outcomes.filter((outcome) => groupOf(outcome) === group))]),
  ) as Partial<Record<Group, EvalMetrics>>;
}
