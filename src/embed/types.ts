import type { EmbeddingPrefixes } from './prefixes.ts';

/**
 * Turns text into unit-length vectors. The real implementation wraps Transformers.js;
 * tests pass fakes. Prefixes such as e5's `query: ` / `passage: ` are the embedder's job.
 */
export interface Embedder {
  /** Model id recorded in the index manifest (an index only serves queries from the same model). */
  readonly modelId: string;
  /** Length of every vector returned. */
  readonly dimensions: number;
  /** Embeds passages in batches; `onBatch` reports how many are done so far. */
  embedPassages(texts: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
  /** Embeds one question. */
  embedQuery(text: string): Promise<Float32Array>;
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
  /** Passages per forward pass. */
  readonly batchSize: number;
  /**
   * Text put before questions and passages. Default: `query: ` / `passage: ` for e5
   * models (id containing `e5`), nothing for other models.
   */
  readonly prefixes?: EmbeddingPrefixes;
  /**
   * Which ONNX weights to load from `<modelId>/onnx/`: `fp32` → model.onnx, `q8` →
   * model_quantized.onnx, `fp16` → model_fp16.onnx, and so on. Default: `fp32` when
   * model.onnx is in the local folder, else `q8` when only model_quantized.onnx is, else `fp32`.
   */
  readonly dtype?: EmbeddingDtype;
}

/** ONNX weight variants published next to each other in Transformers.js model repositories. */
export type EmbeddingDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
