/**
 * `npm run bench [-- --quick] [--json] [--sizes 1000,10000] [--chart docs/benchmarks.svg]`
 *
 * For each size: generates a French-like Markdown corpus, builds the index with random unit
 * vectors of the real model's size (384) in one child process, then loads it and queries it
 * in a fresh child process (so memory figures of one size do not leak into the next), and
 * measures build phases, file size, load time, peak RSS, retrieval latency (full-text,
 * vector, hybrid), a plain Float32Array dot-product scan over the same vectors as baseline,
 * and the whole answer path (question → tiny-model query vector → answerQuestion; with `--model-dir DIR --model ID`,
 * that model embeds the questions, e.g. the e5-shaped one: the index's vectors stay random, only timings matter).
 *
 * `npm run bench -- --model-dir DIR --model ID` without `--sizes`: the embedding model's own bench
 * (scripts/bench/model.ts).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { ANSWER_DEFAULTS, answerQuestion, localRetriever } from '../src/answer/index.ts';
import { loadTransformersEmbedder, type Embedder, type EmbeddingDtype } from '../src/embed/index.ts';
import { TINY_MODEL_ID, writeTinyModel } from '../tools/tiny-model/tiny-model.ts';
import { loadIndex, readIndexContents, type OramaPassageIndex } from '../src/index/index.ts';
import { contentsOf } from '../src/index/contents.ts';
import type { Passage } from '../src/ingest/index.ts';
import { buildIndex } from '../src/pipeline/index.ts';
import { percentile } from '../src/statistics.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { CitebotError, runCommand } from '../src/errors.ts';
import { benchChunking, formatChunking } from './bench/chunking.ts';
import { benchLexicon, formatLexicon } from './bench/lexicon.ts';
import {
  benchModelIndexing,
  benchModelQuestions,
  benchTokenizerLoad,
  checkModelFolder,
  formatModelBench,
  type ModelBenchOptions,
  type ModelIndexing,
  type ModelQuestions,
  type TokenizerLoad,
} from './bench/model.ts';
import { formatSoak, runSoakInChild } from './bench/soak.ts';
import { benchStockOrama, heapInUseMb, type StockOramaResult } from './bench/stock-orama.ts';
import { parseCommandLine } from './cli.ts';

const USAGE =
  'npm run bench -- [--quick] [--json] [--sizes 1000,10000] [--chart FILE.svg] [--without-stock] ' +
  '[--model-dir DIR --model ID [--dtype q8]] | --soak | --chunking | --lexicon | ' +
  '--model-dir DIR --model ID [--dtype q8|fp32] [--workers N] [--passages 1500] ' +
  '[--batch-tokens N] [--batch-size N] [--corpus DIR]';
const ALL_SIZES = [1_000, 10_000, 20_000, 50_000, 200_000];
const QUICK_MAX = 20_000;
const ORAMA_MAX = 20_000;
const DIMENSIONS = 384;
const QUERIES = 200;
const WARMUP = 20;
const ANSWER_QUESTIONS = 100;
const LIMIT = 8;

interface BuildResult {
  readonly passages: number;
  readonly files: number;
  readonly timings: { readMs: number; chunkMs: number; embedMs: number; insertMs: number; persistMs: number };
  readonly persistBytes: number;
  readonly rawBytes: number;
}

interface ServeResult {
  readonly loadMs: number;
  /** Heap in use right after loading (after a collection). */
  readonly heapMb: number;
  readonly rssMb: number;
  readonly latency: Record<
    'fulltext' | 'vector' | 'hybrid' | 'flatScan' | 'answer' | 'answerWordsOnly',
    { p50: number; p95: number }
  >;
}

type Run = BuildResult & ServeResult & { readonly indexPerSec: number };

// ---------------------------------------------------------------- corpus generation

