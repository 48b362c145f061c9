import type {
  FusionWeights,
  IndexManifest,
  PassageFacets,
  PassageFilter,
  PassageIndex,
  SearchHit,
  SearchQuery,
} from '../index/types.ts';

export type { FusionWeights, PassageFacets, PassageFilter, SearchHit, SearchQuery };

/** A search as the answer layer asks it: the query, and the terms whose rarity it weighs. */
export interface RetrievalQuery extends SearchQuery {
  /**
   * Terms (as {@link Retriever.terms} spells them) whose document frequencies come back with the hits, so that a
   * question costs one round trip to a remote engine rather than one per term.
   */
  readonly frequencyTerms: readonly string[];
}

/** What one search returns: the hits and the rarity of the asked terms. */
export interface Retrieval {
  /** The best `limit` passages, best first. */
  readonly hits: readonly SearchHit[];
  /**
   * How many passages of the whole index (not only those the filter keeps) contain each of
   * {@link RetrievalQuery.frequencyTerms}; a term it lacks is in none.
   */
  readonly documentFrequencies: ReadonlyMap<string, number>;
}

/**
 * What answering needs from a search engine, and all of it: the answer layer reaches the index only through this
 * interface. Implemented in process over the Orama database ({@link localRetriever}) and, in another process, over
 * HTTP (`connectHttpRetriever`, src/answer/http-retriever.ts, against `npm run serve-index`); a corpus that outgrows
 * one process would be served by an implementation over an engine of its own (see "Scaling out" in the README),
 * with the answer layer unchanged: abstention stays here, on the absolute scores each hit carries, whatever the
 * engine's own relative ranking.
 *
 * A question costs one round trip: {@link Retriever.search}. {@link Retriever.terms} stays local and synchronous on
 * purpose: answering analyses every sentence of every candidate passage (hundreds of calls a question), and the
 * analysis is configuration, not data — the same stemmer and stop-words for the index's language, which an engine
 * is configured with at build time (an OpenSearch analyser chain) and the client builds from the same setting.
 */
export interface Retriever {
  /**
   * `mode` (hybrid or full-text), how many passages are searched (for term rarity), the vector calibration the
   * absolute similarity test reads and the analysis language ({@link Retriever.terms}). Known when the retriever is
   * opened: no round trip per question.
   */
  readonly manifest: Pick<IndexManifest, 'mode' | 'passageCount' | 'calibration' | 'language'>;
  /**
   * The best `limit` passages for a question (`mode` follows from the query: text, vector or both; `filter` is a
   * where clause), each with its fused rank score, its raw BM25 score and its absolute cosine, together with the
   * document frequencies of `frequencyTerms`: one round trip.
   */
  search(query: RetrievalQuery): Promise<Retrieval>;
  /** The engine's analysis of a text (stop-words removed, stemmed): what full-text search matches on. Local. */
  terms(text: string): string[];
  /** Passages per document and per folder (of those `filter` keeps): one round trip. */
  facets(filter?: PassageFilter): Promise<PassageFacets>;
}

const localRetrievers = new WeakMap<PassageIndex, Retriever>();

/**
 * The in-process {@link Retriever} over a loaded index (the Orama database, or any {@link PassageIndex}); one per
 * index object, so the answer layer's per-retriever caches (analysed frame words) last as long as the index.
 */
export function localRetriever(index: PassageIndex): Retriever {
  let retriever = localRetrievers.get(index);
  if (!retriever) {
    retriever = {
      manifest: index.manifest,
      async search({ frequencyTerms, ...query }) {
        const hits = index.search(query);
        const documentFrequencies = new Map<string, number>();
        for (const term of frequencyTerms) documentFrequencies.set(term, index.documentFrequency(term));
        return { hits, documentFrequencies };
      },
      terms: (text) => index.terms(text),
      facets: async (filter) => index.facets(filter),
    };
    localRetrievers.set(index, retriever);
  }
  return retriever;
}
