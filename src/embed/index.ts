export type { Embedder, EmbedderOptions, EmbeddingDtype } from './types.ts';
export { EMBEDDING_DTYPES, WEIGHT_FILES } from './types.ts';
export { embeddingPrefixes, type EmbeddingPrefixes } from './prefixes.ts';
export { loadTransformersEmbedder } from './transformers-embedder.ts';
