/**
 * Full-text index: compact BM25 postings.
 *
 * A passage is one BM25 document made of three weighted fields (BM25F-style: weights apply
 * to term frequencies and to the length): text ×1, title and section ×1.5. Postings are
 * term-major, passage numbers ascending, stored as varints (passage delta, weighted
 * frequency in half units) and only decoded for the terms of a query, so a loaded index
 * needs no rebuild step.
 */

/** The persisted form of the full-text index. */
export interface FullTextData {
  /** Term of each term id. */
  readonly vocabulary: readonly string[];
  /** Passages containing each term. */
  readonly documentFrequencies: Uint32Array;
  /** Byte offset of each term's postings in `postings`, plus the end (length V + 1). */
  readonly postingOffsets: Uint32Array;
  readonly postings: Uint8Array;
  /** Weighted length of each passage, in half units. */
  readonly documentLengths: Uint32Array;
}
