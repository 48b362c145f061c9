import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import type { RawData } from '@orama/orama';
import { z } from 'zod';
import { EMBEDDING_DTYPES } from '../embed/types.ts';
import { CitebotError } from '../errors.ts';
import type { Passage, UnitKind } from '../ingest/types.ts';
import type { DocumentsStoreData } from './documents-store.ts';
import { INDEX_FORMAT_VERSION } from './format.ts';
import { DocumentMaker, type PassageDocument, type PassageLanguage } from './passage-document.ts';
import { filterColumns, type PostingsIndexData } from './postings-component.ts';
import type { IndexManifest } from './types.ts';

/**
 * The binary codec of a passage database: Orama's `save()` data (internal ids, postings index,
 * documents, sorter, pinning) to the bytes of one index file and back. Pure: no file I/O
 * (src/index/persist.ts reads and writes the file), as Orama's persistence plugin separates
 * its serialisers from its file helpers.
 *
 * The index file (one file, replaced atomically):
 *
 *     offset 0   "CITEBOT\n"           magic
 *            8   u32 format version
 *           12   u32 crc32 of every byte from offset 16 to the end
 *           16   u32 header length H
 *           20   u32 0 (reserved)
 *           24   header: JSON { manifest, bodyLength, sections: { name: [offset, length] } }
 *                zero padding to a multiple of 8
 *         body   sections, each starting on a multiple of 8 (typed arrays view them in place):
 *                passages (JSON, columnar, without text), text (UTF-8), vectors (f32 rows),
 *                vocabulary (UTF-8, one term per line), documentFrequencies, postingOffsets,
 *                documentLengths (u32), postings (varints), documentIds and rowIds (u32:
 *                the Orama internal id of each passage and of each row of the postings index)
 *
 * Numbers are little-endian. Loading is a read, a checksum, one JSON.parse, one UTF-8 decode
 * and typed-array views: no index is rebuilt.
 */

const MAGIC = Buffer.from('CITEBOT\n', 'latin1');
/** Bytes before the JSON header: magic, version, checksum, header length, reserved. */
export const FIXED_HEADER_BYTES = 24;
/** The checksum covers every byte from this offset (the header length) to the end of the file. */
export const CHECKSUM_FROM = 16;
const ALIGNMENT = 8;
const LITTLE_ENDIAN = endianness() === 'LE';

/** The body's sections, in file order. */
export const SECTION_NAMES = [
  'passages',
  'text',
  'vectors',
  'vocabulary',
  'documentFrequencies',
  'postingOffsets',
  'documentLengths',
  'postings',
  'documentIds',
  'rowIds',
] as const;
/** One of {@link SECTION_NAMES}. */
export type SectionName = (typeof SECTION_NAMES)[number];

const indexedFileSchema = z.object({
  hash: z.string(),
  title: z.string(),
  passages: z.number().int().nonnegative(),
  indexedAt: z.string(),
  blocks: z.string().optional(),
  repeated: z.string().optional(),
});
const manifestSchema = z.object({
  formatVersion: z.number().int(),
  mode: z.enum(['hybrid', 'fulltext']),
  modelId: z.string().nullable(),
  dtype: z.enum(EMBEDDING_DTYPES).optional(),
  dimensions: z.number().int().nonnegative(),
  language: z.enum(['fr', 'en', 'auto']),
  builtAt: z.string(),
  passageCount: z.number().int().nonnegative(),
  files: z.record(z.string(), indexedFileSchema),
  calibration: z
    .object({
      probes: z.number().int().nonnegative(),
      unrelatedMedian: z.number(),
      unrelatedHigh: z.number(),
      unrelatedBest: z.number().optional(),
      relatedMedian: z.number(),
      threshold: z.number(),
    })
    .optional(),
});
const span = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const headerSchema = z.object({
  manifest: manifestSchema,
  /**
   * Orama's save() data that is not in the sections: tokenizer language, sorter and pinning state, ids of removed
   * documents.
   */
  orama: z.object({
    language: z.string(),
    sorting: z.unknown(),
    pinning: z.unknown(),
    removedIds: z.array(z.tuple([z.number().int().positive(), z.string()])),
  }),
  bodyLength: z.number().int().nonnegative(),
  sections: z.object(Object.fromEntries(SECTION_NAMES.map((name) => [name, span])) as Record<SectionName, typeof span>),
});
/** The JSON header: the manifest, the body's length and where each section lies in it. */
export type Header = z.infer<typeof headerSchema>;

