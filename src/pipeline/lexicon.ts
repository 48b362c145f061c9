import { createRequire } from 'node:module';
import { createLexicon, type Lexicon, type LexiconSource } from '../answer/lexicon.ts';

let loading: Promise<Lexicon> | undefined;

/**
 * The French and English lexicon, read once per process from the word-list packages (≈ 1.5 s, ≈ 14 MB): the
 * Hunspell dictionaries `dictionary-fr` and `dictionary-en` give today's lemmas (*télécharger*, *wifi*) and whether a
 * word is a name (listed capitalised), `an-array-of-french-words` and `an-array-of-english-words` the inflected forms
 * a stemmer does not bring back to their lemma (*peux*, *éteins*).
 */
export function loadLexicon(): Promise<Lexicon> {
  loading ??= readLexicon();
  return loading;
}

async function readLexicon(): Promise<Lexicon> {
  const [{ default: french }, { default: english }] = await Promise.all([
    import('dictionary-fr'),
    import('dictionary-en'),
  ]);
  const require = createRequire(import.meta.url);
  const sources: LexiconSource[] = [
    { language: 'fr', words: hunspellWords(french.dic) },
    { language: 'en', words: hunspellWords(english.dic) },
    { language: 'fr', words: wordList(require('an-array-of-french-words')) },
    { language: 'en', words: wordList(require('an-array-of-english-words')) },
  ];
  return createLexicon(sources);
}

/** The words of a Hunspell `.dic` file: one entry a line after the count, `word/FLAGS` and morphological fields. */
function* hunspellWords(dic: Uint8Array): Generator<string> {
  const lines = new TextDecoder().decode(dic).split('\n');
  for (let i = 1; i < lines.length; i += 1) {
    const word = /^[^/\s]+/u.exec(lines[i] ?? '')?.[0];
    if (word !== undefined) yield word;
  }
}

function wordList(value: unknown): string[] {
  if (!Array.isArray(value)) throw new TypeError('a word-list package did not hold an array of words');
  return value.filter((word): word is string => typeof word === 'string');
}
