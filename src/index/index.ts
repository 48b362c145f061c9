export { createIndexContents } from './contents.ts';
export { loadIndex, readIndexContents, readManifest, saveIndex } from './persist.ts';
export type { IndexContents } from './search-index.ts';
export type {
  FusionWeights,
  IndexedFile,
  IndexLanguage,
  IndexManifest,
  PassageIndex,
  SearchHit,
  SearchMode,
  SearchQuery,
} from './types.ts';