/** The passages section: one array per field (tables hold strings repeated across passages). */
interface PassageColumns {
  paths: string[];
  titles: string[];
  sections: string[][];
  path: number[];
  title: number[];
  section: number[];
  /** `#…` stands for `${path}#…`. */
  id: string[];
  start: number[];
  end: number[];
  lineStart: number[];
  lineEnd: number[];
  textLength: number[];
  sentenceStarts: number[][];
  /** Flattened `[offset, line]` pairs. */
  lineAnchors: number[][];
  languages: string[];
  language: number[];
  urls: string[];
  /** Index in `urls`, -1 for none. */
  url: number[];
  /** Section anchor, '' for none. */
  anchor: string[];
  /** One letter per sentence ({@link UNIT_KIND_LETTERS}), '' when all are prose. */
  kinds: string[];
}

const PASSAGE_COLUMNS: Record<keyof PassageColumns, 'table' | 'per passage'> = {
  paths: 'table',
  titles: 'table',
  sections: 'table',
  path: 'per passage',
  title: 'per passage',
  section: 'per passage',
  id: 'per passage',
  start: 'per passage',
  end: 'per passage',
  lineStart: 'per passage',
  lineEnd: 'per passage',
  textLength: 'per passage',
  sentenceStarts: 'per passage',
  lineAnchors: 'per passage',
  languages: 'table',
  language: 'per passage',
  urls: 'table',
  url: 'per passage',
  anchor: 'per passage',
  kinds: 'per passage',
};

const UNIT_KIND_LETTERS: Readonly<Record<UnitKind, string>> = { prose: 'p', code: 'c', label: 't', links: 'l' };
const UNIT_KIND_BY_LETTER = new Map(
  (Object.entries(UNIT_KIND_LETTERS) as Array<[UnitKind, string]>).map(([kind, letter]) => [letter, kind]),
);

/**
 * Checks the first {@link FIXED_HEADER_BYTES} bytes of a file of `fileSize` bytes (magic, format version, room for
 * the header) and returns the header's length; INDEX_CORRUPT or INDEX_FORMAT_MISMATCH naming `path` otherwise.
 */
export function checkFixedHeader(path: string, bytes: Uint8Array, fileSize: number): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (fileSize < FIXED_HEADER_BYTES || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CitebotError('INDEX_CORRUPT', `${path} is not a citebot index (truncated or overwritten)`);
  }
  const version = buffer.readUInt32LE(8);
  if (version !== INDEX_FORMAT_VERSION) {
    throw new CitebotError(
      'INDEX_FORMAT_MISMATCH',
      `${path} has format version ${version}, this citebot reads version ${INDEX_FORMAT_VERSION}`,
    );
  }
  const headerLength = buffer.readUInt32LE(16);
  if (FIXED_HEADER_BYTES + headerLength > fileSize)
    throw new CitebotError('INDEX_CORRUPT', `${path} is truncated (header)`);
  return headerLength;
}

/** Parses and validates the JSON header; INDEX_CORRUPT naming `path` when it is not a citebot header. */
export function parseHeader(path: string, bytes: Uint8Array): Header {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new CitebotError('INDEX_CORRUPT', `${path}: the header is not valid JSON`, { cause: error });
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    throw new CitebotError(
      'INDEX_CORRUPT',
      `${path}: bad header (${problem ? `${problem.path.join('.')} ${problem.message}` : 'invalid'})`,
    );
  }
  if (parsed.data.manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new CitebotError('INDEX_CORRUPT', `${path}: the manifest format version disagrees with the file's`);
  }
  return parsed.data;
}

