import type { AnyIndexStore, AnyOrama, IIndex, SearchableValue, Tokenizer } from '@orama/orama';

type InternalDocumentIDStore = AnyOrama['internalDocumentIDStore'];
import type { FullTextData } from './fulltext.ts';
import { grown } from './grow.ts';
import { analyzerOf } from './orama-tokenizer.ts';
import {
  FILTER_PROPERTIES,
  TEXT_PROPERTIES,
  VECTOR_PROPERTY,
  type FilterProperty,
  type TextProperty,
} from './passage-document.ts';
import type { Analyzer } from './tokenizer.ts';
import { topK } from './vectors.ts';

/**
 * Orama's `index` component, replaced: compact BM25F postings and a flat Float32Array vector
 * scan, behind Orama's `IIndex` interface so that Orama's own `insert`, `remove`, `search`
 * (full-text, vector, hybrid, `where`, facets), `save` and `load` drive it.
 *
 * Rows: each inserted document gets the next row; a removed document's row is marked dead
 * (skipped by every search) until `save` compacts. A loaded index is one compact segment
 * (varint postings, as persisted, decoded only for the terms of a query); insertions go to an
 * in-memory segment of plain arrays. BM25 statistics (document count, average length,
 * document frequencies) count live rows only, so removing a passage ranks exactly as if it
 * had never been inserted.
 *
 * Orama's `search()` does not tell the index its `limit`, and fuses everything both signals
 * return: {@link PostingsIndexStore.candidates} (set per query by the caller) bounds how many
 * of the best full-text matches and vector neighbours go to the fusion.
 */

const HALF_UNITS = 2;
const BM25_K1 = 1.2;
const BM25_B = 0.75;

/** One filter property: per row, a list (interned) of value ids. */
interface FilterColumn {
  readonly values: string[];
  readonly valueIds: Map<string, number>;
  readonly lists: number[][];
  readonly listIds: Map<string, number>;
  /**
   * List id by the value as given: a scalar, or an array by identity (documents share the arrays of a file and of a
   * section, so most rows are one lookup).
   */
  readonly byScalar: Map<string | number, number>;
  readonly byArray: WeakMap<object, number>;
  rows: Uint32Array;
}

/** What {@link createPostingsIndex}'s `save` returns and `load` takes (typed arrays, for the binary codec). */
export interface PostingsIndexData {
  readonly fullText: FullTextData;
  /** Orama internal id of each row. */
  readonly internalIds: Uint32Array;
  readonly dimensions: number;
  /** Row-major unit vectors (`internalIds.length × dimensions`); empty when `dimensions` is 0. */
  readonly vectors: Float32Array;
  readonly filters: Record<FilterProperty, { values: string[]; lists: number[][]; rows: Uint32Array }>;
}

/** The flat scan, where Orama's vector search looks for it (`index.vectorIndexes[prop].node`). */
export interface FlatVectorScan {
  /** Dimensions: Orama checks the query's length against it. */
  readonly size: number;
  /**
   * Orama calls this: the {@link PostingsIndexStore.candidates} nearest live rows with a
   * cosine ≥ `similarity` (and in `whereIds` when given), as `[internal id, score]`. The
   * score is the cosine min-max scaled over those candidates (best 1, worst 0): Orama's hybrid
   * fusion divides each signal by its best score, and raw cosines of a sentence model sit in
   * a narrow band, so unscaled they would add a near-constant and hybrid would rank by text
   * alone. The absolute cosines stay readable through {@link PostingsIndexStore.cosine}.
   */
  find(query: ArrayLike<number>, similarity: number, whereIds: Set<number> | undefined): Array<[number, number]>;
}

/** The index store (Orama's `orama.data.index`). */
export interface PostingsIndexStore {
  readonly sharedInternalDocumentStore: InternalDocumentIDStore;
  readonly vectorIndexes: Record<string, { type: 'Vector'; isArray: false; node: FlatVectorScan }>;
  /** How many best matches per signal a search returns to Orama's ranking (see the module comment). */
  candidates: number;
  /** Live rows. */
  readonly count: number;
  /** Row of an internal id, or -1 (never inserted, or removed). */
  rowOf(internalId: number): number;
  /** BM25F score of `row` for the last full-text search (0 when no term matched). */
  textScore(row: number): number;
  /** Cosine of `row` with the last vector query. */
  cosine(row: number): number;
  /** The stored vector of a row (a view). */
  vector(row: number): Float32Array;
  /** The vectors of rows `0…count-1`, row-major (a view: read only). */
  vectorRows(count: number): Float32Array;
  /** Live rows holding `term` (a term as the tokenizer produces it). */
  documentFrequency(term: string): number;
}

