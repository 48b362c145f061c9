import { describe, expect, it } from 'vitest';
import { createLexicon } from '../../src/answer/lexicon.ts';

describe('createLexicon', () => {
  const lexicon = createLexicon([
    { language: 'fr', words: ['télécharger', 'changer', 'installer', 'Nvidia', 'dossier'] },
    { language: 'en', words: ['threaded', 'folder', 'Moroccan'] },
  ]);

  it.each([
    ['télécharge', true],
    ['telecharge', true],
    ['changé', true],
    ['Dossiers', true],
    ['folders', true],
    ['retélécharge', true],
    ['multithreaded', true],
  ] as const)(
    'GIVEN %s, an inflection, prefix or accent-less spelling of a listed word THEN it is a word',
    (word, expected) => {
      expect(lexicon.isWord(word)).toBe(expected);
    },
  );

  it.each([['gitlab'], ['nvidia'], ['moroccan'], ['ufw'], ['re'], ['instaler']])(
    'GIVEN %s, no listed word, a name listed only with a capital or a typo THEN it is not a word',
    (word) => {
      expect(lexicon.isWord(word)).toBe(false);
    },
  );
});
