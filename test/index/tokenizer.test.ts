import { describe, expect, it } from 'vitest';
import { Analyzer, detectLanguage, foldAccents } from '../../src/index/tokenizer.ts';

describe('Analyzer.terms', () => {
  const french = new Analyzer('fr');
  const english = new Analyzer('en');

  it('GIVEN inflected French words THEN they share a stem', () => {
    const stem = (word: string) => french.words(word)[0]?.[0];
    expect(stem('rencontrés')).toBe('rencontr');
    expect(stem('rencontrée')).toBe('rencontr');
    expect(stem('rencontrer')).toBe('rencontr');
    expect(stem('policières')).toBe('polici');
    expect(stem('policière')).toBe('polici');
  });

  it('GIVEN an accented word whose folded spelling stems differently THEN both stems, grouped as one word', () => {
    expect(french.words('sécurité')).toEqual([['secur', 'securit']]);
    expect(french.words('securite')).toEqual([['securit']]);
  });

  it('GIVEN elided articles and pronouns (straight and curly apostrophes) THEN the clitic is dropped', () => {
    // il, à and elle are stop-words once their clitic is gone.
    expect(french.terms("l'accord d’application qu'il jusqu'à lorsqu’elle")).toEqual(['accord', 'appliqu']);
    expect(french.terms("l'accord")).toEqual(['accord']);
  });

  it('GIVEN a word with and without its accents THEN both spellings meet', () => {
    const accented = french.terms('sécurité');
    const plain = french.terms('securite');
    expect(accented).toEqual(['secur', 'securit']);
    expect(plain).toEqual(['securit']);
    expect(french.terms('Coopération')).toEqual(['cooper']);
    expect(french.terms('cooperation')).toEqual(['cooper']);
  });

  it('GIVEN French stop-words THEN they are dropped, accents or not', () => {
    expect(french.terms('le la les de des et été ete')).toEqual([]);
  });

  it('GIVEN every French subject pronoun THEN each is dropped (an inverted "portent-elles" leaves the verb)', () => {
    expect(french.terms('je tu il elle on nous vous ils elles')).toEqual([]);
    expect(french.terms('portent-elles')).toEqual(french.terms('portent'));
  });

  it('GIVEN numbers THEN they are kept as written', () => {
    expect(french.terms('En 2024, 12 accords')).toEqual(['2024', '12', 'accord']);
  });

  it('GIVEN English text THEN English stop-words go and words are stemmed', () => {
    expect(english.terms('The officers were running the investigations')).toEqual(['offic', 'run', 'investig']);
  });

  it('GIVEN English contractions (straight and curly apostrophes) THEN the pieces the apostrophe leaves are dropped', () => {
    // doesn't → doesn + t, it's → it + s, we've → we + ve: none is a word a passage is about.
    expect(english.terms("it doesn't work, it’s broken and we've tried; they aren't tracked")).toEqual([
      'work',
      'broken',
      'tri',
      'track',
    ]);
  });

  it('GIVEN a contraction piece in an unknown-language text THEN it is dropped too', () => {
    expect(new Analyzer('auto').terms("don't")).toEqual([]);
  });

  it('GIVEN upper case and punctuation THEN terms are lower case and split on non-letters', () => {
    expect(french.terms('MAROC–FRANCE: (sécurité)')).toEqual(['maroc', 'franc', 'secur', 'securit']);
  });
});

describe('detectLanguage', () => {
  it('GIVEN a French sentence THEN fr', () => {
    expect(detectLanguage('Quelle est la coopération entre le Maroc et la France ?')).toBe('fr');
  });

  it('GIVEN an English sentence THEN en', () => {
    expect(detectLanguage('What is the cooperation between Morocco and France?')).toBe('en');
  });

  it('GIVEN too few stop-words THEN null', () => {
    expect(detectLanguage('coopération sécuritaire')).toBeNull();
    expect(detectLanguage('Install the package')).toBeNull();
  });

  it('GIVEN a lower bar of one stop-word THEN a short text is told, a tie still is not', () => {
    expect(detectLanguage('Install the package', 1)).toBe('en');
    expect(detectLanguage('the chat de Paris', 1)).toBeNull();
  });
});

