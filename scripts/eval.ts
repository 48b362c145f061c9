/**
 * `npm run eval -- --corpus DIR --qa FILE.jsonl [--index PATH] [--model default|tiny|none] [--split dev|test|all]
 * [--min-coverage N] [--vector-threshold N] [--json] [--save FILE] [--compare FILE]`
 * `npm run eval -- --all [--model …] [--split dev|test|all] [--json] [--verbose] [--save FILE] [--compare FILE]`: every
 * set of eval/sets.json
 *
 * Builds (or incrementally reuses) the index for DIR the way `npm run index` does, asks
 * every question of the evaluation set as the bot would, and prints retrieval, quote,
 * abstention and latency figures, overall and per language. See docs/evaluation.md.
 */
import { constants } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../src/config.ts';
import { loadTransformersEmbedder, type Embedder } from '../src/embed/index.ts';
import { writeTinyModel } from '../tools/tiny-model/tiny-model.ts';
import type { AnswerOptions } from '../src/answer/index.ts';
import { CitebotError, runCommand } from '../src/errors.ts';
import {
  compareRuns,
  EVAL_SPLITS,
  formatComparison,
  formatEvaluationReport,
  metricsTable,
  parseSavedRun,
  quoteLossTable,
  decisionMissTable,
  readQaSet,
  runEvaluation,
  serializeRun,
  toEvaluationJson,
  type EvalMetrics,
  type EvalSplit,
  type EvaluationReport,
  type QuestionDetail,
  type SavedOutcome,
} from '../src/eval/index.ts';
import { createLogger } from '../src/logger.ts';
import { indexCorpus, openEmbedder } from '../src/pipeline/index.ts';

const EVAL_CACHE_DIR = '.eval-cache';
const MODEL_CHOICES = ['default', 'tiny', 'none'] as const;
type ModelChoice = (typeof MODEL_CHOICES)[number];

const SETS_FILE = path.join('eval', 'sets.json');
const SPLIT_CHOICES = [...EVAL_SPLITS, 'all'] as const;
type SplitChoice = (typeof SPLIT_CHOICES)[number];

const USAGE = `Usage: npm run eval -- --corpus DIR --qa FILE.jsonl [--index PATH] [--model default|tiny|none]
                    [--split dev|test|all] [--min-coverage N] [--vector-threshold N] [--json]
                    [--save FILE] [--compare FILE]
       npm run eval -- --all [--model …] [--split dev|test|all] [--json] [--verbose] [--save FILE] [--compare FILE]
  --all                   every set of ${SETS_FILE} whose corpus is present: one table, per set and half
  --split dev|test|all    ask only that half of the set (default all; the report shows each half)
  --verbose               with --all: each set's full report (misses included) too
  --corpus DIR            documents to index (the evaluation corpora: bash scripts/fetch-eval-docs.sh)
  --qa FILE               evaluation set, one JSON question per line (see docs/evaluation.md)
  --index PATH            index file to build or reuse (default: ${EVAL_CACHE_DIR}/indexes/<corpus>-<model>.citebot)
  --model default         the configured model; full-text only when it cannot be loaded
  --model tiny            a small generated model: exercises the vector path, says nothing of quality
  --model none            full-text only
  --min-coverage N        try another abstention threshold: share of the question's weighted terms (0-1)
  --vector-threshold N    try a cosine at which a passage covers the question without shared words (0-1)
  --json                  print one JSON object instead of the report
  --save FILE             also write every question's outcome to FILE, for a later --compare
  --compare FILE          also compare, question by question, with the run saved in FILE: the questions each
                          measure flipped and an exact sign test (with --verbose: their ids); not with --json`;

interface EvalArguments {
  /** Null with --all. */
  readonly corpusDir: string | null;
  readonly qaPath: string | null;
  readonly indexPath: string | undefined;
  readonly model: ModelChoice;
  readonly split: SplitChoice;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly answerOptions: AnswerOptions;
  readonly savePath: string | undefined;
  readonly comparePath: string | undefined;
}

function parseRatio(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new CitebotError('USAGE', `--${name} must be a number from 0 to 1, got "${value}"\n${USAGE}`);
  }
  return number;
}

