/**
 * The embedding model's part of a build and of a question, with a real model folder:
 * `npm run bench -- --model-dir DIR --model ID [--dtype q8|fp32] [--workers N] [--passages 1500]
 * [--batch-tokens N] [--corpus DIR]`.
 *
 * Indexing and questions are measured in separate child processes (fresh memory figures each): indexing embeds the
 * first `--passages` passages of real documentation through the project's embedder (token-sorted batches, `--workers`
 * worker threads) and reports passages/s, tokens/s, padding, load time, RSS after load and peak RSS; questions load the
 * one-session question path and time 200 question embeddings (p50/p95).
 */
import { access } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { paddingRatio } from '../../src/embed/batching.ts';
import { EMBEDDING_DTYPES, loadTransformersEmbedder, type EmbeddingDtype } from '../../src/embed/index.ts';
import { CitebotError } from '../../src/errors.ts';
import { ingestFile, readCorpusFile, scanCorpus } from '../../src/ingest/index.ts';

/** What the bench is asked to measure. */
export interface ModelBenchOptions {
  readonly modelDir: string;
  readonly modelId: string;
  readonly dtype: EmbeddingDtype;
  readonly workers: number;
  readonly passages: number;
  readonly batchTokens: number;
  readonly batchSize: number;
  readonly corpusDir: string;
}

/** The indexing child's figures. */
export interface ModelIndexing {
  readonly passages: number;
  readonly loadMs: number;
  readonly rssAfterLoadMb: number;
  readonly embedMs: number;
  readonly passagesPerSecond: number;
  readonly tokensPerSecond: number;
  readonly tokensPerPassage: number;
  readonly paddingRatio: number;
  /** Padding of the same passages in document order, 16 per batch (before token-sorted batching). */
  readonly documentOrderPaddingRatio: number;
  readonly peakRssMb: number;
}

/** The question child's figures. */
export interface ModelQuestions {
  readonly loadMs: number;
  readonly rssAfterLoadMb: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly peakRssMb: number;
}

/** The tokenizer alone: what every process that embeds (the bot, each build) pays before its first vector. */
export interface TokenizerLoad {
  readonly loadMs: number;
  readonly rssMb: number;
}

const QUESTIONS = 200;
const WARMUP = 20;
const DOCUMENT_ORDER_BATCH = 16;
const E5_SHAPE_HINT =
  'Build the e5-shaped model (random weights, timings only) with: /usr/bin/python3 ../shared/tools/e5-shape-model/make_e5_shape.py --out .e5-shape/models ' +
  '(needs: apt-get install -y python3-torch python3-onnx python3-sentencepiece; ≈ 2–4 min), then: ' +
  'npm run bench -- --model-dir .e5-shape/models --model citebot/e5-shape-small';

const rssMb = () => process.memoryUsage.rss() / 2 ** 20;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Throws USAGE saying how to make the model folder when it is not there. */
export async function checkModelFolder(options: ModelBenchOptions): Promise<void> {
  const folder = join(options.modelDir, ...options.modelId.split('/'));
  const present = await access(join(folder, 'config.json')).then(
    () => true,
    () => false,
  );
  if (!present) throw new CitebotError('USAGE', `no model folder at ${folder} (config.json missing). ${E5_SHAPE_HINT}`);
  if (!(EMBEDDING_DTYPES as readonly string[]).includes(options.dtype))
    throw new CitebotError('USAGE', `--dtype must be one of ${EMBEDDING_DTYPES.join(', ')}, got ${options.dtype}`);
}

/** The first `count` passages of the corpus, in file then position order, as the build would embed them. */
export async function corpusPassages(corpusDir: string, count: number): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of await scanCorpus(corpusDir)) {
    if (texts.length >= count) break;
    const read = await readCorpusFile(entry, { maxFileBytes: 20 * 2 ** 20 });
    if (!read.ok) continue;
    const ingested = await ingestFile(entry, read.bytes);
    if (ingested.ok) texts.push(...ingested.passages.map((passage) => passage.text));
  }
  if (texts.length === 0) {
    throw new CitebotError(
      'USAGE',
      `no passages in ${corpusDir}: download the documentation corpora with scripts/fetch-eval-docs.sh, or pass --corpus DIR`,
    );
  }
  return texts.slice(0, count);
}

function embedderOptions(options: ModelBenchOptions, workers: number) {
  return {
    modelId: options.modelId,
    dtype: options.dtype,
    localModelPath: options.modelDir,
    cacheDir: join(options.modelDir, '.cache'),
    allowRemoteModels: false,
    batchSize: options.batchSize,
    batchTokens: options.batchTokens,
    workers,
  };
}

