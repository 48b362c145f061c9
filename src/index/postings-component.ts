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
  live = new Uint8Array(1024);
  liveCount = 0;
  internalIds = new Uint32Array(1024);
  /** Indexed by internal id: row + 1 (0: none). */
  rowByInternalId = new Int32Array(1024);
  lengths = new Uint32Array(1024);
  totalLength = 0;

  // Terms: ids 0..base.vocabulary.length-1 are the compact segment's.
  readonly termIds = new Map<string, number>();
  base: FullTextData;
  baseRows: number;
  documentFrequencies: Int32Array;
  readonly addedRows: number[][] = [];
  readonly addedFrequencies: number[][] = [];

  readonly filters: Record<FilterProperty, FilterColumn>;
  vectors: Float32Array;

  // The document being inserted or removed (Orama calls once per property, a document at a time).
  insertingRow = -1;
  removingRow = -1;
  readonly removedTerms = new Set<string>();

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
    this.baseRows = this.base.documentLengths.length;
    this.base.vocabulary.forEach((term, id) => this.termIds.set(term, id));
    this.documentFrequencies = Int32Array.from(this.base.documentFrequencies);
    this.filters = Object.fromEntries(
      (Object.keys(FILTER_PROPERTIES) as FilterProperty[]).map((property) => {
        const saved = data?.filters[property];
        const values = saved?.values ?? [];
        const lists = saved?.lists ?? [];
        return [
          property,
          {
            values,
            valueIds: new Map(values.map((value, id) => [value, id])),
            lists,
            listIds: new Map(lists.map((list, id) => [list.join(','), id])),
            rows: saved === undefined ? new Uint32Array(1024) : Uint32Array.from(saved.rows),
          },
        ];
      }),
    ) as Record<FilterProperty, FilterColumn>;
    this.vectors = data?.vectors ?? new Float32Array(dimensions * 1024);
    if (data !== undefined) {
      const rows = data.internalIds.length;
      this.rows = rows;
      this.ensureRows(rows);
      this.live.fill(1, 0, rows);
      this.liveCount = rows;
      this.internalIds.set(data.internalIds);
      this.lengths.set(this.base.documentLengths);
      for (const length of this.base.documentLengths) this.totalLength += length;
      for (let row = 0; row < rows; row++) this.setRowOf(data.internalIds[row]!, row);
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

  documentFrequency(term: string): number {
    this.finishRemoval();
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.documentFrequencies[id]!;
  }

  // ------------------------------------------------------------------ insert / remove

  insert(property: string, internalId: number, value: SearchableValue, analyzer: Analyzer): void {
    this.finishRemoval();
    const current = this.rowOf(internalId);
    const row = current >= 0 ? current : this.newRow(internalId);
    if (property in TEXT_PROPERTIES) {
      const weight = TEXT_PROPERTIES[property as TextProperty];
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- passage fields are strings and numbers
      const keys = analyzer.wordKeys(Array.isArray(value) ? value.join('\n') : String(value));
      for (const key of keys) for (const term of analyzer.termsOf(key)) this.addPosting(term, row, weight);
      this.lengths[row]! += keys.length * weight;
      this.totalLength += keys.length * weight;
    } else if (property in FILTER_PROPERTIES) {
      const column = this.filters[property as FilterProperty];
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- passage fields are strings and numbers
      column.rows[row] = listId(column, Array.isArray(value) ? value.map(String) : [String(value)]);
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
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- passage fields are strings and numbers
      for (const term of analyzer.terms(Array.isArray(value) ? value.join('\n') : String(value)))
        this.removedTerms.add(term);
    }
    return true;
  }

  /** Applies the document frequencies of the document last removed (its terms come one property at a time). */
  finishRemoval(): void {
    if (this.removingRow < 0) return;
    for (const term of this.removedTerms) this.documentFrequencies[this.termIds.get(term)!]!--;
    this.removedTerms.clear();
    this.removingRow = -1;
  }

  private newRow(internalId: number): number {
    const row = this.rows++;
    this.ensureRows(this.rows);
    this.live[row] = 1;
    this.liveCount++;
    this.internalIds[row] = internalId;
    this.setRowOf(internalId, row);
    return row;
  }

  private setRowOf(internalId: number, row: number): void {
    if (internalId >= this.rowByInternalId.length)
      this.rowByInternalId = grown(this.rowByInternalId, Math.max(internalId + 1, this.rowByInternalId.length * 2));
    this.rowByInternalId[internalId] = row + 1;
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

  private addPosting(term: string, row: number, weight: number): void {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(term, id);
      if (id >= this.documentFrequencies.length)
        this.documentFrequencies = grown(this.documentFrequencies, Math.max(1024, id * 2));
    }
    const rows = (this.addedRows[id] ??= []);
    const frequencies = (this.addedFrequencies[id] ??= []);
    if (rows[rows.length - 1] === row) {
      frequencies[frequencies.length - 1]! += weight;
    } else {
      rows.push(row);
      frequencies.push(weight);
      this.documentFrequencies[id]!++;
    }
  }

  // ------------------------------------------------------------------ search

  /** BM25F over live rows; a query word counts once per row (its best variant). Returns the best {@link candidates}. */
  searchText(
    analyzer: Analyzer,
    term: string,
    whereIds: Set<number> | undefined,
    threshold: number,
  ): Array<[number, number]> {
    this.finishRemoval();
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
    const rows = this.addedRows[termId];
    if (rows === undefined) return;
    const frequencies = this.addedFrequencies[termId]!;
    for (let i = 0; i < rows.length; i++) visit(rows[i]!, frequencies[i]!);
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
    this.finishRemoval();
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
    this.finishRemoval();
    const newRow = new Int32Array(this.rows).fill(-1);
    let kept = 0;
    for (let row = 0; row < this.rows; row++) if (this.live[row] === 1) newRow[row] = kept++;
    const vocabulary: string[] = [];
    const documentFrequencies: number[] = [];
    const offsets: number[] = [];
    const bytes: number[] = [];
    const write = (value: number): void => {
      while (value >= 0x80) {
        bytes.push((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      bytes.push(value);
    };
    for (const [term, id] of this.termIds) {
      const start = bytes.length;
      let previous = 0;
      let df = 0;
      this.forEachPosting(id, (row, frequency) => {
        const renumbered = newRow[row]!;
        if (renumbered < 0) return;
        write(renumbered - previous);
        write(frequency);
        previous = renumbered;
        df++;
      });
      if (df === 0) continue;
      vocabulary.push(term);
      documentFrequencies.push(df);
      offsets.push(start);
    }
    offsets.push(bytes.length);
    const liveRows = [...newRow.keys()].filter((row) => newRow[row]! >= 0);
    const vectors = new Float32Array(kept * this.dimensions);
    liveRows.forEach((row, i) => vectors.set(this.vector(row), i * this.dimensions));
    return {
      fullText: {
        vocabulary,
        documentFrequencies: Uint32Array.from(documentFrequencies),
        postingOffsets: Uint32Array.from(offsets),
        postings: Uint8Array.from(bytes),
        documentLengths: Uint32Array.from(liveRows, (row) => this.lengths[row]!),
      },
      internalIds: Uint32Array.from(liveRows, (row) => this.internalIds[row]!),
      dimensions: this.dimensions,
      vectors,
      filters: Object.fromEntries(
        Object.entries(this.filters).map(([property, column]) => [
          property,
          { values: column.values, lists: column.lists, rows: Uint32Array.from(liveRows, (row) => column.rows[row]!) },
        ]),
      ) as PostingsIndexData['filters'],
    };
  }
}

/**
 * The filter columns of rows holding `documents` (in row order), as {@link PostingsIndexData.filters}: they are
 * derived, so the codec does not store them.
 */
export function filterColumns(documents: ReadonlyArray<Record<FilterProperty, unknown>>): PostingsIndexData['filters'] {
  return Object.fromEntries(
    (Object.keys(FILTER_PROPERTIES) as FilterProperty[]).map((property) => {
      const column: FilterColumn = {
        values: [],
        valueIds: new Map(),
        lists: [],
        listIds: new Map(),
        rows: new Uint32Array(documents.length),
      };
      documents.forEach((document, row) => {
        const value = document[property];
        column.rows[row] = listId(column, Array.isArray(value) ? value.map(String) : [String(value)]);
      });
      return [property, { values: column.values, lists: column.lists, rows: column.rows }];
    }),
  ) as PostingsIndexData['filters'];
}

function listId(column: FilterColumn, values: readonly string[]): number {
  const ids = values.map((value) => {
    let id = column.valueIds.get(value);
    if (id === undefined) {
      id = column.values.push(value) - 1;
      column.valueIds.set(value, id);
    }
    return id;
  });
  const key = ids.join(',');
  let id = column.listIds.get(key);
  if (id === undefined) {
    id = column.lists.push(ids) - 1;
    column.listIds.set(key, id);
  }
  return id;
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
