import type { Embedder } from '../embed/types.ts';
import { CitebotError, isCitebotError } from '../errors.ts';
import {
  createIndexContents,
  embeddingMismatch,
  readIndexContents,
  saveIndex,
  updateIndexContents,
  type IndexChange,
  type IndexContents,
} from '../index/index.ts';
import type { IndexedFile, IndexLanguage, SearchMode } from '../index/types.ts';
import {
  chunkIngested,
  documentFingerprints,
  mayRepeatChrome,
  packFingerprints,
  readCorpusFile,
  readDocument,
  repeatedBlocks,
  repeatedOf,
  scanCorpus,
  unpackFingerprints,
} from '../ingest/index.ts';
import type { CorpusEntry, ParsedDocument, Passage, SkippedFile } from '../ingest/types.ts';
import { measureCalibration } from './calibrate.ts';
import { acquireBuildLock, removeStaleTemporaryFiles, type BuildLockOptions } from './build-lock.ts';
import { vectorCachePath, withVectorCache, type VectorCacheOptions } from './vector-cache.ts';

/** Options of {@link buildIndex}. */
export interface BuildOptions {
  readonly corpusDir: string;
  readonly outPath: string;
  readonly language: IndexLanguage;
  /** Null: no model, the index is built in `fulltext` mode. */
  readonly embedder: Embedder | null;
  readonly maxFileBytes: number;
  readonly onProgress?: (event: BuildProgress) => void;
  /** How long to wait for another build of the same output (see {@link acquireBuildLock}). */
  readonly lock?: BuildLockOptions;
  /** How often computed vectors are saved for a rerun after an interruption. */
  readonly vectorCache?: VectorCacheOptions;
}

/** Progress of a build, for a progress bar: files read, passages embedded, index written. */
export interface BuildProgress {
  readonly phase: 'read' | 'embed' | 'persist';
  readonly done: number;
  readonly total: number;
}

/** What a build did. */
export interface BuildSummary {
  readonly outPath: string;
  readonly mode: SearchMode;
  /** Files indexed (reused + added + updated). */
  readonly files: number;
  readonly passages: number;
  readonly reusedFiles: number;
  readonly addedFiles: number;
  readonly updatedFiles: number;
  readonly removedFiles: number;
  /**
   * Passages sent to the model (texts not embedded before: unchanged passages of edited or moved files keep their
   * vectors).
   */
  readonly embeddedPassages: number;
  readonly skipped: readonly SkippedFile[];
  /**
   * Present when a previous index at `outPath` could not be reused at all (other format
   * version, language, mode or model; unreadable file): why everything was rebuilt.
   */
  readonly fullRebuildReason?: string;
  readonly durationMs: number;
  readonly timings: {
    readonly readMs: number;
    readonly chunkMs: number;
    readonly embedMs: number;
    readonly insertMs: number;
    readonly persistMs: number;
  };
}

/** One indexed file's passages and where each one's vector comes from. */
interface FilePassages {
  readonly passages: readonly Passage[];
  /** True for a file whose passages stay in the previous index as they are. */
  readonly reused: boolean;
  /**
   * Per passage: its vector (reused from the previous index) or its position in the list of
   * texts to embed; null in `fulltext` mode.
   */
  readonly vectors: ReadonlyArray<VectorSource> | null;
}

/** A file read by a build's first pass: unchanged (its passages may be reused) or parsed. */
type FileSlot =
  | {
      readonly entry: CorpusEntry;
      readonly hash: string;
      readonly before: IndexedFile;
      readonly reusable: FilePassages;
    }
  | {
      readonly entry: CorpusEntry;
      readonly hash: string;
      readonly before: IndexedFile | undefined;
      readonly prints: readonly string[];
      /** An HTML page waiting for the corpus's repeated blocks; other formats are chunked at once. */
      readonly document: ParsedDocument;
    }
  | {
      readonly entry: CorpusEntry;
      readonly hash: string;
      readonly before: IndexedFile | undefined;
      readonly prints: readonly string[];
      readonly chunked: ChunkedFile;
    };

