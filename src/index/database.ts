import { create, insert, search, type AnyOrama, type Results } from '@orama/orama';
import { CitebotError } from '../errors.ts';
import type { Passage } from '../ingest/types.ts';
import { createDocumentsStore, type PassageDocumentsStore } from './documents-store.ts';
import { createPassageTokenizer, type PassageTokenizer } from './orama-tokenizer.ts';
import {
  DocumentMaker,
  passageSchema,
  SECTION_SEPARATOR,
  VECTOR_PROPERTY,
  type PassageDocument,
} from './passage-document.ts';
import { createPostingsIndex, type PostingsIndexStore } from './postings-component.ts';
import type {
  FusionWeights,
  IndexLanguage,
  IndexManifest,
  PassageFacets,
  PassageFilter,
  PassageIndex,
  SearchHit,
  SearchQuery,
} from './types.ts';

/** Hybrid default: text and meaning count alike (Orama's `hybridWeights`, the one place fusion is configured). */
const DEFAULT_FUSION_WEIGHTS: FusionWeights = { text: 0.5, vector: 0.5 };
/** Each signal proposes at least this many candidates (or 5 × limit) to Orama's fusion. */
const MIN_CANDIDATES_PER_SIGNAL = 50;
const CANDIDATES_PER_RESULT = 5;
/**
 * Orama's default `similarity` is 0.8: most questions would lose every vector candidate and hybrid would turn
 * text-only.
 */
const NO_SIMILARITY_FLOOR = -1;

/** The passage database: an Orama instance with the project's tokenizer, postings index and documents store. */
export type PassageDatabase = AnyOrama;

/** Creates an empty passage database (`dimensions` 0: full-text only). */
export function createPassageDatabase(language: IndexLanguage, dimensions: number): PassageDatabase {
  return create({
    schema: passageSchema(dimensions),
    sort: { enabled: false },
    components: {
      tokenizer: createPassageTokenizer(language),
      index: createPostingsIndex(dimensions),
      documentsStore: createDocumentsStore(),
      // Orama's own check wants a plain Array for a vector, as does its insert: documents carry one.
    },
  });
}

/**
 * Inserts passages (and their vectors: `passages.length × dimensions`, row-major) through Orama's `insert`, one
 * document at a time: Orama wants a vector as a plain Array, and the documents store keeps none, so one Array is
 * refilled for each passage instead of 10⁵ of them being made and dropped.
 */
export function insertPassages(
  database: PassageDatabase,
  passages: readonly Passage[],
  vectors: Float32Array | null,
  dimensions: number,
): void {
  const analyzer = (database.tokenizer as PassageTokenizer).analyzer;
  const fixed = analyzer.language === 'auto' ? null : analyzer.language;
  const maker = new DocumentMaker();
  const embedding = vectors === null ? null : new Array<number>(dimensions).fill(0);
  passages.forEach((passage, i) => {
    const document = maker.make(passage, fixed ?? analyzer.detectLanguage(passage.text) ?? 'und', null);
    if (embedding !== null) {
      for (let d = 0, at = i * dimensions; d < dimensions; d++, at++) embedding[d] = vectors![at]!;
      document.embedding = embedding;
    }
    // Orama's insert returns a promise only when a hook or component is async; none is.
    void insert(database, document as never);
  });
}

/** The index store of a passage database. */
export function postingsOf(database: PassageDatabase): PostingsIndexStore {
  return database.data.index as unknown as PostingsIndexStore;
}

/**
 * A loaded passage database seen as the answer layer's {@link PassageIndex}: every search is
 * Orama's `search()` (`fulltext`, `vector` or `hybrid` mode, `where`, `limit`; facets for
 * {@link OramaPassageIndex.facets}). Hits carry the raw BM25F score and the absolute cosine
 * whatever the mode, read from the components after Orama ranked.
 */
export class OramaPassageIndex implements PassageIndex {
  readonly manifest: IndexManifest;
  readonly passages: readonly Passage[];
  readonly database: PassageDatabase;
  private readonly store: PostingsIndexStore;
  private readonly tokenizer: PassageTokenizer;