describe('Analyzer.terms (auto)', () => {
  const auto = new Analyzer('auto');

  it('GIVEN a confident French text THEN the French analysis only', () => {
    const text = 'Les policiers ont rencontré les magistrats de la ville.';
    expect(auto.terms(text)).toEqual(['polici', 'rencontr', 'magistrat', 'vill']);
    expect(new Analyzer('fr').terms(text)).toEqual(auto.terms(text));
  });

  it('GIVEN a confident English text THEN the English analysis only', () => {
    const text = 'The officers met the judges of the city.';
    expect(auto.terms(text)).toEqual(['offic', 'met', 'judg', 'citi']);
    expect(new Analyzer('en').terms(text)).toEqual(auto.terms(text));
  });

  it('GIVEN a short text of unknown language THEN the union of both analyses', () => {
    // French: investig, polici, policier; English: investig, policier. Each term once.
    expect(auto.terms('investigations policières')).toEqual(['investig', 'polici', 'policier']);
    expect(new Analyzer('en').terms('investigations policières')).toEqual(['investig', 'policier']);
  });

  it('GIVEN a short text of unknown language THEN stop-words of either language are dropped', () => {
    // The French stems of sécurité, then the English one.
    expect(auto.terms('the les sécurité')).toEqual(['secur', 'securit', 'securite']);
  });
});

describe('foldAccents', () => {
  it('GIVEN accented letters THEN plain letters', () => {
    expect(foldAccents('sécurité à Noël, ça')).toBe('securite a Noel, ca');
  });
});

describe('Analyzer.terms (Unicode forms)', () => {
  it('GIVEN a word in decomposed form (NFD) THEN the same terms as the composed form', () => {
    const french = new Analyzer('fr');
    expect(french.terms('sécurité'.normalize('NFD'))).toEqual(french.terms('sécurité'));
  });
});

describe('Analyzer.wordKeys', () => {
  it('GIVEN a word met in two texts THEN the same key, whose terms are those words() gives', () => {
    const french = new Analyzer('fr');
    const first = french.wordKeys('La coopération policière');
    const second = french.wordKeys('coopération');
    expect(second[0]).toBe(first[0]);
    expect(Array.from(first, (key) => french.termsOf(key))).toEqual([['cooper'], ['polici', 'policier']]);
    expect(french.words('La coopération policière')).toEqual([['cooper'], ['polici', 'policier']]);
  });

  it('GIVEN surrogate pairs, lone surrogates, upper-case accents and decomposed forms THEN the words of the regular-expression split', () => {
    const text = 'Ab\uD800cd 𝐀lpha😀beta ÉTÉ İstanbul ΣΊΣΥΦΟΣ e\u0301te\u0301 x\uDC00y ２０２４ n°5';
    const english = new Analyzer('en');
    // Lone surrogates split words; 𝐀 has no lower case; ÉTÉ and é (e + U+0301) fold to ete, which stems to et too.
    expect(english.terms(text)).toEqual([
      'ab',
      'cd',
      '𝐀lpha',
      'beta',
      'ete',
      'et',
      'istanbul',
      'σισυφος',
      'ete',
      'et',
      'x',
      'y',
      '２０２４',
      'n',
      '5',
    ]);
  });

  it('GIVEN thousands of distinct words THEN each keeps its own terms as the table grows', () => {
    const words = Array.from({ length: 5000 }, (_, index) => `mot${index.toString(36)}q`);
    const french = new Analyzer('fr');
    const keys = french.wordKeys(words.join(' '));
    expect(new Set(keys).size).toBe(words.length);
    // None of these made-up words has a suffix the French stemmer removes: each is its own only term.
    expect(Array.from(keys, (key) => french.termsOf(key))).toEqual(words.map((word) => [word]));
  });
});
