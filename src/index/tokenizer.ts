import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import type { IndexLanguage } from './types.ts';

/** A language the analyser knows how to stem. */
export type AnalysisLanguage = 'fr' | 'en';

/**
 * Elided articles and pronouns (`l'homme`, `qu’il`, `jusqu'à`). Apostrophes split words, so
 * the clitic comes out as a word of its own, which French analysis drops like a stop-word.
 */
const FRENCH_ELISIONS = ['l', 'd', 'qu', 'n', 's', 'j', 'm', 't', 'c', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu'];
/**
 * Function words Orama's French list lacks. Interrogatives matter most: every question has
 * one, answers rarely repeat it, and a question word left as a term would read as a subject
 * the documents never mention.
 */
const FRENCH_EXTRA_STOPWORDS = [
  'où', 'quand', 'comment', 'pourquoi', 'combien', 'lequel', 'laquelle', 'lesquels', 'lesquelles', 'quoi',
  'ça', 'cela', 'ceci', 'celui', 'celle', 'ceux', 'celles', 'dont', 'comme', 'alors', 'aussi', 'très',
  'tout', 'tous', 'toute', 'toutes', 'peut', 'peuvent', 'faut', 'doit', 'doivent', 'y', 'ci', 'là',
];
const ENGLISH_EXTRA_STOPWORDS = ['whose', 'also'];
const NON_WORD = /[^\p{L}\p{N}\p{M}]+/u;
const DIGIT = /\p{N}/u;
const COMBINING_MARK = /\p{M}/gu;

/** Removes diacritics: `sécurité` → `securite`. */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARK, '');
}

function stopwordSet(words: readonly string[]): ReadonlySet<string> {
  // Folded spellings too, so that a question typed without accents (`ete`) loses the same words.
  return new Set(words.flatMap((word) => [word, foldAccents(word)]));
}

const STOPWORDS: Readonly<Record<AnalysisLanguage, ReadonlySet<string>>> = {
  fr: stopwordSet([...frenchStopwords, ...FRENCH_ELISIONS, ...FRENCH_EXTRA_STOPWORDS]),
  en: stopwordSet([...englishStopwords, ...ENGLISH_EXTRA_STOPWORDS]),
};
const STEMMERS: Readonly<Record<AnalysisLanguage, (word: string) => string>> = {
  fr: stemFrench,
  en: stemEnglish,
};

/** Below this many stop-words, `auto` does not trust its guess and analyses in both languages. */
const MIN_STOPWORDS_FOR_DETECTION = 2;
/** The winning language needs at least this many times the other's stop-words. */
const DETECTION_RATIO = 1.5;

/**
 * The index's text analysis, shared by indexing and querying.
 *
 * Each word gives one term: stemmed, then accent-folded, so `rencontrée` and `rencontre`
 * meet (`rencontr`). Stemming needs the accents (`sécurité` → `sécur`), but a question typed
 * without them stems differently (`securite` → `securit`); so an accented word whose folded
 * spelling stems to something else also gives that second term, and the two spellings meet
 * whichever way either side was typed. {@link Analyzer.words} keeps the variants of one word
 * together so that ranking can count a word once.
 */
export class Analyzer {
  readonly language: IndexLanguage;
  /** Per language set (`fr`, `en`, `fr+en`): word → its terms, or null for a stop-word. */
  private readonly cache = new Map<string, Map<string, readonly string[] | null>>();

  constructor(language: IndexLanguage) {
    this.language = language;
  }

  /** The terms of `text`, in order, variants of a word next to each other. */
  terms(text: string): string[] {
    return this.words(text).flat();
  }

  /** The terms of `text` grouped by source word (one or two spellings each). */
  words(text: string): Array<readonly string[]> {
    const words = splitWords(text);
    if (this.language !== 'auto') return this.analyse(words, [this.language]);
    const detected = detectFromWords(words);
    return this.analyse(words, detected === null ? ['fr', 'en'] : [detected]);
  }

  private analyse(words: readonly string[], languages: readonly AnalysisLanguage[]): Array<readonly string[]> {
    const key = languages.join('+');
    let cache = this.cache.get(key);
    if (cache === undefined) {
      cache = new Map();
      this.cache.set(key, cache);
    }
    const result: Array<readonly string[]> = [];
    for (const word of words) {
      let terms = cache.get(word);
      if (terms === undefined) {
        terms = analyseWord(word, languages);
        cache.set(word, terms);
      }
      if (terms !== null) result.push(terms);
    }
    return result;
  }
}

/** The terms of one lower-case word (the union over `languages`), or null for a stop-word of any of them. */
function analyseWord(spelling: string, languages: readonly AnalysisLanguage[]): readonly string[] | null {
  const word = spelling.normalize('NFC');
  if (languages.some((language) => STOPWORDS[language].has(word))) return null;
  if (languages.length === 1) return stemVariants(word, STEMMERS[languages[0]!]);
  return [...new Set(languages.flatMap((language) => stemVariants(word, STEMMERS[language])))];
}

function stemVariants(word: string, stem: (word: string) => string): readonly string[] {
  if (DIGIT.test(word)) return [word];
  const folded = foldAccents(word);
  const primary = foldAccents(stem(word));
  if (folded === word) return [primary];
  const unaccented = stem(folded);
  return unaccented === primary ? [primary] : [primary, unaccented];
}

/** Lower-case words of `text`: runs of letters, digits and combining marks (a word in decomposed form stays whole). */
function splitWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(NON_WORD)
    .filter((word) => word !== '');
}

/**
 * Guesses the language of `text` from its stop-words; null when there are too few of them or
 * neither language clearly wins (short questions, mixed text).
 */
export function detectLanguage(text: string): AnalysisLanguage | null {
  return detectFromWords(splitWords(text));
}

function detectFromWords(words: readonly string[]): AnalysisLanguage | null {
  let french = 0;
  let english = 0;
  for (const word of words) {
    if (STOPWORDS.fr.has(word)) french++;
    if (STOPWORDS.en.has(word)) english++;
  }
  if (Math.max(french, english) < MIN_STOPWORDS_FOR_DETECTION) return null;
  if (french >= english * DETECTION_RATIO) return 'fr';
  if (english >= french * DETECTION_RATIO) return 'en';
  return null;
}