/** mulberry32: a small seeded generator, so every run benchmarks the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = (
  'ré pu bli que sé cu ri té coo pé ra tion mi nis tre fron tiè re po li ce en quê te jus ti ce dé ve lop pe ment ' +
  'é co no mie ac cord ter ro ris me in for ma tion stra té gie ré gion na tio nal pro jet bud get for ma tique'
).split(' ');
const ENDINGS = ['', '', 's', 'é', 'ée', 'ent', 'ait', 'ation', 'aux', 'ique', 'ement'];
const STOPWORDS = frenchStopwords.filter((word) => word.length > 1).slice(0, 60);

/** A Zipf-like vocabulary of French-looking words, with inflections. */
function vocabulary(next: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const syllables = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(word + ENDINGS[Math.floor(next() * ENDINGS.length)]!);
  }
  return [...words];
}

function sentence(next: () => number, words: readonly string[]): string {
  const length = 8 + Math.floor(next() * 18);
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    parts.push(
      next() < 0.4 ? STOPWORDS[Math.floor(next() * STOPWORDS.length)]! : words[Math.floor(next() ** 3 * words.length)]!,
    );
  }
  if (next() < 0.15) parts.push(String(1990 + Math.floor(next() * 35)));
  const text = parts.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** One Markdown report: a title, 3–6 sections of 2–5 paragraphs of 3–6 sentences. */
function markdownFile(next: () => number, words: readonly string[]): string {
  const heading = (count: number) => Array.from({ length: count }, () => words[Math.floor(next() * 2000)]!).join(' ');
  const lines = [`# Rapport ${heading(3)}`, ''];
  const sections = 3 + Math.floor(next() * 4);
  for (let s = 0; s < sections; s++) {
    lines.push(`## ${heading(2)}`, '');
    const paragraphs = 2 + Math.floor(next() * 4);
    for (let p = 0; p < paragraphs; p++) {
      lines.push(Array.from({ length: 3 + Math.floor(next() * 4) }, () => sentence(next, words)).join(' '), '');
    }
  }
  return lines.join('\n');
}

/**
 * Writes Markdown files into `folder` until they hold `passages` passages or a few more (counted with the real
 * chunker).
 */
async function generateCorpus(folder: string, passages: number): Promise<void> {
  const next = random(20_260_101);
  const words = vocabulary(next, 30_000);
  let written = 0;
  for (let file = 0; written < passages; file++) {
    const sub = join(folder, `dossier-${Math.floor(file / 500)}`);
    if (file % 500 === 0) await mkdir(sub, { recursive: true });
    const path = join(sub, `rapport-${file}.md`);
    const text = markdownFile(next, words);
    await writeFile(path, text);
    const entry = {
      path: relative(folder, path),
      absolutePath: path,
      format: 'md',
      size: Buffer.byteLength(text),
    } as const;
    const ingested = await ingestFile(entry, new TextEncoder().encode(text));
    if (ingested.ok) written += ingested.passages.length;
  }
}

// ---------------------------------------------------------------- children

/** Random unit vectors of the real model's size: embedding cost is left out, the index sees realistic data volumes. */
function randomEmbedder(): Embedder {
  const next = random(42);
  const vector = (): Float32Array => {
    const values = Float32Array.from({ length: DIMENSIONS }, () => next() * 2 - 1);
    const norm = Math.hypot(...values);
    return values.map((value) => value / norm);
  };
  return {
    modelId: 'bench/random-384',
    dtype: 'fp32',
    dimensions: DIMENSIONS,
    async embedPassages(texts, onBatch) {
      const vectors = texts.map(vector);
      onBatch?.(vectors.length);
      return vectors;
    },
    async embedQuery() {
      return vector();
    },
  };
}

async function buildChild(folder: string, passages: number): Promise<BuildResult> {
  const corpusDir = join(folder, 'corpus');
  const outPath = join(folder, 'index.citebot');
  await mkdir(corpusDir, { recursive: true });
  await generateCorpus(corpusDir, passages);
  const summary = await buildIndex({
    corpusDir,
    outPath,
    language: 'fr',
    embedder: randomEmbedder(),
    maxFileBytes: 20 * 2 ** 20,
  });
  const contents = await readIndexContents(outPath);
  const textBytes = contents.passages.reduce((total, passage) => total + Buffer.byteLength(passage.text), 0);
  return {
    passages: summary.passages,
    files: summary.files,
    timings: summary.timings,
    persistBytes: (await stat(outPath)).size,
    rawBytes: summary.passages * DIMENSIONS * 4 + textBytes,
  };
}

