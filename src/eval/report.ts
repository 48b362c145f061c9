import {
  countDecisionMisses,
  WRONG_ANSWERS,
  WRONG_DECLINES,
  type DecisionMiss,
  type WrongAnswer,
  type WrongDecline,
} from './decision-miss.ts';
import type { EvalMetrics } from './metrics.ts';
import { countQuoteLosses, QUOTE_LOSSES, type QuoteLoss } from './quote-loss.ts';
import type { EvaluationReport, QuestionDetail } from './run.ts';

/** The `--json` output: the figures the issue names at the top level, then additive context. */
export interface EvaluationJson extends EvalMetrics {
  readonly mode: EvaluationReport['mode'];
  readonly modelId: string | null;
  readonly answerOptions: EvaluationReport['answerOptions'];
  readonly byLanguage: EvaluationReport['byLanguage'];
  readonly byKind: EvaluationReport['byKind'];
  readonly bySplit: EvaluationReport['bySplit'];
  readonly passages: number;
  readonly unreachableAnswers: EvaluationReport['unreachableAnswers'];
  /** Where the missed quotes lost the expected text: how many at each stage ({@link QUOTE_LOSSES}). */
  readonly quoteLosses: Record<QuoteLoss, number>;
  /** Why answerable questions were declined: how many for each cause ({@link WRONG_DECLINES}). */
  readonly wrongDeclines: Record<WrongDecline, number>;
  /** What made unanswerable questions look covered: how many for each cause ({@link WRONG_ANSWERS}). */
  readonly wrongAnswers: Record<WrongAnswer, number>;
}

/** The machine-readable summary printed by `npm run eval -- --json`. */
export function toEvaluationJson(report: EvaluationReport): EvaluationJson {
  return {
    ...report.overall,
    mode: report.mode,
    modelId: report.modelId,
    answerOptions: report.answerOptions,
    byLanguage: report.byLanguage,
    byKind: report.byKind,
    bySplit: report.bySplit,
    passages: report.build.passages,
    unreachableAnswers: report.unreachableAnswers,
    quoteLosses: countQuoteLosses(report.details.map((detail) => detail.quoteLoss)),
    wrongDeclines: countDecisionMisses(
      WRONG_DECLINES,
      report.details.map((detail) => detail.decisionMiss),
    ),
    wrongAnswers: countDecisionMisses(
      WRONG_ANSWERS,
      report.details.map((detail) => detail.decisionMiss),
    ),
  };
}

const COLUMNS: ReadonlyArray<readonly [label: string, key: keyof EvalMetrics]> = [
  ['questions', 'questions'],
  ['hit@1', 'hit1'],
  ['hit@5', 'hit5'],
  ['MRR', 'mrr'],
  ['quotes', 'quoteAccuracy'],
  ['abst.P', 'abstainPrecision'],
  ['abst.R', 'abstainRecall'],
  ['p50 ms', 'p50ms'],
  ['p95 ms', 'p95ms'],
];

function cell(key: keyof EvalMetrics, value: number | null): string {
  if (value === null) return '–';
  if (key === 'questions') return String(value);
  if (key === 'p50ms' || key === 'p95ms') return value.toFixed(1);
  return value.toFixed(3);
}

/** A plain-text table of `rows` (a name and its metrics each), one column per metric. */
export function metricsTable(rows: ReadonlyArray<readonly [string, EvalMetrics]>): string {
  const header = ['', ...COLUMNS.map(([label]) => label)];
  const body = rows.map(([name, metrics]) => [name, ...COLUMNS.map(([, key]) => cell(key, metrics[key]))]);
  return textTable([header, ...body]);
}

