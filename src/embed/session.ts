import { inspect } from 'node:util';
import { AutoModel, env, mean_pooling, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import type { EmbeddingDtype } from './types.ts';

/**
 * Token ids of a batch, padded on the right to its longest row: what the tokenizer (main thread) hands to a model
 * session (here or in a worker thread). Plain typed arrays, so a batch crosses to a worker without copying.
 */
export interface TokenBatch {
  readonly rows: number;
  /** Tokens per row (the longest row's). */
  readonly width: number;
  readonly inputIds: BigInt64Array;
  readonly attentionMask: BigInt64Array;
}

/** Transformers.js settings a load reads from its global `env` (per thread: a worker has its own). */
export interface ModelEnvironment {
  readonly localModelPath: string;
  readonly cacheDir: string;
  readonly allowRemoteModels: boolean;
  /** Where models are downloaded from (`<remoteHost>/<model id>/resolve/main/<file>`). */
  readonly remoteHost: string;
}

/** What a model session needs to load. */
export interface SessionOptions {
  readonly modelId: string;
  readonly dtype: EmbeddingDtype;
  /** ONNX Runtime intra-op threads of this session. */
  readonly threads: number;
}

/** Progress of one file while a model loads (Transformers.js's `progress_callback` data, the fields used). */
export interface LoadProgress {
  readonly status: string;
  readonly file?: string;
  readonly loaded?: number;
  readonly total?: number;
}

/** One ONNX Runtime session of the encoder: token ids in, mean-pooled, L2-normalised vectors out. */
export interface ModelSession {
  readonly dimensions: number | undefined;
  /** `rows × dimensions` values, row after row. */
  embed(batch: TokenBatch): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/**
 * Offline, downloads fail within milliseconds (the host name does not resolve), but a
 * proxy or network that accepts the connection and never answers would stall Node's
 * fetch until undici's 300 s headers timeout. The limit covers the wait for response headers only, never the
 * download of the body, which may legitimately take minutes.
 */
const RESPONSE_HEADERS_TIMEOUT_MS = 20_000;
const plainFetch = env.fetch;

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

/** Points this thread's Transformers.js at the model folders and download host. */
export function applyEnvironment(settings: ModelEnvironment): void {
  env.allowLocalModels = true;
  env.allowRemoteModels = settings.allowRemoteModels;
  env.localModelPath = settings.localModelPath;
  env.cacheDir = settings.cacheDir;
  env.remoteHost = settings.remoteHost.endsWith('/') ? settings.remoteHost : `${settings.remoteHost}/`;
  env.fetch = fetchWithHeadersTimeout;
}

/**
 * Loads the encoder's weights (`dtype`) into an ONNX Runtime session of `threads` intra-op threads and one inter-op
 * thread: on a small machine shared with the bot, one thread per session measures faster than ONNX Runtime's default
 * of one per core (which fight each other and the rest of the process).
 */
export async function loadModelSession(
  options: SessionOptions,
  onProgress?: (progress: LoadProgress) => void,
): Promise<ModelSession> {
  const model: PreTrainedModel = await AutoModel.from_pretrained(options.modelId, {
    dtype: options.dtype,
    device: 'cpu',
    session_options: { intraOpNumThreads: options.threads, interOpNumThreads: 1 },
    ...(onProgress ? { progress_callback: (info: LoadProgress) => onProgress(info) } : {}),
  });
  const hiddenSize = (model.config as { hidden_size?: unknown }).hidden_size;
  return {
    dimensions: typeof hiddenSize === 'number' ? hiddenSize : undefined,
    embed: (batch) => embedTokens(model, batch),
    dispose: async () => {
      await model.dispose();
    },
  };
}

async function embedTokens(model: PreTrainedModel, batch: TokenBatch): Promise<Float32Array> {
  const dims = [batch.rows, batch.width];
  const attentionMask = new Tensor('int64', batch.attentionMask, dims);
  const outputs = (await model({
    input_ids: new Tensor('int64', batch.inputIds, dims),
    attention_mask: attentionMask,
  })) as Record<string, Tensor | undefined>;
  const hidden = outputs.last_hidden_state ?? outputs.token_embeddings ?? outputs.logits;
  if (!hidden || hidden.dims.length !== 3) {
    throw new Error(
      `expected the encoder's last_hidden_state [rows, tokens, dimensions], got ${Object.keys(outputs).join(', ')}`,
    );
  }
  const pooled = mean_pooling(hidden, attentionMask).normalize(2, -1);
  try {
    const data: unknown = pooled.data;
    return data instanceof Float32Array ? data.slice() : Float32Array.from(data as ArrayLike<number>);
  } finally {
    // The copy above is ours: ONNX Runtime's buffers can go now.
    for (const tensor of Object.values(outputs)) tensor?.dispose();
    pooled.dispose();
  }
}

/** The error's message followed by its causes' (`fetch failed` alone says little). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && parts.length < 4) {
    parts.push(current instanceof Error ? current.message : typeof current === 'string' ? current : inspect(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}
