import type { EmbeddingDtype } from '../embed/types.ts';
import type { Passage } from '../ingest/types.ts';

/** The languages citebot analyses text in and writes its own sentences in. */
export type Language = 'fr' | 'en';

/** Stemming and stop-words: one language, or detected per passage (`auto`). */
export type IndexLanguage = Language | 'auto';

/** `hybrid` when passages carry vectors; `fulltext` when the model could not be loaded at build time. */
export type SearchMode = 'hybrid' | 'fulltext';

/** Describes a persisted index; written next to (or inside) the index file. */
export interface IndexManifest {
  readonly formatVersion: number;
  readonly mode: SearchMode;
  /** Null in `fulltext` mode. */
  readonly modelId: string | null;
  /**
   * The model's weights variant (EMBEDDING_DTYPE); absent in `fulltext` mode and in indexes built before it was
   * recorded, which were all fp32 (see {@link indexDtype}).
   */
  readonly dtype?: EmbeddingDtype | undefined;
  /** 0 in `fulltext` mode. */
  readonly dimensions: number;
  readonly language: IndexLanguage;
  /** ISO date-time of the build. */
  readonly builtAt: string;
  readonly passageCount: number;
  /** Per indexed file (path relative to the corpus root). */
  readonly files: Readonly<Record<string, IndexedFile>>;
  /** What cosine similarities mean for this index's model on this corpus; absent in `fulltext` mode. */
  readonly calibration?: VectorCalibration | undefined;
}

/**
 * Cosine similarities between question-like texts of the corpus and its passages, measured at
 * build time for the model that built the index (`calibrateVectors`, src/index/calibration.ts).
 */
export interface VectorCalibration {
  /** Question-like texts measured. */
  readonly probes: number;
  /** Median similarity of a probe to passages of other documents. */
  readonly unrelatedMedian: number;
  /** 99th percentile of the same: rarely reached by one pair drawn at random. */
  readonly unrelatedHigh: number;
  /**
   * 90th percentile of each probe's best passage among all passages of other documents: what the nearest passage of
   * a question the documents do not answer reaches (absent from indexes built before it was measured).
   */
  readonly unrelatedBest?: number | undefined;
  /** Median similarity of a probe to the passage it came from. */
  readonly relatedMedian: number;
  /** The similarity at which a passage covers a question on its vector alone. */
  readonly threshold: number;
}

/** What the manifest keeps of one indexed file. */
export interface IndexedFile {
  /** sha256 of the raw bytes: unchanged hash ⇒ passages and vectors are reused. */
  readonly hash: string;
  readonly title: string;
  readonly passages: number;
  /** ISO date-time when this file was (re)indexed. */
  readonly indexedAt: string;
  /**
   * HTML only: the fingerprints of the page's distinct blocks, packed (src/ingest/repeated-blocks.ts). They let a build
   * find the blocks repeated across the corpus without parsing unchanged pages again.
   */
  readonly blocks?: string | undefined;
  /** HTML only: the packed fingerprints of the repeated blocks left out of this page's passages when it was indexed. */
  readonly repeated?: string | undefined;
}

/** One retrieved passage with the scores that explain why. */
export interface SearchHit {
  readonly passage: Passage;
  /** Fused score used for ranking; relative to this query only. */
  readonly score: number;
  /** Full-text (BM25) score, 0 when no term matched. */
  readonly textScore: number;
  /** Cosine similarity between question and passage vectors (absolute); null in `fulltext` mode. */
  readonly vectorSimilarity: number | null;
}

/** A query: its text, and its vector when the index is hybrid. */
export interface SearchQuery {
  readonly text: string;
  readonly vector: Float32Array | null;
  readonly limit: number;
  /**
   * Hybrid fusion weights (Orama's `hybridWeights`); default text 0.5, vector 0.5 (`DEFAULT_FUSION_WEIGHTS`,
   * src/index/database.ts).
   */
  readonly weights?: FusionWeights;
  /** Only passages this keeps (an Orama `where` clause); absent: all. */
  readonly filter?: PassageFilter;
}

/** Which passages a search may return; every given field must hold. */
export interface PassageFilter {
  /** Document paths (relative to the corpus root); any of them. */
  readonly documents?: readonly string[];
  /** Section paths (outermost heading first): passages in any of those sections or below them. */
  readonly sections?: ReadonlyArray<readonly string[]>;
  /** A folder path (`guides/install`): passages of files in it or below it. */
  readonly folder?: string;
  /** Passage languages (`fr`, `en`, `und`); any of them. */
  readonly languages?: readonly string[];
  /** File extensions (`md`, `pdf`…); any of them. */
  readonly fileTypes?: readonly string[];
}

/** Passage counts from Orama's facets. */
export interface PassageFacets {
  readonly passages: number;
  /** Passages per document path. */
  readonly documents: Readonly<Record<string, number>>;
  /** Passages per folder (every folder a file sits in counts its passages). */
  readonly folders: Readonly<Record<string, number>>;
}

/** A loaded, read-only index: what the answer layer and the bot need. */
export interface PassageIndex {
  readonly manifest: IndexManifest;
  /** All passages, a file's together in position order (files in build order: see src/pipeline/build.ts). */
  readonly passages: readonly Passage[];
  search(query: SearchQuery): SearchHit[];
  /** The index's own analysis of a text (stop-words removed, stemmed): what full-text search matches on. */
  terms(text: string): string[];
  /** How many passages contain `term` (as produced by {@link PassageIndex.terms}). */
  documentFrequency(term: string): number;
  /** Passages per document and per folder (of those `filter` keeps). */
  facets(filter?: PassageFilter): PassageFacets;
}

/** How hybrid ranking mixes the two signals (see {@link SearchQuery.weights}). */
export interface FusionWeights {
  /** Weight of the BM25 score divided by the best BM25 score among the candidates. */
  readonly text: number;
  /** Weight of the cosine min-max-normalised over the candidates. */
  readonly vector: number;
}
