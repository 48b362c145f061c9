import type {
  FusionWeights,
  IndexManifest,
  PassageFacets,
  PassageFilter,
  SearchHit,
  SearchQuery,
} from '../index/types.ts';

export type { FusionWeights, PassageFacets, PassageFilter, SearchHit, SearchQuery };

/**
 * What answering needs from a search engine, and all of it: the answer layer reaches the index only through this
 * interface. Today it is implemented by `OramaPassageIndex` (src/index/database.ts: every search is Orama's
 * `search()` over the project's components); a corpus that outgrows one process would be served by another
 * implementation over an engine of its own (see "Scaling out" in the README), with the answer layer unchanged:
 * abstention stays here, on the absolute scores each hit carries, whatever the engine's own relative ranking.
 */
export interface Retriever {
  /**
   * `mode` (hybrid or full-text), how many passages are searched (for term rarity) and the vector calibration the
   * absolute similarity test reads.
   */
  readonly manifest: Pick<IndexManifest, 'mode' | 'passageCount' | 'calibration'>;
  /**
   * The best `limit` passages for a question (`mode` follows from the query: text, vector or both; `filter` is a
   * where clause), each with its fused rank score, its raw BM25 score and its absolute cosine.
   */
  search(query: SearchQuery): SearchHit[];
  /** The engine's analysis of a text (stop-words removed, stemmed): what full-text search matches on. */
  terms(text: string): string[];
  /** How many passages contain `term` (as {@link Retriever.terms} spells it). */
  documentFrequency(term: string): number;
  /** Passages per document and per folder (of those `filter` keeps). */
  facets(filter?: PassageFilter): PassageFacets;
}