class Store implements PostingsIndexStore {
  readonly sharedInternalDocumentStore: InternalDocumentIDStore;
  /** Orama's geo search looks here for BKD trees: there are none. */
  readonly indexes = {};
  readonly vectorIndexes: PostingsIndexStore['vectorIndexes'];
  candidates = Number.POSITIVE_INFINITY;
  readonly dimensions: number;

  // Rows.
  rows = 0;
  live: Uint8Array;
  liveCount = 0;
  internalIds: Uint32Array;
  /** Indexed by internal id: row + 1 (0: none). */
  rowByInternalId: Int32Array;
  lengths: Uint32Array;
  totalLength = 0;

  // Terms: ids 0..base.vocabulary.length-1 are the compact segment's, then the others in order of first sight.
  readonly termIds = new Map<string, number>();
  private readonly terms: string[];
  readonly base: FullTextData;
  documentFrequencies: Int32Array;

  /**
   * Term ids of each analyser key (`Analyzer.wordKeys`): `keyTermCount[key]` of them from `keyTermFrom[key]` in
   * `keyTerms` (a count of 0: not seen yet). Flat typed arrays, so that the loop over every word of every inserted
   * passage touches no Map and allocates nothing.
   */
  private keyAnalyzer: Analyzer | null = null;
  private keyTermFrom = new Int32Array(0);
  private keyTermCount = new Uint8Array(0);
  private keyTerms = new Int32Array(1024);
  private keyTermsLength = 0;

  /** The in-memory segment: (row, term id, weighted frequency) triples, rows ascending. */
  private added = new Uint32Array(3 * 1024);
  private addedLength = 0;
  /** Its term-major view (built before a search or a save that follows insertions). */
  private invertedLength = 0;
  private invertedOffsets = new Uint32Array(1);
  private invertedRows = new Uint32Array(0);
  private invertedFrequencies = new Uint32Array(0);

  // The document being inserted (Orama calls once per property, a document at a time).
  private pendingRow = -1;
  private pendingFrequencies = new Uint32Array(1024);
  private readonly pendingTerms: number[] = [];
  // The document being removed.
  private removingRow = -1;
  private readonly removedTermIds = new Set<number>();

  readonly filters: Record<FilterProperty, FilterColumn>;
  vectors: Float32Array;

  // Scratch per row, valid until the next search.
  textScores = new Float32Array(0);
  private readonly touched: number[] = [];
  private wordScores = new Float32Array(0);
  private wordCounts = new Uint16Array(0);
  similarities = new Float32Array(0);

