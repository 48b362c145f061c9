/**
 * `npm run eval -- --corpus DIR --qa FILE.jsonl [--index PATH] [--model default|tiny|none] [--min-coverage N] [--vector-threshold N] [--json]`
 *
 * Builds (or incrementally reuses) the index for DIR the way `npm run index` does, asks
 * every question of the evaluation set as the bot would, and prints retrieval, quote,
 * abstention and latency figures, overall and per language. See docs/evaluation.md.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../src/config.ts';
import { loadTransformersEmbedder } from '../src/embed/index.ts';
import { writeTinyModel } from '../tools/tiny-model/tiny-model.ts';
import type { Embedder } from '../src/embed/types.ts';
import type { AnswerOptions } from '../src/answer/index.ts';
import { CitebotError, isCitebotError } from '../src/errors.ts';
import { formatEvaluationReport, readQaSet, runEvaluation, toEvaluationJson } from '../src/eval/index.ts';
import { createLogger } from '../src/logger.ts';
import { indexCorpus, openEmbedder } from '../src/pipeline/index.ts';

const EVAL_CACHE_DIR = '.eval-cache';
const MODEL_CHOICES = ['default', 'tiny', 'none'] as const;
type ModelChoice = (typeof MODEL_CHOICES)[number];

const USAGE = `Usage: npm run eval -- --corpus DIR --qa FILE.jsonl [--index PATH] [--model default|tiny|none]
                    [--min-coverage N] [--vector-threshold N] [--json]
  --corpus DIR            documents to index (the evaluation corpora: bash scripts/fetch-eval-docs.sh)
  --qa FILE               evaluation set, one JSON question per line (see docs/evaluation.md)
  --index PATH            index file to build or reuse (default: ${EVAL_CACHE_DIR}/indexes/<corpus>-<model>.citebot)
  --model default         the configured model; full-text only when it cannot be loaded
  --model tiny            a small generated model: exercises the vector path, says nothing of quality
  --model none            full-text only
  --min-coverage N        try another abstention threshold: share of the question's weighted terms (0-1)
  --vector-threshold N    try a cosine at which a passage covers the question without shared words (0-1)
  --json                  print one JSON object instead of the report`;

interface EvalArguments {
  readonly corpusDir: string;
  readonly qaPath: string;
  readonly indexPath: string | undefined;
  readonly model: ModelChoice;
  readonly json: boolean;
  readonly answerOptions: AnswerOptions;
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
        'min-coverage': { type: 'string' },
        'vector-threshold': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CitebotError('USAGE', `${(error as Error).message}\n${USAGE}`);
  }
  const model = MODEL_CHOICES.find((choice) => choice === values.model);
  if (values.corpus === undefined || values.qa === undefined || model === undefined) {
    const problem =
      model === undefined ? `--model must be one of ${MODEL_CHOICES.join(', ')}` : '--corpus and --qa are required';
    throw new CitebotError('USAGE', `${problem}\n${USAGE}`);
  }
  const minCoverage = parseRatio('min-coverage', values['min-coverage']);
  const vectorThreshold = parseRatio('vector-threshold', values['vector-threshold']);
  return {
    corpusDir: values.corpus,
    qaPath: values.qa,
    indexPath: values.index,
    model,
    json: values.json,
    answerOptions: {
      ...(minCoverage === undefined ? {} : { minCoverage }),
      ...(vectorThreshold === undefined ? {} : { vectorThreshold }),
    },
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

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
  await assertCorpusExists(args.corpusDir);
  const items = await readQaSet(args.qaPath);
  const embedder = await chooseEmbedder(args.model, config, warn);
  // One index per corpus and model, so switching --model never forces a rebuild of another.
  const modelLabel = embedder === null ? 'fulltext' : embedder.modelId.replace(/[^\w.-]+/g, '_');
  const indexPath =
    args.indexPath ??
    path.join(EVAL_CACHE_DIR, 'indexes', `${path.basename(path.resolve(args.corpusDir))}-${modelLabel}.citebot`);
  const build = await indexCorpus(config, {
    corpusDir: args.corpusDir,
    outPath: indexPath,
    embedder,
    warn,
    ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
  });
  const report = await runEvaluation({
    corpusDir: args.corpusDir,
    indexPath,
    build,
    embedder,
    items,
    logger,
    answerOptions: args.answerOptions,
  });
  process.stdout.write(
    args.json
      ? `${JSON.stringify(toEvaluationJson(report), null, 2)}\n`
      : `${formatEvaluationReport(report, { corpusDir: args.corpusDir, qaPath: args.qaPath, indexPath })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${isCitebotError(error) ? `[${error.code}] ${error.message}` : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