function percentiles(samples: readonly number[]): { p50: number; p95: number } {
  return { p50: percentile(samples, 50) ?? Number.NaN, p95: percentile(samples, 95) ?? Number.NaN };
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** The baseline: what a flat scan costs with nothing around it (dot products, then the best `LIMIT`). */
function flatScan(vectors: Float32Array, query: Float32Array, out: Float32Array): number[] {
  for (let row = 0; row < out.length; row++) {
    let sum = 0;
    const base = row * DIMENSIONS;
    for (let d = 0; d < DIMENSIONS; d++) sum += vectors[base + d]! * query[d]!;
    out[row] = sum;
  }
  const best: number[] = [];
  for (let row = 0; row < out.length; row++) {
    if (best.length === LIMIT && out[row]! <= out[best[LIMIT - 1]!]!) continue;
    let at = best.length === LIMIT ? LIMIT - 1 : best.length;
    while (at > 0 && out[best[at - 1]!]! < out[row]!) at--;
    best.splice(at, 0, row);
    if (best.length > LIMIT) best.pop();
  }
  return best;
}

/** The model that embeds questions on the answer path: the tiny model, or a real model folder (`--model-dir`). */
interface AnswerModel {
  readonly modelDir: string;
  readonly modelId: string;
  readonly dtype: EmbeddingDtype;
}

async function serveChild(folder: string, answerModel: AnswerModel): Promise<ServeResult> {
  const started = performance.now();
  const index = (await loadIndex(join(folder, 'index.citebot'))) as OramaPassageIndex;
  const loadMs = performance.now() - started;
  const contents = contentsOf(index.manifest, index.database);

  const heapMb = heapInUseMb();
  const { questions, vectors } = await benchQueries(index.passages);
  const measure = (run: (i: number) => void): { p50: number; p95: number } => {
    for (let i = 0; i < WARMUP; i++) run(QUERIES + i);
    return percentiles(Array.from({ length: QUERIES }, (_, i) => time(() => run(i))));
  };
  const scores = new Float32Array(index.passages.length);
  const latency = {
    fulltext: measure((i) => index.search({ text: questions[i]!, vector: null, limit: LIMIT })),
    vector: measure((i) => index.search({ text: '', vector: vectors[i]!, limit: LIMIT })),
    hybrid: measure((i) => index.search({ text: questions[i]!, vector: vectors[i]!, limit: LIMIT })),
    flatScan: measure((i) => flatScan(contents.vectors!, vectors[i]!, scores)),
    answer: { p50: 0, p95: 0 },
    answerWordsOnly: { p50: 0, p95: 0 },
  };

  const model = await loadTransformersEmbedder({
    modelId: answerModel.modelId,
    dtype: answerModel.dtype,
    localModelPath: answerModel.modelDir,
    allowRemoteModels: false,
    cacheDir: join(answerModel.modelDir, '.cache'),
    batchSize: 16,
    batchTokens: 4096,
  });
  const answerTimes: number[] = [];
  const wordsOnlyTimes: number[] = [];
  const retriever = localRetriever(index);
  // Each question is answered twice, in turn, so that both figures see the same machine: as the bot does (its
  // first-quote candidates compared by meaning when words do not decide), and by words alone.
  const answerOnce = async (question: string, sentenceCandidates: number): Promise<number> => {
    const startedAnswer = performance.now();
    // The index's vectors are random, so its calibration is meaningless: a fixed scale makes answers pay for
    // comparing their first-quote candidates by meaning, as the bot does over a real model's index.
    await answerQuestion(retriever, question, await model.embedQuery(question), {
      embedSentences: (texts) => model.embedPassages(texts),
      sentenceSimilarityScale: 0.1,
      sentenceCandidates,
    });
    return performance.now() - startedAnswer;
  };
  for (const [i, question] of questions.slice(0, ANSWER_QUESTIONS + WARMUP).entries()) {
    const withMeaning = await answerOnce(question, ANSWER_DEFAULTS.sentenceCandidates);
    const wordsOnly = await answerOnce(question, 0);
    if (i >= WARMUP) {
      answerTimes.push(withMeaning);
      wordsOnlyTimes.push(wordsOnly);
    }
  }
  latency.answer = percentiles(answerTimes);
  latency.answerWordsOnly = percentiles(wordsOnlyTimes);
  return { loadMs, heapMb, rssMb: process.resourceUsage().maxRSS / 1024, latency };
}

/** The questions of a run (4–8 consecutive words of a random passage) and their query vectors: the same every run. */
async function benchQueries(passages: readonly Passage[]): Promise<{ questions: string[]; vectors: Float32Array[] }> {
  const next = random(99);
  const questions = Array.from({ length: QUERIES + WARMUP }, () => {
    const words = passages[Math.floor(next() * passages.length)]!.text.split(/\s+/);
    const from = Math.floor(next() * Math.max(1, words.length - 8));
    return words.slice(from, from + 4 + Math.floor(next() * 5)).join(' ');
  });
  const embedder = randomEmbedder();
  const vectors = await Promise.all(questions.map((question) => embedder.embedQuery(question)));
  return { questions, vectors };
}

/** Stock Orama (default components, the same tokenizer) on the passages and vectors of the built index. */
async function stockOramaChild(folder: string): Promise<StockOramaResult> {
  const { passages, vectors: indexVectors } = await readIndexContents(join(folder, 'index.citebot'));
  // A copy: the view would keep the loaded database alive through the run.
  const vectors = Float32Array.from(indexVectors!);
  const { questions, vectors: queryVectors } = await benchQueries(passages);
  const queries = questions.map((text, i) => ({ text, vector: queryVectors[i]! }));
  const measure = async (run: (i: number) => unknown) => {
    for (let i = 0; i < WARMUP; i++) await run(QUERIES + i);
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const started = performance.now();
      await run(i);
      times.push(performance.now() - started);
    }
    return percentiles(times);
  };
  return benchStockOrama(passages, vectors, DIMENSIONS, queries, measure, LIMIT);
}

