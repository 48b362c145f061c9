import { isCitebotError, type ErrorCode } from '../errors.ts';
import { chunkDocument } from './chunk.ts';
import { parseDocument } from './parse.ts';
import { dropRepeatedBlocks } from './repeated-blocks.ts';
import { secretContent } from './secrets.ts';
import type { ChunkOptions, CorpusEntry, ParsedDocument, Passage, SkippedFile } from './types.ts';

const CONTENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'FILE_BINARY',
  'FILE_INVALID_UTF8',
  'FILE_EMPTY',
  'FILE_UNPARSABLE',
]);

/** A parsed document, or why its file is left out. */
export type ReadDocument = { ok: true; document: ParsedDocument } | { ok: false; skipped: SkippedFile };

/** A document's passages (and the repeated blocks left out of them), or why its file is left out. */
export type IngestedDocument =
  { ok: true; document: ParsedDocument; passages: Passage[]; dropped: string[] } | { ok: false; skipped: SkippedFile };

/**
 * Decodes and parses one file. Bad content is a skipped value (FILE_BINARY, FILE_INVALID_UTF8, FILE_EMPTY or
 * FILE_UNPARSABLE with the parser's message), never an exception. A document whose text looks like it holds
 * credentials (a private key, a token of a known shape, a dotenv file) is FILE_SECRET: what is checked is exactly the
 * text that could be quoted.
 */
export async function readDocument(entry: CorpusEntry, bytes: Uint8Array): Promise<ReadDocument> {
  let document: ParsedDocument;
  try {
    document = await parseDocument(entry.path, entry.format, bytes);
  } catch (error) {
    if (isCitebotError(error) && CONTENT_CODES.has(error.code)) {
      return { ok: false, skipped: { path: entry.path, code: error.code, reason: error.message } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      skipped: {
        path: entry.path,
        code: 'FILE_UNPARSABLE',
        reason: `${entry.path}: ${entry.format} parser failed: ${message}`,
      },
    };
  }
  const secret = secretContent(document.text);
  if (secret !== null) {
    return {
      ok: false,
      skipped: { path: entry.path, code: 'FILE_SECRET', reason: `${entry.path} is not indexed: ${secret}` },
    };
  }
  return { ok: true, document };
}

/**
 * Chunks a parsed document, leaving out its blocks whose fingerprint is in `repeated` (page chrome repeated across
 * the corpus: see src/ingest/repeated-blocks.ts). FILE_EMPTY when nothing but headings, front matter and repeated
 * blocks remains.
 *
 * @throws CitebotError CONFIG_INVALID for contradictory chunk options (a caller's mistake, not the file's).
 */
export function chunkIngested(
  parsed: ParsedDocument,
  options?: ChunkOptions,
  repeated: ReadonlySet<string> = new Set(),
): IngestedDocument {
  const { document, dropped } = dropRepeatedBlocks(parsed, repeated);
  const passages = chunkDocument(document, options);
  if (passages.length === 0) {
    const what =
      dropped.length > 0 ? 'headings, front matter and blocks repeated on most pages' : 'headings and front matter';
    return {
      ok: false,
      skipped: { path: document.path, code: 'FILE_EMPTY', reason: `${document.path} has no text outside ${what}` },
    };
  }
  return { ok: true, document, passages, dropped };
}

/**
 * Decodes, parses and chunks one file ({@link readDocument}, then {@link chunkIngested}), on its own: blocks repeated
 * across the corpus are only known to a whole build. Bad content is a skipped value, never an exception.
 *
 * @throws CitebotError CONFIG_INVALID for contradictory chunk options (a caller's mistake, not the file's).
 */
export async function ingestFile(
  entry: CorpusEntry,
  bytes: Uint8Array,
  options?: ChunkOptions,
): Promise<IngestedDocument> {
  const read = await readDocument(entry, bytes);
  return read.ok ? chunkIngested(read.document, options) : read;
}
