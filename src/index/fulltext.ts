import { grown } from './grow.ts';

/**
 * Full-text index: compact BM25 postings.
 *
 * A passage is one BM25 document made of three weighted fields (BM25F-style: weights apply
 * to term frequencies and to the length): text ×1, title and section ×1.5. Postings are
 * term-major, passage numbers ascending, stored as varints (passage delta, weighted
 * frequency in half units) and only decoded for the terms of a query, so a loaded index
 * needs no rebuild step.
 */

/** Field weights in half units (so that ×1.5 stays an integer). */
export const FIELD_WEIGHT = { text: 2, title: 3, section: 3 } as const;
const HALF_UNITS = 2;
const BM25_K1 = 1.2;
const BM25_B = 0.75;

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

/** One field of a passage: its words as analyser keys (`Analyzer.wordKeys`, src/index/tokenizer.ts) and its weight. */
export interface WeightedField {
  readonly keys: Int32Array;
  readonly weight: number;
}

/** Accumulates passages in order, then produces {@link FullTextData}. */
export class FullTextBuilder {
  /** Gives the terms (variants) of a word key. */
  private readonly termsOf: (key: number) => readonly string[];
  private readonly termIds = new Map<string, number>();
  /**
   * Term ids of each word key, `keyTermCount[key]` of them from `keyTermFrom[key]` in
   * `keyTerms` (a count of 0: not seen yet). Flat typed arrays rather than an array per key:
   * the loop over every word of every passage then stays within a few compact arrays.
   */
  private keyTermFrom = new Int32Array(1 << 12);
  private keyTermCount = new Uint8Array(1 << 12);
  private keyTerms = new Int32Array(1 << 13);
  private keyTermsLength = 0;
  private readonly vocabulary: string[] = [];
  /** Doc-major (term id, weighted frequency) pairs; inverted once at the end. */
  private pairs = new Uint32Array(1 << 16);
  private pairCount = 0;
  private readonly passageEnds: number[] = [];
  private readonly lengths: number[] = [];

  /** Weighted frequency of each term in the passage being added (zero between passages). */
  private frequencies = new Uint32Array(1 << 12);
  private readonly passageTerms: number[] = [];

  /** @param termsOf the terms of a word key, from the analyser that produced the keys given to {@link add}. */
  constructor(termsOf: (key: number) => readonly string[]) {
    this.termsOf = termsOf;
  }

  /** Adds the next passage (passage numbers are given in call order). */
  add(fields: readonly WeightedField[]): void {
    let length = 0;
    for (const { keys, weight } of fields) {
      length += keys.length * weight;
      for (let word = 0; word < keys.length; word++) {
        const key = keys[word]!;
        if (key >= this.keyTermCount.length || this.keyTermCount[key] === 0) this.numberTermsOf(key);
        const from = this.keyTermFrom[key]!;
        for (let variant = from, end = from + this.keyTermCount[key]!; variant < end; variant++) {
          const id = this.keyTerms[variant]!;
          if (this.frequencies[id] === 0) this.passageTerms.push(id);
          this.frequencies[id]! += weight;
        }
      }
    }
    this.reserve(this.passageTerms.length * 2);
    for (const id of this.passageTerms) {
      this.pairs[this.pairCount++] = id;
      this.pairs[this.pairCount++] = this.frequencies[id]!;
      this.frequencies[id] = 0;
    }
    this.passageTerms.length = 0;
    this.passageEnds.push(this.pairCount);
    this.lengths.push(length);
  }

