import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { CitebotError } from '../errors.ts';
import { paddingRatio, planBatches, runBatches, type BatchLimits } from './batching.ts';
import { describeUnfinished, trackUnfinishedDownloads } from './download-progress.ts';
import { embeddingPrefixes } from './prefixes.ts';
import {
  applyEnvironment,
  describeError,
  loadModelSession,
  type LoadProgress,
  type ModelEnvironment,
  type ModelSession,
  type TokenBatch,
} from './session.ts';
import {
  EMBEDDING_DTYPES,
  HUGGING_FACE_HOST,
  WEIGHT_FILES,
  type EmbedderOptions,
  type EmbeddingDtype,
  type EmbeddingStats,
  type TransformersEmbedder,
} from './types.ts';
import { startWorkerSession } from './worker-session.ts';

const TEXT_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
/**
 * Passages tokenized, sorted and batched together. Sorting within a window this size pads about as little as
 * sorting everything, and bounds the token ids held at once however large the corpus.
 */
const SORT_WINDOW = 2048;
/** Passages tokenized between two turns of the event loop, so that finished batches are collected and workers fed. */
const TOKENIZE_SLICE = 32;

// Transformers.js reads its settings from one global `env` while a model loads, so two
// loads with different folders must not overlap.
let previousLoad: Promise<unknown> = Promise.resolve();

/**
 * Loads a sentence-embedding model with Transformers.js (ONNX Runtime on the CPU): mean
 * pooling over the last hidden state, L2-normalised, inputs truncated to the model's
 * maximum length (512 tokens for e5). e5 models get `query: ` / `passage: ` prefixes.
 *
 * The model is read from `<localModelPath>/<modelId>/` (config.json, tokenizer.json,
 * tokenizer_config.json and the weights of `dtype`, e.g. onnx/model_quantized.onnx for q8),
 * else from the download cache, else downloaded from `remoteHost` (the Hugging Face Hub)
 * when `allowRemoteModels` is true.
 *
 * Passages are tokenized once, sorted by token count and batched by padded tokens
 * (`batchTokens`), then put back in their order. Each model session runs on one ONNX Runtime
 * thread; with `workers` ≥ 1 passages are embedded by that many sessions in worker threads
 * at once (the tokenizer stays on this thread: one copy of it, however many workers).
 *
 * @throws CitebotError MODEL_UNAVAILABLE saying what is missing and what to do. Offline,
 *   the download attempt fails as soon as the host name does not resolve (~20 ms here);
 *   a server that never answers is given up after 20 s.
 */
export function loadTransformersEmbedder(options: EmbedderOptions): Promise<TransformersEmbedder> {
  const load = previousLoad.then(() => loadEmbedder(options));
  previousLoad = load.catch(() => undefined);
  return load;
}