  constructor(database: PassageDatabase, manifest: IndexManifest) {
    this.database = database;
    this.manifest = manifest;
    this.store = postingsOf(database);
    this.tokenizer = database.tokenizer as PassageTokenizer;
    this.passages = (database.data.docs as PassageDocumentsStore).docs.filter(
      (doc): doc is PassageDocument => doc !== undefined,
    );
  }

  terms(text: string): string[] {
    return this.tokenizer.analyzer.terms(text);
  }

  documentFrequency(term: string): number {
    return this.store.documentFrequency(term);
  }

  search(query: SearchQuery): SearchHit[] {
    const limit = Math.max(0, Math.floor(query.limit));
    if (limit === 0) return [];
    const weights = query.weights ?? DEFAULT_FUSION_WEIGHTS;
    const vector = this.manifest.mode === 'hybrid' && weights.vector > 0 ? query.vector : null;
    if (vector !== null && vector.length !== this.manifest.dimensions) {
      throw new CitebotError(
        'INDEX_MODEL_MISMATCH',
        `the question vector has ${vector.length} dimensions, the index ${this.manifest.dimensions} (${this.manifest.modelId ?? 'no model'})`,
      );
    }
    // An empty term would make Orama's full-text side return every document with score 0 (and its fusion divide by 0).
    const text = weights.text > 0 ? query.text.trim() : '';
    if (text === '' && vector === null) return [];
    const mode = vector === null ? 'fulltext' : text === '' ? 'vector' : 'hybrid';
    const where = query.filter === undefined ? undefined : whereClause(query.filter);
    this.store.candidates = Math.max(MIN_CANDIDATES_PER_SIGNAL, limit * CANDIDATES_PER_RESULT);
    const results = search(this.database, {
      mode,
      term: text,
      ...(vector === null ? {} : { vector: { value: vector as never, property: VECTOR_PROPERTY } }),
      similarity: NO_SIMILARITY_FLOOR,
      hybridWeights: weights,
      ...(where === undefined ? {} : { where }),
      limit,
      // Stored documents have no vector: this only spares Orama copying each hit to strip one.
      includeVectors: true,
    } as never) as Results<PassageDocument>;
    return results.hits.map((hit) => {
      const internalId = this.database.internalDocumentIDStore.idToInternalId.get(String(hit.id))!;
      const row = this.store.rowOf(internalId);
      return {
        passage: hit.document,
        score: hit.score,
        textScore: mode === 'vector' ? 0 : this.store.textScore(row),
        vectorSimilarity: vector === null ? null : mode === 'fulltext' ? null : this.store.cosine(row),
      };
    });
  }

  /** Passages per document (path) and per folder, through Orama's facets (over the passages `filter` keeps). */
  facets(filter?: PassageFilter): PassageFacets {
    const where = filter === undefined ? undefined : whereClause(filter);
    const results = search(this.database, {
      term: '',
      ...(where === undefined ? {} : { where }),
      facets: { path: {}, folders: {} },
      limit: 0,
    } as never) as Results<PassageDocument>;
    const values = (name: string): Record<string, number> => results.facets?.[name]?.values ?? {};
    return { passages: results.count, documents: values('path'), folders: values('folders') };
  }
}

/** An Orama where clause for a {@link PassageFilter}. */
function whereClause(filter: PassageFilter): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (filter.documents !== undefined) where['path'] = { in: [...filter.documents] };
  if (filter.sections !== undefined)
    where['sectionPaths'] = { containsAny: filter.sections.map((section) => section.join(SECTION_SEPARATOR)) };
  if (filter.languages !== undefined) where['language'] = { in: [...filter.languages] };
  if (filter.fileTypes !== undefined) where['fileType'] = { in: [...filter.fileTypes] };
  if (filter.folder !== undefined) where['folders'] = { containsAll: [filter.folder] };
  return where;
}