  constructor(shared: InternalDocumentIDStore, dimensions: number, data?: PostingsIndexData) {
    this.sharedInternalDocumentStore = shared;
    this.dimensions = dimensions;
    this.base = data?.fullText ?? {
      vocabulary: [],
      documentFrequencies: new Uint32Array(0),
      postingOffsets: new Uint32Array(1),
      postings: new Uint8Array(0),
      documentLengths: new Uint32Array(0),
    };
    this.terms = [...this.base.vocabulary];
    this.terms.forEach((term, id) => this.termIds.set(term, id));
    this.documentFrequencies = new Int32Array(Math.max(1024, this.terms.length));
    this.documentFrequencies.set(this.base.documentFrequencies);
    if (this.pendingFrequencies.length < this.terms.length)
      this.pendingFrequencies = new Uint32Array(this.terms.length);
    // A loaded index is sized to its rows, its arrays used as decoded (no copy): insertions grow them.
    const rows = data?.internalIds.length ?? 0;
    const capacity = Math.max(rows, 16);
    this.filters = Object.fromEntries(
      (Object.keys(FILTER_PROPERTIES) as FilterProperty[]).map((property) => {
        const saved = data?.filters[property];
        const column =
          saved === undefined
            ? emptyColumn(capacity)
            : {
                ...emptyColumn(0),
                values: saved.values,
                lists: saved.lists,
                rows: saved.rows.length >= capacity ? saved.rows : grown(saved.rows, capacity),
              };
        return [property, column];
      }),
    ) as Record<FilterProperty, FilterColumn>;
    this.live = new Uint8Array(capacity);
    this.internalIds = new Uint32Array(capacity);
    this.lengths = new Uint32Array(capacity);
    this.vectors =
      data !== undefined && data.vectors.length >= capacity * dimensions
        ? data.vectors
        : new Float32Array(capacity * dimensions);
    if (data !== undefined) {
      if (this.vectors !== data.vectors) this.vectors.set(data.vectors);
      this.rows = rows;
      this.live.fill(1, 0, rows);
      this.liveCount = rows;
      this.internalIds.set(data.internalIds);
      this.lengths.set(this.base.documentLengths);
      for (const length of this.base.documentLengths) this.totalLength += length;
      let maxInternalId = 0;
      for (const internalId of data.internalIds) if (internalId > maxInternalId) maxInternalId = internalId;
      this.rowByInternalId = new Int32Array(maxInternalId + 1);
      for (let row = 0; row < rows; row++) this.rowByInternalId[data.internalIds[row]!] = row + 1;
    } else {
      this.rowByInternalId = new Int32Array(capacity);
    }
    const scan: FlatVectorScan = {
      size: dimensions,
      find: (query, similarity, whereIds) => this.find(query, similarity, whereIds),
    };
    this.vectorIndexes = dimensions > 0 ? { [VECTOR_PROPERTY]: { type: 'Vector', isArray: false, node: scan } } : {};
  }

  get count(): number {
    return this.liveCount;
  }

  rowOf(internalId: number): number {
    const row = (this.rowByInternalId[internalId] ?? 0) - 1;
    return row >= 0 && this.live[row] === 1 ? row : -1;
  }

  textScore(row: number): number {
    return this.textScores[row] ?? 0;
  }

  cosine(row: number): number {
    return this.similarities[row] ?? 0;
  }

  vector(row: number): Float32Array {
    return this.vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }

  vectorRows(count: number): Float32Array {
    return this.vectors.subarray(0, count * this.dimensions);
  }

  documentFrequency(term: string): number {
    this.settle();
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.documentFrequencies[id]!;
  }

  // ------------------------------------------------------------------ insert / remove

  insert(property: string, internalId: number, value: SearchableValue, analyzer: Analyzer): void {
    this.finishRemoval();
    let row = this.rowOf(internalId);
    if (row < 0) {
      this.finishInsertion();
      row = this.newRow(internalId);
      this.pendingRow = row;
    } else if (row !== this.pendingRow) {
      throw new Error(`internal id ${internalId} is already indexed: remove it before inserting it again`);
    }
    if (property in TEXT_PROPERTIES) {
      const weight = TEXT_PROPERTIES[property as TextProperty];
      const keys = analyzer.wordKeys(textOf(value));
      this.useAnalyzer(analyzer);
      // Numbering a new term may grow `pendingFrequencies`: the local copy follows it.
      let frequencies = this.pendingFrequencies;
      for (let word = 0; word < keys.length; word++) {
        const key = keys[word]!;
        if (key >= this.keyTermCount.length || this.keyTermCount[key] === 0) {
          this.numberTermsOf(key, analyzer);
          frequencies = this.pendingFrequencies;
        }
        const from = this.keyTermFrom[key]!;
        for (let variant = from, end = from + this.keyTermCount[key]!; variant < end; variant++) {
          const id = this.keyTerms[variant]!;
          if (frequencies[id] === 0) this.pendingTerms.push(id);
          frequencies[id]! += weight;
        }
      }
      this.lengths[row]! += keys.length * weight;
      this.totalLength += keys.length * weight;
    } else if (property in FILTER_PROPERTIES) {
      const column = this.filters[property as FilterProperty];
      column.rows[row] = valueListId(column, value);
    } else if (property === VECTOR_PROPERTY) {
      const vector = value as unknown as ArrayLike<number>;
      if (vector.length !== this.dimensions)
        throw new Error(`a vector of ${vector.length} dimensions, not ${this.dimensions}`);
      this.vectors.set(vector, row * this.dimensions);
    } else {
      throw new Error(`the postings index has no property ${property}`);
    }
  }