async function loadEmbedder(options: EmbedderOptions): Promise<TransformersEmbedder> {
  const modelDir = join(options.localModelPath, ...options.modelId.split('/'));
  const { dtype } = options;
  const environment: ModelEnvironment = {
    localModelPath: options.localModelPath,
    cacheDir: options.cacheDir,
    allowRemoteModels: options.allowRemoteModels,
    remoteHost: options.remoteHost ?? HUGGING_FACE_HOST,
  };
  applyEnvironment(environment);
  const workers = Math.max(0, Math.floor(options.workers ?? 0));
  const downloads = trackUnfinishedDownloads();
  const onProgress = (progress: LoadProgress) => {
    downloads.onProgress(progress);
    options.onLoadProgress?.(progress);
  };
  const session = { modelId: options.modelId, dtype, threads: 1 };

  let tokenizer: PreTrainedTokenizer;
  const sessions: ModelSession[] = [];
  try {
    tokenizer = await AutoTokenizer.from_pretrained(options.modelId, { progress_callback: onProgress });
    if (workers === 0) {
      sessions.push(await loadModelSession(session, onProgress));
    } else {
      // The first worker downloads what is missing; the others then find it in the cache.
      sessions.push(await startWorkerSession({ environment, session }, onProgress));
      sessions.push(
        ...(await Promise.all(Array.from({ length: workers - 1 }, () => startWorkerSession({ environment, session })))),
      );
    }
  } catch (error) {
    await Promise.all(sessions.map((loaded) => loaded.dispose()));
    const unfinished = downloads.unfinished();
    const explanation = await explainLoadFailure(options, modelDir, dtype, error);
    throw new CitebotError(
      'MODEL_UNAVAILABLE',
      unfinished.length === 0 ? explanation : `${explanation}. ${describeUnfinished(unfinished)}`,
      { cause: error },
    );
  }

  const prefixes = embeddingPrefixes(options.modelId, options.prefixes);
  const limits: BatchLimits = {
    tokenBudget: Math.max(1, Math.floor(options.batchTokens)),
    maxPassages: Math.max(1, Math.floor(options.batchSize)),
  };
  const padTokenId = BigInt(tokenizer.pad_token_id ?? 0);
  const tokenize = (texts: readonly string[]): number[][] =>
    (tokenizer([...texts], { truncation: true, padding: false, return_tensor: false }) as { input_ids: number[][] })
      .input_ids;
  const stats = { passages: 0, tokens: 0, paddedTokens: 0 };
  let dimensions = sessions[0]!.dimensions;

  const embedRows = async (target: ModelSession, rows: readonly (readonly number[])[]): Promise<Float32Array[]> => {
    const flat = await target.embed(tokenBatch(rows, padTokenId));
    const width = flat.length / rows.length;
    return rows.map((_, row) => flat.slice(row * width, (row + 1) * width));
  };
  const embedOne = async (text: string): Promise<Float32Array> => {
    const [vector] = await embedRows(sessions[0]!, tokenize([text]));
    if (!vector) throw new Error('the model returned no vector for a one-text batch');
    return vector;
  };
  // Models whose config names the width otherwise (DistilBERT's `dim`) are measured instead.
  dimensions ??= (await embedOne('dimension probe')).length;

  const embedWindow = async (ids: readonly (readonly number[])[], onBatch: (done: number) => void) => {
    const counts = ids.map((row) => row.length);
    const batches = planBatches(counts, limits);
    stats.passages += ids.length;
    stats.tokens += counts.reduce((sum, count) => sum + count, 0);
    stats.paddedTokens += paddingRatio(counts, batches) * counts.reduce((sum, count) => sum + count, 0);
    const runners = sessions.map(
      (target) => (batch: readonly number[]) =>
        embedRows(
          target,
          batch.map((position) => ids[position]!),
        ),
    );
    return runBatches(batches, runners, onBatch);
  };

  return {
    modelId: options.modelId,
    dtype,
    dimensions,
    workers: sessions.length,
    async embedPassages(texts, onBatch) {
      const vectors: Float32Array[] = [];
      let running: Promise<void> = Promise.resolve();
      for (let start = 0; start < texts.length; start += SORT_WINDOW) {
        const ids: number[][] = [];
        const window = texts.slice(start, start + SORT_WINDOW);
        for (let from = 0; from < window.length; from += TOKENIZE_SLICE) {
          ids.push(...tokenize(window.slice(from, from + TOKENIZE_SLICE).map((text) => prefixes.passage + text)));
          // While this window is tokenized, the previous one's batches keep the sessions busy.
          await yieldToEventLoop();
        }
        await running;
        const before = start;
        running = embedWindow(ids, (done) => onBatch?.(before + done)).then((embedded) => {
          vectors.push(...embedded);
        });
      }
      await running;
      return vectors;
    },
    embedQuery(text) {
      return embedOne(prefixes.query + text);
    },
    stats(): EmbeddingStats {
      return { ...stats };
    },
    async dispose() {
      await Promise.all(sessions.map((loaded) => loaded.dispose()));
    },
  };
}

/** Rows of token ids padded on the right with `padTokenId` to the longest, with their attention mask. */
function tokenBatch(rows: readonly (readonly number[])[], padTokenId: bigint): TokenBatch {
  const width = rows.reduce((longest, row) => Math.max(longest, row.length), 0);
  const inputIds = new BigInt64Array(rows.length * width).fill(padTokenId);
  const attentionMask = new BigInt64Array(rows.length * width);
  rows.forEach((row, r) => {
    row.forEach((id, t) => {
      inputIds[r * width + t] = BigInt(id);
      attentionMask[r * width + t] = 1n;
    });
  });
  return { rows: rows.length, width, inputIds, attentionMask };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function explainLoadFailure(
  options: EmbedderOptions,
  modelDir: string,
  dtype: EmbeddingDtype,
  error: unknown,
): Promise<string> {
  const needed = [...TEXT_FILES, WEIGHT_FILES[dtype]];
  const missing: string[] = [];
  for (const file of needed) {
    if (!(await exists(join(modelDir, file)))) missing.push(file);
  }
  const putFiles = `Put ${needed.join(', ')} in ${modelDir}`;
  if (missing.length === 0) {
    return `${options.modelId} in ${modelDir} could not be read: ${describeError(error)}. The files may be incomplete or corrupt: replace them`;
  }
  const others: EmbeddingDtype[] = [];
  for (const other of EMBEDDING_DTYPES) {
    if (other !== dtype && (await exists(join(modelDir, WEIGHT_FILES[other])))) others.push(other);
  }
  const otherSettings = others.map((other) => `EMBEDDING_DTYPE=${other} (${WEIGHT_FILES[other]})`).join(', ');
  const otherWeights =
    others.length === 0
      ? ''
      : `; the folder has the weights of ${otherSettings}: set that instead, or add ${WEIGHT_FILES[dtype]}`;
  const noLocalCopy = `no complete local copy of its ${dtype} weights in ${modelDir} (missing ${missing.join(', ')}${otherWeights})`;
  if (!options.allowRemoteModels) {
    return `${options.modelId}: ${noLocalCopy} and downloads are disabled. ${putFiles}, or allow downloads (ALLOW_REMOTE_MODELS=true)`;
  }
  return (
    `${options.modelId}: ${noLocalCopy} and downloading it failed (offline?): ${describeError(error)}. ` +
    `${putFiles}, or check the network access to ${options.remoteHost ?? HUGGING_FACE_HOST}`
  );
}
