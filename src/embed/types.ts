import type { EmbeddingPrefixes } from './prefixes.ts';
import type { LoadProgress } from './session.ts';

/**
 * Turns text into unit-length vectors. The real implementation wraps Transformers.js;
 * tests pass fakes. Prefixes such as e5's `query: ` / `passage: ` are the embedder's job.
 */
export interface Embedder {
  /** Model id recorded in the index manifest (an index only serves queries from the same model and dtype). */
  readonly modelId: string;
  /** Weight variant recorded next to the model id: vectors of fp32 and q8 weights are not interchangeable. */
  readonly dtype: EmbeddingDtype;
  /** Length of every vector returned. */
  readonly dimensions: number;
  /** Embeds passages in batches; `onBatch` reports how many are done so far. */
  embedPassages(texts: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
  /** Embeds one question. */
  embedQuery(text: string): Promise<Float32Array>;
}

/** Tokens embedded so far, to see how much padding cost (`paddedTokens / tokens`). */
export interface EmbeddingStats {
  readonly passages: number;
  /** Real tokens (special tokens included). */
  readonly tokens: number;
  /** Tokens computed: each passage padded to the longest of its batch. */
  readonly paddedTokens: number;
}

/** The Transformers.js embedder: an {@link Embedder} that also reports its batching and can be closed. */
export interface TransformersEmbedder extends Embedder {
  /** Model sessions that embed passages (worker threads, or 1 on this thread). */
  readonly workers: number;
  stats(): EmbeddingStats;
  /** Frees the sessions and stops the worker threads. */
  dispose(): Promise<void>;
}

/** Where and how to load the embedding model. */
export interface EmbedderOptions {
  /** Hugging Face model id, e.g. `Xenova/multilingual-e5-small`. */
  readonly modelId: string;
  /** Folder holding `<modelId>/` with config.json, tokenizer.json and onnx/model.onnx. */
  readonly localModelPath: string;
  /** When false nothing is downloaded: the model must be in `localModelPath` (or the cache). */
  readonly allowRemoteModels: boolean;
  /** Where downloaded models are cached. */
  readonly cacheDir: string;
  /** Most passages per forward pass. */
  readonly batchSize: number;
  /**
   * Most padded tokens per forward pass (passages × the longest one's tokens): passages are sorted by length, so a
   * batch of short passages holds many, a batch of long ones few.
   */
  readonly batchTokens: number;
  /**
   * Model sessions in worker threads that embed passages in parallel (one ONNX Runtime thread each); 0 (default):
   * one session on this thread, for questions.
   */
  readonly workers?: number;
  /** Download host, default the Hugging Face Hub ({@link HUGGING_FACE_HOST}). */
  readonly remoteHost?: string;
  /** Called while files load or download (Transformers.js's progress events). */
  readonly onLoadProgress?: (progress: LoadProgress) => void;
  /**
   * Text put before questions and passages. Default: `query: ` / `passage: ` for e5
   * models (id containing `e5`), nothing for other models.
   */
  readonly prefixes?: EmbeddingPrefixes;
  /**
   * Which ONNX weights to load from `<modelId>/onnx/` ({@link WEIGHT_FILES}): `q8` →
   * model_quantized.onnx (a quarter of fp32's size and memory, several times faster), `fp32` →
   * model.onnx (maximum fidelity), and so on. Nothing else is tried when that file is missing.
   */
  readonly dtype: EmbeddingDtype;
}

/** Default download host (Transformers.js's): `MODEL_HOST` replaces it, e.g. with a mirror. */
export const HUGGING_FACE_HOST = 'https://huggingface.co/';

/** ONNX weight variants published next to each other in Transformers.js model repositories. */
export const EMBEDDING_DTYPES = ['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4'] as const;
export type EmbeddingDtype = (typeof EMBEDDING_DTYPES)[number];

/** Where Transformers.js looks for each weight variant, relative to the model folder. */
export const WEIGHT_FILES: Record<EmbeddingDtype, string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  int8: 'onnx/model_int8.onnx',
  uint8: 'onnx/model_uint8.onnx',
  q4: 'onnx/model_q4.onnx',
};