/** INDEX_CORRUPT unless the file is exactly as long as its header says (truncated, or too long). */
export function checkSize(path: string, header: Header, headerLength: number, fileSize: number): void {
  const expected = bodyStart(headerLength) + header.bodyLength;
  if (fileSize !== expected) {
    throw new CitebotError(
      'INDEX_CORRUPT',
      `${path} is ${fileSize < expected ? 'truncated' : 'too long'} (${fileSize} bytes, expected ${expected})`,
    );
  }
}

/** Offset of the body: after the fixed header and the JSON header, aligned. */
export function bodyStart(headerLength: number): number {
  return align(FIXED_HEADER_BYTES + headerLength);
}

/** `offset` rounded up to the section alignment (8 bytes, so typed arrays can view sections in place). */
export function align(offset: number): number {
  return Math.ceil(offset / ALIGNMENT) * ALIGNMENT;
}

/** A section of the body as the header places it: at `at` from the body's start, `length` bytes, then `padding`. */
export interface SectionSpan {
  readonly name: SectionName;
  readonly at: number;
  readonly length: number;
  readonly padding: number;
}

/**
 * Where each section lies in the body, checked: in file order, each at the aligned end of the one before, together
 * filling the body; INDEX_CORRUPT naming `path` otherwise.
 */
export function sectionLayout(path: string, header: Header): SectionSpan[] {
  const layout: SectionSpan[] = [];
  let offset = 0;
  for (const name of SECTION_NAMES) {
    const [at, length] = header.sections[name];
    if (at !== offset) throw new CitebotError('INDEX_CORRUPT', `${path}: section ${name} is out of place`);
    offset = align(at + length);
    layout.push({ name, at, length, padding: offset - at - length });
  }
  if (offset !== header.bodyLength) {
    throw new CitebotError('INDEX_CORRUPT', `${path}: the sections do not fill the file`);
  }
  return layout;
}

/**
 * The crc32 the fixed header records: of the file's bytes from {@link CHECKSUM_FROM} to the end, given as `pieces`
 * in file order (the rest of the fixed header, the JSON header, its padding, then each section and its padding).
 */
export function checksumOf(pieces: Iterable<Uint8Array>): number {
  let crc = 0;
  // Empty pieces are skipped: Node's crc32 returns 0 for an empty view of a zero-length ArrayBuffer.
  for (const piece of pieces) if (piece.byteLength > 0) crc = crc32(piece, crc);
  return crc;
}

/** INDEX_CORRUPT naming `path` unless `pieces` (as {@link checksumOf} takes them) match the checksum in `fixed`. */
export function checkChecksum(path: string, fixed: Uint8Array, pieces: Iterable<Uint8Array>): void {
  const recorded = Buffer.from(fixed.buffer, fixed.byteOffset, fixed.byteLength).readUInt32LE(12);
  if (checksumOf(pieces) !== recorded) throw new CitebotError('INDEX_CORRUPT', `${path}: checksum mismatch`);
}

