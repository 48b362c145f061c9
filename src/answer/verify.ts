import type { Answer } from './types.ts';

/**
 * Reads the current text of a document (decoded as at indexing), or `undefined` when it
 * cannot be checked from disk (extracted formats such as html and pdf, or a missing file).
 */
export type DocumentTextReader = (path: string) => string | undefined;

/** An answer whose quotes were checked against the documents, and what was dropped. */
export interface VerifiedAnswer {
  readonly answer: Answer;
  /** Quotes that no longer match their file at the recorded offsets (the file changed since indexing). */
  readonly rejected: number;
}

/**
 * Keeps only quotes that are, letter for letter, the text of their document at the recorded
 * offsets. A quote is never repaired or moved: if the file changed since indexing it is
 * dropped, and an answer left without quotes becomes "not covered" with its sources as nearest.
 */
export function verifyQuotes(answer: Answer, readDocumentText: DocumentTextReader): VerifiedAnswer {
  if (!answer.answered) return { answer, rejected: 0 };
  const pathOf = new Map(answer.sources.map((source) => [source.n, source.path]));
  const quotes = answer.quotes.filter((quote) => {
    const path = pathOf.get(quote.source);
    if (path === undefined) return false;
    const text = readDocumentText(path);
    return text === undefined || text.slice(quote.start, quote.end) === quote.text;
  });
  const rejected = answer.quotes.length - quotes.length;
  if (rejected === 0) return { answer, rejected };
  if (quotes.length === 0) return { answer: { ...answer, answered: false, quotes: [] }, rejected };
  const cited = new Set(quotes.map((quote) => quote.source));
  return { answer: { ...answer, quotes, sources: answer.sources.filter((source) => cited.has(source.n)) }, rejected };
}