// ---------------------------------------------------------------- parent

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = output.trim().split('\n').at(-1);
      if (code !== 0 || last === undefined) reject(new Error(`bench child ${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function report(runs: readonly Run[]): string {
  const lines = [
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores, ${round(totalmem() / 2 ** 30)} ` +
      `GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`,
    '',
    '| passages | read ms | chunk ms | embed ms | insert ms | persist ms | passages/s ' +
      '(all but model) | size MB | size / raw | load ms | peak RSS MB | full-text p50/p95 ' +
      'ms | vector p50/p95 ms | hybrid p50/p95 ms | flat scan p50/p95 ms | hybrid p95 / ' +
      'flat p95 | answer p50/p95 ms | answer by words only p50/p95 ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const run of runs) {
    const { timings: t, latency: l } = run;
    const pair = (p: { p50: number; p95: number }) => `${round(p.p50, 2)} / ${round(p.p95, 2)}`;
    lines.push(
      `| ${run.passages} | ${round(t.readMs, 0)} | ${round(t.chunkMs, 0)} | ${round(t.embedMs, 0)} ` +
        `| ${round(t.insertMs, 0)} | ${round(t.persistMs, 0)} | ${round(run.indexPerSec, 0)} ` +
        `| ${round(run.persistBytes / 1e6)} | ${round(run.persistBytes / run.rawBytes, 3)} ` +
        `| ${round(run.loadMs, 0)} | ${round(run.rssMb, 0)} | ${pair(l.fulltext)} | ${pair(l.vector)} ` +
        `| ${pair(l.hybrid)} | ${pair(l.flatScan)} | ${round(l.hybrid.p95 / l.flatScan.p95, 2)} ` +
        `| ${pair(l.answer)} | ${pair(l.answerWordsOnly)} |`,
    );
  }
  return lines.join('\n');
}

