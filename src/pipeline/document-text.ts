import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DocumentTextReader } from '../answer/verify.ts';
import { markdownQuotableText } from '../ingest/index.ts';

// Formats whose index text is the file itself (Markdown: with its markup blanked), so a quote can be checked against
// the file.
const VERBATIM_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.mdx']);

/**
 * Reads corpus files as indexing decoded them (UTF-8, BOM dropped), cached until the
 * file's size or modification time changes.
 */
export function createDocumentTextReader(corpusDir: string): DocumentTextReader {
  const cache = new Map<string, { mtimeMs: number; size: number; text: string }>();
  const decoder = new TextDecoder('utf-8');
  return (relativePath) => {
    if (!VERBATIM_EXTENSIONS.has(path.extname(relativePath).toLowerCase())) return undefined;
    const file = path.join(corpusDir, relativePath);
    try {
      const stats = statSync(file);
      const cached = cache.get(file);
      if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.text;
      const decoded = decoder.decode(readFileSync(file));
      // Markdown quotes come from the file with markup blanked out by spaces (same offsets):
      // the same text the index was cut from, so the check stays letter for letter.
      const text =
        path.extname(relativePath).toLowerCase() === '.txt' ? decoded : markdownQuotableText(decoded, relativePath);
      cache.set(file, { mtimeMs: stats.mtimeMs, size: stats.size, text });
      return text;
    } catch {
      // Moved or deleted since indexing: the index is the only copy left to check against.
      return undefined;
    }
  };
}