/** What the index keeps of a chunked file. */
interface ChunkedFile {
  readonly title: string;
  readonly passages: Passage[];
  readonly dropped: readonly string[];
}

/** A vector already computed, or the position of the text in this build's embedding list. */
type VectorSource = Float32Array | number;

/** Shown in CORPUS_EMPTY: enough to see the pattern without flooding the terminal. */
const SKIPS_IN_MESSAGE = 10;

/**
 * Builds (or updates) the index of `corpusDir` at `outPath`.
 *
 * Files whose bytes hash as in the previous index keep their passages and vectors; new and
 * changed files are chunked and embedded; files gone from the corpus disappear. The previous
 * index is reused only when it has the same format version, language, mode and model;
 * otherwise everything is rebuilt and {@link BuildSummary.fullRebuildReason} says why.
 * Only one build writes an output at a time (a lock file next to it; temporary files of a killed build are
 * removed), and vectors computed before an interruption are reused from a cache next to the index.
 * Files are read one at a time (their bytes are not kept). Throws CORPUS_MISSING, and
 * CORPUS_EMPTY when no file is indexable (with each file's reason).
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const lock = await acquireBuildLock(options.outPath, options.lock);
  try {
    await removeStaleTemporaryFiles(options.outPath);
    return await buildHoldingLock(options);
  } finally {
    await lock.release();
  }
}

async function buildHoldingLock(options: BuildOptions): Promise<BuildSummary> {
  const startedAt = performance.now();
  const { embedder, language, onProgress } = options;
  const timings = { readMs: 0, chunkMs: 0, embedMs: 0, insertMs: 0, persistMs: 0 };
  const skipped: SkippedFile[] = [];
  const entries = await scanCorpus(options.corpusDir, { onSkipped: (folder) => skipped.push(folder) });
  const previous = await readPrevious(options.outPath, language, embedder);
  const previousByPath = previous.contents === null ? new Map<string, FilePassages>() : filesOf(previous.contents);
  // The model only sees a passage's text: any text embedded before (an edited file's unchanged
  // passages, a moved or renamed file) keeps its vector, and a text is embedded once per build.
  const vectorByText = embedder === null ? null : knownVectors(previousByPath);

  const now = new Date().toISOString();
  const files: Record<string, IndexedFile> = {};
  const toEmbed: string[] = [];
  const counts = { reusedFiles: 0, addedFiles: 0, updatedFiles: 0 };
  // Blocks repeated across the corpus's HTML pages (page chrome) can only be known once every page has been seen, so
  // reading takes two passes. The first reads every file: unchanged pages bring the fingerprints the manifest kept,
  // changed HTML pages are parsed (their documents wait), other changed files are chunked at once.
  const slots: Array<FileSlot | null> = [];
  const pagePrints = new Map<string, readonly string[]>();
  for (const [done, entry] of entries.entries()) {
    let startedStep = performance.now();
    const read = await readCorpusFile(entry, { maxFileBytes: options.maxFileBytes });
    timings.readMs += performance.now() - startedStep;
    const before = previous.contents?.manifest.files[entry.path];
    const reusable = previousByPath.get(entry.path);
    if (!read.ok) {
      skipped.push(read.skipped);
      slots.push(null);
    } else if (before !== undefined && before.hash === read.hash && reusable !== undefined) {
      if (before.blocks !== undefined) pagePrints.set(entry.path, unpackFingerprints(before.blocks));
      slots.push({ entry, hash: read.hash, before, reusable });
    } else {
      startedStep = performance.now();
      const parsed = await readDocument(entry, read.bytes);
      timings.chunkMs += performance.now() - startedStep;
      if (!parsed.ok) {
        skipped.push(parsed.skipped);
        slots.push(null);
      } else if (mayRepeatChrome(parsed.document.format)) {
        const prints = documentFingerprints(parsed.document);
        pagePrints.set(entry.path, prints);
        slots.push({ entry, hash: read.hash, before, document: parsed.document, prints });
      } else {
        startedStep = performance.now();
        const ingested = chunkIngested(parsed.document);
        timings.chunkMs += performance.now() - startedStep;
        if (!ingested.ok) skipped.push(ingested.skipped);
        // Only what the index keeps: the document's text is not held until the second pass.
        const { title } = parsed.document;
        slots.push(
          ingested.ok ? { entry, hash: read.hash, before, prints: [], chunked: { ...ingested, title } } : null,
        );
      }
    }
    onProgress?.({ phase: 'read', done: done + 1, total: entries.length });
  }
  // The second pass chunks the new and changed files, and the unchanged pages whose share of repeated blocks changed
  // (a page added, removed or edited can make a block cross the threshold, or fall back under it).
  const repeated = repeatedBlocks(pagePrints);
  const chunk = (document: ParsedDocument): ChunkedFile | null => {
    const startedStep = performance.now();
    const result = chunkIngested(document, undefined, repeated);
    timings.chunkMs += performance.now() - startedStep;
    if (result.ok) return { title: document.title, passages: result.passages, dropped: result.dropped };
    skipped.push(result.skipped);
    return null;
  };
  const parts: FilePassages[] = [];
  for (const slot of slots) {
    if (slot === null) continue;
    let ingested: ChunkedFile | null;
    let hash = slot.hash;
    let prints: readonly string[];
    if ('reusable' in slot) {
      const kept = slot.before.blocks === undefined ? [] : unpackFingerprints(slot.before.blocks);
      if (packFingerprints(repeatedOf(kept, repeated)) === (slot.before.repeated ?? '')) {
        files[slot.entry.path] = slot.before;
        parts.push(slot.reusable);
        counts.reusedFiles++;
        continue;
      }
      const again = await rereadDocument(slot.entry, options.maxFileBytes);
      if (!again.ok) {
        skipped.push(again.skipped);
        continue;
      }
      hash = again.hash;
      prints = documentFingerprints(again.document);
      ingested = chunk(again.document);
    } else {
      prints = slot.prints;
      ingested = 'chunked' in slot ? slot.chunked : chunk(slot.document);
    }
    if (ingested === null) continue;
    files[slot.entry.path] = {
      hash,
      title: ingested.title,
      passages: ingested.passages.length,
      indexedAt: now,
      ...(slot.entry.format === 'html'
        ? { blocks: packFingerprints(prints), repeated: packFingerprints(ingested.dropped) }
        : {}),
    };
    parts.push({
      passages: ingested.passages,
      reused: false,
      vectors: vectorByText && vectorSources(ingested.passages, vectorByText, toEmbed),
    });
    counts[slot.before === undefined ? 'addedFiles' : 'updatedFiles']++;
  }
  if (parts.length === 0) throw corpusEmpty(options.corpusDir, skipped);
  const scanned = new Set(entries.map((entry) => entry.path));
  const removedFiles = [...previousByPath.keys()].filter((path) => !scanned.has(path)).length;

  let startedStep = performance.now();
  const cached = embedder && withVectorCache(embedder, vectorCachePath(options.outPath, embedder), options.vectorCache);
  const embedded = await embed(cached, toEmbed, (done) =>
    onProgress?.({ phase: 'embed', done, total: toEmbed.length }),
  );
  timings.embedMs = performance.now() - startedStep;

  startedStep = performance.now();
  const { passages, vectors } = assemble(parts, embedded, embedder);
  // Unchanged passages measure as before: the previous calibration still holds, unless it was measured before the
  // best unrelated passage was (only the probes are embedded again, not the passages).
  const previousCalibration = previous.contents?.manifest.calibration;
  const calibration =
    embedder === null || vectors === null
      ? null
      : toEmbed.length === 0 && previousCalibration?.unrelatedBest !== undefined
        ? previousCalibration
        : await measureCalibration(embedder, passages, vectors);
  timings.embedMs += performance.now() - startedStep;

  startedStep = performance.now();
  // A previous index is updated in place through Orama's remove and insert: unchanged files are not re-analysed.
  const contents =
    previous.contents === null
      ? createIndexContents({
          passages,
          vectors,
          modelId: embedder?.modelId ?? null,
          dtype: embedder?.dtype ?? null,
          dimensions: embedder?.dimensions ?? 0,
          language,
          files,
          builtAt: now,
          calibration,
        })
      : updateIndexContents(previous.contents, {
          ...changeOf(parts, embedded, embedder, previous.contents),
          files,
          builtAt: now,
          calibration,
        });
  timings.insertMs = performance.now() - startedStep;

  onProgress?.({ phase: 'persist', done: 0, total: 1 });
  startedStep = performance.now();
  await saveIndex(options.outPath, contents);
  // Its vectors are in the index now: the cache only serves a build that did not get this far.
  await cached?.remove();
  timings.persistMs = performance.now() - startedStep;
  onProgress?.({ phase: 'persist', done: 1, total: 1 });

  return {
    outPath: options.outPath,
    mode: contents.manifest.mode,
    files: parts.length,
    passages: contents.passages.length,
    ...counts,
    removedFiles,
    embeddedPassages: toEmbed.length - (cached?.reused ?? 0),
    skipped,
    ...(previous.reason === null ? {} : { fullRebuildReason: previous.reason }),
    durationMs: performance.now() - startedAt,
    timings,
  };
}

/**
 * An unchanged file parsed again, because the repeated blocks it must leave out changed. A file edited since the first
 * pass read it is parsed as it is now, under its new hash (the next build sees its new fingerprints).
 */
