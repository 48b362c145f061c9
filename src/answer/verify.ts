import type { Answer } from './types.ts';

/** The current text of a document, decoded as at indexing. */
export interface DocumentText {
  readonly text: string;
  /**
   * Whether the index read this text with its markup blanked out by spaces at the same offsets (Markdown: link syntax,
   * inline HTML, list markers), so that a quote may hold a space where the file holds markup, and nothing else differs.
   */
  readonly markupBlanked: boolean;
}

/**
 * Reads the current text of a document, or `undefined` when it cannot be checked from disk (extracted formats such as
 * html and pdf, or a missing file).
 */
export type DocumentTextReader = (path: string) => DocumentText | undefined;

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
    const document = readDocumentText(path);
    return document === undefined || isTextAt(document, quote.start, quote.text);
  });
  const rejected = answer.quotes.length - quotes.length;
  if (rejected === 0) return { answer, rejected };
  if (quotes.length === 0) return { answer: { ...answer, answered: false, quotes: [] }, rejected };
  const cited = new Set(quotes.map((quote) => quote.source));
  return { answer: { ...answer, quotes, sources: answer.sources.filter((source) => cited.has(source.n)) }, rejected };
}

/**
 * Whether `quote` is the document's text at `start`, letter for letter. Where the index blanked the document's markup,
 * a space of the quote stands for a character of markup in the file (never for a line break): the file need not be
 * parsed again to be compared, and every letter, digit and punctuation mark of the quote is still checked.
 */
function isTextAt(document: DocumentText, start: number, quote: string): boolean {
  const { text } = document;
  if (start < 0 || start + quote.length > text.length) return false;
  if (text.startsWith(quote, start)) return true;
  if (!document.markupBlanked) return false;
  for (let i = 0; i < quote.length; i += 1) {
    const expected = quote.charCodeAt(i);
    const actual = text.charCodeAt(start + i);
    if (expected !== actual && (expected !== SPACE || actual === LINE_FEED || actual === CARRIAGE_RETURN)) return false;
  }
  return true;
}

const SPACE = 0x20;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
