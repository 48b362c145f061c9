export { buildIndex, type BuildOptions, type BuildProgress, type BuildSummary } from './build.ts';
export { openEmbedder, WITHOUT_MODEL } from './embedder.ts';
export { formatBuildSummary, indexCorpus, type IndexCorpusOptions } from './index-corpus.ts';
export { openKnowledgeBase, type KnowledgeBaseOptions } from './knowledge-base.ts';
