/** Text put before passages and questions before embedding them. */
export interface EmbeddingPrefixes {
  readonly query: string;
  readonly passage: string;
}

const E5_PREFIXES: EmbeddingPrefixes = { query: 'query: ', passage: 'passage: ' };
const NO_PREFIXES: EmbeddingPrefixes = { query: '', passage: '' };

/**
 * The prefixes a model was trained with. e5 models (any id containing `e5`) expect
 * `query: ` and `passage: ` and lose much of their retrieval quality without them;
 * other models get none unless `custom` says otherwise (e.g. bge's query instruction).
 */
export function embeddingPrefixes(modelId: string, custom?: EmbeddingPrefixes): EmbeddingPrefixes {
  if (custom) return custom;
  return /e5/i.test(modelId) ? E5_PREFIXES : NO_PREFIXES;
}