  remove(property: string, internalId: number, value: SearchableValue, analyzer: Analyzer): boolean {
    this.finishInsertion();
    const removing = this.removingRow >= 0 && this.internalIds[this.removingRow] === internalId;
    if (!removing) {
      const row = this.rowOf(internalId);
      if (row < 0) return false;
      this.finishRemoval();
      this.removingRow = row;
      this.live[row] = 0;
      this.liveCount--;
      this.totalLength -= this.lengths[row]!;
      this.rowByInternalId[internalId] = 0;
    }
    if (property in TEXT_PROPERTIES) {
      const keys = analyzer.wordKeys(textOf(value));
      this.useAnalyzer(analyzer);
      for (const key of keys) {
        if (key >= this.keyTermCount.length || this.keyTermCount[key] === 0) this.numberTermsOf(key, analyzer);
        const from = this.keyTermFrom[key]!;
        for (let variant = from, end = from + this.keyTermCount[key]!; variant < end; variant++)
          this.removedTermIds.add(this.keyTerms[variant]!);
      }
    }
    return true;
  }

  /** Applies what the last inserted and the last removed document changed (their properties come one at a time). */
  settle(): void {
    this.finishInsertion();
    this.finishRemoval();
  }

  private finishInsertion(): void {
    if (this.pendingRow < 0) return;
    const count = this.pendingTerms.length;
    if (this.addedLength + 3 * count > this.added.length)
      this.added = grown(this.added, Math.max(this.added.length * 2, this.addedLength + 3 * count));
    const row = this.pendingRow;
    for (const id of this.pendingTerms) {
      this.added[this.addedLength++] = row;
      this.added[this.addedLength++] = id;
      this.added[this.addedLength++] = this.pendingFrequencies[id]!;
      this.pendingFrequencies[id] = 0;
      this.documentFrequencies[id]!++;
    }
    this.pendingTerms.length = 0;
    this.pendingRow = -1;
  }

  private finishRemoval(): void {
    if (this.removingRow < 0) return;
    for (const id of this.removedTermIds) this.documentFrequencies[id]!--;
    this.removedTermIds.clear();
    this.removingRow = -1;
  }

  /** Keys are the analyser's own numbers: another analyser (never, through Orama) starts the table again. */
  private useAnalyzer(analyzer: Analyzer): void {
    if (this.keyAnalyzer === analyzer) return;
    this.keyAnalyzer = analyzer;
    this.keyTermCount = new Uint8Array(0);
    this.keyTermsLength = 0;
  }