async function rereadDocument(
  entry: CorpusEntry,
  maxFileBytes: number,
): Promise<{ ok: true; document: ParsedDocument; hash: string } | { ok: false; skipped: SkippedFile }> {
  const read = await readCorpusFile(entry, { maxFileBytes });
  if (!read.ok) return read;
  const parsed = await readDocument(entry, read.bytes);
  return parsed.ok ? { ok: true, document: parsed.document, hash: read.hash } : parsed;
}

async function readPrevious(
  outPath: string,
  language: IndexLanguage,
  embedder: Embedder | null,
): Promise<{ contents: IndexContents | null; reason: string | null }> {
  let contents: IndexContents;
  try {
    contents = await readIndexContents(outPath);
  } catch (error) {
    if (isCitebotError(error, 'INDEX_MISSING')) return { contents: null, reason: null };
    // A bad index path is the user's to fix before anything is embedded, not a reason to rebuild.
    if (isCitebotError(error) && error.code !== 'CONFIG_INVALID')
      return { contents: null, reason: `the previous index could not be reused: ${error.message}` };
    throw error;
  }
  const { manifest } = contents;
  const mode = embedder === null ? 'fulltext' : 'hybrid';
  let reason: string | null = null;
  if (manifest.language !== language)
    reason = `the previous index was built for language ${manifest.language}, not ${language}`;
  else if (manifest.mode !== mode) reason = `the previous index is in ${manifest.mode} mode, this build is ${mode}`;
  else if (embedder !== null && manifest.modelId === embedder.modelId && manifest.dimensions !== embedder.dimensions) {
    reason =
      `the previous index was built with ${manifest.modelId} (${manifest.dimensions} dimensions), ` +
      `this build uses ${embedder.modelId} (${embedder.dimensions})`;
  } else if (embedder !== null) reason = embeddingMismatch(manifest, embedder);
  return reason === null ? { contents, reason: null } : { contents: null, reason };
}

