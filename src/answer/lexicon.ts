import { foldAccents, stemsOf } from '../index/tokenizer.ts';
import type { Language } from '../index/types.ts';

/**
 * The common words of the bot's two languages. A question word that no passage holds is either a word the documents
 * happen not to use (a paraphrase: *folder* for *directory*) or the name of something they do not cover (*gitlab*,
 * *flatpak*, *ufw*); only the second makes the question unanswerable, and a dictionary tells them apart.
 */
export interface Lexicon {
  /**
   * Whether `word` is a word of French or English in any inflection (`changent`, `peux`, `éteins`), with or without
   * its accents, or with a common prefix (`retélécharge`). Names are not words, even where a dictionary lists them
   * capitalised (*Nvidia*). A typo is not a word either: dictionaries hold so many rare words that one edit away from
   * a name there often is one (*wireguard*, *fireguard*); the answer layer looks for typos among the documents' words.
   */
  isWord(word: string): boolean;
}

/** A list of one language's words: lemmas or inflected forms; capitalised entries (proper names) are left out. */
export interface LexiconSource {
  readonly language: Language;
  readonly words: Iterable<string>;
}

/**
 * Productive prefixes of both languages: a word they open is a word when the rest is (`re` + `télécharge`,
 * `multi` + `threaded`), although no dictionary lists every such compound. Folded and lower case.
 */
const PREFIXES = ['re', 'de', 'pre', 'un', 'in', 'non', 'sur', 'sub', 'auto', 'multi'];
/** What is left after a prefix must be a word of its own, not a syllable. */
const MIN_REST_LENGTH = 3;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LANGUAGES: readonly Language[] = ['fr', 'en'];

/**
 * Builds a {@link Lexicon} from word lists. Words are kept as the index stems them, so that one entry covers every
 * inflection the stemmer conflates and a list of lemmas serves as well as a list of forms.
 */
export function createLexicon(sources: readonly LexiconSource[]): Lexicon {
  const stems = new Set<string>();
  for (const { language, words } of sources) {
    for (const word of words) {
      if (word === '' || word !== word.toLowerCase()) continue;
      for (const stem of stemsOf(word, language)) stems.add(stem);
    }
  }
  const known = (word: string) => LANGUAGES.some((language) => stemsOf(word, language).some((stem) => stems.has(stem)));
  const prefixed = (folded: string) =>
    PREFIXES.some(
      (prefix) =>
        folded.length - prefix.length >= MIN_REST_LENGTH &&
        folded.startsWith(prefix) &&
        known(folded.slice(prefix.length)),
    );
  return {
    isWord(word) {
      const lower = word.toLowerCase();
      if (known(lower)) return true;
      return prefixed(foldAccents(lower));
    },
  };
}

/** The spellings one deletion, insertion or substitution of a letter (a–z) away from `word`. */
export function oneEditAway(word: string): string[] {
  const edits: string[] = [];
  for (let i = 0; i <= word.length; i += 1) {
    const head = word.slice(0, i);
    if (i < word.length) edits.push(head + word.slice(i + 1));
    for (const letter of LETTERS) {
      edits.push(head + letter + word.slice(i));
      if (i < word.length && letter !== word[i]) edits.push(head + letter + word.slice(i + 1));
    }
  }
  return edits;
}