/** Rows of cells as aligned plain text: the first column (the names) to the left, the figures to the right. */
export function textTable(rows: ReadonlyArray<readonly string[]>): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((value, column) =>
          column === 0 ? value.padEnd(widths[column] ?? 0) : value.padStart(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}

function describeMiss(detail: QuestionDetail): string | null {
  const head = `  ${detail.id} [${detail.language}] ${JSON.stringify(detail.question)}`;
  if (!detail.answerable) {
    const why =
      detail.decisionMiss === null ? '' : `; ${describeDecisionMiss(detail.decisionMiss, detail.retrievedShare)}`;
    return detail.abstained
      ? null
      : `${head}\n      answered an unanswerable question: ${JSON.stringify(detail.quotes[0] ?? '')}${why}`;
  }
  const problems: string[] = [];
  if (detail.hasAnswerText && (detail.answerRank === null || detail.answerRank > 1)) {
    problems.push(
      detail.answerRank !== null
        ? `right passage at rank ${detail.answerRank}`
        : detail.retrieved.length === 0
          ? 'nothing retrieved'
          : `right passage not in the top ${detail.retrieved.length}`,
    );
  }
  if (detail.abstained)
    problems.push(
      detail.decisionMiss === null
        ? 'abstained'
        : `abstained (${describeDecisionMiss(detail.decisionMiss, detail.retrievedShare)})`,
    );
  else if (detail.quoteHit === false)
    problems.push(`quotes miss the expected text (first quote: ${JSON.stringify(detail.quotes[0] ?? '')})`);
  if (detail.quoteLoss !== null) {
    const share =
      detail.answerShare === null ? '' : ` (${describeShare('the passage holding it', detail.answerShare)})`;
    problems.push(`expected text lost: ${QUOTE_LOSS_LABELS[detail.quoteLoss]}${share}`);
  }
  if (problems.length === 0) return null;
  const top = detail.retrieved.length === 0 ? '' : `; top: ${detail.retrieved.slice(0, 3).join(', ')}`;
  return `${head}\n      ${problems.join('; ')}${top}`;
}

/** How each stage of {@link QUOTE_LOSSES} reads in the reports. */
const QUOTE_LOSS_LABELS: Record<QuoteLoss, string> = {
  'not-retrieved': 'not retrieved',
  declined: 'declined',
  'not-covering': 'not covering',
  'no-sentence': 'no sentence',
  'ranked-1': 'rank 1',
  'ranked-2-3': 'rank 2-3',
  'ranked-4-10': 'rank 4-10',
  'ranked-11+': 'rank 11+',
};

const QUOTE_LOSS_LEGEND =
  'Where the missed quotes lost the expected text: not retrieved (no retrieved passage holds it), declined (though a ' +
  'retrieved passage holds it), not covering (only passages judged not to cover the question hold it), no sentence (a ' +
  'covering passage holds it outside any quotable sentence: a heading, code, a table row), else its rank among the ' +
  'candidate sentences by words (rank 1: the best, replaced by another).';

/**
 * A table of where the missed quotes of each row (a name and its question details) lost the expected text: one
 * column per stage of {@link QUOTE_LOSSES}, then the misses in all.
 */
export function quoteLossTable(rows: ReadonlyArray<readonly [string, readonly QuestionDetail[]]>): string {
  const header = ['', ...QUOTE_LOSSES.map((loss) => QUOTE_LOSS_LABELS[loss]), 'misses'];
  const body = rows.map(([name, details]) => {
    const counts = countQuoteLosses(details.map((detail) => detail.quoteLoss));
    const misses = details.filter((detail) => detail.quoteLoss !== null).length;
    return [name, ...QUOTE_LOSSES.map((loss) => String(counts[loss])), String(misses)];
  });
  return `${QUOTE_LOSS_LEGEND}\n\n${textTable([header, ...body])}`;
}

/** How each cause of {@link WRONG_DECLINES} reads in the reports. */
const WRONG_DECLINE_LABELS: Record<WrongDecline, string> = {
  unmentioned: 'unmentioned',
  'nothing-retrieved': 'no hits',
  far: 'far',
  'no-distinctive-term': 'no rare term',
  'number-absent': 'no number',
  'name-absent': 'no name',
  'low-coverage': 'low coverage',
  'no-sentence': 'no sentence',
};

/** How each cause of {@link WRONG_ANSWERS} reads in the reports. */
const WRONG_ANSWER_LABELS: Record<WrongAnswer, string> = {
  close: 'close',
  'share-below-0.6': 'words < 0.6',
  'share-0.6-0.8': 'words 0.6-0.8',
  'share-0.8+': 'words 0.8+',
};

function describeDecisionMiss(miss: DecisionMiss, retrievedShare: number | null): string {
  const share = retrievedShare === null ? '' : `; ${describeShare('the best retrieved passage', retrievedShare)}`;
  return miss.kind === 'declined'
    ? `declined: ${WRONG_DECLINE_LABELS[miss.cause]}${share}`
    : `taken as covered: ${WRONG_ANSWER_LABELS[miss.cause]}${share}`;
}

function describeShare(what: string, share: number): string {
  return `${what} holds ${share.toFixed(2)} of the question's word weight`;
}

const DECISION_MISS_LEGEND =
  'Why answerable questions were declined: unmentioned (the question names a word no passage holds), no hits, else ' +
  "the test failed by the passage holding the largest share of the question's word weight: far (less similar than " +
  'unrelated passages), no rare term (none of the distinctive terms), no number (a number of the question missing), ' +
  'no name (a name of the question missing), low coverage (a share below the minimum); no sentence (covering ' +
  'passages, no sentence sharing a word). What made ' +
  "unanswerable questions look covered: the first quote's passage close by its vector, else the share of the " +
  "question's word weight it holds (words < 0.6, 0.6-0.8, 0.8+).";

/**
 * A table of the wrong decisions of each row (a name and its question details): the causes of the answerable
 * questions declined ({@link WRONG_DECLINES}), then what covered the unanswerable questions answered
 * ({@link WRONG_ANSWERS}), with the totals of each.
 */
export function decisionMissTable(rows: ReadonlyArray<readonly [string, readonly QuestionDetail[]]>): string {
  const header = [
    '',
    ...WRONG_DECLINES.map((cause) => WRONG_DECLINE_LABELS[cause]),
    'declined',
    ...WRONG_ANSWERS.map((cause) => WRONG_ANSWER_LABELS[cause]),
    'answered',
  ];
  const body = rows.map(([name, details]) => {
    const misses = details.map((detail) => detail.decisionMiss);
    const declines = countDecisionMisses(WRONG_DECLINES, misses);
    const answers = countDecisionMisses(WRONG_ANSWERS, misses);
    return [
      name,
      ...WRONG_DECLINES.map((cause) => String(declines[cause])),
      String(misses.filter((miss) => miss?.kind === 'declined').length),
      ...WRONG_ANSWERS.map((cause) => String(answers[cause])),
      String(misses.filter((miss) => miss?.kind === 'answered').length),
    ];
  });
  return `${DECISION_MISS_LEGEND}\n\n${textTable([header, ...body])}`;
}

/** The human-readable report: what was measured how, the table, where missed quotes were lost, then every miss. */
export function formatEvaluationReport(
  report: EvaluationReport,
  context: { readonly corpusDir: string; readonly qaPath: string; readonly indexPath: string },
): string {
  const { build } = report;
  const overrides = Object.entries(report.answerOptions).map(([key, value]) => `${key}=${String(value)}`);
  const mode = report.mode === 'hybrid' ? `hybrid (model ${report.modelId ?? '?'})` : 'full-text only';
  const how = `${mode}${overrides.length > 0 ? `, answer options ${overrides.join(' ')}` : ''}`;
  const groupRows = [
    ...Object.entries(report.bySplit),
    ...Object.entries(report.byLanguage),
    ...Object.entries(report.byKind),
  ].filter((entry): entry is [string, EvalMetrics] => entry[1] !== undefined);
  const misses = report.details.map(describeMiss).filter((line): line is string => line !== null);
  return [
    `Evaluation of ${context.qaPath} over ${context.corpusDir}`,
    `Mode: ${how}. Index ${context.indexPath}: ${build.files} files, ${build.passages} ` +
      `passages (${build.reusedFiles} reused, ${build.addedFiles + build.updatedFiles} (re)indexed, ` +
      `${build.skipped.length} skipped).`,
    '',
    metricsTable([['all', report.overall], ...groupRows]),
    '',
    'hit@k/MRR: answerable questions with an "answer", ranked over the index\'s top passages; ' +
      'quotes: questions with "expect"; abst.P/R: declining to answer, unanswerable questions ' +
      'being the positives.',
    '',
    ...(report.details.some((detail) => detail.quoteLoss !== null)
      ? [quoteLossTable([['all', report.details]]), '']
      : []),
    ...(report.details.some((detail) => detail.decisionMiss !== null)
      ? [decisionMissTable([['all', report.details]]), '']
      : []),
    misses.length === 0 ? 'No misses.' : `Misses (${misses.length}):\n${misses.join('\n')}`,
    ...(report.unreachableAnswers.length === 0
      ? []
      : [
          '',
          `Warning: no passage of the index holds the "answer" of ${report.unreachableAnswers.join(', ')}: ` +
            `check the set (the text must be verbatim) or the ingest.`,
        ]),
  ].join('\n');
}