  private numberTermsOf(key: number, analyzer: Analyzer): void {
    if (key >= this.keyTermCount.length) {
      const capacity = Math.max(this.keyTermCount.length * 2, key + 1, 1024);
      this.keyTermFrom = grown(this.keyTermFrom, capacity);
      this.keyTermCount = grown(this.keyTermCount, capacity);
    }
    const terms = analyzer.termsOf(key);
    if (this.keyTermsLength + terms.length > this.keyTerms.length)
      this.keyTerms = grown(this.keyTerms, this.keyTerms.length * 2 + terms.length);
    this.keyTermFrom[key] = this.keyTermsLength;
    this.keyTermCount[key] = terms.length;
    for (const term of terms) this.keyTerms[this.keyTermsLength++] = this.termId(term);
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.push(term) - 1;
      this.termIds.set(term, id);
      if (id >= this.documentFrequencies.length)
        this.documentFrequencies = grown(this.documentFrequencies, this.documentFrequencies.length * 2);
      if (id >= this.pendingFrequencies.length)
        this.pendingFrequencies = grown(this.pendingFrequencies, Math.max(1024, this.pendingFrequencies.length * 2));
    }
    return id;
  }

  private newRow(internalId: number): number {
    const row = this.rows++;
    this.ensureRows(this.rows);
    this.live[row] = 1;
    this.liveCount++;
    this.internalIds[row] = internalId;
    if (internalId >= this.rowByInternalId.length)
      this.rowByInternalId = grown(this.rowByInternalId, Math.max(internalId + 1, this.rowByInternalId.length * 2));
    this.rowByInternalId[internalId] = row + 1;
    return row;
  }

  private ensureRows(rows: number): void {
    if (rows <= this.live.length && rows * this.dimensions <= this.vectors.length) return;
    const capacity = Math.max(rows, this.live.length * 2);
    this.live = grown(this.live, capacity);
    this.internalIds = grown(this.internalIds, capacity);
    this.lengths = grown(this.lengths, capacity);
    for (const column of Object.values(this.filters)) column.rows = grown(column.rows, capacity);
    if (this.dimensions > 0) {
      const vectors = new Float32Array(capacity * this.dimensions);
      vectors.set(this.vectors.subarray(0, Math.min(this.vectors.length, vectors.length)));
      this.vectors = vectors;
    }
  }

  /** The term-major view of the in-memory segment, rebuilt (a counting sort) after insertions. */
  private invert(): void {
    if (this.invertedLength === this.addedLength) return;
    const termCount = this.terms.length;
    const offsets = new Uint32Array(termCount + 1);
    const added = this.added;
    for (let i = 1; i < this.addedLength; i += 3) offsets[added[i]! + 1]!++;
    for (let id = 0; id < termCount; id++) offsets[id + 1]! += offsets[id]!;
    const cursor = offsets.slice(0, termCount);
    const rows = new Uint32Array(this.addedLength / 3);
    const frequencies = new Uint32Array(this.addedLength / 3);
    for (let i = 0; i < this.addedLength; i += 3) {
      const slot = cursor[added[i + 1]!]!++;
      rows[slot] = added[i]!;
      frequencies[slot] = added[i + 2]!;
    }
    this.invertedOffsets = offsets;
    this.invertedRows = rows;
    this.invertedFrequencies = frequencies;
    this.invertedLength = this.addedLength;
  }

  // ------------------------------------------------------------------ search

  /** BM25F over live rows; a query word counts once per row (its best variant). Returns the best {@link candidates}. */
  searchText(
    analyzer: Analyzer,
    term: string,
    whereIds: Set<number> | undefined,
    threshold: number,
  ): Array<[number, number]> {
    this.settle();
    this.invert();
    this.resetScores();
    if (this.textScores.length < this.rows) {
      this.textScores = new Float32Array(this.live.length);
      this.wordScores = new Float32Array(this.live.length);
      this.wordCounts = new Uint16Array(this.live.length);
    }
    const averageLength = this.liveCount === 0 ? 1 : Math.max(this.totalLength / this.liveCount, 1);
    const seen = new Set<string>();
    const wordTouched: number[] = [];
    let words = 0;
    for (const variants of analyzer.words(term)) {
      const key = variants.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      words++;
      for (const variant of variants) {
        const id = this.termIds.get(variant);
        if (id === undefined) continue;
        const df = this.documentFrequencies[id]!;
        if (df <= 0) continue;
        const idf = Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
        this.forEachPosting(id, (row, frequency) => {
          if (this.live[row] !== 1) return;
          if (whereIds !== undefined && !whereIds.has(this.internalIds[row]!)) return;
          const tf = frequency / HALF_UNITS;
          const value =
            (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * this.lengths[row]!) / averageLength));
          const previous = this.wordScores[row]!;
          if (previous === 0) wordTouched.push(row);
          if (value > previous) this.wordScores[row] = value;
        });
      }
      for (const row of wordTouched) {
        if (this.textScores[row] === 0) this.touched.push(row);
        this.textScores[row]! += this.wordScores[row]!;
        this.wordCounts[row]!++;
        this.wordScores[row] = 0;
      }
      wordTouched.length = 0;
    }
    // Orama's threshold: 1 (its default) keeps any match; below 1 this index keeps rows that match every word.
    const matched = threshold >= 1 ? this.touched : this.touched.filter((row) => this.wordCounts[row] === words);
    return topK(this.textScores, Math.min(this.candidates, matched.length), matched).map((row) => [
      this.internalIds[row]!,
      this.textScores[row]!,
    ]);
  }

  private resetScores(): void {
    for (const row of this.touched) {
      this.textScores[row] = 0;
      this.wordCounts[row] = 0;
    }
    this.touched.length = 0;
  }

  /** Every (row, weighted frequency) of a term, dead rows included, rows ascending (call {@link invert} first). */
  private forEachPosting(termId: number, visit: (row: number, frequency: number) => void): void {
    if (termId < this.base.vocabulary.length) {
      const bytes = this.base.postings;
      const end = this.base.postingOffsets[termId + 1]!;
      let position = this.base.postingOffsets[termId]!;
      let row = 0;
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
        row += delta;
        visit(row, frequency);
      }
    }
    if (termId + 1 >= this.invertedOffsets.length) return;
    for (let slot = this.invertedOffsets[termId]!, end = this.invertedOffsets[termId + 1]!; slot < end; slot++)
      visit(this.invertedRows[slot]!, this.invertedFrequencies[slot]!);
  }

  private find(
    query: ArrayLike<number>,
    similarity: number,
    whereIds: Set<number> | undefined,
  ): Array<[number, number]> {
    if (this.similarities.length < this.rows) this.similarities = new Float32Array(this.live.length);
    const dimensions = this.dimensions;
    const vectors = this.vectors;
    const q = Float32Array.from(query);
    const candidates: number[] = [];
    for (let row = 0, base = 0; row < this.rows; row++, base += dimensions) {
      if (this.live[row] !== 1) continue;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let d = 0;
      for (; d + 3 < dimensions; d += 4) {
        s0 += vectors[base + d]! * q[d]!;
        s1 += vectors[base + d + 1]! * q[d + 1]!;
        s2 += vectors[base + d + 2]! * q[d + 2]!;
        s3 += vectors[base + d + 3]! * q[d + 3]!;
      }
      for (; d < dimensions; d++) s0 += vectors[base + d]! * q[d]!;
      const cosine = s0 + s1 + s2 + s3;
      this.similarities[row] = cosine;
      if (cosine >= similarity && (whereIds === undefined || whereIds.has(this.internalIds[row]!)))
        candidates.push(row);
    }
    const best = topK(this.similarities, Math.min(this.candidates, candidates.length), candidates);
    if (best.length === 0) return [];
    const max = this.similarities[best[0]!]!;
    const min = this.similarities[best[best.length - 1]!]!;
    const span = max - min;
    return best.map((row) => [this.internalIds[row]!, span > 0 ? (this.similarities[row]! - min) / span : 1]);
  }

  // ------------------------------------------------------------------ where

  matchWhere(filters: Record<string, unknown>): Set<number> {
    this.settle();
    const rows = this.matchingRows(filters);
    const ids = new Set<number>();
    for (let row = 0; row < this.rows; row++)
      if (rows[row] === 1 && this.live[row] === 1) ids.add(this.internalIds[row]!);
    return ids;
  }

  /** 1 per row matching `filters` (an Orama where clause over the filter properties). */
  private matchingRows(filters: Record<string, unknown>): Uint8Array {
    const result = new Uint8Array(this.rows).fill(1);
    for (const [key, condition] of Object.entries(filters)) {
      let rows: Uint8Array;
      if (key === 'and' || key === 'or') {
        const parts = (condition as Array<Record<string, unknown>>).map((part) => this.matchingRows(part));
        rows = new Uint8Array(this.rows).fill(key === 'and' || parts.length === 0 ? 1 : 0);
        if (key === 'or' && parts.length === 0) rows.fill(0);
        for (const part of parts)
          for (let row = 0; row < this.rows; row++)
            rows[row] = key === 'and' ? rows[row]! & part[row]! : rows[row]! | part[row]!;
      } else if (key === 'not') {
        rows = this.matchingRows(condition as Record<string, unknown>).map((bit) => 1 - bit);
      } else if (key in FILTER_PROPERTIES) {
        const column = this.filters[key as FilterProperty];
        const test = listTest(key, condition);
        const listMatches = column.lists.map((list) => (test(list.map((id) => column.values[id]!)) ? 1 : 0));
        rows = new Uint8Array(this.rows);
        for (let row = 0; row < this.rows; row++) rows[row] = listMatches[column.rows[row]!] ?? 0;
      } else {
        throw new Error(`where: ${key} is not a filter property (${Object.keys(FILTER_PROPERTIES).join(', ')})`);
      }
      for (let row = 0; row < this.rows; row++) result[row] = result[row]! & rows[row]!;
    }
    return result;
  }

  // ------------------------------------------------------------------ save

  /** The live rows as one compact segment, rows renumbered in order. */
  save(): PostingsIndexData {
    this.settle();
    this.invert();
    const newRow = new Int32Array(this.rows).fill(-1);
    let kept = 0;
    for (let row = 0; row < this.rows; row++) if (this.live[row] === 1) newRow[row] = kept++;
    const liveRows = new Uint32Array(kept);
    for (let row = 0; row < this.rows; row++) if (newRow[row]! >= 0) liveRows[newRow[row]!] = row;
    const vocabulary: string[] = [];
    const documentFrequencies: number[] = [];
    const offsets: number[] = [];
    const writer = new VarintWriter(this.base.postings.length + this.addedLength * 2 + 16);
    for (let id = 0; id < this.terms.length; id++) {
      const start = writer.length;
      let previous = 0;
      let df = 0;
      this.forEachPosting(id, (row, frequency) => {
        const renumbered = newRow[row]!;
        if (renumbered < 0) return;
        writer.write(renumbered - previous);
        writer.write(frequency);
        previous = renumbered;
        df++;
      });
      if (df === 0) continue;
      vocabulary.push(this.terms[id]!);
      documentFrequencies.push(df);
      offsets.push(start);
    }
    offsets.push(writer.length);
    const vectors = new Float32Array(kept * this.dimensions);
    liveRows.forEach((row, i) => vectors.set(this.vector(row), i * this.dimensions));
    return {
      fullText: {
        vocabulary,
        documentFrequencies: Uint32Array.from(documentFrequencies),
        postingOffsets: Uint32Array.from(offsets),
        postings: writer.bytes(),
        documentLengths: liveRows.map((row) => this.lengths[row]!),
      },
      internalIds: liveRows.map((row) => this.internalIds[row]!),
      dimensions: this.dimensions,
      vectors,
      filters: Object.fromEntries(
        Object.entries(this.filters).map(([property, column]) => [
          property,
          { values: column.values, lists: column.lists, rows: liveRows.map((row) => column.rows[row]!) },
        ]),
      ) as PostingsIndexData['filters'],
    };
  }
}

