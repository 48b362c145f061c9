import { isCitebotError, type ErrorCode } from '../errors.ts';
import { chunkDocument } from './chunk.ts';
import { parseDocument } from './parse.ts';
import { secretContent } from './secrets.ts';
import type { ChunkOptions, CorpusEntry, ParsedDocument, Passage, SkippedFile } from './types.ts';

const CONTENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'FILE_BINARY',
  'FILE_INVALID_UTF8',
  'FILE_EMPTY',
  'FILE_UNPARSABLE',
]);

/**
 * Decodes, parses and chunks one file. Bad content is a skipped value (FILE_BINARY,
 * FILE_INVALID_UTF8, FILE_EMPTY — also when nothing but headings remains — or FILE_UNPARSABLE
 * with the parser's message), never an exception. A document whose text looks like it holds
 * credentials (a private key, a token of a known shape, a dotenv file) is FILE_SECRET: what is
 * checked is exactly the text that could be quoted.
 *
 * @throws CitebotError CONFIG_INVALID for contradictory chunk options (a caller's mistake, not the file's).
 */
export async function ingestFile(
  entry: CorpusEntry,
  bytes: Uint8Array,
  options?: ChunkOptions,
): Promise<{ ok: true; document: ParsedDocument; passages: Passage[] } | { ok: false; skipped: SkippedFile }> {
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
  const passages = chunkDocument(document, options);
  if (passages.length === 0) {
    return {
      ok: false,
      skipped: {
        path: entry.path,
        code: 'FILE_EMPTY',
        reason: `${entry.path} has no text outside headings and front matter`,
      },
    };
  }
  return { ok: true, document, passages };
}