function parseArguments(argv: readonly string[]): EvalArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        corpus: { type: 'string' },
        qa: { type: 'string' },
        index: { type: 'string' },
        model: { type: 'string', default: 'default' },
        json: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        split: { type: 'string', default: 'all' },
        'min-coverage': { type: 'string' },
        'vector-threshold': { type: 'string' },
        save: { type: 'string' },
        compare: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CitebotError('USAGE', `${(error as Error).message}\n${USAGE}`);
  }
  const model = MODEL_CHOICES.find((choice) => choice === values.model);
  const split = SPLIT_CHOICES.find((choice) => choice === values.split);
  const oneSet = values.corpus !== undefined && values.qa !== undefined;
  const compareWithJson = values.compare !== undefined && values.json;
  if (
    (values.all ? values.corpus !== undefined || values.qa !== undefined : !oneSet) ||
    !model ||
    !split ||
    compareWithJson
  ) {
    const problem = compareWithJson
      ? '--compare prints a table: leave out --json'
      : !model
        ? `--model must be one of ${MODEL_CHOICES.join(', ')}`
        : !split
          ? `--split must be one of ${SPLIT_CHOICES.join(', ')}`
          : values.all
            ? '--all runs the sets of eval/sets.json: leave out --corpus and --qa'
            : '--corpus and --qa are required (or --all)';
    throw new CitebotError('USAGE', `${problem}\n${USAGE}`);
  }
  const minCoverage = parseRatio('min-coverage', values['min-coverage']);
  const vectorThreshold = parseRatio('vector-threshold', values['vector-threshold']);
  return {
    corpusDir: values.all ? null : (values.corpus ?? null),
    qaPath: values.all ? null : (values.qa ?? null),
    indexPath: values.index,
    model,
    split,
    json: values.json,
    verbose: values.verbose,
    answerOptions: {
      ...(minCoverage === undefined ? {} : { minCoverage }),
      ...(vectorThreshold === undefined ? {} : { vectorThreshold }),
    },
    savePath: values.save,
    comparePath: values.compare,
  };
}

async function assertCorpusExists(corpusDir: string): Promise<void> {
  const isDirectory = await stat(corpusDir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new CitebotError(
      'CORPUS_MISSING',
      `${corpusDir} (the evaluation corpora are downloaded by: bash scripts/fetch-eval-docs.sh)`,
    );
  }
}

async function chooseEmbedder(
  model: ModelChoice,
  config: Config,
  warn: (message: string) => void,
): Promise<Embedder | null> {
  if (model === 'none') return null;
  if (model === 'default') return openEmbedder(config, warn, 'The evaluation measures full-text search only.');
  // Written on every run: the files are small and deterministic, and a run never trusts a half-written copy.
  const tiny = await writeTinyModel(path.join(EVAL_CACHE_DIR, 'models'));
  return loadTransformersEmbedder({ ...config.embedding, ...tiny, allowRemoteModels: false });
}

interface EvalSetEntry {
  readonly name: string;
  readonly corpus: string;
  readonly qa: string;
}

async function readSetList(): Promise<EvalSetEntry[]> {
  const text = await readFile(SETS_FILE, 'utf8');
  return JSON.parse(text) as EvalSetEntry[];
}

interface SetContext {
  readonly config: Config;
  readonly logger: ReturnType<typeof createLogger>;
  readonly warn: (message: string) => void;
  readonly embedder: Embedder | null;
  readonly args: EvalArguments;
}

/** Builds (or reuses) the set's index and asks its questions (only the chosen half). */
async function evaluateSet(
  context: SetContext,
  corpusDir: string,
  qaPath: string,
  explicitIndexPath: string | undefined,
): Promise<{ report: EvaluationReport; indexPath: string }> {
  const { config, embedder, args, warn } = context;
  await assertCorpusExists(corpusDir);
  const allItems = await readQaSet(qaPath);
  const items = args.split === 'all' ? allItems : allItems.filter((item) => item.split === args.split);
  if (items.length === 0)
    throw new CitebotError('EVAL_SET_INVALID', `${qaPath}: no question in the ${args.split} half`);
  // One index per corpus and model, so switching --model never forces a rebuild of another.
  const modelLabel = embedder === null ? 'fulltext' : embedder.modelId.replace(/[^\w.-]+/g, '_');
  const indexPath =
    explicitIndexPath ??
    path.join(EVAL_CACHE_DIR, 'indexes', `${path.basename(path.resolve(corpusDir))}-${modelLabel}.citebot`);
  const build = await indexCorpus(config, {
    corpusDir,
    outPath: indexPath,
    embedder,
    warn,
    ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
  });
  const report = await runEvaluation({
    corpusDir,
    indexPath,
    build,
    embedder,
    items,
    logger: context.logger,
    answerOptions: args.answerOptions,
  });
  return { report, indexPath };
}

/** Rows of the --all table: each half of each set (the chosen one only with --split), then the whole set. */
function setRows(name: string, report: EvaluationReport, split: SplitChoice): Array<readonly [string, EvalMetrics]> {
  const halves = EVAL_SPLITS.filter((half) => split === 'all' || half === split)
    .map((half) => [half, report.bySplit[half]] as const)
    .filter((entry): entry is readonly [EvalSplit, EvalMetrics] => entry[1] !== undefined)
    .map(([half, metrics]) => [`${name} ${half}`, metrics] as const);
  return split === 'all' ? [...halves, [`${name} all`, report.overall] as const] : halves;
}