/** Two log-scale panels: p95 latency and peak RSS against corpus size. */
function chart(runs: readonly Run[]): string {
  const width = 460;
  const height = 320;
  const margin = { left: 60, right: 20, top: 40, bottom: 50 };
  const xs = runs.map((run) => run.passages);
  const logScale = (values: number[], from: number, to: number) => {
    const low = Math.log10(Math.min(...values));
    const high = Math.log10(Math.max(...values));
    return (value: number) => from + ((Math.log10(value) - low) / (high - low || 1)) * (to - from);
  };
  const panel = (
    offsetX: number,
    title: string,
    unit: string,
    series: Array<{ name: string; color: string; values: number[] }>,
  ) => {
    const all = series.flatMap((s) => s.values).filter((value) => value > 0);
    const x = logScale(xs, offsetX + margin.left, offsetX + width - margin.right);
    const low = 10 ** Math.floor(Math.log10(Math.min(...all)));
    const high = 10 ** Math.ceil(Math.log10(Math.max(...all)));
    const y = logScale([low, high], height - margin.bottom, margin.top);
    const parts = [`<text x="${offsetX + width / 2}" y="20" text-anchor="middle" font-weight="bold">${title}</text>`];
    for (let tick = low; tick <= high; tick *= 10) {
      parts.push(
        `<line x1="${offsetX + margin.left}" x2="${offsetX + width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
      );
      parts.push(`<text x="${offsetX + margin.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`);
    }
    for (const value of xs) {
      parts.push(
        `<text x="${x(value)}" y="${height - margin.bottom + 18}" text-anchor="middle">${value >= 1000 ? `${Math.round(value / 1000)}k` : value}</text>`,
      );
    }
    parts.push(`<text x="${offsetX + width / 2}" y="${height - 12}" text-anchor="middle">passages (log)</text>`);
    parts.push(
      `<text x="${offsetX + 14}" y="${height / 2}" text-anchor="middle" transform="rotate(-90 ${offsetX + 14} ${height / 2})">${unit} (log)</text>`,
    );
    series.forEach((s, i) => {
      const points = s.values.map((value, j) => `${x(xs[j]!)},${y(Math.max(value, low))}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>`);
      parts.push(
        ...s.values.map(
          (value, j) => `<circle cx="${x(xs[j]!)}" cy="${y(Math.max(value, low))}" r="3" fill="${s.color}"/>`,
        ),
      );
      parts.push(
        `<text x="${offsetX + margin.left + 8}" y="${margin.top + 14 + i * 16}" fill="${s.color}">${s.name}</text>`,
      );
    });
    return parts.join('\n');
  };
  const latency = panel(0, 'Latency p95 against corpus size', 'ms', [
    { name: 'hybrid retrieval', color: '#d62728', values: runs.map((run) => run.latency.hybrid.p95) },
    { name: 'flat scan baseline', color: '#7f7f7f', values: runs.map((run) => run.latency.flatScan.p95) },
    { name: 'full-text retrieval', color: '#1f77b4', values: runs.map((run) => run.latency.fulltext.p95) },
    { name: 'question → answer', color: '#2ca02c', values: runs.map((run) => run.latency.answer.p95) },
  ]);
  const memory = panel(width, 'Peak RSS of the serving process', 'MB', [
    { name: 'peak RSS', color: '#9467bd', values: runs.map((run) => run.rssMb) },
    { name: 'index file', color: '#8c564b', values: runs.map((run) => run.persistBytes / 1e6) },
  ]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${latency}
${memory}
</svg>
`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      chart: { type: 'string' },
      'without-stock': { type: 'boolean', default: false },
      soak: { type: 'boolean', default: false },
      chunking: { type: 'boolean', default: false },
      lexicon: { type: 'boolean', default: false },
      child: { type: 'string' },
      folder: { type: 'string' },
      size: { type: 'string' },
      'model-dir': { type: 'string' },
      model: { type: 'string' },
      dtype: { type: 'string', default: 'q8' },
      workers: { type: 'string', default: '1' },
      passages: { type: 'string', default: '1500' },
      'batch-tokens': { type: 'string', default: '4096' },
      'batch-size': { type: 'string', default: '64' },
      corpus: { type: 'string', default: '.eval-cache/corpora/npm-docs-en' },
      spec: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length > 0) throw new CitebotError('USAGE', `unexpected argument ${positionals[0]}\nUsage: ${USAGE}`);
  if (values.chunking) {
    const rates = await benchChunking(20);
    process.stdout.write(`${values.json ? JSON.stringify(rates) : formatChunking(rates)}\n`);
    return;
  }
  if (values.lexicon) {
    const cost = await benchLexicon();
    process.stdout.write(`${values.json ? JSON.stringify(cost) : formatLexicon(cost)}\n`);
    return;
  }
  if (values.soak) {
    const result = await runSoakInChild({ reloads: 50, questions: 20 }, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`${values.json ? JSON.stringify(result) : formatSoak(result)}\n`);
    return;
  }
  if (values.child === 'build') {
    process.stdout.write(`${JSON.stringify(await buildChild(values.folder!, Number(values.size)))}\n`);
    return;
  }
  if (values.child === 'orama') {
    process.stdout.write(`${JSON.stringify(await stockOramaChild(values.folder!))}\n`);
    return;
  }
  if (values.child === 'serve') {
    const answerModel = JSON.parse(values.spec!) as AnswerModel;
    process.stdout.write(`${JSON.stringify(await serveChild(values.folder!, answerModel))}\n`);
    return;
  }
  if (values.child?.startsWith('model-')) {
    const spec = JSON.parse(values.spec!) as ModelBenchOptions;
    const result =
      values.child === 'model-indexing'
        ? await benchModelIndexing(spec)
        : values.child === 'model-questions'
          ? await benchModelQuestions(spec)
          : await benchTokenizerLoad(spec);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if ((values['model-dir'] !== undefined || values.model !== undefined) && values.sizes === undefined) {
    const whole = (name: 'workers' | 'passages' | 'batch-tokens' | 'batch-size') => {
      const value = Number(values[name]);
      if (!Number.isInteger(value) || value < 1)
        throw new CitebotError('USAGE', `--${name} takes a whole number ≥ 1, got ${values[name]}\nUsage: ${USAGE}`);
      return value;
    };
    if (values['model-dir'] === undefined || values.model === undefined)
      throw new CitebotError('USAGE', `--model-dir and --model go together\nUsage: ${USAGE}`);
    const spec: ModelBenchOptions = {
      modelDir: values['model-dir'],
      modelId: values.model,
      dtype: values.dtype as ModelBenchOptions['dtype'],
      workers: whole('workers'),
      passages: whole('passages'),
      batchTokens: whole('batch-tokens'),
      batchSize: whole('batch-size'),
      corpusDir: values.corpus,
    };
    await checkModelFolder(spec);
    process.stderr.write(`bench: ${spec.modelId} (${spec.dtype}): indexing ${spec.passages} passages…\n`);
    const indexing = await runChild<ModelIndexing>(['--child', 'model-indexing', '--spec', JSON.stringify(spec)]);
    process.stderr.write(`bench: ${spec.modelId} (${spec.dtype}): questions…\n`);
    const questions = await runChild<ModelQuestions>(['--child', 'model-questions', '--spec', JSON.stringify(spec)]);
    const tokenizer = await runChild<TokenizerLoad>(['--child', 'model-tokenizer', '--spec', JSON.stringify(spec)]);
    const json = { ...spec, loadAverage: loadavg(), indexing, questions, tokenizer };
    const text = values.json ? JSON.stringify(json, null, 2) : formatModelBench(spec, indexing, questions, tokenizer);
    process.stdout.write(`${text}\n`);
    return;
  }

  const sizes = values.sizes
    ? values.sizes.split(',').map((size) => Number(size.trim()))
    : ALL_SIZES.filter((size) => !values.quick || size <= QUICK_MAX);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new CitebotError(
      'USAGE',
      `--sizes takes whole numbers separated by commas, got ${values.sizes}\nUsage: ${USAGE}`,
    );
  }
  const work = await mkdtemp(join(tmpdir(), 'citebot-bench-'));
  const runs: Run[] = [];
  const stockRuns = new Map<number, StockOramaResult>();
  try {
    // Questions on the answer path are embedded by the tiny model, or by --model-dir/--model (e.g. the e5-shaped one).
    const answerModel: AnswerModel =
      values['model-dir'] !== undefined && values.model !== undefined
        ? { modelDir: values['model-dir'], modelId: values.model, dtype: values.dtype as EmbeddingDtype }
        : {
            modelDir: (await writeTinyModel(join(work, 'model'), { dimensions: DIMENSIONS })).localModelPath,
            modelId: TINY_MODEL_ID,
            dtype: 'fp32',
          };
    for (const size of sizes) {
      const folder = join(work, `size-${size}`);
      process.stderr.write(`bench: ${size} passages: building…\n`);
      const built = await runChild<BuildResult>(['--child', 'build', '--folder', folder, '--size', String(size)]);
      process.stderr.write(`bench: ${size} passages: loading and querying…\n`);
      const served = await runChild<ServeResult>([
        '--child',
        'serve',
        '--folder',
        folder,
        '--spec',
        JSON.stringify(answerModel),
      ]);
      const { readMs, chunkMs, insertMs, persistMs } = built.timings;
      runs.push({
        ...built,
        ...served,
        indexPerSec: built.passages / ((readMs + chunkMs + insertMs + persistMs) / 1000),
      });
      // Stock Orama's save() is one JSON string (vectors as decimal text): past ~50k passages it nears V8's
      // string size limit, and its insertion alone takes minutes there.
      if (!values['without-stock'] && size <= ORAMA_MAX) {
        process.stderr.write(`bench: ${size} passages: the same passages in stock Orama…\n`);
        stockRuns.set(built.passages, await runChild<StockOramaResult>(['--child', 'orama', '--folder', folder]));
      }
      await rm(folder, { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  if (values.chart) {
    await mkdir(dirname(values.chart), { recursive: true });
    await writeFile(values.chart, chart(runs));
  }
  if (values.json) {
    const json = runs.map((run) => ({
      passages: run.passages,
      indexPerSec: round(run.indexPerSec, 0),
      persistBytes: run.persistBytes,
      rawBytes: run.rawBytes,
      loadMs: round(run.loadMs, 1),
      rssMb: round(run.rssMb, 1),
      retrievalP50Ms: round(run.latency.hybrid.p50, 2),
      retrievalP95Ms: round(run.latency.hybrid.p95, 2),
      flatScanP95Ms: round(run.latency.flatScan.p95, 2),
      answerP95Ms: round(run.latency.answer.p95, 2),
      answerWordsOnlyP95Ms: round(run.latency.answerWordsOnly.p95, 2),
    }));
    process.stdout.write(`${JSON.stringify({ runs: json }, null, 2)}\n`);
  } else {
    process.stdout.write(`${report(runs)}\n`);
    if (stockRuns.size > 0) process.stdout.write(`\n${engineTable(runs, stockRuns)}\n`);
  }
}

/**
 * Stock Orama, Orama with the project's components and the bare flat scan side by side, per size where stock
 * Orama ran.
 */
function engineTable(runs: readonly Run[], stockRuns: ReadonlyMap<number, StockOramaResult>): string {
  const ms = (value: number) => String(round(value, value < 10 ? 2 : 0));
  const lines = [
    '| passages | engine | build (insert) ms | file MB | load ms | heap after load MB | peak RSS MB | full-text p95 ms | hybrid p95 ms |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const run of runs) {
    const stock = stockRuns.get(run.passages);
    if (stock === undefined) continue;
    const l = run.latency;
    lines.push(
      `| ${run.passages} | stock Orama (default components, same tokenizer) | ${ms(stock.insertMs)} ` +
        `| ${round(stock.savedBytes / 1e6)} (save() JSON) | ${ms(stock.loadMs)} | ${round(stock.heapMb, 0)} ` +
        `| ${round(stock.rssMb, 0)} | ${ms(stock.fulltext.p95)} | ${ms(stock.hybrid.p95)} |`,
      `| ${run.passages} | Orama + project components | ${ms(run.timings.insertMs)} | ${round(run.persistBytes / 1e6)} ` +
        `| ${ms(run.loadMs)} | ${round(run.heapMb, 0)} | ${round(run.rssMb, 0)} | ${ms(l.fulltext.p95)} ` +
        `| ${ms(l.hybrid.p95)} |`,
      `| ${run.passages} | flat scan (vectors only, no text) | — | ${round((run.passages * DIMENSIONS * 4) / 1e6)} ` +
        `(vectors) | — | — | — | — | ${ms(l.flatScan.p95)} (vector only) |`,
    );
  }
  return lines.join('\n');
}

runCommand(main);