/** The bytes of the index file of a database whose Orama `save()` gave `raw` (chunks, written in order). */
export function encodeIndexFile(manifest: IndexManifest, raw: RawData): Uint8Array[] {
  const documents = raw.docs as DocumentsStoreData;
  const index = raw.index as PostingsIndexData;
  const { fullText } = index;
  const passages = documents.documents;
  const internalIdToId = (raw.internalDocumentIDStore as { internalIdToId: string[] }).internalIdToId;
  const live = new Set(documents.internalIds);
  const removedIds: Array<[number, string]> = [];
  internalIdToId.forEach((id, i) => {
    if (!live.has(i + 1)) removedIds.push([i + 1, id]);
  });
  const encoder = new TextEncoder();
  const sections: Record<SectionName, Uint8Array> = {
    passages: encoder.encode(JSON.stringify(passageColumns(passages))),
    text: encoder.encode(passages.map((passage) => passage.text).join('')),
    vectors: littleEndianBytes(index.vectors),
    vocabulary: encoder.encode(fullText.vocabulary.join('\n')),
    documentFrequencies: littleEndianBytes(fullText.documentFrequencies),
    postingOffsets: littleEndianBytes(fullText.postingOffsets),
    documentLengths: littleEndianBytes(fullText.documentLengths),
    postings: fullText.postings,
    documentIds: littleEndianBytes(Uint32Array.from(documents.internalIds)),
    rowIds: littleEndianBytes(index.internalIds),
  };
  const body: Uint8Array[] = [];
  const spans = {} as Record<SectionName, [number, number]>;
  let offset = 0;
  for (const name of SECTION_NAMES) {
    const bytes = sections[name];
    spans[name] = [offset, bytes.byteLength];
    body.push(bytes);
    offset += bytes.byteLength;
    const padding = align(offset) - offset;
    if (padding > 0) body.push(new Uint8Array(padding));
    offset += padding;
  }
  const header = encoder.encode(
    JSON.stringify({
      manifest,
      orama: { language: String(raw.language), sorting: raw.sorting, pinning: raw.pinning, removedIds },
      bodyLength: offset,
      sections: spans,
    } satisfies Header),
  );
  const fixed = Buffer.alloc(FIXED_HEADER_BYTES);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(INDEX_FORMAT_VERSION, 8);
  fixed.writeUInt32LE(header.byteLength, 16);
  const headerPadding = new Uint8Array(bodyStart(header.byteLength) - FIXED_HEADER_BYTES - header.byteLength);
  fixed.writeUInt32LE(checksumOf([fixed.subarray(CHECKSUM_FROM), header, headerPadding, ...body]), 12);
  return [fixed, header, headerPadding, ...body];
}

function passageColumns(passages: readonly PassageDocument[]): PassageColumns {
  const columns: PassageColumns = {
    paths: [],
    titles: [],
    sections: [],
    path: [],
    title: [],
    section: [],
    id: [],
    start: [],
    end: [],
    lineStart: [],
    lineEnd: [],
    textLength: [],
    sentenceStarts: [],
    lineAnchors: [],
    languages: [],
    language: [],
    urls: [],
    url: [],
    anchor: [],
    kinds: [],
  };
  const urls = new Interner<string>((url) => url);
  const paths = new Interner<string>((path) => path);
  const titles = new Interner<string>((title) => title);
  const sections = new Interner<readonly string[]>((section) => JSON.stringify(section));
  const languages = new Interner<string>((language) => language);
  for (const passage of passages) {
    columns.path.push(paths.id(passage.path));
    columns.title.push(titles.id(passage.title));
    columns.section.push(sections.id(passage.section));
    const pathPrefix = `${passage.path}#`;
    columns.id.push(passage.id.startsWith(pathPrefix) ? passage.id.slice(passage.path.length) : passage.id);
    columns.start.push(passage.start);
    columns.end.push(passage.end);
    columns.lineStart.push(passage.lineStart);
    columns.lineEnd.push(passage.lineEnd);
    columns.textLength.push(passage.text.length);
    columns.sentenceStarts.push([...passage.sentenceStarts]);
    columns.lineAnchors.push(passage.lineAnchors.flat());
    columns.language.push(languages.id(passage.language));
    columns.url.push(passage.url === undefined ? -1 : urls.id(passage.url));
    columns.anchor.push(passage.anchor ?? '');
    columns.kinds.push(passage.sentenceKinds?.map((kind) => UNIT_KIND_LETTERS[kind]).join('') ?? '');
  }
  columns.urls = urls.values;
  columns.languages = languages.values;
  columns.paths = paths.values;
  columns.titles = titles.values;
  columns.sections = sections.values.map((section) => [...section]);
  return columns;
}