/** Appends varints to a growing byte buffer. */
class VarintWriter {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(16, capacity));
  }

  write(value: number): void {
    if (this.length + 5 > this.buffer.length) this.buffer = grown(this.buffer, this.buffer.length * 2 + 5);
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

/**
 * The filter columns of rows holding `documents` (in row order), as {@link PostingsIndexData.filters}: they are
 * derived, so the codec does not store them.
 */
export function filterColumns(documents: ReadonlyArray<Record<FilterProperty, unknown>>): PostingsIndexData['filters'] {
  return Object.fromEntries(
    (Object.keys(FILTER_PROPERTIES) as FilterProperty[]).map((property) => {
      const column = emptyColumn(documents.length);
      for (let row = 0; row < documents.length; row++)
        column.rows[row] = valueListId(column, documents[row]![property] as SearchableValue);
      return [property, { values: column.values, lists: column.lists, rows: column.rows }];
    }),
  ) as PostingsIndexData['filters'];
}

function emptyColumn(rows: number): FilterColumn {
  return {
    values: [],
    valueIds: new Map(),
    lists: [],
    listIds: new Map(),
    byScalar: new Map(),
    byArray: new WeakMap(),
    rows: new Uint32Array(rows),
  };
}

/** The list id of a filter property's value (one value or an array of them). */
function valueListId(column: FilterColumn, value: SearchableValue): number {
  if (Array.isArray(value)) {
    let id = column.byArray.get(value);
    if (id === undefined) {
      id = internList(
        column,
        value.map((item) => internValue(column, String(item))),
      );
      column.byArray.set(value, id);
    }
    return id;
  }
  const scalar = value as string | number;
  let id = column.byScalar.get(scalar);
  if (id === undefined) {
    id = internList(column, [internValue(column, String(scalar))]);
    column.byScalar.set(scalar, id);
  }
  return id;
}

/** Fills the lookup maps of a loaded column on its first insertion (a loaded index only searched needs none). */
function indexColumn(column: FilterColumn): void {
  if (column.valueIds.size < column.values.length) column.values.forEach((value, id) => column.valueIds.set(value, id));
  if (column.listIds.size < column.lists.length)
    column.lists.forEach((list, id) => column.listIds.set(list.join(','), id));
}

function internValue(column: FilterColumn, value: string): number {
  indexColumn(column);
  let id = column.valueIds.get(value);
  if (id === undefined) {
    id = column.values.push(value) - 1;
    column.valueIds.set(value, id);
  }
  return id;
}

function internList(column: FilterColumn, ids: number[]): number {
  indexColumn(column);
  const key = ids.join(',');
  let id = column.listIds.get(key);
  if (id === undefined) {
    id = column.lists.push(ids) - 1;
    column.listIds.set(key, id);
  }
  return id;
}

/** A text property's value as one string (a section path's headings on lines of their own). */
function textOf(value: SearchableValue): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- passage fields are strings and numbers
  return Array.isArray(value) ? value.join('\n') : String(value);
}

