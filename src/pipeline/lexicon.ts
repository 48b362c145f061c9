import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createLexicon, type Lexicon, type LexiconSource } from '../answer/lexicon.ts';

let loading: Promise<Lexicon> | undefined;

/**
 * The French and English lexicon, read once per process from the word-list packages (≈ 2 s of one core; ≈ 14 MB
 * of heap kept, though the process's RSS grows by 50–100 MB while it is built, memory V8 keeps for later
 * allocations): the Hunspell dictionaries `dictionary-fr` and `dictionary-en` give today's lemmas (*télécharger*,
 * *wifi*) and whether a word is a name (listed capitalised), `an-array-of-french-words` and
 * `an-array-of-english-words` the inflected forms a stemmer does not bring back to their lemma (*peux*, *éteins*).
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
  // Read, not required: require() would keep the 600,000 parsed words in its cache for the life of the process. One
  // list at a time, as the lexicon takes them in, so that only one is ever parsed in memory.
  const { resolve } = createRequire(import.meta.url);
  const sources: LexiconSource[] = [
    { language: 'fr', words: hunspellWords(french.dic) },
    { language: 'en', words: hunspellWords(english.dic) },
    { language: 'fr', words: wordList(resolve('an-array-of-french-words')) },
    { language: 'en', words: wordList(resolve('an-array-of-english-words')) },
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

/** The words of a JSON word-list file, read when the lexicon comes to it. */
function* wordList(path: string): Generator<string> {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  // A package's own data, but read from disk like any input: a damaged install says what is wrong.
  if (!Array.isArray(value)) throw new TypeError(`${path} does not hold an array of words`);
  for (const word of value) if (typeof word === 'string') yield word;
}