/** Child: loads the indexing embedder and embeds the passages. */
export async function benchModelIndexing(options: ModelBenchOptions): Promise<ModelIndexing> {
  const texts = await corpusPassages(options.corpusDir, options.passages);
  const started = performance.now();
  const embedder = await loadTransformersEmbedder(embedderOptions(options, options.workers));
  const loadMs = performance.now() - started;
  const rssAfterLoadMb = rssMb();
  const startedEmbedding = performance.now();
  await embedder.embedPassages(texts);
  const embedMs = performance.now() - startedEmbedding;
  const peak = peakRssMb();
  const stats = embedder.stats();
  await embedder.dispose();
  // After the peak is read: the tokenizer loaded again only to say what document order would have padded.
  env.localModelPath = options.modelDir;
  const tokenizer = await AutoTokenizer.from_pretrained(options.modelId);
  const prefix = /e5/i.test(options.modelId) ? 'passage: ' : '';
  const counts = texts.map(
    (text) =>
      (tokenizer(prefix + text, { truncation: true, return_tensor: false }) as { input_ids: number[] }).input_ids
        .length,
  );
  const inOrder = Array.from({ length: Math.ceil(counts.length / DOCUMENT_ORDER_BATCH) }, (_, batch) =>
    Array.from(
      { length: Math.min(DOCUMENT_ORDER_BATCH, counts.length - batch * DOCUMENT_ORDER_BATCH) },
      (_, i) => batch * DOCUMENT_ORDER_BATCH + i,
    ),
  );
  return {
    passages: texts.length,
    loadMs,
    rssAfterLoadMb,
    embedMs,
    passagesPerSecond: texts.length / (embedMs / 1000),
    tokensPerSecond: stats.tokens / (embedMs / 1000),
    tokensPerPassage: stats.tokens / stats.passages,
    paddingRatio: stats.paddedTokens / stats.tokens,
    documentOrderPaddingRatio: paddingRatio(counts, inOrder),
    peakRssMb: peak,
  };
}

/** Child: loads the tokenizer only. */
export async function benchTokenizerLoad(options: ModelBenchOptions): Promise<TokenizerLoad> {
  env.localModelPath = options.modelDir;
  env.allowRemoteModels = false;
  const before = rssMb();
  const started = performance.now();
  await AutoTokenizer.from_pretrained(options.modelId);
  return { loadMs: performance.now() - started, rssMb: rssMb() - before };
}

/** Child: loads the question path (one session on this thread) and times question embeddings. */
export async function benchModelQuestions(options: ModelBenchOptions): Promise<ModelQuestions> {
  const texts = await corpusPassages(options.corpusDir, 400);
  const questions = Array.from({ length: QUESTIONS + WARMUP }, (_, i) => {
    const words = texts[(i * 7) % texts.length]!.split(/\s+/);
    const from = (i * 13) % Math.max(1, words.length - 10);
    return `${words.slice(from, from + 5 + (i % 8)).join(' ')}?`;
  });
  const started = performance.now();
  const embedder = await loadTransformersEmbedder(embedderOptions(options, 0));
  const loadMs = performance.now() - started;
  const rssAfterLoadMb = rssMb();
  const times: number[] = [];
  for (const [i, question] of questions.entries()) {
    const startedQuestion = performance.now();
    await embedder.embedQuery(question);
    if (i >= WARMUP) times.push(performance.now() - startedQuestion);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  await embedder.dispose();
  return { loadMs, rssAfterLoadMb, p50Ms: at(0.5), p95Ms: at(0.95), peakRssMb: peakRssMb() };
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** The figures as a Markdown table row set, with the machine's load average at the end of the run. */
export function formatModelBench(
  options: ModelBenchOptions,
  indexing: ModelIndexing,
  questions: ModelQuestions,
  tokenizer: TokenizerLoad,
): string {
  const load = loadavg().map((value) => value.toFixed(2));
  return [
    `model ${options.modelId} (${options.dtype}), ${indexing.passages} passages of ${options.corpusDir}, ` +
      `${options.workers} indexing worker(s) of 1 ONNX Runtime thread (${availableParallelism()} ` +
      `cores), batches ≤ ${options.batchTokens} padded tokens / ${options.batchSize} passages; ` +
      `load average ${load.join(' ')}`,
    '',
    '| passages/s | tokens/s | tokens/passage | padding (sorted) | padding (document order, ' +
      '16/batch) | indexing: load s | RSS after load MB | peak RSS MB | question p50 / p95 ' +
      'ms | question path: load s | RSS after load MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${fixed(indexing.passagesPerSecond)} | ${fixed(indexing.tokensPerSecond, 0)} | ` +
      `${fixed(indexing.tokensPerPassage, 0)} | ${fixed(indexing.paddingRatio, 3)} | ${fixed(indexing.documentOrderPaddingRatio, 2)} ` +
      `| ${fixed(indexing.loadMs / 1000)} | ${fixed(indexing.rssAfterLoadMb, 0)} | ${fixed(indexing.peakRssMb, 0)} ` +
      `| ${fixed(questions.p50Ms)} / ${fixed(questions.p95Ms)} | ${fixed(questions.loadMs / 1000)} ` +
      `| ${fixed(questions.rssAfterLoadMb, 0)} |`,
    '',
    `tokenizer alone: ${fixed(tokenizer.loadMs / 1000, 2)} s to load, ${fixed(tokenizer.rssMb, 0)} MB of RSS`,
  ].join('\n');
}
