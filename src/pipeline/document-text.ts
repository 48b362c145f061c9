import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DocumentText, DocumentTextReader } from '../answer/verify.ts';

// Formats whose index text is the file itself (Markdown: with its markup blanked by spaces at the same offsets), so a
// quote can be checked against the file.
const VERBATIM_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.mdx']);

/**
 * Reads corpus files as indexing decoded them (UTF-8, BOM dropped), cached until the file's size or modification time
 * changes. A Markdown file is not parsed again: its quotes are compared with the file itself, a space of a quote
 * standing for blanked markup (see {@link DocumentText}), which keeps the check to a read of the file even for a large
 * page.
 */
export function createDocumentTextReader(corpusDir: string): DocumentTextReader {
  const cache = new Map<string, { mtimeMs: number; size: number; document: DocumentText }>();
  const decoder = new TextDecoder('utf-8');
  return (relativePath) => {
    const extension = path.extname(relativePath).toLowerCase();
    if (!VERBATIM_EXTENSIONS.has(extension)) return undefined;
    const file = path.join(corpusDir, relativePath);
    try {
      const stats = statSync(file);
      const cached = cache.get(file);
      if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.document;
      const document = { text: decoder.decode(readFileSync(file)), markupBlanked: extension !== '.txt' };
      cache.set(file, { mtimeMs: stats.mtimeMs, size: stats.size, document });
      return document;
    } catch {
      // Moved or deleted since indexing: the index is the only copy left to check against.
      return undefined;
    }
  };
}
