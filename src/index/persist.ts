import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { CitebotError } from '../errors.ts';
import type { Passage, UnitKind } from '../ingest/types.ts';
import { INDEX_FORMAT_VERSION } from './format.ts';
import { SearchIndex, type IndexContents } from './search-index.ts';
import type { IndexManifest, PassageIndex } from './types.ts';

/**
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
 *                documentLengths (u32), postings (varints)
 *
 * Numbers are little-endian. Loading is a read, a checksum, one JSON.parse, one UTF-8 decode
 * and typed-array views: no index is rebuilt.
 */

const MAGIC = Buffer.from('CITEBOT\n', 'latin1');
const FIXED_HEADER_BYTES = 24;
const CHECKSUM_FROM = 16;
const ALIGNMENT = 8;
const LITTLE_ENDIAN = endianness() === 'LE';

const SECTION_NAMES = [
  'passages',
  'text',
  'vectors',
  'vocabulary',
  'documentFrequencies',
  'postingOffsets',
  'documentLengths',
  'postings',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];

const indexedFileSchema = z.object({
  hash: z.string(),
  title: z.string(),
  passages: z.number().int().nonnegative(),
  indexedAt: z.string(),
});
const manifestSchema = z.object({
  formatVersion: z.number().int(),
  mode: z.enum(['hybrid', 'fulltext']),
  modelId: z.string().nullable(),
  dimensions: z.number().int().nonnegative(),
  language: z.enum(['fr', 'en', 'auto']),
  builtAt: z.string(),
  passageCount: z.number().int().nonnegative(),
  files: z.record(z.string(), indexedFileSchema),
});
const span = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const headerSchema = z.object({
  manifest: manifestSchema,
  bodyLength: z.number().int().nonnegative(),
  sections: z.object(Object.fromEntries(SECTION_NAMES.map((name) => [name, span])) as Record<SectionName, typeof span>),
});
type Header = z.infer<typeof headerSchema>;

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
  urls: 'table',
  url: 'per passage',
  anchor: 'per passage',
  kinds: 'per passage',
};

const UNIT_KIND_LETTERS: Readonly<Record<UnitKind, string>> = { prose: 'p', code: 'c', label: 't', links: 'l' };
const UNIT_KIND_BY_LETTER = new Map(
  (Object.entries(UNIT_KIND_LETTERS) as Array<[UnitKind, string]>).map(([kind, letter]) => [letter, kind]),
);

/** Writes `contents` to `path` atomically. */
export async function saveIndex(path: string, contents: IndexContents): Promise<void> {
  await writeFileAtomically(path, encodeIndex(contents));
}

/**
 * Writes `chunks` to a temporary file next to `path`, flushes it to disk, then renames it over
 * `path`: readers see the old file or the new one, never half of one. On any failure the
 * temporary file is removed and `path` is left as it was.
 */
export async function writeFileAtomically(
  path: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  let closed = false;
  try {
    for await (const chunk of chunks) {
      for (let written = 0; written < chunk.byteLength;) {
        const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
        written += bytesWritten;
      }
    }
    await handle.sync();
    closed = true;
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    if (!closed) await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Loads and checks the index at `path`. */
export async function loadIndex(path: string, expect?: { readonly modelId?: string }): Promise<PassageIndex> {
  return new SearchIndex(await readIndexContents(path, expect));
}

/** Reads the manifest only (the first few kilobytes of the file), with the same checks as {@link loadIndex} bar the checksum. */
export async function readManifest(path: string): Promise<IndexManifest> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw openError(path, error);
  });
  try {
    const size = await indexFileSize(handle, path);
    const fixed = Buffer.alloc(FIXED_HEADER_BYTES);
    await handle.read(fixed, 0, FIXED_HEADER_BYTES, 0);
    const headerLength = checkFixedHeader(path, fixed, size);
    const headerBytes = Buffer.alloc(headerLength);
    await handle.read(headerBytes, 0, headerLength, FIXED_HEADER_BYTES);
    const header = parseHeader(path, headerBytes);
    checkSize(path, header, headerLength, size);
    return header.manifest;
  } finally {
    await handle.close();
  }
}

