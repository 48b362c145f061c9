import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { load, save, type RawData } from '@orama/orama';
import { CitebotError } from '../errors.ts';
import {
  bodyStart,
  checkChecksum,
  checkFixedHeader,
  checkSize,
  CHECKSUM_FROM,
  decodeIndexBody,
  encodeIndexFile,
  FIXED_HEADER_BYTES,
  parseHeader,
  sectionLayout,
  type SectionName,
} from './codec.ts';
import { contentsOf, type IndexContents } from './contents.ts';
import { createPassageDatabase, OramaPassageIndex, type PassageDatabase } from './database.ts';
import { embeddingMismatch, type EmbeddingIdentity } from './embedding-identity.ts';
import type { IndexManifest, PassageIndex } from './types.ts';

/**
 * The index file's I/O: Orama's `save()` of the database, encoded by src/index/codec.ts,
 * written atomically; read back, checked, decoded and given to Orama's `load()` on a database
 * created with the project's components. (Orama's persistence plugin `restore()` would create
 * a database with the default components: the custom ones would be dropped.)
 */

/** Writes `contents` to `path` atomically: Orama's `save()` of its database, in the project's binary format. */
export async function saveIndex(path: string, contents: IndexContents): Promise<void> {
  await writeFileAtomically(path, encodeIndexFile(contents.manifest, save(contents.database)));
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
export async function loadIndex(path: string, expect?: EmbeddingIdentity): Promise<PassageIndex> {
  const { manifest, database } = await readPassageDatabase(path, expect);
  return new OramaPassageIndex(database, manifest);
}

/**
 * Reads the manifest only (the first few kilobytes of the file), with the same checks as {@link loadIndex} bar the
 * checksum.
 */
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

/** Reads, checks and decodes the whole index file, and lists its passages and vectors (for the next build). */
export async function readIndexContents(path: string, expect?: EmbeddingIdentity): Promise<IndexContents> {
  const { manifest, database } = await readPassageDatabase(path, expect);
  return contentsOf(manifest, database);
}

/**
 * Reads, checks and decodes the whole index file into a passage database. Each section is read into its own buffer
 * (vectors straight into their Float32Array), so that the text bytes can be freed once
 * decoded instead of the whole file staying in memory behind the vectors.
 */
async function readPassageDatabase(
  path: string,
  expect?: EmbeddingIdentity,
): Promise<{ manifest: IndexManifest; database: PassageDatabase }> {
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
    const mismatch = expect === undefined ? null : embeddingMismatch(manifest, expect);
    if (mismatch !== null) throw new CitebotError('INDEX_MODEL_MISMATCH', `${path}: ${mismatch}`);
    const start = bodyStart(headerLength);
    const headerPadding = await read(FIXED_HEADER_BYTES + headerLength, start - FIXED_HEADER_BYTES - headerLength);
    const pieces = [fixed.subarray(CHECKSUM_FROM, FIXED_HEADER_BYTES), headerBytes, headerPadding];
    const sections = {} as Record<SectionName, Uint8Array>;
    for (const { name, at, length, padding } of sectionLayout(path, header)) {
      sections[name] = await read(start + at, length);
      pieces.push(sections[name], await read(start + at + length, padding));
    }
    checkChecksum(path, fixed, pieces);
    let raw: RawData;
    try {
      raw = decodeIndexBody(header, sections);
    } catch (error) {
      throw new CitebotError('INDEX_CORRUPT', `${path}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    const database = createPassageDatabase(manifest.language, manifest.mode === 'hybrid' ? manifest.dimensions : 0);
    load(database, raw);
    return { manifest, database };
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