/**
 * Each half of a set that the run asked, with its questions' details (the rows of the quote-loss table); a set that is
 * not split is one row.
 */
function setHalves(name: string, report: EvaluationReport): Array<readonly [string, readonly QuestionDetail[]]> {
  const halves = EVAL_SPLITS.map(
    (half) => [`${name} ${half}`, report.details.filter((detail) => detail.split === half)] as const,
  ).filter(([, details]) => details.length > 0);
  return halves.length > 0 ? halves : [[`${name} all`, report.details]];
}

/** The run saved in `filePath`, read before anything is indexed: a bad file stops the command at once. */
async function readSavedRun(filePath: string): Promise<SavedOutcome[]> {
  let text;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw new CitebotError('EVAL_RUN_INVALID', `${filePath} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  return parseSavedRun(text, filePath);
}

/** Fails before the run when `--save` could not write its file: a long run must not end in nothing saved. */
async function assertSavable(filePath: string): Promise<void> {
  try {
    await access(path.dirname(path.resolve(filePath)), constants.W_OK);
  } catch (error) {
    throw new CitebotError('EVAL_RUN_UNWRITABLE', `${filePath} (${(error as NodeJS.ErrnoException).code})`);
  }
}

/** What a set's questions measured, as `--save` keeps them. */
function savedOutcomes(set: string, report: EvaluationReport): SavedOutcome[] {
  return report.details.map((detail) => ({ ...detail, set }));
}

/** Writes the run (`--save`) and prints its comparison with the saved one (`--compare`), as asked. */
async function saveAndCompare(
  args: EvalArguments,
  before: readonly SavedOutcome[] | null,
  outcomes: readonly SavedOutcome[],
): Promise<void> {
  if (args.savePath !== undefined) {
    try {
      await writeFile(args.savePath, serializeRun(outcomes));
    } catch (error) {
      throw new CitebotError('EVAL_RUN_UNWRITABLE', `${args.savePath} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  if (before !== null) {
    process.stdout.write(`\n${formatComparison(compareRuns(before, outcomes), { listIds: args.verbose })}\n`);
  }
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const before = args.comparePath === undefined ? null : await readSavedRun(args.comparePath);
  if (args.savePath !== undefined) await assertSavable(args.savePath);
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
  const embedder = await chooseEmbedder(args.model, config, warn);
  const context: SetContext = { config, logger, warn, embedder, args };
  if (args.corpusDir !== null && args.qaPath !== null) {
    const { report, indexPath } = await evaluateSet(context, args.corpusDir, args.qaPath, args.indexPath);
    process.stdout.write(
      args.json
        ? `${JSON.stringify(toEvaluationJson(report), null, 2)}\n`
        : `${formatEvaluationReport(report, { corpusDir: args.corpusDir, qaPath: args.qaPath, indexPath })}\n`,
    );
    await saveAndCompare(args, before, savedOutcomes(path.basename(args.qaPath, '.jsonl'), report));
    return;
  }
  const outcomes: SavedOutcome[] = [];
  const rows: Array<readonly [string, EvalMetrics]> = [];
  const lossRows: Array<readonly [string, readonly QuestionDetail[]]> = [];
  const json: Record<string, ReturnType<typeof toEvaluationJson>> = {};
  for (const set of await readSetList()) {
    const present = await stat(set.corpus).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (!present) {
      warn(`${set.name}: ${set.corpus} is missing (bash scripts/fetch-eval-docs.sh); skipped`);
      continue;
    }
    const { report, indexPath } = await evaluateSet(context, set.corpus, set.qa, undefined);
    rows.push(...setRows(set.name, report, args.split));
    lossRows.push(...setHalves(set.name, report));
    json[set.name] = toEvaluationJson(report);
    outcomes.push(...savedOutcomes(set.name, report));
    if (args.verbose && !args.json) {
      process.stdout.write(
        `${formatEvaluationReport(report, { corpusDir: set.corpus, qaPath: set.qa, indexPath })}\n\n`,
      );
    }
  }
  const mode = embedder === null ? 'full-text only' : `hybrid (model ${embedder.modelId})`;
  process.stdout.write(
    args.json
      ? `${JSON.stringify(json, null, 2)}\n`
      : `Mode: ${mode}; questions: ${args.split}. hit@5 is source@5: the passage holding the answer among the top 5.\n\n` +
          `${metricsTable(rows)}\n\n${quoteLossTable(lossRows)}\n\n${decisionMissTable(lossRows)}\n`,
  );
  await saveAndCompare(args, before, outcomes);
}

runCommand(main);