/** The previous index's passages (and vector rows) grouped by file. */
function filesOf(contents: IndexContents): Map<string, FilePassages> {
  const byPath = new Map<string, FilePassages>();
  const { passages, vectors, manifest } = contents;
  for (let from = 0; from < passages.length;) {
    const path = passages[from]!.path;
    let to = from + 1;
    while (to < passages.length && passages[to]!.path === path) to++;
    const rows = [];
    if (vectors !== null)
      for (let row = from; row < to; row++)
        rows.push(vectors.subarray(row * manifest.dimensions, (row + 1) * manifest.dimensions));
    byPath.set(path, { passages: passages.slice(from, to), reused: true, vectors: vectors === null ? null : rows });
    from = to;
  }
  return byPath;
}

/** Vectors of the previous index by passage text. */
function knownVectors(previousByPath: ReadonlyMap<string, FilePassages>): Map<string, VectorSource> {
  const byText = new Map<string, VectorSource>();
  for (const file of previousByPath.values()) {
    file.passages.forEach((passage, i) => {
      const vector = file.vectors?.[i];
      if (vector !== undefined) byText.set(passage.text, vector);
    });
  }
  return byText;
}

/** Each passage's vector source: known by its text, or queued for embedding (and then known). */
function vectorSources(
  passages: readonly Passage[],
  byText: Map<string, VectorSource>,
  toEmbed: string[],
): VectorSource[] {
  return passages.map((passage) => {
    let source = byText.get(passage.text);
    if (source === undefined) {
      source = toEmbed.push(passage.text) - 1;
      byText.set(passage.text, source);
    }
    return source;
  });
}