  finish(): FullTextData {
    const termCount = this.vocabulary.length;
    const documentFrequencies = new Uint32Array(termCount);
    for (let i = 0; i < this.pairCount; i += 2) documentFrequencies[this.pairs[i]!]!++;
    // Counting sort into term-major order; passages stay ascending within each term.
    const cursor = new Uint32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) cursor[t + 1] = cursor[t]! + documentFrequencies[t]!;
    const postingCount = this.pairCount / 2;
    const passages = new Uint32Array(postingCount);
    const frequencies = new Uint32Array(postingCount);
    let pair = 0;
    for (let passage = 0; passage < this.passageEnds.length; passage++) {
      const end = this.passageEnds[passage]!;
      for (; pair < end; pair += 2) {
        const slot = cursor[this.pairs[pair]!]!++;
        passages[slot] = passage;
        frequencies[slot] = this.pairs[pair + 1]!;
      }
    }
    const writer = new VarintWriter(postingCount * 3 + 16);
    const postingOffsets = new Uint32Array(termCount + 1);
    let slot = 0;
    for (let t = 0; t < termCount; t++) {
      postingOffsets[t] = writer.length;
      let previous = 0;
      for (const end = slot + documentFrequencies[t]!; slot < end; slot++) {
        writer.write(passages[slot]! - previous);
        writer.write(frequencies[slot]!);
        previous = passages[slot]!;
      }
    }
    postingOffsets[termCount] = writer.length;
    return {
      vocabulary: this.vocabulary,
      documentFrequencies,
      postingOffsets,
      postings: writer.bytes(),
      documentLengths: Uint32Array.from(this.lengths),
    };
  }

  /**
   * Records the term ids of a key seen for the first time (terms are numbered in order of appearance, which fixes the
   * vocabulary order).
   */
  private numberTermsOf(key: number): void {
    if (key >= this.keyTermCount.length) {
      const capacity = Math.max(this.keyTermCount.length * 2, key + 1);
      this.keyTermFrom = grown(this.keyTermFrom, capacity);
      this.keyTermCount = grown(this.keyTermCount, capacity);
    }
    const terms = this.termsOf(key);
    if (this.keyTermsLength + terms.length > this.keyTerms.length)
      this.keyTerms = grown(this.keyTerms, this.keyTerms.length * 2);
    this.keyTermFrom[key] = this.keyTermsLength;
    this.keyTermCount[key] = terms.length;
    for (const term of terms) this.keyTerms[this.keyTermsLength++] = this.termId(term);
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.vocabulary.push(term);
      this.termIds.set(term, id);
      if (id >= this.frequencies.length) this.frequencies = grown(this.frequencies, this.frequencies.length * 2);
    }
    return id;
  }

  private reserve(extra: number): void {
    if (this.pairCount + extra <= this.pairs.length) return;
    const grown = new Uint32Array(Math.max(this.pairs.length * 2, this.pairCount + extra));
    grown.set(this.pairs.subarray(0, this.pairCount));
    this.pairs = grown;
  }
}

class VarintWriter {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  write(value: number): void {
    if (this.length + 5 > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2 + 5);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    while (value >= 0x80) {
      this.buffer[this.length++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buffer[this.length++] = value;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** BM25 scoring over {@link FullTextData}. */
export class FullTextIndex {
  readonly data: FullTextData;
  private readonly termIds: Map<string, number>;
  private readonly averageLength: number;
  /** Per-passage scratch for the best variant of the current query word. */
  private readonly wordScores: Float32Array;

  constructor(data: FullTextData) {
    this.data = data;
    this.termIds = new Map(data.vocabulary.map((term, id) => [term, id]));
    const passageCount = data.documentLengths.length;
    let total = 0;
    for (const length of data.documentLengths) total += length;
    this.averageLength = passageCount === 0 ? 1 : Math.max(total / passageCount, 1);
    this.wordScores = new Float32Array(passageCount);
  }

  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.data.documentFrequencies[id]!;
  }

  /**
   * Adds the BM25 score of every query word to `scores` and lists the passages that got one
   * in `matched` (once each, unordered). A word counts once per passage: its best variant.
   * Repeated words of the query count once.
   */
  score(words: ReadonlyArray<readonly string[]>, scores: Float32Array, matched: number[]): void {
    const seenWords = new Set<string>();
    const wordTouched: number[] = [];
    const passageCount = this.data.documentLengths.length;
    for (const variants of words) {
      const key = variants.join(' ');
      if (seenWords.has(key)) continue;
      seenWords.add(key);
      for (const term of variants) {
        const id = this.termIds.get(term);
        if (id === undefined) continue;
        const df = this.data.documentFrequencies[id]!;
        const idf = Math.log(1 + (passageCount - df + 0.5) / (df + 0.5));
        this.forEachPosting(id, (passage, frequency) => {
          const tf = frequency / HALF_UNITS;
          const lengthRatio = this.data.documentLengths[passage]! / this.averageLength;
          const value = (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * lengthRatio));
          const previous = this.wordScores[passage]!;
          if (previous === 0) wordTouched.push(passage);
          if (value > previous) this.wordScores[passage] = value;
        });
      }
      for (const passage of wordTouched) {
        if (scores[passage] === 0) matched.push(passage);
        scores[passage]! += this.wordScores[passage]!;
        this.wordScores[passage] = 0;
      }
      wordTouched.length = 0;
    }
  }

  private forEachPosting(termId: number, visit: (passage: number, frequency: number) => void): void {
    const bytes = this.data.postings;
    const end = this.data.postingOffsets[termId + 1]!;
    let position = this.data.postingOffsets[termId]!;
    let passage = 0;
    while (position < end) {
      let delta = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[position++]!;
        delta |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      let frequency = 0;
      shift = 0;
      do {
        byte = bytes[position++]!;
        frequency |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      passage += delta;
      visit(passage, frequency);
    }
  }
}