/** Assigns each distinct value a small number, so repeated strings are stored once. */
class Interner<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<string, number>();
  constructor(private readonly key: (value: T) => string) {}

  id(value: T): number {
    const key = this.key(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Orama `save()` data from the checked sections of an index file (throws a plain Error on an inconsistency). */
export function decodeIndexBody(header: Header, sections: Record<SectionName, Uint8Array>): RawData {
  const { manifest } = header;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const columns = checkColumns(JSON.parse(decoder.decode(sections.passages)));
  const passages = decodePassages(columns, decoder.decode(sections.text));
  const count = passages.length;
  if (count !== manifest.passageCount) throw new Error(`${count} passages, the manifest says ${manifest.passageCount}`);
  const maker = new DocumentMaker();
  const documents = passages.map((passage, i) => {
    const language = columns.languages[columns.language[i]!];
    if (language === undefined) throw new Error(`passage ${i} has no language`);
    return maker.make(passage, language as PassageLanguage, null);
  });
  const documentIds = typedArray(sections.documentIds, Uint32Array);
  const rowIds = typedArray(sections.rowIds, Uint32Array);
  if (documentIds.length !== count || rowIds.length !== count)
    throw new Error('the internal ids do not match the passages');

  const dimensions = manifest.mode === 'hybrid' ? manifest.dimensions : 0;
  const vectors = typedArray(sections.vectors, Float32Array);
  if (vectors.length !== count * dimensions) throw new Error('the vectors do not match the passages');

  const vocabularyText = decoder.decode(sections.vocabulary);
  const vocabulary = vocabularyText === '' ? [] : vocabularyText.split('\n');
  const documentFrequencies = typedArray(sections.documentFrequencies, Uint32Array);
  const postingOffsets = typedArray(sections.postingOffsets, Uint32Array);
  const documentLengths = typedArray(sections.documentLengths, Uint32Array);
  const postings = sections.postings;
  if (
    documentFrequencies.length !== vocabulary.length ||
    postingOffsets.length !== vocabulary.length + 1 ||
    postingOffsets[vocabulary.length] !== postings.byteLength ||
    documentLengths.length !== count
  ) {
    throw new Error('the full-text index does not match the passages');
  }
  const byInternalId = new Map<number, PassageDocument>();
  documentIds.forEach((internalId, i) => byInternalId.set(internalId, documents[i]!));
  const rowDocuments = Array.from(rowIds, (internalId) => {
    const document = byInternalId.get(internalId);
    if (document === undefined) throw new Error(`row of internal id ${internalId} has no passage`);
    return document;
  });
  const internalIdToId: string[] = [];
  documentIds.forEach((internalId, i) => (internalIdToId[internalId - 1] = documents[i]!.id));
  for (const [internalId, id] of header.orama.removedIds) internalIdToId[internalId - 1] = id;
  for (let i = 0; i < internalIdToId.length; i++)
    if (internalIdToId[i] === undefined) throw new Error(`internal id ${i + 1} is missing`);
  const index: PostingsIndexData = {
    fullText: { vocabulary, documentFrequencies, postingOffsets, postings, documentLengths },
    internalIds: rowIds,
    dimensions,
    vectors,
    filters: filterColumns(rowDocuments),
  };
  return {
    internalDocumentIDStore: { internalIdToId },
    index,
    docs: { internalIds: [...documentIds], documents } satisfies DocumentsStoreData,
    sorting: header.orama.sorting,
    pinning: header.orama.pinning,
    language: header.orama.language,
  };
}

/**
 * Shape check of the passage columns (a schema library is too slow for 10⁵-element arrays); values are checked while
 * decoding.
 */
function checkColumns(value: unknown): PassageColumns {
  const columns = value as Record<keyof PassageColumns, unknown>;
  const keys = Object.keys(PASSAGE_COLUMNS) as Array<keyof PassageColumns>;
  const count = Array.isArray(columns?.id) ? columns.id.length : -1;
  for (const key of keys) {
    const column = columns?.[key];
    if (!Array.isArray(column)) throw new Error(`the passage column ${key} is missing`);
    if (PASSAGE_COLUMNS[key] === 'per passage' && column.length !== count)
      throw new Error(`the passage column ${key} has ${column.length} entries, not ${count}`);
  }
  return value as PassageColumns;
}

function decodePassages(columns: PassageColumns, text: string): Passage[] {
  const count = columns.id.length;
  const passages = new Array<Passage>(count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const path = columns.paths[columns.path[i]!];
    const title = columns.titles[columns.title[i]!];
    const section = columns.sections[columns.section[i]!];
    const id = columns.id[i];
    const textLength = columns.textLength[i]!;
    const flatAnchors = columns.lineAnchors[i];
    const sentenceStarts = columns.sentenceStarts[i];
    const urlId = columns.url[i]!;
    const url = urlId === -1 ? undefined : columns.urls[urlId];
    const anchor = columns.anchor[i];
    const kindLetters = columns.kinds[i];
    const sentenceKinds =
      typeof kindLetters === 'string' ? [...kindLetters].map((letter) => UNIT_KIND_BY_LETTER.get(letter)) : [];
    const positions = [textLength, columns.start[i], columns.end[i], columns.lineStart[i], columns.lineEnd[i]];
    if (
      path === undefined ||
      title === undefined ||
      section === undefined ||
      typeof id !== 'string' ||
      !Array.isArray(flatAnchors) ||
      !Array.isArray(sentenceStarts) ||
      !positions.every(Number.isInteger) ||
      (urlId !== -1 && url === undefined) ||
      typeof anchor !== 'string' ||
      sentenceKinds.includes(undefined) ||
      (sentenceKinds.length !== 0 && sentenceKinds.length !== sentenceStarts.length)
    ) {
      throw new Error(`passage ${i} is malformed`);
    }
    const lineAnchors: Array<readonly [number, number]> = [];
    for (let a = 0; a + 1 < flatAnchors.length; a += 2) lineAnchors.push([flatAnchors[a]!, flatAnchors[a + 1]!]);
    const passage: { -readonly [K in keyof Passage]: Passage[K] } = {
      id: id.startsWith('#') ? `${path}${id}` : id,
      path,
      title,
      section,
      text: text.slice(offset, offset + textLength),
      start: columns.start[i]!,
      end: columns.end[i]!,
      lineStart: columns.lineStart[i]!,
      lineEnd: columns.lineEnd[i]!,
      sentenceStarts,
      lineAnchors,
    };
    if (sentenceKinds.length !== 0) passage.sentenceKinds = sentenceKinds as UnitKind[];
    if (url !== undefined) passage.url = url;
    if (anchor !== '') passage.anchor = anchor;
    passages[i] = passage;
    offset += textLength;
  }
  if (offset !== text.length) throw new Error('the passage texts do not add up');
  return passages;
}

function littleEndianBytes(array: Float32Array | Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const bytes = new Uint8Array(array.byteLength);
  const view = new DataView(bytes.buffer);
  array.forEach((value, i) =>
    array instanceof Float32Array ? view.setFloat32(i * 4, value, true) : view.setUint32(i * 4, value, true),
  );
  return bytes;
}

function typedArray<T extends Float32Array | Uint32Array>(
  bytes: Uint8Array,
  Type: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; new (length: number): T },
): T {
  if (bytes.byteLength % 4 !== 0) throw new Error('a numeric section has a partial number');
  const length = bytes.byteLength / 4;
  // Sections are read into buffers of their own, so the view is aligned.
  if (LITTLE_ENDIAN) return new Type(bytes.buffer, bytes.byteOffset, length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const result = new Type(length);
  for (let i = 0; i < length; i++)
    result[i] = result instanceof Float32Array ? view.getFloat32(i * 4, true) : view.getUint32(i * 4, true);
  return result;
}
