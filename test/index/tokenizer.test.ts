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
    expect(stem('policières')).toBe(stem('policière'));
  });

  it('GIVEN an accented word whose folded spelling stems differently THEN both stems, grouped as one word', () => {
    expect(french.words('sécurité')).toEqual([['secur', 'securit']]);
    expect(french.words('securite')).toEqual([['securit']]);
  });

  it('GIVEN elided articles and pronouns (straight and curly apostrophes) THEN the clitic is dropped', () => {
    expect(french.terms("l'accord d’application qu'il jusqu'à lorsqu’elle")).toEqual(
      french.terms('accord application il à elle'),
    );
    expect(french.terms("l'accord")).toEqual(['accord']);
  });

  it('GIVEN a word with and without its accents THEN both spellings meet', () => {
    const accented = french.terms('sécurité');
    const plain = french.terms('securite');
    expect(plain.every((term) => accented.includes(term))).toBe(true);
    expect(french.terms('Coopération')).toEqual(french.terms('cooperation'));
  });

  it('GIVEN French stop-words THEN they are dropped, accents or not', () => {
    expect(french.terms('le la les de des et été ete')).toEqual([]);
  });

  it('GIVEN numbers THEN they are kept as written', () => {
    expect(french.terms('En 2024, 12 accords')).toEqual(['2024', '12', 'accord']);
  });

  it('GIVEN English text THEN English stop-words go and words are stemmed', () => {
    expect(english.terms('The officers were running the investigations')).toEqual(['offic', 'run', 'investig']);
  });

  it('GIVEN upper case and punctuation THEN terms are lower case and split on non-letters', () => {
    expect(french.terms('MAROC–FRANCE: (sécurité)')).toEqual(french.terms('maroc france sécurité'));
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
    expect(auto.terms(text)).toEqual(new Analyzer('fr').terms(text));
  });

  it('GIVEN a confident English text THEN the English analysis only', () => {
    const text = 'The officers met the judges of the city.';
    expect(auto.terms(text)).toEqual(new Analyzer('en').terms(text));
  });

  it('GIVEN a short text of unknown language THEN the union of both analyses', () => {
    const terms = auto.terms('investigations policières');
    for (const term of [
      ...new Analyzer('fr').terms('investigations policières'),
      ...new Analyzer('en').terms('investigations policières'),
    ]) {
      expect(terms).toContain(term);
    }
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('GIVEN a short text of unknown language THEN stop-words of either language are dropped', () => {
    expect(auto.terms('the les sécurité')).toEqual(auto.terms('sécurité'));
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
    expect(Array.from(first, (key) => french.termsOf(key))).toEqual(
      new Analyzer('fr').words('La coopération policière'),
    );
  });

  it('GIVEN surrogate pairs, lone surrogates, upper-case accents and decomposed forms THEN the words of the regular-expression split', () => {
    const text = 'Ab\uD800cd 𝐀lpha😀beta ÉTÉ İstanbul ΣΊΣΥΦΟΣ e\u0301te\u0301 x\uDC00y ２０２４ n°5';
    const reference = text
      .toLowerCase()
      .split(/[^\p{L}\p{N}\p{M}]+/u)
      .filter((word) => word !== '');
    const english = new Analyzer('en');
    expect(english.terms(text)).toEqual(reference.flatMap((word) => new Analyzer('en').terms(word)));
  });

  it('GIVEN thousands of distinct words THEN each keeps its own terms as the table grows', () => {
    const words = Array.from({ length: 5000 }, (_, index) => `mot${index.toString(36)}x`);
    const french = new Analyzer('fr');
    const keys = french.wordKeys(words.join(' '));
    expect(new Set(keys).size).toBe(words.length);
    expect(Array.from(keys, (key) => french.termsOf(key))).toEqual(
      words.map((word) => new Analyzer('fr').words(word)[0]),
    );
  });
});
