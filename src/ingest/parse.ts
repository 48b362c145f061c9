import { CitebotError } from '../errors.ts';
import { decodeText } from './decode.ts';
import { parseHtml } from './parse-html.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { parsePdf } from './parse-pdf.ts';
import { parseText } from './parse-text.ts';
import type { DocumentFormat, ParsedDocument } from './types.ts';

/**
 * Turns a file's bytes into quotable text with its title, sections and line anchors.
 *
 * - txt: the content as is, titled by the file name in words, structure read by {@link parseText}.
 * - md: see {@link parseMarkdown}; html: see {@link parseHtml}; pdf: see {@link parsePdf}.
 *
 * Text formats are decoded by {@link decodeText}: offsets are in the decoded text (a UTF-8 BOM
 * is dropped) and `\r\n` is kept.
 *
 * @throws CitebotError FILE_BINARY, FILE_INVALID_UTF8, FILE_EMPTY (also when markup leaves no
 *   text), FILE_UNPARSABLE.
 */
export async function parseDocument(path: string, format: DocumentFormat, bytes: Uint8Array): Promise<ParsedDocument> {
  if (format === 'pdf') return parsePdf(path, bytes);
  const text = decodeText(path, bytes);
  if (format === 'txt') return parseText(path, text);
  if (format === 'md') return parseMarkdown(path, text);
  const document = parseHtml(path, text);
  if (document.text.trim() === '') {
    throw new CitebotError('FILE_EMPTY', `${path} has no visible text outside scripts, navigation and markup`);
  }
  return document;
}
