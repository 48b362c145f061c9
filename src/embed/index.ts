export type { Embedder, EmbedderOptions, EmbeddingDtype } from './types.ts';
export { embeddingPrefixes, type EmbeddingPrefixes } from './prefixes.ts';
export { loadTransformersEmbedder } from './transformers-embedder.ts';
export { writeTinyModel, TINY_MODEL_ID, TINY_MODEL_VERSION, type TinyModelLocation } from './tiny-model.ts';
