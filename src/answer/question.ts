import { CitebotError } from '../errors.ts';
import { detectLanguage } from '../index/tokenizer.ts';
import type { Language } from '../index/types.ts';

/** Longest question accepted: longer text is a pasted document, not a question, and would dilute retrieval. */
export const MAX_QUESTION_LENGTH = 1_000;

/**
 * Normalises a question (trimmed, inner white space folded) or throws
 * `QUESTION_EMPTY` / `QUESTION_TOO_LONG` with the numbers the user needs.
 */
export function validateQuestion(question: string): string {
  const normalised = question.replace(/\s+/gu, ' ').trim();
  if (normalised === '') throw new CitebotError('QUESTION_EMPTY', 'type a question about the documents');
  if (normalised.length > MAX_QUESTION_LENGTH) {
    throw new CitebotError(
      'QUESTION_TOO_LONG',
      `${normalised.length.toLocaleString('en')} characters; the limit is ${MAX_QUESTION_LENGTH.toLocaleString('en')}. Ask about one thing at a time`,
    );
  }
  return normalised;
}

/**
 * The language to answer `question` in: what its stop-words say (one is enough, questions are
 * short), French when they do not tell.
 */
export function questionLanguage(question: string): Language {
  return detectLanguage(question, 1) ?? 'fr';
}
