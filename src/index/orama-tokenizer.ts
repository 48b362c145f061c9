import type { Tokenizer } from '@orama/orama';
import { Analyzer } from './tokenizer.ts';
import type { IndexLanguage } from './types.ts';

/** Orama's tokenizer component over the project's {@link Analyzer}: stop-words dropped, stemmed, accent-folded. */
export interface PassageTokenizer extends Tokenizer {
  /** The analyser itself: the postings index reads word groups and keys from it, not flat tokens. */
  readonly analyzer: Analyzer;
}

/** The tokenizer every passage database (and the stock-Orama comparison) is created with. */
export function createPassageTokenizer(language: IndexLanguage): PassageTokenizer {
  const analyzer = new Analyzer(language);
  return {
    analyzer,
    language,
    normalizationCache: new Map(),
    tokenize: (raw: string) => analyzer.terms(raw),
  };
}

/** The {@link Analyzer} behind `tokenizer`; throws for a tokenizer that is not a {@link PassageTokenizer}. */
export function analyzerOf(tokenizer: Tokenizer): Analyzer {
  const analyzer = (tokenizer as Partial<PassageTokenizer>).analyzer;
  if (!(analyzer instanceof Analyzer))
    throw new Error('the postings index needs the tokenizer of createPassageTokenizer');
  return analyzer;
}
