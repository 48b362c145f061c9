import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { env, pipeline, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { CitebotError } from '../errors.ts';
import { embeddingPrefixes } from './prefixes.ts';
import { EMBEDDING_DTYPES, WEIGHT_FILES, type Embedder, type EmbedderOptions, type EmbeddingDtype } from './types.ts';

const TEXT_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/**
 * Offline, downloads fail within milliseconds (the host name does not resolve), but a
 * proxy or network that accepts the connection and never answers would stall Node's
 * fetch until undici's 300 s headers timeout. The limit covers the wait for response headers only, never the
 * download of the body, which may legitimately take minutes.
 */
const RESPONSE_HEADERS_TIMEOUT_MS = 20_000;
const plainFetch = env.fetch;

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
 * else from the download cache, else downloaded from the Hugging Face Hub when
 * `allowRemoteModels` is true.
 *
 * @throws CitebotError MODEL_UNAVAILABLE saying what is missing and what to do. Offline,
 *   the download attempt fails as soon as the host name does not resolve (~20 ms here);
 *   a server that never answers is given up after 20 s.
 */
export function loadTransformersEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const load = previousLoad.then(() => loadEmbedder(options));
  previousLoad = load.catch(() => undefined);
  return load;
}

async function loadEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const modelDir = join(options.localModelPath, ...options.modelId.split('/'));
  const { dtype } = options;
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemoteModels;
  env.localModelPath = options.localModelPath;
  env.cacheDir = options.cacheDir;
  env.fetch = fetchWithHeadersTimeout;

  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await pipeline('feature-extraction', options.modelId, { dtype, device: 'cpu' });
  } catch (error) {
    throw new CitebotError('MODEL_UNAVAILABLE', await explainLoadFailure(options, modelDir, dtype, error), {
      cause: error,
    });
  }

  const prefixes = embeddingPrefixes(options.modelId, options.prefixes);
  const embedBatch = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const output = await extractor([...texts], { pooling: 'mean', normalize: true });
    try {
      return tensorRows(output);
    } finally {
      // The rows are copies, so ONNX Runtime can free the batch's memory now.
      output.dispose();
    }
  };
  const embedOne = async (text: string): Promise<Float32Array> => {
    const [vector] = await embedBatch([text]);
    if (!vector) throw new Error('the model returned no vector for a one-text batch');
    return vector;
  };
  // Models whose config names the width otherwise (DistilBERT's `dim`) are measured instead.
  const hiddenSize = (extractor.model.config as { hidden_size?: unknown }).hidden_size;
  const dimensions = typeof hiddenSize === 'number' ? hiddenSize : (await embedOne('dimension probe')).length;
  const batchSize = Math.max(1, Math.floor(options.batchSize));

  return {
    modelId: options.modelId,
    dtype,
    dimensions,
    async embedPassages(texts, onBatch) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((text) => prefixes.passage + text);
        vectors.push(...(await embedBatch(batch)));
        onBatch?.(vectors.length);
      }
      return vectors;
    },
    embedQuery(text) {
      return embedOne(prefixes.query + text);
    },
  };
}

async function fetchWithHeadersTimeout(input: string | URL, init?: RequestInit): Promise<unknown> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new Error(`no response from ${String(input)} within ${RESPONSE_HEADERS_TIMEOUT_MS / 1000} s`)),
    RESPONSE_HEADERS_TIMEOUT_MS,
  );
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
  try {
    return await plainFetch(input, { ...init, signal });
  } finally {
    clearTimeout(timer);
  }
}

/** One Float32Array copy per row of a `[rows, dimensions]` tensor. */
function tensorRows(tensor: Tensor): Float32Array[] {
  const [rows, dimensions] = tensor.dims;
  if (tensor.dims.length !== 2 || rows === undefined || dimensions === undefined) {
    throw new Error(`expected pooled embeddings of shape [rows, dimensions], got [${tensor.dims.join(', ')}]`);
  }
  const data: unknown = tensor.data;
  const values = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  return Array.from({ length: rows }, (_, row) => values.slice(row * dimensions, (row + 1) * dimensions));
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
  const otherWeights =
    others.length === 0
      ? ''
      : `; the folder has the weights of ${others.map((other) => `EMBEDDING_DTYPE=${other} (${WEIGHT_FILES[other]})`).join(', ')}: set that instead, or add ${WEIGHT_FILES[dtype]}`;
  const noLocalCopy = `no complete local copy of its ${dtype} weights in ${modelDir} (missing ${missing.join(', ')}${otherWeights})`;
  if (!options.allowRemoteModels) {
    return `${options.modelId}: ${noLocalCopy} and downloads are disabled. ${putFiles}, or allow downloads (ALLOW_REMOTE_MODELS=true)`;
  }
  return `${options.modelId}: ${noLocalCopy} and downloading it failed (offline?): ${describeError(error)}. ${putFiles}, or check the network access to huggingface.co`;
}

/** The error's message followed by its causes' (`fetch failed` alone says little). */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && parts.length < 4) {
    parts.push(current instanceof Error ? current.message : typeof current === 'string' ? current : inspect(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}
