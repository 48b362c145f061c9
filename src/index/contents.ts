import type { EmbeddingDtype } from '../embed/types.ts';
import type { Passage } from '../ingest/types.ts';
import { removeMultiple } from '@orama/orama';
import { createPassageDatabase, insertPassages, postingsOf, type PassageDatabase } from './database.ts';
import type { PassageDocumentsStore } from './documents-store.ts';
import { INDEX_FORMAT_VERSION } from './format.ts';
import type { PassageDocument } from './passage-document.ts';
import type { IndexedFile, IndexLanguage, IndexManifest, VectorCalibration } from './types.ts';

/** What an index is made of, before it is inserted into a database. */
export interface IndexInput {
  /** In file then position order. */
  readonly passages: readonly Passage[];
  /** `passages.length × dimensions` unit vectors, row-major; null for a `fulltext` index. */
  readonly vectors: Float32Array | null;
  readonly modelId: string | null;
  /** The model's weights variant; ignored for a `fulltext` index. */
  readonly dtype: EmbeddingDtype | null;
  readonly dimensions: number;
  readonly language: IndexLanguage;
  readonly files: Readonly<Record<string, IndexedFile>>;
  readonly builtAt: string;
  /** Measured on `vectors` by the build (`calibrateVectors`); absent without vectors. */
  readonly calibration?: VectorCalibration | null;
}

/**
 * An index: its manifest and its Orama database, with the passages and vectors it holds (for reuse by the next build).
 */
export interface IndexContents {
  readonly manifest: IndexManifest;
  readonly database: PassageDatabase;
  /** In insertion order (file then position). */
  readonly passages: readonly Passage[];
  /**
   * `passages.length × manifest.dimensions` unit vectors in the order of `passages`; null in `fulltext` mode.
   * Read only: it may be a view of the database's own vectors.
   */
  readonly vectors: Float32Array | null;
}

/**
 * Inserts every passage (text, title, section; vector) into a new passage database through Orama and writes the
 * manifest.
 */
export function createIndexContents(input: IndexInput): IndexContents {
  const dimensions = input.vectors === null ? 0 : input.dimensions;
  const database = createPassageDatabase(input.language, dimensions);
  insertPassages(database, input.passages, input.vectors, dimensions);
  const files = Object.fromEntries(
    Object.keys(input.files)
      .sort()
      .map((path) => [path, input.files[path]!]),
  );
  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    mode: input.vectors === null ? 'fulltext' : 'hybrid',
    modelId: input.vectors === null ? null : input.modelId,
    ...(input.vectors === null || input.dtype === null ? {} : { dtype: input.dtype }),
    dimensions,
    language: input.language,
    builtAt: input.builtAt,
    passageCount: input.passages.length,
    files,
    ...(input.vectors !== null && input.calibration ? { calibration: input.calibration } : {}),
  };
  return contentsOf(manifest, database);
}

/** What an incremental build changes in an index. */
export interface IndexChange {
  /** Ids of the passages to take out (those of changed and deleted files). */
  readonly remove: readonly string[];
  /** Passages to put in (those of new and changed files), a file's passages together, in position order. */
  readonly insert: readonly Passage[];
  /** `insert.length × dimensions` unit vectors, row-major; null for a `fulltext` index. */
  readonly vectors: Float32Array | null;
  readonly files: Readonly<Record<string, IndexedFile>>;
  readonly builtAt: string;
  /** The vector calibration of the whole updated index (hybrid only). */
  readonly calibration?: VectorCalibration | null;
}

/**
 * Applies `change` to the database of `contents` in place, through Orama's `removeMultiple` and `insert` (the
 * unchanged passages are neither re-analysed nor re-inserted), and returns the new contents. `contents` must not be
 * used afterwards.
 */
export function updateIndexContents(contents: IndexContents, change: IndexChange): IndexContents {
  const { database, manifest } = contents;
  // Orama's removeMultiple returns a promise only when a hook or component is async; none is.
  void removeMultiple(database, [...change.remove]);
  insertPassages(database, change.insert, change.vectors, manifest.dimensions);
  const files = Object.fromEntries(
    Object.keys(change.files)
      .sort()
      .map((path) => [path, change.files[path]!]),
  );
  const passageCount = (database.data.docs as PassageDocumentsStore).count;
  const { calibration: _previous, ...rest } = manifest;
  const calibration = manifest.mode === 'hybrid' && change.calibration ? { calibration: change.calibration } : {};
  return contentsOf({ ...rest, ...calibration, builtAt: change.builtAt, passageCount, files }, database);
}

/** The contents of a database: its live passages (internal-id order) and their vectors in the same order. */
export function contentsOf(manifest: IndexManifest, database: PassageDatabase): IndexContents {
  const store = database.data.docs as PassageDocumentsStore;
  const postings = postingsOf(database);
  const passages: PassageDocument[] = [];
  const rows: number[] = [];
  store.docs.forEach((doc, internalId) => {
    if (doc === undefined) return;
    passages.push(doc);
    rows.push(postings.rowOf(internalId));
  });
  let vectors: Float32Array | null = null;
  if (manifest.mode === 'hybrid') {
    const dimensions = manifest.dimensions;
    // A loaded or freshly built index keeps its rows in passage order: its own vectors, viewed, not copied.
    if (rows.every((row, i) => row === i)) {
      vectors = postings.vectorRows(rows.length);
    } else {
      vectors = new Float32Array(passages.length * dimensions);
      rows.forEach((row, i) => vectors!.set(postings.vector(row), i * dimensions));
    }
  }
  return { manifest, database, passages, vectors };
}