/**
 * A test of a row's values for one Orama where condition (`eq`, `in`, `nin`, `containsAll`, `containsAny`, or a bare
 * value).
 */
function listTest(property: string, condition: unknown): (values: readonly string[]) => boolean {
  if (typeof condition === 'string' || typeof condition === 'number')
    return (values) => values.includes(String(condition));
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length !== 1) throw new Error(`where.${property}: give one operator`);
  const [operator, operand] = entries[0]!;
  const list = (Array.isArray(operand) ? operand : [operand]).map(String);
  switch (operator) {
    case 'eq':
      return (values) => values.includes(String(operand));
    case 'in':
    case 'containsAny':
      return (values) => values.some((value) => list.includes(value));
    case 'nin':
      return (values) => !values.some((value) => list.includes(value));
    case 'containsAll':
      return (values) => list.every((value) => values.includes(value));
    default:
      throw new Error(
        `where.${property}: the operator ${operator} is not supported (eq, in, nin, containsAll, containsAny)`,
      );
  }
}

/**
 * The index component for {@link passageSchema}`(dimensions)` databases. Full-text options
 * Orama passes and this index does not implement fail loudly: `tolerance` (typo distance),
 * `boost` (fields are weighted inside BM25F) and a subset of `properties`.
 */
export function createPostingsIndex(dimensions: number): IIndex<AnyIndexStore> {
  const types: Record<string, string> = {
    text: 'string',
    title: 'string',
    section: 'string[]',
    ...FILTER_PROPERTIES,
    ...(dimensions > 0 ? { [VECTOR_PROPERTY]: `vector[${dimensions}]` } : {}),
  };
  const properties = Object.keys(types);
  const store = (index: unknown): Store => index as Store;
  const unused = (): never => {
    throw new Error('the postings index scores BM25F itself');
  };
  return {
    create: (_orama: AnyOrama, shared: InternalDocumentIDStore) =>
      new Store(shared, dimensions) as unknown as AnyIndexStore,
    insert: (_implementation, index, property, _id, internalId, value, _type, _language, tokenizer: Tokenizer) =>
      store(index).insert(property, internalId, value, analyzerOf(tokenizer)),
    remove: (_implementation, index, property, _id, internalId, value, _type, _language, tokenizer: Tokenizer) =>
      store(index).remove(property, internalId, value, analyzerOf(tokenizer)),
    insertDocumentScoreParameters: unused,
    insertTokenScoreParameters: unused,
    removeDocumentScoreParameters: unused,
    removeTokenScoreParameters: unused,
    calculateResultScores: unused,
    search: (
      index,
      term,
      tokenizer,
      _language,
      searched,
      _exact,
      tolerance,
      boost,
      _relevance,
      _count,
      whereIds,
      threshold,
    ) => {
      if (tolerance > 0) throw new Error('the postings index matches whole terms: tolerance is not supported');
      if (Object.keys(boost).length > 0)
        throw new Error('the postings index weighs fields itself: boost is not supported');
      if (searched.length !== Object.keys(TEXT_PROPERTIES).length)
        throw new Error('the postings index searches text, title and section together');
      return store(index).searchText(analyzerOf(tokenizer), term, whereIds, threshold ?? 1);
    },
    searchByWhereClause: (index, _tokenizer, filters) => store(index).matchWhere(filters),
    getSearchableProperties: () => properties,
    getSearchablePropertiesWithTypes: () =>
      types as ReturnType<IIndex<AnyIndexStore>['getSearchablePropertiesWithTypes']>,
    load: <R>(shared: InternalDocumentIDStore, raw: R) =>
      new Store(shared, dimensions, raw as PostingsIndexData) as unknown as AnyIndexStore,
    save: <R>(index: AnyIndexStore) => store(index).save() as R,
  } as IIndex<AnyIndexStore>;
}
