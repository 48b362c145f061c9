export type { Embedder, EmbedderOptions, EmbeddingDtype } from './types.ts';
export { EMBEDDING_DTYPES, WEIGHT_FILES } from './types.ts';
export { embeddingPrefixes, type EmbeddingPrefixes } from './prefixes.ts';
export { loadTransformersEmbedder } from './transformers-embedder.ts';
export { createDownloadReporter } from './download-progress.ts';
export type { EmbeddingStats, TransformersEmbedder } from './types.ts';
