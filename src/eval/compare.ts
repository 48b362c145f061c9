import { z } from 'zod';
import { CitebotError } from '../errors.ts';
import type { QuestionOutcome } from './metrics.ts';
import { textTable } from './report.ts';

/**
 * Comparing two evaluation runs question by question. A half holds 20 to 40 questions, so one question moves a figure
 * by 0.025 to 0.05: a change that raises one set and lowers another may be nothing but which questions happened to
 * flip. Paired per question, the flips say what changed, and an exact sign test says how often chance alone flips
 * that many one way.
 */

/** What a saved run keeps of one question: enough to tell, per measure, whether the question succeeded. */
export interface SavedOutcome {
  /** The evaluation set's name (eval/sets.json), so that ids of different sets never meet. */
  readonly set: string;
  readonly id: string;
  readonly split: QuestionOutcome['split'];
  readonly answerable: boolean;
  readonly hasAnswerText: boolean;
  readonly answerRank: number | null;
  readonly quoteHit: boolean | null;
  readonly abstained: boolean;
}

/** The per-question measures compared, each a success or a failure (or not measured) for one question. */
export const PAIRED_MEASURES = ['hit@1', 'source@5', 'quote', 'decision'] as const;
export type PairedMeasure = (typeof PAIRED_MEASURES)[number];

/**
 * Whether `outcome` succeeds on `measure`, null when the measure does not apply to it. `decision` is the abstention
 * figures' question seen from one question: an answerable question answered, an unanswerable one declined.
 */
export function succeeds(outcome: SavedOutcome, measure: PairedMeasure): boolean | null {
  switch (measure) {
    case 'hit@1':
      return outcome.answerable && outcome.hasAnswerText ? outcome.answerRank === 1 : null;
    case 'source@5':
      return outcome.answerable && outcome.hasAnswerText
        ? outcome.answerRank !== null && outcome.answerRank <= 5
        : null;
    case 'quote':
      return outcome.quoteHit;
    case 'decision':
      return outcome.answerable ? !outcome.abstained : outcome.abstained;
  }
}

/** The questions of one group (a set, or all sets) that one measure flipped between two runs. */
export interface MeasureFlips {
  readonly measure: PairedMeasure;
  /** Questions measured in both runs. */
  readonly paired: number;
  /** Ids of the questions that failed before and succeed now, and the reverse. */
  readonly better: readonly string[];
  readonly worse: readonly string[];
  /** Two-sided exact sign test over the flips ({@link signTestP}): 1 when nothing flipped. */
  readonly p: number;
}

/** One group's comparison: a set's questions, or every set's. */
export interface GroupComparison {
  readonly group: string;
  readonly measures: readonly MeasureFlips[];
}

/**
 * Compares `after` with `before`, question by question: per set (in the order of `after`), then over all sets
 * together. Questions are matched by set and id; one present in a single run is left out of the pairs (a set whose
 * questions changed is compared on those it kept).
 */
export function compareRuns(before: readonly SavedOutcome[], after: readonly SavedOutcome[]): GroupComparison[] {
  const earlier = new Map(before.map((outcome) => [keyOf(outcome), outcome]));
  const sets = [...new Set(after.map((outcome) => outcome.set))];
  const pairs = after.flatMap((outcome) => {
    const previous = earlier.get(keyOf(outcome));
    return previous === undefined ? [] : [{ before: previous, after: outcome }];
  });
  const compareGroup = (group: string, members: typeof pairs): GroupComparison => ({
    group,
    measures: PAIRED_MEASURES.map((measure) => {
      const better: string[] = [];
      const worse: string[] = [];
      let paired = 0;
      for (const pair of members) {
        const was = succeeds(pair.before, measure);
        const is = succeeds(pair.after, measure);
        if (was === null || is === null) continue;
        paired += 1;
        if (!was && is) better.push(pair.after.id);
        if (was && !is) worse.push(pair.after.id);
      }
      return { measure, paired, better, worse, p: signTestP(better.length, worse.length) };
    }),
  });
  return [
    ...sets.map((set) =>
      compareGroup(
        set,
        pairs.filter((pair) => pair.after.set === set),
      ),
    ),
    compareGroup('all sets', pairs),
  ];
}

