import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { grown } from './grow.ts';
import type { IndexLanguage, Language } from './types.ts';

/**
 * Elided articles and pronouns (`l'homme`, `qu’il`, `jusqu'à`). Apostrophes split words, so
 * the clitic comes out as a word of its own, which French analysis drops like a stop-word.
 */
const FRENCH_ELISIONS = ['l', 'd', 'qu', 'n', 's', 'j', 'm', 't', 'c', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu'];
/**
 * Function words Orama's French list lacks. Interrogatives matter most: every question has
 * one, answers rarely repeat it, and a question word left as a term would read as a subject
 * the documents never mention. Its subject pronouns lack *elles* (an inverted question's
 * *portent-elles* is one verb, as *portent-ils* is).
 */
const FRENCH_EXTRA_STOPWORDS = [
  'a',
  'elles',
  'où',
  'quand',
  'comment',
  'pourquoi',
  'combien',
  'lequel',
  'laquelle',
  'lesquels',
  'lesquelles',
  'quoi',
  'ça',
  'cela',
  'ceci',
  'celui',
  'celle',
  'ceux',
  'celles',
  'dont',
  'comme',
  'alors',
  'aussi',
  'très',
  'tout',
  'tous',
  'toute',
  'toutes',
  'peut',
  'peuvent',
  'faut',
  'doit',
  'doivent',
  'y',
  'ci',
  'là',
];
const ENGLISH_EXTRA_STOPWORDS = ['a', 'whose', 'also'];
/**
 * The pieces English contractions leave once apostrophes split words (`doesn't` → `doesn` + `t`, `it's` → `it` +
 * `s`), taken from the stop-words written with an apostrophe: every clitic ending (`t`, `s`, `re`, `ve`, `ll`, `d`,
 * `m`) and the stem a negation leaves (`doesn`, `isn`, `don`). Left as terms, they would match every passage holding
 * any contraction.
 */
const ENGLISH_CONTRACTION_PIECES = englishStopwords.flatMap((word) => {
  const [head, tail] = word.split(/['’]/u);
  if (head === undefined || tail === undefined) return [];
  return tail === 't' ? [head, tail] : [tail];
});
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const DIGIT = /\p{N}/u;
const COMBINING_MARK = /\p{M}/gu;
const ASCII_ONLY = /^\p{ASCII}*$/u;

/** The one accent folder: removes diacritics (`sécurité` → `securite`), for analysis and lenient matching alike. */
export function foldAccents(text: string): string {
  // Plain ASCII has nothing to fold, and the test costs a fraction of a normalisation.
  if (ASCII_ONLY.test(text)) return text;
  return text.normalize('NFD').replace(COMBINING_MARK, '');
}

/**
 * One lower-case word's stems in `language` as the index computes them: the stem with accents folded, and the stem
 * of the folded spelling when that differs (`téléchargé` → `telecharg`, typed `telecharge` → `telecharg`).
 */
export function stemsOf(word: string, language: Language): readonly string[] {
  return stemVariants(word, STEMMERS[language]);
}

function stopwordSet(words: readonly string[]): ReadonlySet<string> {
  // Folded spellings too, so that a question typed without accents (`ete`) loses the same words.
  return new Set(words.flatMap((word) => [word, foldAccents(word)]));
}

const STOPWORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  fr: stopwordSet([...frenchStopwords, ...FRENCH_ELISIONS, ...FRENCH_EXTRA_STOPWORDS]),
  en: stopwordSet([...englishStopwords, ...ENGLISH_EXTRA_STOPWORDS, ...ENGLISH_CONTRACTION_PIECES]),
};
const STEMMERS: Readonly<Record<Language, (word: string) => string>> = {
  fr: stemFrench,
  en: stemEnglish,
};

/** Below this many stop-words, `auto` does not trust its guess and analyses in both languages. */
const MIN_STOPWORDS_FOR_DETECTION = 2;
/** The winning language needs at least this many times the other's stop-words. */
const DETECTION_RATIO = 1.5;

/** The language sets an analysis can use: one language, or both when `auto` cannot tell. */
const LANGUAGE_SETS: ReadonlyArray<readonly Language[]> = [['fr'], ['en'], ['fr', 'en']];
const LANGUAGE_SET_OF: Readonly<Record<Language, number>> = { fr: 0, en: 1 };
const BOTH_LANGUAGES = 2;
const FRENCH_STOPWORD = 1;
const ENGLISH_STOPWORD = 2;
/** In {@link Analyzer}'s per-word analysis slots: not analysed yet, and a stop-word (else the key + 1). */
const NOT_ANALYSED = 0;
const DROPPED = -1;
const INITIAL_WORDS = 1024;

/**
 * The index's text analysis, shared by indexing and querying.
 *
 * Each word gives one term: stemmed, then accent-folded, so `rencontrée` and `rencontre`
 * meet (`rencontr`). Stemming needs the accents (`sécurité` → `sécur`), but a question typed
 * without them stems differently (`securite` → `securit`); so an accented word whose folded
 * spelling stems to something else also gives that second term, and the two spellings meet
 * whichever way either side was typed. {@link Analyzer.words} keeps the variants of one word
 * together so that ranking can count a word once.
 *
 * Indexing analyses millions of words but only tens of thousands of distinct ones, so each
 * distinct word is analysed once and found again straight from the text: one pass over the
 * characters hashes each word as it goes and probes a table of typed arrays, with no
 * substring, no string hashing and no object per occurrence (splitting into substrings and
 * looking each up in a Map cost three times the stemming of the distinct words). Each
 * distinct analysis gets a small number, its key ({@link Analyzer.wordKeys}), which the
 * full-text builder uses as an array index.
 */
export class Analyzer {
  readonly language: IndexLanguage;
  /** Open addressing over the distinct words: 30-bit hash and word number + 1 (0 = empty slot) per slot. */
  private slotHashes = new Int32Array(INITIAL_WORDS * 2);
  private slotWords = new Int32Array(INITIAL_WORDS * 2);
  /** Distinct lower-case words met so far, by word number. */
  private readonly spellings: string[] = [];
  /**
   * The same words' UTF-16 units end to end, word n at `[spellingEnds[n], spellingEnds[n + 1])`:
   * checking a hash match against one typed array costs half what comparing with the string does.
   */
  private spellingUnits = new Uint16Array(INITIAL_WORDS * 8);
  private spellingEnds = new Int32Array(INITIAL_WORDS + 1);
  /** Per word number: FRENCH_STOPWORD | ENGLISH_STOPWORD as spelled in the text, which is what detection counts. */
  private stopwordFlags = new Uint8Array(INITIAL_WORDS);
  /** Per language set (index into LANGUAGE_SETS), per word number: NOT_ANALYSED, DROPPED or key + 1. */
  private analysisSlots = LANGUAGE_SETS.map(() => new Int32Array(INITIAL_WORDS));
  /** Terms by key: one entry per distinct (word, language set) that is not a stop-word. */
  private readonly analyses: Array<readonly string[]> = [];
  /** Word numbers of the text being scanned. */
  private scratch = new Int32Array(256);

  constructor(language: IndexLanguage) {
    this.language = language;
  }

  /** The terms of `text`, in order, variants of a word next to each other. */
  terms(text: string): string[] {
    return this.words(text).flat();
  }

  /** The terms of `text` grouped by source word (one or two spellings each); the same array for the same word. */
  words(text: string): Array<readonly string[]> {
    return Array.from(this.wordKeys(text), (key) => this.termsOf(key));
  }

  /**
   * The words of `text` that are not stop-words, in order, as keys: the same key for the same
   * word whenever this analyser sees it, and {@link Analyzer.termsOf} gives its terms. Keys
   * are small and dense (0, 1, 2 … in order of first appearance), fit for array indexes.
   */
  wordKeys(text: string): Int32Array {
    const count = this.scan(text.toLowerCase());
    const numbers = this.scratch;
    const languageSet = this.language === 'auto' ? this.detectedLanguageSet(count) : LANGUAGE_SET_OF[this.language];
    const slots = this.analysisSlots[languageSet]!;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const word = numbers[i]!;
      let slot = slots[word]!;
      if (slot === NOT_ANALYSED) {
        const terms = analyseWord(this.spellings[word]!, LANGUAGE_SETS[languageSet]!);
        slot = terms === null ? DROPPED : this.analyses.push(terms);
        slots[word] = slot;
      }
      if (slot !== DROPPED) numbers[kept++] = slot - 1;
    }
    return numbers.slice(0, kept);
  }

  /** The terms of a key from {@link Analyzer.wordKeys}. */
  termsOf(key: number): readonly string[] {
    return this.analyses[key]!;
  }

  /** Guesses the language of `text` from its stop-words (see {@link detectLanguage}). */
  detectLanguage(text: string, minimumStopwords = MIN_STOPWORDS_FOR_DETECTION): Language | null {
    const count = this.scan(text.toLowerCase());
    const set = this.detectedLanguageSet(count, minimumStopwords);
    return set === BOTH_LANGUAGES ? null : LANGUAGE_SETS[set]![0]!;
  }

  /** The language set `auto` analyses the scanned words in: the detected language, or both. */
  private detectedLanguageSet(count: number, minimumStopwords = MIN_STOPWORDS_FOR_DETECTION): number {
    let french = 0;
    let english = 0;
    for (let i = 0; i < count; i++) {
      const flags = this.stopwordFlags[this.scratch[i]!]!;
      if (flags & FRENCH_STOPWORD) french++;
      if (flags & ENGLISH_STOPWORD) english++;
    }
    if (Math.max(french, english) < minimumStopwords) return BOTH_LANGUAGES;
    if (french >= english * DETECTION_RATIO) return LANGUAGE_SET_OF.fr;
    if (english >= french * DETECTION_RATIO) return LANGUAGE_SET_OF.en;
    return BOTH_LANGUAGES;
  }

  /**
   * Writes into `scratch` the word number of each word of `lowered`, in order, and returns
   * their count. Words are maximal runs of letters, digits and combining marks (a word in
   * decomposed form stays whole), exactly as `split(/[^\p{L}\p{N}\p{M}]+/u)` cuts them (by
   * code point, so a lone surrogate separates). Characters beyond ASCII are classified once
   * each; a word's FNV-1a hash over its UTF-16 units is computed while scanning it.
   */
  private scan(lowered: string): number {
    const length = lowered.length;
    if (this.scratch.length < length) this.scratch = new Int32Array(length);
    const numbers = this.scratch;
    let count = 0;
    let index = 0;
    while (index < length) {
      let code = lowered.charCodeAt(index);
      let width = code < 0x80 ? (isAsciiWordChar(code) ? 1 : 0) : wordCharWidth(lowered, index);
      if (width === 0) {
        index++;
        continue;
      }
      const start = index;
      let hash = FNV_OFFSET;
      // The loop hashes `code` and moves past it; a surrogate pair hashes its high unit first.
      for (;;) {
        if (width === 2) {
          hash = Math.imul(hash ^ code, FNV_PRIME);
          code = lowered.charCodeAt(++index);
        }
        hash = Math.imul(hash ^ code, FNV_PRIME);
        if (++index >= length) break;
        code = lowered.charCodeAt(index);
        width = code < 0x80 ? (isAsciiWordChar(code) ? 1 : 0) : wordCharWidth(lowered, index);
        if (width === 0) break;
      }
      numbers[count++] = this.wordNumber(lowered, start, index, hash & SMALL_INTEGER);
    }
    return count;
  }

  /** The number of the word `text.slice(start, end)`, whose hash is `hash`; numbered on first sight. */
  private wordNumber(text: string, start: number, end: number, hash: number): number {
    const mask = this.slotWords.length - 1;
    let slot = hash & mask;
    for (let taken = this.slotWords[slot]!; taken !== 0; taken = this.slotWords[slot]!) {
      if (this.slotHashes[slot] === hash && this.isSpelling(taken - 1, text, start, end)) return taken - 1;
      slot = (slot + 1) & mask;
    }
    const word = this.spellings.length;
    const spelling = text.slice(start, end);
    this.spellings.push(spelling);
    this.slotHashes[slot] = hash;
    this.slotWords[slot] = word + 1;
    if (word === this.stopwordFlags.length) this.growWords();
    this.stopwordFlags[word] =
      (STOPWORDS.fr.has(spelling) ? FRENCH_STOPWORD : 0) | (STOPWORDS.en.has(spelling) ? ENGLISH_STOPWORD : 0);
    let unit = this.spellingEnds[word]!;
    if (unit + spelling.length > this.spellingUnits.length) {
      this.spellingUnits = grown(this.spellingUnits, this.spellingUnits.length * 2 + spelling.length);
    }
    for (let i = 0; i < spelling.length; i++) this.spellingUnits[unit++] = spelling.charCodeAt(i);
    this.spellingEnds[word + 1] = unit;
    return word;
  }

  /** Whether word number `word` is spelled `text.slice(start, end)`. */
  private isSpelling(word: number, text: string, start: number, end: number): boolean {
    const from = this.spellingEnds[word]!;
    if (this.spellingEnds[word + 1]! - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.spellingUnits[from + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  /** Doubles the per-word arrays and the table (kept at most half full, so probes stay short). */
  private growWords(): void {
    const capacity = this.stopwordFlags.length * 2;
    this.stopwordFlags = grown(this.stopwordFlags, capacity);
    this.spellingEnds = grown(this.spellingEnds, capacity + 1);
    this.analysisSlots = this.analysisSlots.map((slots) => grown(slots, capacity));
    const oldHashes = this.slotHashes;
    const oldWords = this.slotWords;
    this.slotHashes = new Int32Array(capacity * 2);
    this.slotWords = new Int32Array(capacity * 2);
    const mask = capacity * 2 - 1;
    for (let old = 0; old < oldWords.length; old++) {
      if (oldWords[old] === 0) continue;
      let slot = oldHashes[old]! & mask;
      while (this.slotWords[slot] !== 0) slot = (slot + 1) & mask;
      this.slotHashes[slot] = oldHashes[old]!;
      this.slotWords[slot] = oldWords[old]!;
    }
  }
}

/** The terms of one lower-case word (the union over `languages`), or null for a stop-word of any of them. */
function analyseWord(spelling: string, languages: readonly Language[]): readonly string[] | null {
  const word = ASCII_ONLY.test(spelling) ? spelling : spelling.normalize('NFC');
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

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/**
 * Hashes are cut to 30 bits so that V8 keeps them as small integers (a larger one is a heap number, allocated per
 * word).
 */
const SMALL_INTEGER = 0x3fffffff;
/** Per BMP code unit above ASCII: 0 not classified yet, 1 word character, 2 separator (filled on first sight). */
const BMP_WORD_CLASS = new Uint8Array(0x10000);

/** UTF-16 units of the word character at `index` (2 for a surrogate pair), or 0 for a separator. */
function wordCharWidth(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0x80) return isAsciiWordChar(code) ? 1 : 0;
  if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
    return WORD_CHAR.test(text.slice(index, index + 2)) ? 2 : 0;
  }
  let wordClass = BMP_WORD_CLASS[code]!;
  if (wordClass === 0) {
    wordClass = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    BMP_WORD_CLASS[code] = wordClass;
  }
  return wordClass === 1 ? 1 : 0;
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The one language detector: guesses the language of `text` from its stop-words; null when
 * fewer than `minimumStopwords` of them (2 by default, the bar indexing uses) or neither
 * language clearly wins (short or mixed text).
 */
export function detectLanguage(text: string, minimumStopwords = MIN_STOPWORDS_FOR_DETECTION): Language | null {
  return new Analyzer('auto').detectLanguage(text, minimumStopwords);
}