/**
 * Reads, checks and decodes the whole index file. Each section is read into its own buffer
 * (vectors straight into their Float32Array), so that the text bytes can be freed once
 * decoded instead of the whole file staying in memory behind the vectors.
 */
export async function readIndexContents(path: string, expect?: { readonly modelId?: string }): Promise<IndexContents> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw openError(path, error);
  });
  try {
    const size = await indexFileSize(handle, path);
    const read = (position: number, length: number) => readRange(handle, path, position, length);
    const fixed = await read(0, Math.min(FIXED_HEADER_BYTES, size));
    const headerLength = checkFixedHeader(path, fixed, size);
    const headerBytes = await read(FIXED_HEADER_BYTES, headerLength);
    const header = parseHeader(path, headerBytes);
    checkSize(path, header, headerLength, size);
    const { manifest } = header;
    if (expect?.modelId !== undefined && manifest.mode === 'hybrid' && manifest.modelId !== expect.modelId) {
      throw new CitebotError(
        'INDEX_MODEL_MISMATCH',
        `${path} was built with ${manifest.modelId ?? 'no model'}, the configured model is ${expect.modelId}`,
      );
    }
    const start = bodyStart(headerLength);
    let crc = crc32(Buffer.from(fixed.buffer, fixed.byteOffset + CHECKSUM_FROM, FIXED_HEADER_BYTES - CHECKSUM_FROM));
    crc = crc32(headerBytes, crc);
    crc = crc32(await read(FIXED_HEADER_BYTES + headerLength, start - FIXED_HEADER_BYTES - headerLength), crc);
    const sections = {} as Record<SectionName, Uint8Array>;
    let offset = 0;
    for (const name of SECTION_NAMES) {
      const [at, length] = header.sections[name];
      if (at !== offset) throw new CitebotError('INDEX_CORRUPT', `${path}: section ${name} is out of place`);
      const bytes = await read(start + at, length);
      const padding = await read(start + at + length, align(at + length) - at - length);
      // Empty pieces are skipped: Node's crc32 returns 0 for an empty view of a zero-length ArrayBuffer.
      if (bytes.byteLength > 0) crc = crc32(bytes, crc);
      if (padding.byteLength > 0) crc = crc32(padding, crc);
      sections[name] = bytes;
      offset = align(at + length);
    }
    if (offset !== header.bodyLength)
      throw new CitebotError('INDEX_CORRUPT', `${path}: the sections do not fill the file`);
    if (crc !== Buffer.from(fixed.buffer, fixed.byteOffset).readUInt32LE(12)) {
      throw new CitebotError('INDEX_CORRUPT', `${path}: checksum mismatch`);
    }
    try {
      return decodeBody(manifest, sections);
    } catch (error) {
      throw new CitebotError('INDEX_CORRUPT', `${path}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  } finally {
    await handle.close();
  }
}

async function readRange(handle: FileHandle, path: string, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  for (let done = 0; done < length;) {
    const { bytesRead } = await handle.read(bytes, done, length - done, position + done);
    if (bytesRead === 0) throw new CitebotError('INDEX_CORRUPT', `${path} is truncated`);
    done += bytesRead;
  }
  return bytes;
}

/**
 * The size of the opened index file. A folder opens fine on Linux and only fails on the first
 * read, with an errno no one can act on; a folder given as the index path is a setting to fix.
 */
async function indexFileSize(handle: FileHandle, path: string): Promise<number> {
  const stats = await handle.stat();
  if (stats.isDirectory()) {
    throw new CitebotError(
      'CONFIG_INVALID',
      `the index path ${path} is a folder; give a file path such as data/index.citebot (INDEX_PATH, --out or --index)`,
    );
  }
  return stats.size;
}

function openError(path: string, error: unknown): CitebotError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new CitebotError('INDEX_MISSING', `${path} does not exist; run \`npm run index\` to build it`);
  return new CitebotError('INDEX_CORRUPT', `${path} cannot be read (${code ?? String(error)})`, { cause: error });
}

function checkFixedHeader(path: string, bytes: Uint8Array, fileSize: number): number {
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

function parseHeader(path: string, bytes: Uint8Array): Header {
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

function checkSize(path: string, header: Header, headerLength: number, fileSize: number): void {
  const expected = bodyStart(headerLength) + header.bodyLength;
  if (fileSize !== expected) {
    throw new CitebotError(
      'INDEX_CORRUPT',
      `${path} is ${fileSize < expected ? 'truncated' : 'too long'} (${fileSize} bytes, expected ${expected})`,
    );
  }
}

function bodyStart(headerLength: number): number {
  return align(FIXED_HEADER_BYTES + headerLength);
}

function align(offset: number): number {
  return Math.ceil(offset / ALIGNMENT) * ALIGNMENT;
}

function encodeIndex(contents: IndexContents): Uint8Array[] {
  const { passages, fullText } = contents;
  const encoder = new TextEncoder();
  const sections: Record<SectionName, Uint8Array> = {
    passages: encoder.encode(JSON.stringify(passageColumns(passages))),
    text: encoder.encode(passages.map((passage) => passage.text).join('')),
    vectors: littleEndianBytes(contents.vectors ?? new Float32Array(0)),
    vocabulary: encoder.encode(fullText.vocabulary.join('\n')),
    documentFrequencies: littleEndianBytes(fullText.documentFrequencies),
    postingOffsets: littleEndianBytes(fullText.postingOffsets),
    documentLengths: littleEndianBytes(fullText.documentLengths),
    postings: fullText.postings,
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
    JSON.stringify({ manifest: contents.manifest, bodyLength: offset, sections: spans } satisfies Header),
  );
  const fixed = Buffer.alloc(FIXED_HEADER_BYTES);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(INDEX_FORMAT_VERSION, 8);
  fixed.writeUInt32LE(header.byteLength, 16);
  const headerPadding = new Uint8Array(bodyStart(header.byteLength) - FIXED_HEADER_BYTES - header.byteLength);
  const checked = [fixed.subarray(CHECKSUM_FROM), header, headerPadding, ...body];
  // Empty chunks are skipped: Node's crc32 returns 0 for an empty view of a zero-length ArrayBuffer.
  fixed.writeUInt32LE(
    checked.reduce((crc, chunk) => (chunk.byteLength === 0 ? crc : crc32(chunk, crc)), 0),
    12,
  );
  return [fixed, header, headerPadding, ...body];
}

function passageColumns(passages: readonly Passage[]): PassageColumns {
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
    urls: [],
    url: [],
    anchor: [],
    kinds: [],
  };
  const urls = new Interner<string>((url) => url);
  const paths = new Interner<string>((path) => path);
  const titles = new Interner<string>((title) => title);
  const sections = new Interner<readonly string[]>((section) => JSON.stringify(section));
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
    columns.url.push(passage.url === undefined ? -1 : urls.id(passage.url));
    columns.anchor.push(passage.anchor ?? '');
    columns.kinds.push(passage.sentenceKinds?.map((kind) => UNIT_KIND_LETTERS[kind]).join('') ?? '');
  }
  columns.urls = urls.values;
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

function decodeBody(manifest: IndexManifest, sections: Record<SectionName, Uint8Array>): IndexContents {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const columns = checkColumns(JSON.parse(decoder.decode(sections.passages)));
  const passages = decodePassages(columns, decoder.decode(sections.text));
  const count = passages.length;
  if (count !== manifest.passageCount) throw new Error(`${count} passages, the manifest says ${manifest.passageCount}`);

  const vectors = manifest.mode === 'hybrid' ? typedArray(sections.vectors, Float32Array) : null;
  if (vectors !== null && vectors.length !== count * manifest.dimensions)
    throw new Error('the vectors do not match the passages');

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
  return {
    manifest,
    passages,
    vectors,
    fullText: { vocabulary, documentFrequencies, postingOffsets, postings, documentLengths },
  };
}

/** Shape check of the passage columns (a schema library is too slow for 10⁵-element arrays); values are checked while decoding. */
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
  const passages: Passage[] = new Array(count);
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
    passages[i] = {
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
      ...(sentenceKinds.length === 0 ? {} : { sentenceKinds: sentenceKinds as UnitKind[] }),
      ...(url === undefined ? {} : { url }),
      ...(anchor === '' ? {} : { anchor }),
    };
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