function keyOf(outcome: SavedOutcome): string {
  return `${outcome.set}\u0000${outcome.id}`;
}

/**
 * Two-sided exact sign test (McNemar's exact test): the probability that a fair coin, tossed once per flipped
 * question, splits at least as unevenly as `better` against `worse`. Above 0.05, the change is not told apart from
 * which questions happened to flip.
 */
export function signTestP(better: number, worse: number): number {
  const flips = better + worse;
  if (flips === 0) return 1;
  const fewer = Math.min(better, worse);
  // Σ C(n, k) / 2^n for k ≤ fewer, computed as running products so that no factorial overflows.
  let term = 0.5 ** flips;
  let tail = term;
  for (let k = 1; k <= fewer; k++) {
    term = (term * (flips - k + 1)) / k;
    tail += term;
  }
  return Math.min(1, 2 * tail);
}

const SAVED_RUN_VERSION = 1;

const savedRunSchema = z.object({
  version: z.literal(SAVED_RUN_VERSION),
  outcomes: z.array(
    z.object({
      set: z.string(),
      id: z.string(),
      split: z.enum(['dev', 'test']).nullable(),
      answerable: z.boolean(),
      hasAnswerText: z.boolean(),
      answerRank: z.number().int().positive().nullable(),
      quoteHit: z.boolean().nullable(),
      abstained: z.boolean(),
    }),
  ),
});

/** The text `--save` writes: the per-question outcomes of a run, for a later `--compare`. */
export function serializeRun(outcomes: readonly SavedOutcome[]): string {
  const saved = outcomes.map(({ set, id, split, answerable, hasAnswerText, answerRank, quoteHit, abstained }) => ({
    set,
    id,
    split,
    answerable,
    hasAnswerText,
    answerRank,
    quoteHit,
    abstained,
  }));
  return `${JSON.stringify({ version: SAVED_RUN_VERSION, outcomes: saved })}\n`;
}

/** Reads what {@link serializeRun} wrote; throws `EVAL_RUN_INVALID`, naming `source` and the problem, otherwise. */
export function parseSavedRun(text: string, source: string): SavedOutcome[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CitebotError('EVAL_RUN_INVALID', `${source}: not JSON (${(error as Error).message})`);
  }
  const parsed = savedRunSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw new CitebotError(
      'EVAL_RUN_INVALID',
      `${source}${where}: ${issue?.message ?? 'unexpected content'}; write one with npm run eval -- --save FILE`,
    );
  }
  return parsed.data.outcomes;
}

/** A plain-text table of the comparison: flips per measure and group, with the sign test's p. */
export function formatComparison(groups: readonly GroupComparison[], { listIds }: { listIds: boolean }): string {
  const header = ['', ...PAIRED_MEASURES.map((measure) => `${measure} +/−  p`)];
  const body = groups.map(({ group, measures }) => [
    group,
    ...measures.map(({ better, worse, p, paired }) =>
      paired === 0 ? '–' : `+${better.length}/−${worse.length} ${p.toFixed(2).padStart(4)}`,
    ),
  ]);
  const table = textTable([header, ...body]);
  const lines = [
    'Against the saved run, per question: +n questions now succeed, −n now fail; p: two-sided exact sign test.',
    '',
    table,
  ];
  const pairedAtAll = groups.some(({ measures }) => measures.some(({ paired }) => paired > 0));
  if (!pairedAtAll) {
    lines.push('', 'No question is in both runs: was the saved run of another --split, or of other sets?');
  }
  if (listIds) {
    const flipped = groups
      .filter(({ group }) => group !== 'all sets')
      .flatMap(({ group, measures }) =>
        measures
          .filter(({ better, worse }) => better.length + worse.length > 0)
          .map(
            ({ measure, better, worse }) =>
              `  ${group} ${measure}: ${[...better.map((id) => `+${id}`), ...worse.map((id) => `−${id}`)].join(' ')}`,
          ),
      );
    if (flipped.length > 0) lines.push('', 'Flipped questions:', ...flipped);
  }
  return lines.join('\n');
}
