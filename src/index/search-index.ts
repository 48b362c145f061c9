import { CitebotError } from '../errors.ts';
import type { Passage } from '../ingest/types.ts';
import { FullTextIndex, type FullTextData } from './fulltext.ts';
import { Analyzer } from './tokenizer.ts';
import type { FusionWeights, IndexManifest, PassageIndex, SearchHit, SearchQuery } from './types.ts';
import { dotProducts, topK } from './vectors.ts';

/** Hybrid default: text and meaning count alike. */
export const DEFAULT_FUSION_WEIGHTS: FusionWeights = { text: 0.5, vector: 0.5 };
/** Each signal proposes at least this many candidates (or 5 × limit) to the fusion. */
const MIN_CANDIDATES_PER_SIGNAL = 50;
const CANDIDATES_PER_RESULT = 5;

/** Everything an index holds; what is persisted and what {@link SearchIndex} serves. */
export interface IndexContents {
  readonly manifest: IndexManifest;
  readonly passages: readonly Passage[];
  /** `passages.length × manifest.dimensions` unit vectors, row-major; null in `fulltext` mode. */
  readonly vectors: Float32Array | null;
  readonly fullText: FullTextData;
}

/**
 * A loaded index. Ranking:
 * - text only (no query vector, or a `fulltext` index): BM25;
 * - vector only (the question has no indexable term): cosine;
 * - hybrid: the top candidates of each signal are pooled and ranked by
 *   `w.text · bm25 / max(bm25) + w.vector · (cos − min(cos)) / (max(cos) − min(cos))`,
 *   maxima and minima taken over the pool (a passage no term matched has bm25 = 0).
 * Hits carry the raw BM25 and the absolute cosine whatever the mode.
 */
export class SearchIndex implements PassageIndex {
  readonly manifest: IndexManifest;
  readonly passages: readonly Passage[];
  private readonly contents: IndexContents;
  private readonly analyzer: Analyzer;
  private readonly fullText: FullTextIndex;
  private readonly textScores: Float32Array;
  private readonly similarities: Float32Array;

  constructor(contents: IndexContents) {
    this.contents = contents;
    this.manifest = contents.manifest;
    this.passages = contents.passages;
    this.analyzer = new Analyzer(contents.manifest.language);
    this.fullText = new FullTextIndex(contents.fullText);
    this.textScores = new Float32Array(contents.passages.length);
    this.similarities = new Float32Array(contents.vectors === null ? 0 : contents.passages.length);
  }

  terms(text: string): string[] {
    return this.analyzer.terms(text);
  }

  documentFrequency(term: string): number {
    return this.fullText.documentFrequency(term);
  }

  search(query: SearchQuery): SearchHit[] {
    const limit = Math.max(0, Math.floor(query.limit));
    const words = this.analyzer.words(query.text);
    const matched: number[] = [];
    this.fullText.score(words, this.textScores, matched);
    try {
      const vectors = this.contents.vectors;
      if (query.vector === null || vectors === null) {
        return topK(this.textScores, limit, matched).map((i) => this.hit(i, this.textScores[i]!, null));
      }
      this.scoreVectors(vectors, query.vector);
      if (matched.length === 0) {
        return topK(this.similarities, limit).map((i) => this.hit(i, this.similarities[i]!, this.similarities[i]!));
      }
      return this.fuse(matched, limit, query.weights ?? DEFAULT_FUSION_WEIGHTS);
    } finally {
      for (const i of matched) this.textScores[i] = 0;
    }
  }

  private scoreVectors(vectors: Float32Array, query: Float32Array): void {
    if (query.length !== this.manifest.dimensions) {
      throw new CitebotError(
        'INDEX_MODEL_MISMATCH',
        `the question vector has ${query.length} dimensions, the index ${this.manifest.dimensions} (${this.manifest.modelId ?? 'no model'})`,
      );
    }
    dotProducts(vectors, this.manifest.dimensions, query, this.similarities);
  }

  private fuse(matched: readonly number[], limit: number, weights: FusionWeights): SearchHit[] {
    const perSignal = Math.max(MIN_CANDIDATES_PER_SIGNAL, limit * CANDIDATES_PER_RESULT);
    const pool = new Set([...topK(this.similarities, perSignal), ...topK(this.textScores, perSignal, matched)]);
    let maxText = 0;
    let minSimilarity = Infinity;
    let maxSimilarity = -Infinity;
    for (const i of pool) {
      maxText = Math.max(maxText, this.textScores[i]!);
      minSimilarity = Math.min(minSimilarity, this.similarities[i]!);
      maxSimilarity = Math.max(maxSimilarity, this.similarities[i]!);
    }
    const similaritySpan = maxSimilarity - minSimilarity;
    const fused = [...pool].map((i) => {
      const text = maxText > 0 ? this.textScores[i]! / maxText : 0;
      const vector = similaritySpan > 0 ? (this.similarities[i]! - minSimilarity) / similaritySpan : 1;
      return { i, score: weights.text * text + weights.vector * vector };
    });
    fused.sort((a, b) => b.score - a.score || a.i - b.i);
    return fused.slice(0, limit).map(({ i, score }) => this.hit(i, score, this.similarities[i]!));
  }

  private hit(i: number, score: number, vectorSimilarity: number | null): SearchHit {
    return { passage: this.passages[i]!, score, textScore: this.textScores[i]!, vectorSimilarity };
  }
}