async function embed(
  embedder: Embedder | null,
  texts: readonly string[],
  onBatch: (done: number) => void,
): Promise<Float32Array[]> {
  if (embedder === null || texts.length === 0) return [];
  const vectors = await embedder.embedPassages(texts, onBatch);
  const wrong = vectors.findIndex((vector) => vector.length !== embedder.dimensions);
  if (vectors.length !== texts.length || wrong !== -1) {
    throw new CitebotError(
      'MODEL_UNAVAILABLE',
      `${embedder.modelId} returned ${vectors.length} vectors for ${texts.length} passages` +
        (wrong === -1 ? '' : `, one of ${vectors[wrong]!.length} dimensions instead of ${embedder.dimensions}`),
    );
  }
  return vectors;
}

/** Every passage of `parts` in file order, with its vector (reused or just embedded) in the same order. */
function assemble(
  parts: readonly FilePassages[],
  embedded: readonly Float32Array[],
  embedder: Embedder | null,
): { passages: Passage[]; vectors: Float32Array | null } {
  const passages = parts.flatMap((part) => part.passages);
  if (embedder === null) return { passages, vectors: null };
  const dimensions = embedder.dimensions;
  const vectors = new Float32Array(passages.length * dimensions);
  let row = 0;
  for (const part of parts) {
    for (const source of part.vectors ?? []) {
      vectors.set(typeof source === 'number' ? embedded[source]! : source, row * dimensions);
      row++;
    }
  }
  return { passages, vectors };
}

/** What this build changes in the previous index: out go the passages of changed and deleted files, in the new ones. */
function changeOf(
  parts: readonly FilePassages[],
  embedded: readonly Float32Array[],
  embedder: Embedder | null,
  previous: IndexContents,
): Pick<IndexChange, 'remove' | 'insert' | 'vectors'> {
  const kept = new Set(parts.filter((part) => part.reused).map((part) => part.passages[0]!.path));
  const fresh = assemble(
    parts.filter((part) => !part.reused),
    embedded,
    embedder,
  );
  return {
    remove: previous.passages.filter((passage) => !kept.has(passage.path)).map((passage) => passage.id),
    insert: fresh.passages,
    vectors: fresh.vectors,
  };
}

function corpusEmpty(corpusDir: string, skipped: readonly SkippedFile[]): CitebotError {
  const reasons = skipped.slice(0, SKIPS_IN_MESSAGE).map((file) => `${file.path} (${file.code}: ${file.reason})`);
  const more = skipped.length > SKIPS_IN_MESSAGE ? `; and ${skipped.length - SKIPS_IN_MESSAGE} more` : '';
  return new CitebotError('CORPUS_EMPTY', `every file of ${corpusDir} was skipped: ${reasons.join('; ')}${more}`);
}
