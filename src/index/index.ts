export { createIndexContents, updateIndexContents } from './contents.ts';
export type { IndexChange, IndexContents } from './contents.ts';
export { OramaPassageIndex } from './database.ts';
export { embeddingMismatch, indexDtype, type EmbeddingIdentity } from './embedding-identity.ts';
export { resolvePassageFilter } from './filter.ts';
export { loadIndex, readIndexContents, readManifest, saveIndex } from './persist.ts';
export type {
  FusionWeights,
  IndexedFile,
  IndexLanguage,
  IndexManifest,
  PassageFacets,
  PassageFilter,
  PassageIndex,
  SearchHit,
  SearchMode,
  SearchQuery,
} from './types.ts';
