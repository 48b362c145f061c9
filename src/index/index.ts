export { buildIndex } from './build.ts';
export { loadIndex, readManifest } from './persist.ts';
export type {
  BuildOptions,
  BuildProgress,
  BuildSummary,
  FusionWeights,
  IndexedFile,
  IndexLanguage,
  IndexManifest,
  PassageIndex,
  SearchHit,
  SearchMode,
  SearchQuery,
} from './types.ts';
